"""The repository's content, built: the contract URLs exist, and what a reader would
check first holds (quotes highlight the entity and deep-link to an existing paragraph
or second, comparisons mark missing values, exports parse)."""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sitekit as kit
from sitekit import Built

from kbgen.check import load_content
from kbgen.project import Project
from kbgen.site.links import check_site

pytestmark = pytest.mark.slow

LEX = "sam-altman-openai-ceo-on-gpt-4-chatgpt-and-the-future-of-ai"  # seed 001
LATENT_SPACE = "openai-devday-2024-recap-and-interviews-from-the-event"  # seed 004


def _source_ids(root: Path) -> list[str]:
    return [s.id for s in load_content(Project(root)).sources]


@pytest.mark.parametrize("url", [
    "", "entities/", "entities/gpt-4o/", "entities/o1/", "entities/realtime-api/",
    "entities/sam-altman/", "timeline/", "compare/", "compare/gpt-4-vs-gpt-4o-vs-o1/",
    "sources/", "graph/", "tags/", "about/",
])
def test_contract_pages_exist(full_build: Built, url: str) -> None:
    path = full_build.page(url)
    assert path.is_file(), url
    assert kit.parse(path).find("h1"), f"{url} has no heading"


def test_every_source_has_its_page(full_build: Built) -> None:
    ids = _source_ids(full_build.root)
    assert len(ids) == 5
    for source_id in ids:
        doc = kit.parse(full_build.page(f"sources/{source_id}/"))
        assert "p-0" in doc.ids, source_id


def test_every_entity_has_its_page(full_build: Built) -> None:
    ids = {p.stem for p in (full_build.root / "content" / "entities").glob("*.md")}
    built = {p.name for p in (full_build.site / "entities").iterdir() if p.is_dir()}
    assert ids == built


def test_graph_exports_at_the_root_parse(full_build: Built) -> None:
    data = json.loads((full_build.site / "graph.json").read_text(encoding="utf-8"))
    assert data["graph"]["schema_version"] == 1
    ids = {n["id"] for n in data["nodes"]}
    assert {"entity:gpt-4o", "entity:o1", "entity:realtime-api", "entity:sam-altman"} <= ids
    assert {f"source:{s}" for s in _source_ids(full_build.root)} <= ids
    for name in ("graph.graphml", "graph.gexf"):
        root = ET.parse(full_build.site / name).getroot()
        assert root.tag.endswith(name.split(".")[1]), name


def test_the_built_site_has_no_broken_internal_link(full_build: Built) -> None:
    assert check_site(full_build.site) == []
    assert full_build.report.warnings == ()


def test_the_built_site_runs_only_the_themes_script(full_build: Built) -> None:
    assert kit.active_content(full_build.site) == []


# -- entity pages: quotes and deep links ------------------------------------------------------

def _quotes(built: Built, url: str) -> list[tuple[str, list[str], list[str]]]:
    """(quote html, marked texts, hrefs of its links) for each quote on an entity page."""
    raw = built.page(url).read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r'<blockquote class="kb-quote">(.*?)</blockquote>'
                         r'<p class="kb-quote-link">(.*?)</p>', raw, re.S):
        marks = re.findall(r"<mark>(.*?)</mark>", m[1])
        out.append((m[1], marks, re.findall(r'href="([^"]*)"', m[2])))
    return out


def _target(page_url: str, href: str) -> tuple[str, str]:
    path, _, fragment = href.partition("#")
    return posixpath.normpath(posixpath.join(page_url, path)) + "/", fragment


def test_gpt_4o_quotes_highlight_gpt_4o(full_build: Built) -> None:
    quotes = _quotes(full_build, "entities/gpt-4o/")
    assert len(quotes) >= 20
    assert all(marks for _, marks, _ in quotes)
    assert any("GPT-4o" in marks for _, marks, _ in quotes)
    # a written source quoted verbatim, with the name in <mark>
    assert any("<mark>GPT-4o</mark>" in html and "novel architecture" in html
               for html, _, _ in quotes)


