"""Quotes on entity pages deep-link to the paragraph (#p-N) and, in recordings, to the
second (#t-SECONDS) of the source page, and to the recording itself (YouTube &t=Ns)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sitekit as kit
from sitekit import Built

from kbgen.build import build
from kbgen.model import Source, SourceId
from kbgen.project import Project
from kbgen.site.entity import media_link
from kbgen.site.links import check_site
from kbgen.timecode import leading_marker


def _quote_links(built: Built, entity: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(quote text, [(class, href)]) for each quote on an entity page."""
    raw = built.page(f"entities/{entity}/").read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r'<blockquote class="kb-quote">(.*?)</blockquote>'
                         r'<p class="kb-quote-link">(.*?)</p>', raw, re.S):
        links = re.findall(r'<a (?:class="([^"]*)" )?href="([^"]*)"', m[2])
        out.append((re.sub(r"<[^>]+>", "", m[1]), links))
    return out


def test_podcast_quotes_link_paragraph_second_and_video(tiny_built: Built) -> None:
    quotes = _quote_links(tiny_built, "o1")
    spoken = [(q, links) for q, links in quotes if "talks about o1" in q]
    assert len(spoken) == 1
    (_, links), = spoken
    by_class = {cls: href for cls, href in links}
    assert by_class[""] == "../../sources/podcast/#p-1"
    assert by_class["kb-time"] == "../../sources/podcast/#t-65"
    assert by_class["kb-watch"] == "https://www.youtube.com/watch?v=abc123&amp;t=65s"
    source = kit.parse(tiny_built.page("sources/podcast/"))
    assert {"p-1", "t-65", "t-5", "t-130"} <= source.ids


def test_written_source_quotes_link_paragraphs_only(tiny_built: Built) -> None:
    quotes = _quote_links(tiny_built, "gpt-4o")
    written = [links for q, links in quotes if "announced GPT-4o today" in q]
    assert written == [[("", "../../sources/launch/#p-0")]]


def test_every_deep_link_of_the_tiny_site_resolves(tiny_built: Built) -> None:
    assert check_site(tiny_built.site) == []


def test_the_anchor_paragraph_holds_the_quote(tiny_built: Built) -> None:
    for entity in ("o1", "gpt-4o", "sam-altman", "openai"):
        for quote, links in _quote_links(tiny_built, entity):
            href = links[0][1]
            target, _, fragment = href.partition("#")
            page = (tiny_built.site / "entities" / entity / target / "index.html").resolve()
            if not fragment:  # a mention in the title links to the page itself
                assert quote in kit.parse(page).title, (entity, quote)
                continue
            assert quote in kit.paragraph_text(page, fragment), (entity, quote)


@pytest.mark.parametrize(("markers", "anchors", "label"), [
    (("[00:00:05]", "[00:01:05]"), ("t-5", "t-65"), "00:01:05"),
    (("[00:05]", "[01:05]"), ("t-5", "t-65"), "00:01:05"),  # MM:SS in a recording
    (("[0:00:05]", "[1:01:05]"), ("t-5", "t-3665"), "01:01:05"),
])
def test_offset_markers_of_any_width_get_second_anchors(tmp_path: Path, markers, anchors,
                                                         label) -> None:
    """Extraction reads [MM:SS] in a recording as minutes and seconds; the source page's
    anchors must agree, or every quote's #t- link from that transcript is broken."""
    root = kit.make_tiny(tmp_path / "p", sources={"2024/podcast.md": f"""\
        ---
        id: podcast
        title: A podcast about o1
        date: 2024-09-20
        type: podcast
        url: https://www.youtube.com/watch?v=abc123
        timestamps: offset
        ---

        {markers[0]} Welcome to the show.

        {markers[1]} Sam Altman talks about o1 and GPT-4o.
        """})
    report = build(Project(root))
    assert report.warnings == ()
    built = Built(root, report)
    assert set(anchors) <= kit.parse(built.page("sources/podcast/")).ids
    (_, links), = [(q, ls) for q, ls in _quote_links(built, "o1") if "talks about o1" in q]
    assert ("kb-time", f"../../sources/podcast/#{anchors[1]}") in links
    raw = built.page("entities/o1/").read_text(encoding="utf-8")
    assert f">{label}</a>" in raw


def test_a_quote_from_the_first_paragraph_of_a_transcript_links_its_second(
    tmp_path: Path,
) -> None:
    """The body of a file begins with a blank line; the first paragraph's marker counts."""
    root = kit.make_tiny(tmp_path / "p", sources={"2024/podcast.md": """\
        ---
        id: podcast
        title: A podcast
        date: 2024-09-20
        type: podcast
        url: https://www.youtube.com/watch?v=abc123
        timestamps: offset
        ---

        [00:00:07] Sam Altman talks about o1 first.

        [00:01:05] Then the rest.
        """})
    report = build(Project(root))
    built = Built(root, report)
    (_, links), = [(q, ls) for q, ls in _quote_links(built, "o1") if "talks about o1" in q]
    assert ("kb-time", "../../sources/podcast/#t-7") in links
    assert ("kb-watch", "https://www.youtube.com/watch?v=abc123&amp;t=7s") in links


def test_live_blog_clock_times_anchor_as_hours_and_minutes(tmp_path: Path) -> None:
    root = kit.make_tiny(tmp_path / "p", sources={"2024/live.md": """\
        ---
        id: live
        title: DevDay live blog
        date: 2024-10-01
        type: liveblog
        timestamps: clock
        timezone: America/Los_Angeles
        ---

        I am at DevDay.

        [10:19] The keynote starts with o1.

        [10:31] A realtime API for GPT-4o.
        """})
    report = build(Project(root))
    assert report.warnings == ()
    built = Built(root, report)
    source = kit.parse(built.page("sources/live/"))
    assert {"t-10-19", "t-10-31", "p-0", "p-1", "p-2"} <= source.ids
    (_, links), = [(q, ls) for q, ls in _quote_links(built, "o1") if "keynote" in q]
    assert links == [("", "../../sources/live/#p-1")]  # a clock time is not a media offset
    assert '<span class="kb-time">10:19</span>' in built.page("entities/o1/").read_text()


def _source(url: str | None) -> Source:
    return Source(SourceId("s"), "T", dt.date(2024, 1, 1), "podcast", "body", "s.md", url=url)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.youtube.com/watch?v=L_Guz73e6fw", "https://www.youtube.com/watch?v=L_Guz73e6fw&t=95s"),
    ("https://youtu.be/L_Guz73e6fw", "https://youtu.be/L_Guz73e6fw?t=95s"),
    ("https://example.com/episode.mp3", "https://example.com/episode.mp3#t=95"),
    ("https://example.com/post", None),
    (None, None),
])
def test_media_link(url, expected) -> None:
    assert media_link(_source(url), 95) == expected


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("[00:01:05] hi", "offset", ("t-65", "00:01:05")),
    ("[01:05] hi", "offset", ("t-65", "00:01:05")),
    ("[01:05] hi", "clock", ("t-1-05", "01:05")),
    ("[10:19] hi", None, ("t-10-19", "10:19")),
    ("[1:02:03] hi", None, ("t-3723", "01:02:03")),
    ("no marker", "offset", None),
    ("text [00:01:05] later", "offset", None),
])
def test_timestamp_anchor(text, kind, expected) -> None:
    marker = leading_marker(text)
    assert (marker.anchor(kind) if marker else None) == expected
