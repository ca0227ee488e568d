"""Hand-written pages: `content/pages/` loaded and checked like the rest of content.

The folder is published as it is (the editors' own Markdown, images, downloads), so
whatever is in it ends up on the site: a link there once published the build's
environment (`env.txt -> /proc/self/environ`) and `x.md -> /etc/hostname` became a
page. Links are therefore refused, like linked sources, by `walk.content_files`.
Markdown files are rendered by MkDocs, which stops the whole build on a file that is
not UTF-8, so check refuses those with the line of the first bad byte; other files
(images, PDFs) are copied byte for byte.
"""

from __future__ import annotations

import math
from pathlib import Path

from kbgen.content import textfile, walk
from kbgen.errors import Problem
from kbgen.limits import MAX_SOURCE_BYTES
from kbgen.model import Page

# What MkDocs renders as Markdown (mkdocs.utils.markdown_extensions).
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})


def _markdown_problems(raw: bytes, display: str) -> list[Problem]:
    if len(raw) > MAX_SOURCE_BYTES:
        size = math.ceil(len(raw) / 1_048_576 * 10) / 10
        return [
            Problem(
                display,
                None,
                f"the page is {size:.1f} MB; the limit is {MAX_SOURCE_BYTES // 1_048_576} MB: "
                "split it into several pages",
            )
        ]
    return textfile.utf8(raw, display)[1]


def load_pages(root: Path, display_root: Path) -> tuple[tuple[Page, ...], list[Problem]]:
    """Every page under `root` (path relative to it, bytes as they are) and every problem."""
    files, problems = walk.content_files(root, display_root, "pages")
    pages: list[Page] = []
    for path in files:
        display = walk.display_path(path, display_root)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            message = f"cannot read the file ({exc.strerror}): fix its permissions"
            problems.append(Problem(display, None, message))
            continue
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            errs = _markdown_problems(raw, display)
            if errs:
                problems += errs
                continue
        pages.append(Page(path.relative_to(root).as_posix(), raw))
    return tuple(pages), problems
