"""Reading a content file: bytes to text, text to front matter and body.

python-frontmatter (which `ingest` uses to write sources) is silent on exactly the
files editors get wrong when reading: after a byte order mark, with an unclosed
`---`, or with a list instead of a mapping it returns "no metadata" and the whole
file as body. So reading is strict: the bytes are checked first (encoding, NUL
bytes, size), the delimiters by line, and the YAML goes through `yamlstrict`.
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass
from pathlib import Path

from kbgen.content import yamlstrict
from kbgen.errors import Problem
from kbgen.limits import MAX_SOURCE_BYTES

MAX_BYTES = MAX_SOURCE_BYTES


@dataclass(frozen=True)
class TextFile:
    """A decoded file split into front matter (parsed) and body."""

    display: str
    meta: yamlstrict.Parsed
    body: str
    body_line: int  # 1-based line where the body starts


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with CRLF normalized, or a problem saying how to fix the bytes."""
    if not raw.strip():
        return None, [
            Problem(
                display,
                None,
                "the file is empty: a source needs front matter (id, title, date, type) and a body",
            )
        ]
    if len(raw) > MAX_BYTES:
        size = math.ceil(len(raw) / 1_048_576 * 10) / 10  # 16.1, never "16 MB; limit 16"
        return None, [
            Problem(
                display,
                None,
                f"the file is {size:.1f} MB; "
                f"the limit is {MAX_BYTES // 1_048_576} MB: split it into "
                "several sources",
            )
        ]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return utf8(raw, display)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [
            Problem(
                display,
                line,
                "the file contains NUL bytes (is it binary, "
                "or UTF-16 without a BOM?): only UTF-8 text is accepted",
            )
        ]
    return utf8(raw, display)


def utf8(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """The bytes as UTF-8 text (BOMs dropped, CRLF normalized), or where they are not.

    Shared by every text file kbgen reads, hand-written pages included, so a
    Windows-1252 file gets the same message with its line wherever it is.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [Problem(display, 1, "the file is UTF-16: re-save it as UTF-8")]
    while raw.startswith(codecs.BOM_UTF8):  # harmless once removed; never hides FM
        raw = raw.removeprefix(codecs.BOM_UTF8)  # (twice, when BOM'd files were joined)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                display,
                line,
                f"not UTF-8 (byte 0x{byte}); the file is "
                "probably Windows-1252 or Latin-1: re-save it as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split(
    text: str, display: str, *, required: bool = True
) -> tuple[TextFile | None, list[Problem]]:
    """Split `---` front matter from the body and parse it strictly."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        if not required:
            empty = yamlstrict.Parsed({})
            return TextFile(display, empty, text, 1), []
        return None, [
            Problem(
                display,
                1,
                "no front matter: the file must start with a "
                "line '---', then YAML (id, title, date, type), then '---'",
            )
        ]
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        return None, [
            Problem(display, 1, "front matter is not closed: add a line '---' after the last key")
        ]
    # Split by line index, not by python-frontmatter's regex, so body offsets map
    # exactly to file lines (mention positions and error lines depend on it).
    fm_text = "\n".join(lines[1:close])
    body = "\n".join(lines[close + 1 :])
    parsed, problems = yamlstrict.parse(fm_text, display, line_offset=1)
    if parsed is None:
        return None, problems
    if parsed.data is None:
        parsed = yamlstrict.Parsed({}, parsed.lines)
    if not isinstance(parsed.data, dict):
        kind = "a list" if isinstance(parsed.data, list) else "a single value"
        return None, [
            *problems,
            Problem(
                display,
                2,
                f"front matter is {kind}; it must be a mapping of keys to values (key: value)",
            ),
        ]
    body_line = close + 2  # 1-based line of lines[close + 1]
    return TextFile(display, parsed, body, body_line), problems


def read(
    path: Path, display: str, *, required: bool = True
) -> tuple[TextFile | None, list[Problem]]:
    """Read, decode and split one content file; problems instead of exceptions."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, None, f"cannot read the file: {exc.strerror}")]
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    return split(text, display, required=required)
