"""Listing a content folder without following links and without dropping anything silently.

`Path.rglob` and `is_file()` follow symbolic links and skip what they cannot read,
so an unreadable year folder gave "ok: 0 sources" and a link could pull any file
on the machine into the site (`env.txt -> /proc/self/environ`). Here every entry is
looked at with `lstat` semantics (`os.scandir`, `follow_symlinks=False`): links,
files that are not regular (a FIFO would hang the read) and folders that cannot be
listed each become a `Problem` naming the path. Names starting with "." are editor
and OS litter (`.DS_Store`, vim swap files, Emacs lock links) and are skipped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kbgen.errors import Problem

LINKED_FOLDER = "symbolic links are not followed: move the folder here instead of linking it"


def display_path(path: Path, base: Path) -> str:
    """`path` relative to `base` in POSIX form, for messages; absolute when outside."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def linked_file(noun: str) -> str:
    """The message for a symbolic link where a file of kind `noun` was expected."""
    return f"{noun} must be regular files, not symbolic links: copy the file here instead"


def check_folder(root: Path, base: Path) -> list[Problem] | None:
    """Problems with `root` itself; None when it is a readable-looking real folder.

    A missing folder is no problem (empty content); a link or a file in its place is.
    """
    display = display_path(root, base)
    try:
        mode = os.lstat(root).st_mode
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [Problem(display, None, f"cannot look at this folder: {exc.strerror}")]
    if stat.S_ISLNK(mode):
        return [Problem(display, None, LINKED_FOLDER)]
    if not stat.S_ISDIR(mode):
        return [
            Problem(
                display,
                None,
                "this must be a folder but it is a file: move the file away and "
                "create the folder",
            )
        ]
    return None


def content_files(root: Path, base: Path, noun: str) -> tuple[list[Path], list[Problem]]:
    """Every regular file under `root` (sorted by POSIX path), and every problem on the way.

    `base` is what messages are relative to (the project root); `noun` names the
    kind of file ("sources", "entity files", "pages") in the message for a linked file.
    """
    problems = check_folder(root, base)
    if problems is not None:
        return [], problems
    problems = []
    files: list[Path] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append(
                Problem(
                    display_path(folder, base),
                    None,
                    f"cannot read this folder ({exc.strerror}): its files would be "
                    "left out; fix its permissions",
                )
            )
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.name.startswith("."):
                    continue
                elif entry.is_symlink():
                    message = (
                        LINKED_FOLDER
                        if os.path.isdir(path)  # stat only: the target is never read
                        else linked_file(noun)
                    )
                    problems.append(Problem(display_path(path, base), None, message))
                elif entry.is_file(follow_symlinks=False):
                    files.append(path)
                else:
                    problems.append(
                        Problem(
                            display_path(path, base),
                            None,
                            "not a regular file (a pipe, socket or device): remove it",
                        )
                    )
            except OSError as exc:
                problems.append(
                    Problem(display_path(path, base), None, f"cannot look at it: {exc.strerror}")
                )
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    return files, problems
