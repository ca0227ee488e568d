"""What ingest repairs or refuses so that `kbgen check` accepts every file it writes.

`kbgen check` refuses sources over the limits in `kbgen/limits.py` (file size,
paragraph length, dates) and text with control characters, and a raw file from
elsewhere may break any of them. Ingest repairs what it can without changing the
words — control characters become line breaks or disappear, a paragraph that is too
long is cut at line breaks, then at sentence ends — and refuses the rest before
anything is written, naming the file or the option and what to do.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from dataclasses import fields, replace
from pathlib import Path

from kbgen import limits
from kbgen.content import chars
from kbgen.errors import KbgenError
from kbgen.ingest.draft import OPTION_FIELDS, Draft, Overrides
from kbgen.paragraphs import BREAK

# What `kbgen check` refuses, from the one definition check uses.
CONTROL = chars.CONTROL
# Controls that separate lines or pages (Word writes a manual line break as \x0b).
_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85", "\n"))
_SENTENCE_GAP = re.compile(r"(?<=[.!?…][\"')\]”’])\s+|(?<=[.!?…])\s+")
# A piece cut from the middle of a line must not start a heading, quote, list or marker.
_BLOCK_START = re.compile(r"^(?=[#>+*=|`~:\[-]|\d+[.)](?:\s|$))")
# The options whose values are text the editor typed, checked before anything is read.
_TEXT_KINDS = ("text", "slug", "url")
_TEXT_OPTIONS = tuple((f.name, f.option) for f in OPTION_FIELDS if f.kind in _TEXT_KINDS)
_LIST_OPTIONS = tuple((f.name, f.option) for f in OPTION_FIELDS if f.kind == "text_list")


def visible(text: str) -> bool:
    """Has a letter, digit, punctuation mark or symbol (not only spaces, marks, zero-widths);
    at least as strict as check's `chars.visible`, so ingest never writes what check refuses."""
    return chars.visible(text) and any(unicodedata.category(ch)[0] in "LNPS" for ch in text)


def strip_controls(text: str) -> str:
    """Body text without control characters; line and page breaks become newlines."""
    return CONTROL.sub("", text.translate(_BREAKS))


def _megabytes(size: int) -> str:
    return f"{math.ceil(size / 1_048_576 * 10) / 10:.1f} MB"  # 16.1, never "16 MB; limit 16"


def read_raw(path: Path) -> bytes:
    """The file's bytes; a file over the source size limit is refused before it is read."""
    limit = limits.MAX_SOURCE_BYTES
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            raw = fh.read(limit + 1) if size <= limit else b""
    except OSError as exc:
        raise KbgenError(f"{path}: cannot read the file: {exc.strerror}") from None
    if size > limit or len(raw) > limit:
        raise KbgenError(
            f"{path.name}: the file is {_megabytes(max(size, len(raw)))}; kbgen ingest reads "
            f"files up to {limit // 1_048_576} MB, the limit for one source: split it into "
            "several files and ingest each"
        )
    return raw


def check_output_size(content: str, name: str) -> None:
    """A source that conversion made bigger than the limit (escaping, re-encoding)."""
    size = len(content.encode("utf-8"))
    if size > limits.MAX_SOURCE_BYTES:
        raise KbgenError(
            f"{name}: the source would be {_megabytes(size)}; the limit for one source is "
            f"{limits.MAX_SOURCE_BYTES // 1_048_576} MB: split the file into several files "
            "and ingest each"
        )


def option_problems(overrides: Overrides) -> list[str]:
    """What is wrong with the editor's options: control characters, nothing visible, dates."""
    problems = []
    values = [(flag, getattr(overrides, attr)) for attr, flag in _TEXT_OPTIONS]
    values += [(flag, v) for attr, flag in _LIST_OPTIONS for v in getattr(overrides, attr)]
    for flag, value in values:
        if value is None:
            continue
        if m := CONTROL.search(value):
            problems.append(
                f"{flag} contains a control character (U+{ord(m[0]):04X}): "
                "type the value again without it"
            )
        elif not visible(value):
            problems.append(f"{flag} has no visible character: give it a value or leave it out")
    if overrides.date is not None and (msg := _date_outside(overrides.date)):
        problems.append(f"--date {overrides.date.isoformat()} {msg}: is the year a typo?")
    return problems


def _date_outside(date: dt.date) -> str | None:
    if limits.MIN_DATE <= date <= limits.MAX_DATE:
        return None
    return (
        f"is outside the dates a source may have ({limits.MIN_DATE.isoformat()} "
        f"to {limits.MAX_DATE.isoformat()})"
    )


