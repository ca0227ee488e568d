"""Raw files come from anywhere: decode them leniently, then repair mojibake.

Unlike content files (which must be UTF-8, see content/textfile.py), a raw file an
editor drops in may be Windows-1252 or carry text that was decoded with the wrong
codec once already (`â€™` for `’`); ftfy repairs the latter. Binary files are
refused here so that no format reader ever sees them, and control characters
(which `kbgen check` refuses) are removed before any reader does.
"""

from __future__ import annotations

import codecs

import ftfy

from kbgen.errors import KbgenError
from kbgen.ingest import bounds

_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (docx, epub, ...)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"ID3": "an MP3 file",
    b"OggS": "an Ogg file",
    b"RIFF": "a WAV/AVI file",
    b"\x1f\x8b": "a gzip archive",
}
# Keep curly quotes and dashes as the author wrote them; only undo real mojibake.
_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False, normalization="NFC"
)


def decode(raw: bytes, name: str, known_formats: str) -> str:
    """Text of a raw file, newlines normalized and mojibake repaired."""
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise KbgenError(
                f"{name}: unknown format: this is {what}. kbgen ingest reads {known_formats}."
            )
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:  # odd length, lone surrogates: damaged or not text
            raise KbgenError(
                f"{name}: the file starts like UTF-16 but is not valid UTF-16 "
                f"({exc.reason} at byte {exc.start}): re-save it as UTF-8"
            ) from None
    elif b"\x00" in raw:
        raise KbgenError(
            f"{name}: unknown format: the file is binary (it contains NUL "
            f"bytes). kbgen ingest reads {known_formats}."
        )
    else:
        raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Line and page breaks first: ftfy would delete \x0b (Word's line break) and join
    # two words. C1 characters wait for ftfy, which reads some of them as mojibake.
    text = text.translate(_C0_BREAKS)
    return bounds.strip_controls(ftfy.fix_text(text, _FTFY))


_C0_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e", "\n"))
