"""Characters the build cannot carry, and text a reader cannot see.

Check refuses what build would crash on, so these rules follow the libraries
downstream: lxml (the GraphML export) raises ValueError on C0 control characters,
U+FFFE/U+FFFF and lone surrogates (a YAML escape like "\\ud800" makes one); DEL and
the C1 range pass lxml but are never meant in prose (they are mojibake or terminal
escapes) and garble the terminal when echoed. spaCy refuses passages over a million
characters, and extraction cuts a body into paragraphs at blank lines, so no
paragraph may be longer than `limits.MAX_PARAGRAPH_CHARS`.
"""

from __future__ import annotations

import re
import unicodedata

from kbgen.errors import Problem
from kbgen.limits import MAX_PARAGRAPH_CHARS
from kbgen.paragraphs import spans

# C0 except tab and newline, DEL, C1, lone surrogates, the two XML non-characters.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Categories that draw nothing: controls, format (zero-width, bidi marks), spaces,
# separators, lone combining marks, private use, unassigned.
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that render as blank space (Hangul fillers, braille blank).
_BLANK_CHARS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def codepoint(ch: str) -> str:
    """'U+000B' for a character, safe to print where the character itself is not."""
    return f"U+{ord(ch):04X}"


def control_char(text: str) -> tuple[int, str] | None:
    """(index, character) of the first character the build cannot carry, if any."""
    m = CONTROL.search(text)
    return (m.start(), m.group()) if m else None


def visible(text: str) -> bool:
    """Does `text` draw at least one character? Zero-width and blank ones do not."""
    return any(
        ch not in _BLANK_CHARS and unicodedata.category(ch) not in _BLANK_CATEGORIES
        for ch in text
    )


def field_error(text: str, name: str) -> str | None:
    """Why the text value of front-matter key `name` cannot be built, or None."""
    bad = control_char(text)
    if bad:
        index, ch = bad
        return (
            f"'{name}' contains the control character {codepoint(ch)} (character "
            f"{index + 1}): remove it; the graph exports cannot hold it"
        )
    if not visible(text):
        return (
            f"'{name}' has no visible character (only blank or zero-width ones), which "
            "gives an invisible link: write real text"
        )
    if len(text) > MAX_PARAGRAPH_CHARS:
        return (
            f"'{name}' is {len(text):,} characters; the limit is "
            f"{MAX_PARAGRAPH_CHARS:,}: shorten it"
        )
    return None


def body_problems(
    body: str, first_line: int, display: str, *, paragraphs: bool = True
) -> list[Problem]:
    """Control characters (the first, with a count) and over-long paragraphs of a body.

    `first_line` is the file line on which `body` starts, so problems point into the
    file. With `paragraphs`, every paragraph over `MAX_PARAGRAPH_CHARS` is reported
    at its first line.
    """
    problems: list[Problem] = []
    first: tuple[re.Match[str], int] | None = None
    lines: set[int] = set()
    line, counted = first_line, 0
    for m in CONTROL.finditer(body):  # counting newlines forward only: linear
        line += body.count("\n", counted, m.start())
        counted = m.start()
        lines.add(line)
        first = first or (m, line)
    if first:
        m, at = first
        column = m.start() - (body.rfind("\n", 0, m.start()) + 1) + 1
        others = len(lines) - 1
        more = f" ({others} more line{'s' if others > 1 else ''} with one)" if others else ""
        problems.append(
            Problem(
                display,
                at,
                f"control character {codepoint(m.group())} at column {column}: "
                f"remove it{more}; the build cannot carry control characters",
            )
        )
    if paragraphs:
        line, counted = first_line, 0
        for start, length in paragraph_spans(body):
            if length <= MAX_PARAGRAPH_CHARS:
                continue
            line += body.count("\n", counted, start)
            counted = start
            problems.append(
                Problem(
                    display,
                    line,
                    f"this paragraph is {length:,} characters; the limit is "
                    f"{MAX_PARAGRAPH_CHARS:,}: split it with blank lines (text saved "
                    "from a web page often has single newlines only)",
                )
            )
    return problems


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(offset, length) of each paragraph, as the loader cuts the body for extraction."""
    return [(offset, len(text)) for offset, text in spans(body)]
