"""weblog: dates written as prose, and saved pages read as title, date and entries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.ingest import weblog

DATE_BITS = st.sampled_from(["1st", "31st", "0", "00", "29", "30", "February", "Feb", "Sept",
                             "Octobre", "2024", "0000", "9999", "-", "13", ",", " ", "of",
                             "Tue,", "Published:", "Posted on", "\u0662\u0660\u0662\u0664"])


@settings(max_examples=500, deadline=None, database=None)
@given(st.one_of(st.text(max_size=40), st.lists(DATE_BITS, max_size=8).map(" ".join)))
def test_parse_prose_date_never_raises(text):
    assert weblog.parse_prose_date(text) is None or isinstance(
        weblog.parse_prose_date(text), dt.date)


@pytest.mark.parametrize(("text", "date"), [
    ("1st October 2024", dt.date(2024, 10, 1)),
    ("October 1, 2024", dt.date(2024, 10, 1)),
    ("Tue, Oct 1 2024", dt.date(2024, 10, 1)),
    ("Published on 3 Sept 2023", dt.date(2023, 9, 3)),
    ("2024-10-01", dt.date(2024, 10, 1)),
    ("29th February 2023", None),  # not a leap year
    ("31 June 2024", None),
    ("2024-13-45", None),
    ("Octobre 1, 2024", None),
    ("The keynote starts at 10:19", None),
])
def test_parse_prose_date(text, date):
    assert weblog.parse_prose_date(text) == date


def test_plain_blog_post_without_live_entries():
    draft = weblog.read("My Blog\n\nMenu\n\nA post about o1\n\nMarch 3, 2025\n\n"
                        "First paragraph.\n\n# not a heading\n\n<b>not html</b>\n\n"
                        "Posted in AI\n", "post.txt")
    assert (draft.title, draft.date, draft.type, draft.publisher) == (
        "A post about o1", dt.date(2025, 3, 3), "blog", "My Blog")
    assert draft.timestamps is None
    assert draft.body == "First paragraph.\n\n\\# not a heading\n\n&lt;b>not html&lt;/b>\n"
