"""`kbgen check` on the bytes of a source file: encodings, line ends, binary, size."""

from __future__ import annotations

import time

from kbgen.content.sources import load_sources
from kbgen.content.textfile import MAX_BYTES

from .checking import check, refused, source_text, write

P = "content/sources/x.md"


def test_crlf_is_accepted_and_normalized(project):
    write(project, "x.md", source_text("x", "subtitle: Windows\n", "Line one.\nLine two.\n")
          .replace("\n", "\r\n").encode())
    assert check(project).exit_code == 0
    (source,), _ = load_sources(project / "content/sources")
    assert source.subtitle == "Windows"
    assert "\r" not in source.body and source.body.startswith("Line one.\nLine two.")


def test_cp1252_bytes(project):
    write(project, "x.md", source_text("x", body="Caf\u00e9 \u2019quoted\u2019\n")
          .encode("cp1252"))
    refused(project, f"{P}:7: not UTF-8 (byte 0xe9); the file is probably Windows-1252 or "
                     "Latin-1: re-save it as UTF-8")


def test_utf16_with_bom(project):
    write(project, "x.md", source_text("x").encode("utf-16"))
    refused(project, f"{P}:1: the file is UTF-16: re-save it as UTF-8")


def test_utf16_without_bom(project):
    write(project, "x.md", source_text("x").encode("utf-16-le"))
    refused(project, f"{P}:1: the file contains NUL bytes (is it binary, or UTF-16 without "
                     "a BOM?): only UTF-8 text is accepted")


def test_nul_byte_in_the_body(project):
    write(project, "x.md", source_text("x", body="line one\nline\x00two\n").encode())
    refused(project, f"{P}:8: the file contains NUL bytes")


def test_binary_file_named_md(project):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    write(project, "x.md", png)
    refused(project, f"{P}:3: the file contains NUL bytes")  # the first NUL is on line 3


def test_empty_file(project):
    write(project, "x.md", b"")
    refused(project, f"{P}: the file is empty: a source needs front matter")


def test_whitespace_only_file(project):
    write(project, "x.md", b" \n\r\n\t\n")
    refused(project, f"{P}: the file is empty")


def test_empty_body(project):
    write(project, "x.md", source_text("x", body="\n\n"))
    refused(project, f"{P}:7: the body is empty: a source needs its text below the front matter")


def test_multi_megabyte_lines_load(project):
    # ~3.4 MB in 70 one-line paragraphs of 48k characters, each under MAX_PARAGRAPH_CHARS
    # (one paragraph over it is refused: tests/content/test_check_builds.py).
    line = "The realtime API streams audio over WebSockets. " * 1_000
    write(project, "x.md", source_text("x", body="\n\n".join([line] * 70) + "\n"))
    start = time.monotonic()
    assert check(project).exit_code == 0
    assert time.monotonic() - start < 10


def test_file_over_the_size_limit(project):
    body = ("word " * 200 + "\n") * (MAX_BYTES // 1000 + 1000)
    write(project, "x.md", source_text("x", body=body))
    refused(project, f"{P}: the file is 17.0 MB; the limit is 16 MB: split it into several "
                     "sources")
