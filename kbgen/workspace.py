"""kbgen's own work folders: checked before a build touches them, and one build at a time.

A build deletes and replaces whole directories (`.kbgen/docs` is cleaned of stale
pages, `site/` is swapped for a fresh one). If any of them were a symbolic link, that
cleanup would walk the link's target, outside the project — and a link can arrive in
a pull request. So before anything is written, every work folder must be a real
directory inside the project or not exist yet; a link or a file in its place stops
the build with a message saying what to remove. Nothing here follows a link.

Two builds of one project at once would interleave their writes into the same
staging folder and swap a half-built site in; `build_lock` makes the second wait.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kbgen.errors import KbgenError, printable
from kbgen.project import Project

# POSIX; on Windows, which has no fcntl, builds are not locked. A platform check
# rather than try/except ImportError, so that mypy checks the code for each platform.
if sys.platform != "win32":
    import fcntl


def _rel(project: Project, path: Path) -> str:
    try:
        return printable(path.relative_to(project.root).as_posix())
    except ValueError:
        return printable(str(path))


def _kind(path: Path) -> str:
    """'missing', 'link', 'dir' or 'other', without following a link."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    return "dir" if stat.S_ISDIR(mode) else "other"


def _refuse_link(project: Project, path: Path, what: str) -> KbgenError:
    try:
        target = printable(os.readlink(path))
    except OSError:
        target = "?"
    rel = _rel(project, path)
    return KbgenError(
        f"{rel} is a symbolic link (to {target}): {what} must be a real directory inside "
        f"the project, and kbgen never reads or writes through a link. Remove the link "
        f"(rm {rel}); kbgen creates the folder itself."
    )


def check_work_folders(project: Project) -> None:
    """Refuse to build if a work folder is a link or not a directory.

    Checked: `.kbgen/` and the folders under it that a build writes, `site/`, and the
    theme's `overrides/` (MkDocs copies its files into the site, so a link there
    would publish whatever it points at, e.g. /proc/self/environ).
    """
    folders = {
        project.work: "kbgen's work folder",
        project.staging: "the staging folder",
        project.cache: "the cache folder",
        project.cache / "extract": "the cache folder",
        project.site: "the site folder",
    }
    for path, what in folders.items():
        kind = _kind(path)
        if kind == "link":
            raise _refuse_link(project, path, what)
        if kind == "other":
            rel = _rel(project, path)
            raise KbgenError(
                f"{rel} exists but is not a directory: {what} must be one. "
                f"Move it away or remove it (rm {rel}), then build again."
            )
    for link in _links_under(project.overrides):
        rel = _rel(project, link)
        raise KbgenError(
            f"{rel} is a symbolic link: MkDocs would publish what it points at. "
            f"Replace it with a copy of the file, or remove it."
        )


def _links_under(root: Path) -> Iterator[Path]:
    if _kind(root) == "link":
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath, name)
            if path.is_symlink():
                yield path


def remove(path: Path) -> None:
    """Delete `path` whatever it is — a link is unlinked, never followed."""
    kind = _kind(path)
    if kind == "dir":
        shutil.rmtree(path)  # rmtree itself never follows links inside the tree
    elif kind != "missing":
        path.unlink()


@contextmanager
def build_lock(project: Project, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold `.kbgen/build.lock` for the duration; a second build waits for the first.

    An advisory `flock` on a file opened with O_NOFOLLOW: the kernel releases it when
    the process ends, however it ends, so a killed build never leaves a stale lock.
    (Hand-written rather than a lock library because those open the lock path
    following links, with O_TRUNC, which a committed link could aim at any file.)
    """
    if sys.platform == "win32":  # pragma: no cover - not on the platforms CI runs
        yield
        return
    project.work.mkdir(parents=True, exist_ok=True)
    path = project.work / "build.lock"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse_link(project, path, "the lock file") from None
        raise
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            if on_wait:
                on_wait(
                    f"waiting for another kbgen build of this project to finish"
                    f"{f' (pid {holder})' if holder.isdigit() else ''}..."
                )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
