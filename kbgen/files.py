"""The two file-system moves every writer of kbgen makes: atomic writes, and no links.

The staging writer, `kbgen ingest` and the extraction cache all write a file that
must appear whole or not at all, and must not be written through a symbolic link.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, prefix: str = ".kbgen-") -> None:
    """Write `data` to a temp file beside `path`, then rename it over `path`.

    Readers see the old file or the new one, never half of one; whatever fails
    (a full disk, Ctrl-C) the temp file is removed.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def first_link(root: Path, path: Path) -> Path | None:
    """The first symbolic link on the way from `root` down to `path` (itself included)."""
    here = root
    for part in path.relative_to(root).parts:
        here = here / part
        if here.is_symlink():
            return here
    return None
