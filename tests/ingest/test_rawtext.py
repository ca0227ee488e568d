"""rawtext: raw files decoded leniently, mojibake repaired, binaries refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.errors import KbgenError
from kbgen.ingest import rawtext

KNOWN = "the known formats"


def test_mojibake_is_repaired_and_curly_quotes_kept():
    raw = "Referrals â†’ paid sub; itâ€™s “quoted”".encode()
    assert rawtext.decode(raw, "x.txt", KNOWN) == "Referrals → paid sub; it’s “quoted”"


def test_cp1252_file_is_read():
    raw = "Caf\u00e9 \u2019quoted\u2019\r\nline two".encode("cp1252")
    assert rawtext.decode(raw, "x.txt", KNOWN) == "Caf\u00e9 \u2019quoted\u2019\nline two"


def test_utf16_file_is_read():
    assert rawtext.decode("Hello\r\nworld".encode("utf-16"), "x.txt", KNOWN) == "Hello\nworld"


@pytest.mark.parametrize("raw", [b"\xff\xfeh\x00i\x00!", b"\xff\xfe\x00\xd8a\x00"])
def test_damaged_utf16_is_a_kbgen_error(raw):
    with pytest.raises(KbgenError, match=r"^x\.txt: the file starts like UTF-16 but is not valid"):
        rawtext.decode(raw, "x.txt", KNOWN)


def test_binary_without_magic_is_refused():
    with pytest.raises(KbgenError, match=r"the file is binary .* reads the known formats"):
        rawtext.decode(b"abc\x00def", "x.bin", KNOWN)


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.binary(max_size=200),
                 st.lists(st.sampled_from([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00",
                                           b"\xd8", b"\xdc", b"a", b"\r\n", b"\xe2\x80",
                                           b"%PDF", b"\xc3\xa2\xe2\x82\xac"]),
                          max_size=30).map(b"".join)))
def test_decode_raises_only_kbgen_errors(raw):
    try:
        text = rawtext.decode(raw, "x.txt", KNOWN)
    except KbgenError as exc:
        assert str(exc).startswith("x.txt: ")
    else:
        assert "\r" not in text
