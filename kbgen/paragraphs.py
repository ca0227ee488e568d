"""A source body cut into paragraphs, once, by the loader (`Source.paragraphs`).

A paragraph is the unit extraction processes, the source pages anchor (`#p-N`) and
the quotes deep-link to; in a recording or live blog it also carries its time. The
time comes from the paragraph's own leading marker (`kbgen.timecode`) or, where it
has none, from the last paragraph before it that had one. Extraction and the site
both read these values, so no stage re-parses the marker text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kbgen.timecode import Marker, leading_marker

# Mention.paragraph of a mention in the title or subtitle, which are not body paragraphs.
TITLE = -1
SUBTITLE = -2

Kind = Literal["title", "subtitle", "body"]

BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a body: where it is, its text as written, and its time."""

    index: int  # position among the body's paragraphs (Mention.paragraph); TITLE, SUBTITLE
    offset: int  # where `text` starts in the body
    text: str  # as written; may begin with newlines after a run of blank lines
    seconds: int | None = None  # time into the recording ("offset" sources)
    clock: str | None = None  # local time as written ("clock" sources, e.g. live blogs)
    speaker: str | None = None  # who speaks, where the source says
    marker: Marker | None = None  # its own leading time marker, if it has one
    kind: Kind = "body"

    @property
    def content_start(self) -> int:
        """Offset in the body of the first character after leading newlines."""
        return self.offset + len(self.text) - len(self.text.lstrip("\n"))


def spans(body: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph of `body`, in order."""
    out, start = [], 0
    for m in BREAK.finditer(body):
        if body[start : m.start()].strip():
            out.append((start, body[start : m.start()]))
        start = m.end()
    if body[start:].strip():
        out.append((start, body[start:]))
    return out


def heads(title: str, subtitle: str | None) -> tuple[Paragraph, ...]:
    """The title and subtitle as paragraphs of their own kinds (offsets into themselves)."""
    out = [Paragraph(TITLE, 0, title, kind="title")]
    if subtitle:
        out.append(Paragraph(SUBTITLE, 0, subtitle, kind="subtitle"))
    return tuple(out)


def split(body: str, timestamps: str | None) -> tuple[Paragraph, ...]:
    """The body's paragraphs, each timed as the source's `timestamps` kind says.

    A marker counts after any leading newlines, so the first paragraph of a body that
    begins with a blank line keeps its time.
    """
    out = []
    seconds: int | None = None
    clock: str | None = None
    for index, (offset, text) in enumerate(spans(body)):
        lead = len(text) - len(text.lstrip("\n"))
        marker = leading_marker(text[lead:], offset + lead)
        if marker is not None and timestamps == "clock":
            seconds, clock = None, marker.stamp
        elif marker is not None and timestamps is not None:
            seconds, clock = marker.seconds(), None
        out.append(Paragraph(index, offset, text, seconds, clock, None, marker))
    return tuple(out)
