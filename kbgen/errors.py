"""Errors an editor can act on.

Every problem with content is a `Problem` that names the file, the line where it is
known, and what to do; a command collects all of them before failing, so one run
shows every mistake instead of the first. Nothing here formats a traceback: the CLI
prints `str(problem)` lines and exits non-zero.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import click

# C0 and C1 controls (ESC, BEL, CR, a newline inside a file name...): echoed raw they
# move the cursor, recolour or clear the editor's terminal, or forge output lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: control characters shown as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, phrased as `path:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        path = printable(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.message}"


class KbgenError(click.ClickException):
    """An expected failure: any command prints it without a traceback and exits 1.

    Rooted in click's exception, as mkdocs does, so that every command gets the same
    clean exit without a try/except of its own; shown without click's "Error:"
    prefix because a ContentError is a list of `path:line: message` lines.
    """

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        text = "\n".join(printable(line) for line in self.format_message().split("\n"))
        click.echo(text, file=file, err=file is None)


class ContentError(KbgenError):
    """Content failed validation; carries every problem found, sorted by file and line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(
            sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        )
        n = len(self.problems)
        super().__init__(
            "\n".join(str(p) for p in self.problems)
            + f"\n{n} problem{'s' if n != 1 else ''} found."
        )


_OS_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, then run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space, then run the command again",
    errno.EROFS: "the file system is read-only: build in a writable copy of the project",
    errno.EACCES: "permission denied: make it writable (or readable) for this user",
    errno.EPERM: "operation not permitted: make it writable for this user",
    errno.EBUSY: "it is in use (a mount point?): kbgen must be able to replace it",
}


def os_failure(exc: OSError, doing: str) -> KbgenError:
    """An OSError as one line naming the path and what to do, for the CLI to print."""
    # a copy names its source first and the file it could not write second
    target = exc.filename2 or exc.filename
    where = printable(str(target)) if target else ""
    advice = _OS_ADVICE.get(exc.errno or 0, exc.strerror or str(exc))
    return KbgenError(f"{doing} failed{f' at {where}' if where else ''}: {advice}")


@contextmanager
def os_errors(doing: str) -> Iterator[None]:
    """Turn an OSError (full disk, read-only folder) into a KbgenError for the CLI."""
    try:
        yield
    except OSError as exc:
        raise os_failure(exc, doing) from exc
