"""Source text prepared for matching, without ever moving a character.

Every mention must point back into `Source.body` by character offset, so nothing
here inserts or deletes: look-alike characters are replaced one for one (U+2011
becomes "-", curly quotes become straight ones) and markup that is not prose (link
targets, footnote markers, HTML tags, timestamp markers) is blanked with spaces of
the same length. A passage is one paragraph: the unit that spaCy processes (the
tokenizer runs about twice as fast on paragraph-sized texts as on a whole 20k-word
document: benchmarks/bench_extract.py), that pages deep-link to, and that carries
the time of a transcript or live-blog entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbgen.model import Source

# One-for-one replacements, so offsets survive normalization.
_LOOKALIKES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u00b7": "-",  # DALL·E
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u200b": " ",
        "\ufeff": " ",
    }
)
_MASKS = [
    re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"),  # (url) of a link
    re.compile(r"(?m)^\s*\[(?!\^)[^\]\n]+\]:\s+\S+.*$"),  # reference-link definitions
    re.compile(r"<https?://[^>\s]+>|https?://[^\s)\]>]+"),  # bare URLs
    re.compile(r"\[\^[^\]\s]+\]:?"),  # footnote markers and definitions' labels
    re.compile(r"</?[A-Za-z][^<>\n]{0,200}>"),  # HTML tags (their text stays)
    re.compile(r"\{[.#][^{}\n]*\}"),  # attribute lists
]
_MARKER = re.compile(r"^\[(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]\s?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Passage:
    """A paragraph (or the title) of one source, ready for the pipeline."""

    source_index: int  # position of the source in the batch
    paragraph: int  # index among the body's paragraphs; -1 title, -2 subtitle
    offset: int  # where `text` starts in the body (or title/subtitle)
    text: str  # normalized and masked; same length as the original slice
    seconds: int | None = None
    clock: str | None = None


def normalize(text: str) -> str:
    return text.translate(_LOOKALIKES)


def mask(text: str) -> str:
    """Blank non-prose markup with spaces, keeping every offset."""
    for pattern in _MASKS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _seconds(stamp: str) -> int:
    parts = [int(p) for p in stamp.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def paragraphs(body: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph, in order; paragraph numbers index this list."""
    out, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(body):
        if body[start : m.start()].strip():
            out.append((start, body[start : m.start()]))
        start = m.end()
    if body[start:].strip():
        out.append((start, body[start:]))
    return out


def timestamp_of(text: str, kind: str | None) -> tuple[int | None, str | None]:
    """The (seconds, clock) a paragraph's leading `[..]` marker gives, if any."""
    m = _MARKER.match(text)
    if not m or kind is None:
        return None, None
    if kind == "clock":
        return None, m["time"]
    return _seconds(m["time"]), None


def passages(source: Source, source_index: int) -> list[Passage]:
    """The title, the subtitle and every paragraph, each timed where the source is."""
    out = [Passage(source_index, -1, 0, mask(normalize(source.title)))]
    if source.subtitle:
        out.append(Passage(source_index, -2, 0, mask(normalize(source.subtitle))))
    seconds, clock = None, None
    for index, (offset, text) in enumerate(paragraphs(source.body)):
        marker_seconds, marker_clock = timestamp_of(text, source.timestamps)
        if marker_seconds is not None or marker_clock is not None:
            seconds, clock = marker_seconds, marker_clock  # later paragraphs inherit it
        clean = mask(normalize(text))
        if m := _MARKER.match(clean):
            clean = " " * m.end() + clean[m.end() :]
        out.append(Passage(source_index, index, offset, clean, seconds, clock))
    return out
