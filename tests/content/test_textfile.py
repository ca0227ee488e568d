"""textfile: bytes to text to (front matter, body); problems, never exceptions."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.content import textfile
from kbgen.errors import Problem

FAST = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
# Byte and text pieces of real content files and of the ways they go wrong.
BYTE_BITS = st.sampled_from([
    b"---\n", b"---\r\n", b"---", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00",
    b"id: x\n", b"title: NO\n", b"date: 2024-13-45\n", b"\t", b"\r", b"\n", b"\xe9",
    b"\xe2\x80\x99", b"\xc3", b"- a\n", b"[", b"{", b"&a ", b"*a", b"body\n",
])
ANY_BYTES = st.one_of(st.binary(max_size=300), st.lists(BYTE_BITS, max_size=40).map(b"".join))
TEXT_BITS = st.sampled_from(["---", "--- ", "\n", "id: x", "title: [a", "]", ": ", "\t",
                             "- ", "body", "key: value", "&a", "*a", "!!str", "\ufeff"])
ANY_TEXT = st.one_of(st.text(), st.lists(TEXT_BITS, max_size=40).map("".join))


@FAST
@given(ANY_BYTES)
def test_decode_never_raises(raw):
    text, problems = textfile.decode(raw, "x.md")
    assert (text is None) == bool(problems)
    assert all(isinstance(p, Problem) for p in problems)
    if text is not None:
        assert "\r" not in text and "\x00" not in text and not text.startswith("\ufeff")


@FAST
@given(ANY_TEXT, st.booleans())
def test_split_never_raises(text, required):
    tf, problems = textfile.split(text, "x.md", required=required)
    assert all(isinstance(p, Problem) for p in problems)
    if tf is None:
        assert problems
    else:
        assert isinstance(tf.meta.data, dict)
        # The body is exactly the file from body_line on, so mention lines are right.
        assert "\n".join(text.split("\n")[tf.body_line - 1:]) == tf.body or not required


def test_body_line_points_at_the_first_body_line():
    tf, problems = textfile.split("---\nid: x\ntitle: T\n---\nFirst body line\n", "x.md")
    assert problems == []
    assert tf.body_line == 5 and tf.body.startswith("First body line")


def test_closing_fence_with_trailing_spaces():
    tf, problems = textfile.split("---\nid: x\n---   \nBody\n", "x.md")
    assert problems == [] and tf.meta.data == {"id": "x"}


def test_old_mac_line_ends_are_normalized():
    text, problems = textfile.decode(b"---\rid: x\r---\rBody\r", "x.md")
    assert problems == [] and text == "---\nid: x\n---\nBody\n"


def test_damaged_utf16_is_a_problem():
    text, problems = textfile.decode(b"\xff\xfe-\x00-\x00-", "x.md")
    assert text is None and "UTF-16" in problems[0].message
