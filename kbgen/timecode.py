"""The one reader and writer of the `[HH:MM:SS]` / `[HH:MM]` markers in source bodies.

Ingest writes a marker at the start of each timed paragraph; the loader reads it back
once (`kbgen.paragraphs`) and everything downstream uses the parsed value. Keeping the
pattern and the formatter here means the deep links (`#t-SECONDS`), the quotes' time
labels and the ingested text cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"\[(?P<stamp>\d{1,2}:\d{2}(?::\d{2})?)\]\s?")


def format_seconds(seconds: float) -> str:
    """Whole seconds as HH:MM:SS, the form of every recording time kbgen shows."""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def clock_marker(hour: int, minute: int) -> str:
    """The marker of a live-blog entry's local time, `[HH:MM]`."""
    return f"[{hour:02d}:{minute:02d}]"


def offset_marker(seconds: float) -> str:
    """The marker of a paragraph `seconds` into a recording, `[HH:MM:SS]`."""
    return f"[{format_seconds(seconds)}]"


@dataclass(frozen=True)
class Marker:
    """A paragraph's leading time marker, as written and as numbers."""

    start: int  # offset of "[" in the body
    text: str  # the marker as written, with the one blank after it
    stamp: str  # the time between the brackets, as written ("00:01:18", "9:05")

    @property
    def parts(self) -> tuple[int, ...]:
        """(H, M, S) or, for a two-part marker, its two numbers."""
        return tuple(int(p) for p in self.stamp.split(":"))

    def seconds(self) -> int:
        """Seconds into a recording: a two-part marker there is [MM:SS]."""
        h, m, s = (0, 0, *self.parts)[-3:]
        return h * 3600 + m * 60 + s

    def anchor(self, timestamps: str | None) -> tuple[str, str]:
        """(anchor id, label) on the source page; `timestamps` is the source's kind."""
        if len(self.parts) == 3 or timestamps == "offset":
            seconds = self.seconds()
            return f"t-{seconds}", format_seconds(seconds)
        h, m = self.parts
        return f"t-{h}-{m:02d}", f"{h:02d}:{m:02d}"


def leading_marker(text: str, offset: int = 0) -> Marker | None:
    """The marker `text` starts with, if any; `offset` is where `text` starts in the body."""
    m = _MARKER.match(text)
    if not m:
        return None
    return Marker(offset, m.group(0), m["stamp"])