def test_gpt_4o_deep_links_land_on_existing_paragraphs(full_build: Built) -> None:
    page = "entities/gpt-4o/"
    checked = 0
    for _, _, hrefs in _quotes(full_build, page):
        target, fragment = _target(page, hrefs[0])
        assert re.fullmatch(r"sources/[a-z0-9-]+/", target), hrefs[0]
        assert re.fullmatch(r"p-\d+", fragment), hrefs[0]
        assert fragment in kit.parse(full_build.page(target)).ids, hrefs[0]
        checked += 1
    assert checked >= 20


def test_a_deep_link_paragraph_holds_the_quoted_sentence(full_build: Built) -> None:
    page = "entities/gpt-4o/"
    _, _, hrefs = next(q for q in _quotes(full_build, page) if "novel architecture" in q[0])
    target, fragment = _target(page, hrefs[0])
    paragraph = kit.paragraph_text(full_build.page(target), fragment)
    assert "The new model that OpenAI created, GPT-4o, which has a novel architecture" in paragraph


def test_transcript_quotes_link_to_the_second(full_build: Built) -> None:
    page = "entities/gpt-4o/"
    timed = [(hrefs, html) for html, _, hrefs in _quotes(full_build, page)
             if any(f"sources/{LATENT_SPACE}/#t-" in h for h in hrefs)]
    assert len(timed) >= 5
    source = kit.parse(full_build.page(f"sources/{LATENT_SPACE}/"))
    for hrefs, _ in timed:
        href = next(h for h in hrefs if "#t-" in h)
        fragment = href.partition("#")[2]
        assert re.fullmatch(r"t-\d+", fragment)
        assert fragment in source.ids, href


def test_timestamp_label_matches_the_anchor_second(full_build: Built) -> None:
    raw = full_build.page("entities/gpt-4o/").read_text(encoding="utf-8")
    pairs = re.findall(r'<a class="kb-time" href="[^"]*#t-(\d+)">(\d\d):(\d\d):(\d\d)</a>', raw)
    assert pairs
    for seconds, h, m, s in pairs:
        assert int(seconds) == int(h) * 3600 + int(m) * 60 + int(s)


def test_lex_fridman_quotes_carry_no_invented_times(full_build: Built) -> None:
    """Seed 001 (YouTube auto-captions) came without any timing at all, so its quotes
    link to paragraphs only: no #t- anchor and no YouTube &t= link is made up."""
    raw = full_build.page("entities/sam-altman/").read_text(encoding="utf-8")
    section = raw.split(f'href="../../sources/{LEX}/"', 1)
    assert len(section) == 2, "the Lex Fridman podcast is not quoted on Sam Altman's page"
    group = section[1].split("</section>", 1)[0]
    assert "#p-" in group
    assert "#t-" not in group and "youtube.com" not in group


def test_comparison_marks_missing_values(full_build: Built) -> None:
    raw = full_build.page("compare/gpt-4-vs-gpt-4o-vs-o1/").read_text(encoding="utf-8")
    table = raw.split('<h2 id="facts">', 1)[1].split("</table>", 1)[0]  # the first table
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    cells = [c for row in rows for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    missing = [c for c in cells if 'class="kb-missing"' in c]
    assert missing and all(re.search(r">—</span>$", c) for c in missing)
    # every other fact cell has its citation
    facts = [c for row in rows if "In the sources" not in row
             for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert all('class="kb-missing"' in c or 'class="kb-cite"' in c for c in facts)
    headers = re.findall(r'<th scope="col"><a href="([^"]*)">([^<]*)</a></th>', table)
    assert [name for _, name in headers] == ["GPT-4", "GPT-4o", "o1"]


def test_realtime_api_page_quotes_the_live_blog(full_build: Built) -> None:
    quotes = _quotes(full_build, "entities/realtime-api/")
    assert any("sources/openai-devday-2024-live-blog/#p-" in h for _, _, hrefs in quotes
               for h in hrefs)
    assert any(m.lower().replace("-", " ").replace("  ", " ") in ("realtime api", "real time api")
               for _, marks, _ in quotes for m in marks)
