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
from kbgen.paragraphs import Kind

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


@dataclass(frozen=True)
class Passage:
    """A paragraph (or the title) of one source, ready for the pipeline."""

    source_index: int  # position of the source in the batch
    paragraph: int  # index among the body's paragraphs, or TITLE / SUBTITLE
    offset: int  # where `text` starts in the body (or title/subtitle)
    text: str  # normalized and masked; same length as the original slice
    seconds: int | None = None
    clock: str | None = None
    body_from: int = 0  # offset past the paragraph's time marker: no sentence starts before
    kind: Kind = "body"  # which text the offsets index: title, subtitle or body


def normalize(text: str) -> str:
    return text.translate(_LOOKALIKES)


def mask(text: str) -> str:
    """Blank non-prose markup with spaces, keeping every offset."""
    for pattern in _MASKS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def passages(source: Source, source_index: int) -> list[Passage]:
    """The title, the subtitle and every paragraph, each timed where the source is.

    The paragraphs and their times are the loader's (`Source.paragraphs`); here each
    is only normalized and masked, its time marker blanked.
    """
    out = []
    for p in (*source.heads, *source.paragraphs):
        clean = mask(normalize(p.text))
        body_from = p.offset
        if p.marker is not None:
            at = p.marker.start - p.offset
            end = at + len(p.marker.text)
            clean = clean[:at] + " " * (end - at) + clean[end:]
            body_from = p.offset + end
        out.append(
            Passage(source_index, p.index, p.offset, clean, p.seconds, p.clock, body_from, p.kind)
        )
    return out
