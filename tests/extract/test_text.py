"""Text prepared for matching without moving a character: look-alikes and masking."""

from __future__ import annotations

import pytest

from kbgen.extract.text import mask, normalize, passages
from kbgen.paragraphs import spans as paragraphs

from .kb import OPENAI_MODELS, entity, registry, source

REG = registry(
    *OPENAI_MODELS, entity("openai", "OpenAI", "org"), entity("chatgpt", "ChatGPT", "product")
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPT\u20114o is out.", [("gpt-4o", "GPT\u20114o")]),  # non-breaking hyphen
        ("o1\u2013mini is out.", [("o1-mini", "o1\u2013mini")]),  # en dash
        ("o1\u2010preview is out.", [("o1-preview", "o1\u2010preview")]),  # hyphen
        ("GPT-4o\u00a0mini is out.", [("gpt-4o-mini", "GPT-4o\u00a0mini")]),  # NBSP
        ("GPT-4o\u202fmini is out.", [("gpt-4o-mini", "GPT-4o\u202fmini")]),  # narrow NBSP
        ("They call it \u201cGPT-4o\u201d.", [("gpt-4o", "GPT-4o")]),  # curly quotes
        ("\u2018o1\u2019 shipped.", [("o1", "o1")]),
    ],
    ids=["u2011", "en-dash", "u2010", "nbsp", "narrow-nbsp", "curly-double", "curly-single"],
)
def test_unicode_look_alikes_match_and_the_surface_keeps_them(found, text, expected):
    assert found(text, REG) == expected


def test_normalize_and_mask_never_change_the_length():
    text = (
        'See [GPT\u20114o](https://openai.com/index/hello-gpt-4o/ "title") and '
        "<https://x.com/o1> or https://example.com/o1-mini.[^1] <b>bold</b> {#anchor}\n"
        "[ref]: https://openai.com/o1\n[^1]: A note."
    )
    assert len(normalize(text)) == len(text)
    assert len(mask(normalize(text))) == len(text)


def test_mask_blanks_link_targets_but_keeps_link_text():
    text = "See [GPT-4o](https://openai.com/gpt-4o) now."
    masked = mask(text)
    assert "[GPT-4o]" in masked
    assert "openai.com" not in masked
    assert masked.index("now.") == text.index("now.")


@pytest.mark.parametrize(
    "text",
    [
        "Read [the announcement](https://openai.com/index/gpt-4o-and-o1-mini/) today.",
        "Read https://openai.com/index/gpt-4o/ today.",
        "Read <https://example.com/o1-preview> today.",
        'Read [the post][1] today.\n\n[1]: https://openai.com/o1-mini "o1-mini"',
        "Read it today.[^gpt-4o]",
        "Read it today.[^o1]\n\n[^o1]: Nothing here.",
        'Read <a href="https://openai.com/o1" title="GPT-4o">the post</a> today.',
    ],
)
def test_link_urls_and_footnote_markers_are_never_matched(found, text):
    assert found(text, REG) == []


def test_link_text_is_matched(found):
    assert found("Read [GPT-4o](https://openai.com/o1-mini) today.", REG) == [("gpt-4o", "GPT-4o")]


def test_footnote_text_is_prose_and_is_matched(mentions):
    body = "Something happened.[^1]\n\n[^1]: OpenAI said so."
    (m,) = mentions(source(body), REG)
    assert (m.entity, m.surface, m.sentence) == ("openai", "OpenAI", "OpenAI said so.")


def test_paragraphs_are_split_on_blank_lines_with_their_offsets():
    body = "One.\n\nTwo.\n  \nThree."
    assert paragraphs(body) == [(0, "One."), (6, "Two."), (14, "Three.")]


def test_passages_keep_markers_length_and_blank_them():
    src = source("[00:01:02] GPT-4o.\n\nNo marker.", type="podcast", timestamps="offset")
    title, first, second = passages(src, 0)
    assert title.paragraph == -1
    assert first.text == " " * len("[00:01:02] ") + "GPT-4o."
    assert (first.seconds, second.seconds) == (62, 62)
