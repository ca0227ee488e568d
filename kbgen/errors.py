"""Errors an editor can act on.

Every problem with content is a `Problem` that names the file, the line where it is
known, and what to do; a command collects all of them before failing, so one run
shows every mistake instead of the first. Nothing here formats a traceback: the CLI
prints `str(problem)` lines and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, phrased as `path:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class KbgenError(Exception):
    """An expected failure: the CLI prints it without a traceback and exits 1."""


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
