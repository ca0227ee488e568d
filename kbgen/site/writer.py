"""The one place that writes pages to disk.

Generators return `Page` values; this writes them into the staging docs directory
atomically, leaves files whose bytes did not change alone (so MkDocs' own change
detection and editors' file watchers stay quiet), removes pages that are no longer
generated, and refuses any path that would land outside the directory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kbgen.errors import KbgenError
from kbgen.model import Page


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def safe_target(root: Path, path: str) -> Path:
    """root/path, or an error if `path` is absolute, climbs out, or goes through a link."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in path:
        raise KbgenError(f"refusing to write page '{path}': not a plain relative path")
    target = root.joinpath(*pure.parts)
    resolved_root = root.resolve()
    if not target.resolve().is_relative_to(resolved_root):
        raise KbgenError(f"refusing to write page '{path}': it resolves outside {root}")
    return target


def write_pages(pages: Sequence[Page], root: Path) -> WriteReport:
    root.mkdir(parents=True, exist_ok=True)
    keep: set[Path] = set()
    written = unchanged = 0
    for page in pages:
        target = safe_target(root, page.path)
        data = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
        keep.add(target)
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kbgen-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written += 1
    removed = 0
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return WriteReport(written, unchanged, removed)
