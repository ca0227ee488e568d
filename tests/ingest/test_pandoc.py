"""pandoc: Substack/pandoc Markdown made portable, including exports that are damaged."""

from __future__ import annotations

from kbgen.ingest import pandoc


def test_unclosed_div_closes_at_the_end():
    md = pandoc.to_markdown("Before.\n\n::: {.pullquote}\nQuoted text.\n\nAfter, still inside.\n")
    assert md == "Before.\n\nQuoted text.\n\nAfter, still inside.\n"


def test_stray_closing_fence_is_dropped():
    assert pandoc.to_markdown("Text.\n:::\n\nMore.\n") == "Text.\n\nMore.\n"


def test_thousands_of_nested_divs_do_not_overflow():
    md = pandoc.to_markdown("::: {.a}\n" * 3000 + "deep text\n" + ":::\n" * 3000 + "after\n")
    assert md == "deep text\nafter\n"


def test_tweet_with_damaged_attrs():
    fence = '::: {.tweet attrs="{\\"full_text\\":1,\\"name\\":[2],\\"url\\":null}"}\n'
    md = pandoc.to_markdown(fence + "::: tweet-text\nhello\n:::\n:::\n")
    assert md == "> hello\n>\n> — a tweet\n"


def test_tweet_whose_attrs_are_not_a_mapping():
    assert pandoc.to_markdown('::: {.tweet attrs="[1, 2]"}\n:::\n') == "> [media]\n>\n> — a tweet\n"


def test_footnote_reference_and_definition():
    md = pandoc.to_markdown(
        "Claim.[1](#footnote-1){#footnote-anchor-1 .footnote-anchor}\n\n"
        ':::: {.footnote component-name="FootnoteToDOM"}\n'
        "[1](#footnote-anchor-1){#footnote-1 .footnote-number}\n\n"
        "::: footnote-content\nThe note, with a [link](https://example.com).\n:::\n::::\n")
    assert md == "Claim.[^1]\n\n[^1]: The note, with a [link](https://example.com).\n"