def date_problem(draft: Draft, name: str) -> str | None:
    """A date read from the file that `kbgen check` would refuse (options are checked before)."""
    if draft.date is None or not (msg := _date_outside(draft.date)):
        return None
    return (
        f"{name}: the file's date {draft.date.isoformat()} {msg}: fix it in the file "
        "or supply the right one with --date YYYY-MM-DD"
    )


def _clean_field(value: str | None) -> str | None:
    """A title, name or tag from the file: controls become spaces.

    None (missing, so the editor is asked for it) if nothing in it shows, or if it is
    longer than a paragraph may be: that is text a reader mistook for a title.
    """
    if value is None:
        return None
    if CONTROL.search(value):
        value = " ".join(CONTROL.sub(" ", value).split())
    return value if visible(value) and len(value) <= limits.MAX_PARAGRAPH_CHARS else None


def cleaned(draft: Draft, name: str) -> Draft:
    """The reader's draft with control characters gone and every paragraph within the limit.

    Readers decode entities and escapes (`&#11;`, YAML's "\\x0b"), so control
    characters can reappear after the raw text was cleaned; a field left with nothing
    visible counts as missing, so the editor is asked for it.
    """
    changes: dict = {"body": fit_paragraphs(strip_controls(draft.body), name)}
    for f in fields(Draft):
        value = getattr(draft, f.name)
        if f.name == "body" or value is None:
            continue
        if f.name == "url":
            changes["url"] = None if CONTROL.search(value) else value
        elif isinstance(value, str):
            changes[f.name] = _clean_field(value)
        elif isinstance(value, tuple):
            changes[f.name] = tuple(v for v in map(_clean_field, value) if v is not None)
    return replace(draft, **changes)


def fit_paragraphs(body: str, name: str, limit: int | None = None) -> str:
    """`body` with every paragraph over `limit` characters cut into shorter ones.

    Paragraphs within the limit are left exactly as they are. A longer one is cut
    at line breaks (a page saved as text with single newlines), a line still too
    long at sentence ends, then between words; a run of `limit` characters with no
    space in it cannot be cut, and the file is refused.
    """
    limit = limit or limits.MAX_PARAGRAPH_CHARS
    if len(body) <= limit:
        return body
    out, start = [], 0
    for m in BREAK.finditer(body):
        out += [_fit(body[start : m.start()], limit, name), m[0]]
        start = m.end()
    out.append(_fit(body[start:], limit, name))
    return "".join(out)


def _fit(paragraph: str, limit: int, name: str) -> str:
    """One over-long paragraph as several, each of at most `limit` characters."""
    if len(paragraph) <= limit:
        return paragraph
    pieces: list[tuple[str, bool]] = []  # (text, cut from the middle of a line?)
    lines: list[str] = []
    size = 0
    for line in paragraph.split("\n"):
        if lines and (len(line) > limit or size + 1 + len(line) > limit):
            pieces.append(("\n".join(lines), False))
            lines, size = [], 0
        if len(line) > limit:
            cut = _cut_line(line.strip(), limit, name)
            pieces += [(text, n > 0) for n, text in enumerate(cut)]
        else:
            size += len(line) + (1 if lines else 0)
            lines.append(line)
    if lines:
        pieces.append(("\n".join(lines), False))
    return "\n\n".join(
        _BLOCK_START.sub("\\\\", text.strip()) if mid_line else text.strip()
        for text, mid_line in pieces
        if text.strip()
    )


def _cut_line(line: str, limit: int, name: str) -> list[str]:
    """One over-long line as pieces of at most `limit - 1` characters (room for an escape)."""
    room = limit - 1
    units: list[str] = []
    for sentence in _SENTENCE_GAP.split(line):
        units += [sentence] if len(sentence) <= room else sentence.split()
    pieces: list[str] = []
    current = ""
    for unit in units:
        if len(unit) > room:
            raise KbgenError(
                f"{name}: a paragraph has {len(unit):,} characters with no space in them "
                f"(starting {unit[:30]!r}); a paragraph may have at most {limit:,}: break "
                "the text into paragraphs and ingest the file again"
            )
        if current and len(current) + 1 + len(unit) > room:
            pieces.append(current)
            current = unit
        else:
            current = f"{current} {unit}" if current else unit
    if current:
        pieces.append(current)
    return pieces
