"""extract(): every mention keeps its provenance, precise enough to quote and deep-link."""

from __future__ import annotations

from kbgen.extract import extract

from .kb import OPENAI_MODELS, entity, registry, source

REG = registry(
    *OPENAI_MODELS, entity("openai", "OpenAI", "org"), entity("sam-altman", "Sam Altman", "person")
)

BODY = (
    "# OpenAI\u2019s week\n\n"
    "Sam Altman said GPT\u20114o is fast. Then o1\u2013mini shipped!\n\n"
    "> Quoting [OpenAI](https://openai.com/o1): \u201co1-preview thinks.\u201d\n\n"
    "- Sam liked GPT-4o\u00a0mini. Notes follow.\n"
)


def test_start_and_end_slice_the_body_to_the_surface(mentions):
    got = [m for m in mentions(source(BODY), REG) if m.paragraph >= 0]
    assert len(got) == 8
    for m in got:
        assert BODY[m.start : m.end] == m.surface


def test_title_and_subtitle_mentions_slice_their_own_text(mentions):
    src = source("Nothing here.", title="GPT-4o vs o1", subtitle="And OpenAI")
    got = {(m.paragraph, m.entity): m for m in mentions(src, REG)}
    assert set(got) == {(-1, "gpt-4o"), (-1, "o1"), (-2, "openai")}
    assert src.title[got[-1, "o1"].start : got[-1, "o1"].end] == "o1"
    assert src.subtitle[got[-2, "openai"].start : got[-2, "openai"].end] == "OpenAI"


def test_the_sentence_is_the_one_containing_the_mention_as_written(mentions):
    got = {m.surface: m for m in mentions(source(BODY), REG) if m.paragraph >= 0}
    assert got["o1\u2013mini"].sentence == "Then o1\u2013mini shipped!"
    assert got["GPT\u20114o"].sentence == "Sam Altman said GPT\u20114o is fast."
    assert got["GPT-4o\u00a0mini"].sentence == "Sam liked GPT-4o\u00a0mini."


def test_sentence_start_is_the_offset_of_the_sentence_in_the_body(mentions):
    for m in mentions(source(BODY), REG):
        if m.paragraph >= 0:
            assert BODY[m.sentence_start : m.sentence_start + len(m.sentence)] == m.sentence
            assert m.sentence_start <= m.start < m.end <= m.sentence_start + len(m.sentence)


def test_the_sentence_drops_list_quote_and_heading_marks(mentions):
    sentences = {m.sentence for m in mentions(source(BODY), REG) if m.paragraph >= 0}
    assert "OpenAI\u2019s week" in sentences
    assert not any(s.startswith(("#", ">", "-")) for s in sentences)


def test_the_paragraph_index_counts_body_paragraphs(mentions):
    got = {m.surface: m.paragraph for m in mentions(source(BODY), REG) if m.paragraph >= 0}
    assert got["GPT\u20114o"] == 1
    assert got["o1-preview"] == 2
    assert got["GPT-4o\u00a0mini"] == 3


TRANSCRIPT = (
    "[00:00:05] Host: Welcome back.\n\n"
    "[00:01:02] Guest: GPT-4o changed everything. OpenAI moved fast.\n\n"
    "And o1 came next.\n\n"
    "[01:00:00] Host: o1-mini, too."
)


def test_transcript_mentions_carry_seconds_and_the_sentence_without_the_marker(mentions):
    src = source(TRANSCRIPT, type="podcast", timestamps="offset")
    got = {m.surface: m for m in mentions(src, REG)}
    assert got["GPT-4o"].seconds == 62
    assert got["GPT-4o"].sentence == "Guest: GPT-4o changed everything."
    assert got["OpenAI"].sentence == "OpenAI moved fast."
    assert got["o1-mini"].seconds == 3600
    assert got["o1-mini"].sentence == "Host: o1-mini, too."
    assert all(m.clock is None for m in got.values())


def test_a_paragraph_without_a_marker_inherits_the_last_one(mentions):
    src = source(TRANSCRIPT, type="podcast", timestamps="offset")
    (m,) = [m for m in mentions(src, REG) if m.surface == "o1"]
    assert (m.paragraph, m.seconds) == (2, 62)


LIVE = (
    "Intro before the event: OpenAI.\n\n"
    "[10:19] The keynote opens with o1.\n\n"
    "> A quoted screen about GPT-4o.\n\n"
    "[10:30] Sam Altman is on stage."
)


def test_live_blog_mentions_carry_the_clock_time(mentions):
    src = source(LIVE, type="liveblog", timestamps="clock")
    got = {
        m.surface: (m.clock, m.seconds, m.sentence) for m in mentions(src, REG) if m.paragraph >= 0
    }
    assert got == {
        "OpenAI": (None, None, "Intro before the event: OpenAI."),
        "o1": ("10:19", None, "The keynote opens with o1."),
        "GPT-4o": ("10:19", None, "A quoted screen about GPT-4o."),
        "Sam Altman": ("10:30", None, "Sam Altman is on stage."),
    }


def test_markers_are_not_times_in_an_untimed_source(mentions):
    src = source("[10:19] o1 ships.", type="blog")
    (m,) = [m for m in mentions(src, REG) if m.paragraph == 0]
    assert (m.seconds, m.clock, m.sentence) == (None, None, "o1 ships.")


def test_sources_come_back_in_input_order_with_their_ids():
    sources = [
        source("o1 here.", id="b"),
        source("OpenAI here.", id="a"),
        source("GPT-4o here.", id="c", type="podcast"),
    ]
    result = extract(sources, REG)
    assert [m.source for m in result.mentions] == ["b", "a", "c"]
    assert result.processed == ("b", "a", "c")


def test_progress_reports_every_source():
    calls = []
    extract(
        [source("o1", id="a"), source("o1", id="b")],
        REG,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[0] == (0, 2)
    assert calls[-1] == (2, 2)
