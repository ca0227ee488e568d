"""The page generators, called directly (no MkDocs): golden Markdown, and the rules
a reader relies on stated as properties, so a failure names the rule that broke.

The project is `generator_fixture`'s (the tiny project plus what makes each rule
visible). Every generated page is compared with tests/golden/site/pages/<path>, and
the list of pages with tests/golden/site/pages.txt; after a reviewed change, rewrite
them with

    python -m pytest tests/site/test_generators.py -p no:cacheprovider --update-goldens

The property tests beside the goldens check, on the same pages: the timeline's
years, months and entries newest first; sources newest first on the sources index,
the home page and entity pages (an entity's own timeline oldest first); quotes
grouped per source, one per sentence, those past the fourth folded; related
entities in their documented rank; the automatic family and developer comparisons;
dates written "13 May 2024" for readers and ISO in the sortable tables.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from generator_fixture import generate_pages, make_project

from kbgen.model import EntityId, Mention
from kbgen.site.context import SiteContext
from kbgen.site.entity import QUOTES_OPEN

GOLDEN_PAGES = Path(__file__).resolve().parents[1] / "golden" / "site" / "pages"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
HUMAN_DATE = re.compile(rf"(?:(?:[1-9]|[12][0-9]|3[01]) )?(?:(?:{'|'.join(MONTHS)}) )?\d{{4}}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Generated:
    pages: dict[str, str]  # docs path -> Markdown
    ctx: SiteContext


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = make_project(tmp_path_factory.mktemp("generators") / "project")
    pages, ctx = generate_pages(root)
    texts = {}
    for page in pages:
        assert isinstance(page.content, str), f"{page.path} is not text"
        texts[page.path] = page.content
    return Generated(texts, ctx)


# -- reading the generated Markdown ---------------------------------------------------------

def human_day(text: str) -> dt.date:
    """'13 May 2024' / 'May 2024' / '2024' -> the first day it can mean."""
    assert HUMAN_DATE.fullmatch(text), f"{text!r} is not written like '13 May 2024'"
    parts = text.split()
    day = int(parts[0]) if len(parts) == 3 else 1
    month = MONTHS.index(parts[-2]) + 1 if len(parts) >= 2 else 1
    return dt.date(int(parts[-1]), month, day)


def headings(text: str, level: int) -> list[tuple[str, str]]:
    """(heading, the text up to the next heading of this level or above), in order."""
    marks = "#" * level
    parts = re.split(rf"^({marks} .*)$", text, flags=re.M)
    return [(parts[i][level + 1:], parts[i + 1]) for i in range(1, len(parts), 2)]


def section(text: str, heading: str) -> str:
    found = [body for h, body in headings(text, 2) if h == heading]
    assert found, f"no '## {heading}' section"
    return found[0]


def spans(text: str, css_class: str) -> list[str]:
    return re.findall(rf'<span class="{css_class}">([^<]*)</span>', text)


def is_newest_first(days: list[dt.date]) -> bool:
    return days == sorted(days, reverse=True)


@dataclass(frozen=True)
class QuoteGroup:
    title: str
    meta: str  # "13 May 2024 · blog · 3 passages"
    open: list[str]  # the quotes shown, as HTML
    folded: list[str]  # the quotes under "N more from this source"
    summary: str | None


def quote_groups(page: str) -> list[QuoteGroup]:
    """The "What the sources say" groups of an entity page, in page order."""
    out = []
    for body in re.findall(r'<section class="kb-source-quotes">(.*?)</section>',
                           section(page, "What the sources say"), re.S):
        shown, _, more = body.partition('<details class="kb-more">')
        summary = re.search(r"<summary>(.*?)</summary>", more)
        out.append(QuoteGroup(
            title=re.search(r'<h3 class="kb-source-title"><a [^>]*>(.*?)</a></h3>', body)[1],
            meta=re.search(r'<p class="kb-source-meta">(.*?)</p>', body)[1],
            open=re.findall(r'<blockquote class="kb-quote">(.*?)</blockquote>', shown),
            folded=re.findall(r'<blockquote class="kb-quote">(.*?)</blockquote>', more),
            summary=summary[1] if summary else None,
        ))
    return out


def related_rows(page: str) -> list[tuple[str, int, int]]:
    """(entity id, passages together, number of registry relations) per related row."""
    table = re.search(r'<div class="kb-table-wrap kb-related">(.*?)</div>', page, re.S)
    if table is None:
        return []
    rows = re.findall(r'<tr><td><a href="\.\./([^/]+)/">[^<]*</a></td><td>[^<]*</td>'
                      r"<td>([^<]*)</td><td>([^<]*)</td></tr>", table[1])
    return [(eid, 0 if w == "—" else int(w), 0 if r == "—" else len(r.split(", ")))
            for eid, w, r in rows]


def table_rows(text: str) -> list[list[str]]:
    """The cells of every body row of the HTML tables in `text`, tags removed."""
    body = "".join(re.findall(r"<tbody>(.*?)</tbody>", text, re.S))
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def entity_pages(site: Generated) -> dict[str, str]:
    return {p.removeprefix("entities/").removesuffix(".md"): text
            for p, text in site.pages.items()
            if p.startswith("entities/") and p != "entities/index.md"}


# -- goldens ------------------------------------------------------------------------------

def test_the_generated_pages_are_the_golden_ones(site: Generated, golden,
                                                 request: pytest.FixtureRequest) -> None:
    """Byte for byte; the failure lists every page that differs, with the start of a diff."""
    golden("site/pages.txt", "".join(f"{path}\n" for path in sorted(site.pages)))
    if request.config.getoption("--update-goldens") and GOLDEN_PAGES.is_dir():
        for stale in GOLDEN_PAGES.rglob("*.md"):
            if stale.relative_to(GOLDEN_PAGES).as_posix() not in site.pages:
                stale.unlink()
    problems = []
    for path, text in sorted(site.pages.items()):
        try:
            golden(f"site/pages/{path}", text)
        except AssertionError as exc:
            expected = GOLDEN_PAGES / path
            old = expected.read_text(encoding="utf-8") if expected.exists() else ""
            diff = difflib.unified_diff(old.splitlines(), text.splitlines(),
                                        f"golden/{path}", f"generated/{path}", lineterm="", n=1)
            message = str(exc).splitlines()[0]
            problems.append(message + "\n" + "\n".join(list(diff)[:30]))
    assert not problems, "\n\n".join(problems)


# -- the timeline ---------------------------------------------------------------------------

def test_timeline_years_are_newest_first(site: Generated) -> None:
    years = [int(h) for h, _ in headings(site.pages["timeline/index.md"], 2)]
    assert len(years) >= 3, "the fixture should put the timeline over several years"
    assert years == sorted(years, reverse=True), f"timeline years out of order: {years}"


def test_timeline_months_are_newest_first_and_unknown_months_close_their_year(
    site: Generated,
) -> None:
    seen_unknown = False
    for year, body in headings(site.pages["timeline/index.md"], 2):
        months = [h for h, _ in headings(body, 3)]
        known = [human_day(m) for m in months if not m.endswith("month unknown")]
        assert is_newest_first(known), f"{year}: months out of order: {months}"
        assert all(m.startswith(year) for m in months[len(known):]), (
            f"{year}: 'month unknown' must close the year: {months}")
        seen_unknown |= len(known) < len(months)
    assert seen_unknown, "the fixture should have a fact known only to its year"


def test_timeline_entries_are_newest_first_and_dated_for_readers(site: Generated) -> None:
    page = site.pages["timeline/index.md"]
    for year, body in headings(page, 2):
        for month, items in headings(body, 3):
            days = [human_day(d) for d in spans(items, "kb-date")]
            assert days, f"{month} has no entries"
            assert is_newest_first(days), f"{month}: entries out of order: {days}"
            assert all(d.year == int(year) for d in days), f"{month}: an entry of another year"
    assert '<span class="kb-date">13 May 2024</span> <a href="../entities/gpt-4o/">' in page
    assert '<span class="kb-date">2021</span> <a href="../entities/anthropic/">' in page


# -- sources newest first -------------------------------------------------------------------

def test_the_sources_index_lists_sources_newest_first_with_iso_dates(site: Generated) -> None:
    rows = table_rows(site.pages["sources/index.md"])
    dates = [row[0] for row in rows]
    assert len(dates) == len(site.ctx.sources)
    assert all(ISO_DATE.fullmatch(d) for d in dates), dates
    assert dates == sorted(dates, reverse=True), f"sources out of order: {dates}"
    assert dates[0] == "2024-10-01" and dates[-1] == "2023-11-06"


def test_the_home_page_lists_the_latest_sources_newest_first(site: Generated) -> None:
    latest = re.search(r"<h3>Latest sources</h3>(.*?)</section>", site.pages["index.md"], re.S)
    assert latest, "no 'Latest sources' on the home page"
    days = [human_day(note.split(" · ")[0]) for note in spans(latest[1], "kb-note")]
    assert len(days) == len(site.ctx.sources)
    assert is_newest_first(days), f"latest sources out of order: {days}"


def test_entity_pages_quote_sources_newest_first(site: Generated) -> None:
    for entity_id, page in entity_pages(site).items():
        groups = quote_groups(page)
        days = [human_day(g.meta.split(" · ")[0]) for g in groups]
        assert is_newest_first(days), f"{entity_id}: quoted sources out of order: {days}"
    titles = [g.title for g in quote_groups(site.pages["entities/openai.md"])]
    assert titles == ["Live from an OpenAI event", "Notes on o1-preview and o1-mini",
                      "OpenAI launches GPT-4o", "OpenAI DevDay 2023 roundup"]


def test_an_entitys_own_timeline_is_oldest_first(site: Generated) -> None:
    page = site.pages["entities/openai.md"]
    days = [human_day(d) for d in spans(section(page, "Timeline"), "kb-date")]
    assert len(days) == 4
    assert days == sorted(days), f"the entity timeline should read oldest first: {days}"


# -- quotes ---------------------------------------------------------------------------------

def _sentences(mentions: tuple[Mention, ...], source_id: str) -> int:
    return len({(m.paragraph, m.sentence_start) for m in mentions if m.source == source_id})


def test_quotes_are_grouped_per_source_one_per_sentence(site: Generated) -> None:
    titles = {s.id: s.title for s in site.ctx.sources}
    for entity_id, page in entity_pages(site).items():
        mentions = site.ctx.mentions_of.get(EntityId(entity_id), ())
        groups = quote_groups(page)
        quoted = [g.title for g in groups]
        assert len(quoted) == len(set(quoted)), f"{entity_id}: a source has two groups: {quoted}"
        expected = {titles[s] for s in {m.source for m in mentions}}
        assert set(quoted) == expected, f"{entity_id}: groups {quoted}, sources {expected}"
        for g in groups:
            source_id = next(s for s, t in titles.items() if t == g.title)
            n = _sentences(mentions, source_id)
            assert len(g.open) + len(g.folded) == n, (
                f"{entity_id}: {g.title}: {len(g.open) + len(g.folded)} quotes for {n} sentences")
            assert g.meta.endswith(f" · {n} passage{'s' if n != 1 else ''}"), g.meta


def test_two_mentions_in_one_sentence_share_one_quote(site: Generated) -> None:
    notes = next(g for g in quote_groups(site.pages["entities/gpt-4o.md"])
                 if g.title == "Notes on o1-preview and o1-mini")
    first = notes.open[0]
    assert first == ("<mark>GPT-4o</mark> is still the default model, and "
                     "<mark>GPT-4o</mark> is fast."), first


def test_quotes_past_the_fourth_of_a_source_are_folded(site: Generated) -> None:
    folded_somewhere = False
    for entity_id, page in entity_pages(site).items():
        for g in quote_groups(page):
            total = len(g.open) + len(g.folded)
            assert len(g.open) == min(total, QUOTES_OPEN), f"{entity_id}: {g.title}"
            if total > QUOTES_OPEN:
                folded_somewhere = True
                assert g.summary == f"{total - QUOTES_OPEN} more from this source", g.summary
            else:
                assert g.summary is None, f"{entity_id}: {g.title}: nothing to fold"
    assert folded_somewhere, "the fixture should quote one entity more than four times in a source"
    notes = next(g for g in quote_groups(site.pages["entities/gpt-4o.md"])
                 if g.title == "Notes on o1-preview and o1-mini")
    assert (len(notes.open), len(notes.folded)) == (4, 2)


# -- related entities -----------------------------------------------------------------------

def test_related_entities_are_ranked_by_passages_then_relations_then_id(site: Generated) -> None:
    """The rank `SiteContext.related` documents: co-mention passages (most first), then
    registry relations on ties (more first), then the id."""
    for entity_id, page in entity_pages(site).items():
        rows = related_rows(page)
        assert rows == sorted(rows, key=lambda r: (-r[1], -r[2], r[0])), (
            f"{entity_id}: related entities out of rank: {rows}")
        for other, weight, _ in rows:
            passages = site.ctx.co_mention(EntityId(entity_id), EntityId(other))[0]
            assert weight == passages, f"{entity_id} - {other}: {weight} shown, {passages} known"


def test_related_ranking_is_visible_in_the_fixture(site: Generated) -> None:
    """Not the alphabetical order, and a tie on passages decided by a relation."""
    assert [r[0] for r in related_rows(site.pages["entities/openai.md"])] == [
        "sam-altman", "gpt-4o", "chatgpt", "o1-mini", "o1-preview", "o1"]
    assert related_rows(site.pages["entities/o1-mini.md"]) == [
        ("o1-preview", 3, 0), ("openai", 1, 1), ("gpt-4o", 1, 0), ("o1", 0, 1)]


# -- comparisons ----------------------------------------------------------------------------

def _columns(page: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", page, re.S)
    assert head, "no table"
    return re.findall(r'<th scope="col"><a href="\.\./\.\./entities/([^/]+)/">', head[1])


def test_model_families_and_developers_get_automatic_comparisons(site: Generated) -> None:
    family = site.pages.get("compare/o1-family.md")
    assert family is not None, "no automatic comparison for the o1 family"
    assert "\n# The o1 family\n" in family
    assert _columns(family) == ["o1-mini", "o1-preview"]  # release date, then id
    lineup = site.pages.get("compare/openai-models.md")
    assert lineup is not None, "no automatic comparison of OpenAI's models"
    assert "\n# Models by OpenAI\n" in lineup
    # oldest first; o1 has no release date and comes last
    assert _columns(lineup) == ["gpt-4o", "o1-mini", "o1-preview", "o1"]


def test_automatic_comparisons_are_listed_and_linked(site: Generated) -> None:
    registry = section(site.pages["compare/index.md"], "From the registry")
    assert '<a href="o1-family/">The o1 family</a>' in registry
    assert '<a href="openai-models/">Models by OpenAI</a>' in registry
    compared = section(site.pages["entities/o1-mini.md"], "Compared in")
    assert '<a href="../../compare/o1-family/">The o1 family</a>' in compared
    assert '<a href="../../compare/openai-models/">Models by OpenAI</a>' in compared


# -- dates ----------------------------------------------------------------------------------

def test_dates_for_readers_are_written_day_month_year(site: Generated) -> None:
    for path, text in site.pages.items():
        for d in spans(text, "kb-date"):
            assert HUMAN_DATE.fullmatch(d), f"{path}: date {d!r} is not like '13 May 2024'"
    gpt = site.pages["entities/gpt-4o.md"]
    assert '<th scope="row">Released</th><td>13 May 2024 <sup>' in gpt
    assert '<th scope="row">First seen</th><td>13 May 2024</td>' in gpt
    assert '<th scope="row">Last seen</th><td>20 September 2024</td>' in gpt
    assert "<dt>Date</dt><dd>6 November 2023</dd>" in site.pages["sources/devday-2023.md"]
    metas = [g.meta for g in quote_groups(site.pages["entities/openai.md"])]
    assert metas[-1] == "6 November 2023 · newsletter · Example Weekly · 5 passages"
    assert "<td>12 September 2024 <sup>" in site.pages["compare/o1-family.md"]


def test_the_entities_index_gives_iso_first_and_last_seen(site: Generated) -> None:
    rows = {row[0]: row for row in table_rows(site.pages["entities/index.md"])}
    assert rows["GPT-4o"][3:] == ["2024-05-13", "2024-09-20"]
    assert all(ISO_DATE.fullmatch(d) for row in rows.values() for d in row[3:]), rows


# -- the pages themselves -------------------------------------------------------------------

def test_every_entity_and_source_has_a_page(site: Generated) -> None:
    entities = {e.id for e in site.ctx.registry}
    assert set(entity_pages(site)) == entities
    assert {p for p in site.pages if p.startswith("sources/")} == {
        "sources/index.md", *(f"sources/{s.id}.md" for s in site.ctx.sources)}
    counts = Counter(p.split("/")[0] for p in site.pages)
    assert counts["compare"] == 3 and counts["timeline"] == 1 and counts["graph"] == 1
