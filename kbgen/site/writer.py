"""The one place that writes pages to disk.

Generators return `Page` values; this writes them into the staging docs directory
atomically, leaves files whose bytes did not change alone (so MkDocs' own change
detection and editors' file watchers stay quiet), removes pages that are no longer
generated, and refuses any path that would land outside the directory.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kbgen.errors import KbgenError, printable
from kbgen.files import first_link, write_atomically
from kbgen.model import Page


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def _plain(root: Path, path: str) -> Path:
    """root/path, or an error if `path` is absolute or climbs out."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in path:
        raise KbgenError(f"refusing to write page '{printable(path)}': not a plain relative path")
    return root.joinpath(*pure.parts)


def safe_target(root: Path, path: str) -> Path:
    """root/path, or an error if `path` is absolute, climbs out, or goes through a link."""
    target = _plain(root, path)
    resolved_root = root.resolve()
    if not target.resolve().is_relative_to(resolved_root):
        raise KbgenError(
            f"refusing to write page '{printable(path)}': it resolves outside {root}"
        )
    return target


def _unlink_links_on_the_way(root: Path, target: Path) -> None:
    """The staging folder is kbgen's alone: a link found inside it is removed, never followed."""
    link = first_link(root, target)
    if link is not None:
        link.unlink()  # nothing below a removed link exists any more


def write_pages(pages: Sequence[Page], root: Path) -> WriteReport:
    if root.is_symlink():
        raise KbgenError(f"{root} is a symbolic link: kbgen never writes through one")
    root.mkdir(parents=True, exist_ok=True)
    keep: set[Path] = set()
    written = unchanged = 0
    for page in pages:
        _unlink_links_on_the_way(root, _plain(root, page.path))
        target = safe_target(root, page.path)
        data = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
        keep.add(target)
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
        written += 1
    return WriteReport(written, unchanged, _remove_stale(root, keep))


def _remove_stale(root: Path, keep: set[Path]) -> int:
    """Delete what is no longer generated; walks without following links (a link is
    itself stale: it is unlinked, and its target is never looked at)."""
    removed = 0
    for dirpath, dirnames, filenames in os.walk(root, topdown=False, followlinks=False):
        here = Path(dirpath)
        for name in filenames + [d for d in dirnames if (here / d).is_symlink()]:
            path = here / name
            if path not in keep or path.is_symlink():
                path.unlink()
                removed += 1
        if here != root and not any(here.iterdir()):
            here.rmdir()
    return removed
