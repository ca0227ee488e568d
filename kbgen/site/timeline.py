"""The timeline (`timeline/`): sources and dated facts, by year and month.

Releases, launches and events come from the registry's dated facts, each cited;
sources come with the entities they mention most. Months are headings, so the
page's table of contents doubles as a year/month index.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from markupsafe import Markup

from kbgen.model import Page
from kbgen.site import facts as factlib
from kbgen.site.context import SiteContext
from kbgen.site.generators import generator
from kbgen.site.markup import environment, front_matter, rel

PAGE_URL = "timeline/"
SINCE = 2015
TOP_ENTITIES = 8


def entries(ctx: SiteContext) -> list[dict]:
    items = []
    for d in factlib.dated_facts(ctx.registry, since=SINCE):
        items.append(
            {
                "day": d.day,
                "date": factlib.human_date(d.date),
                "kind": "fact",
                "precision": len(d.date.split("-")),
                "type": d.entity.type,
                "html": Markup('<a href="{0}">{1}</a> {2}').format(
                    rel(PAGE_URL, f"entities/{d.entity.id}/"), d.entity.name, d.verb
                ),
                "cite": factlib.cite(d.source),
            }
        )
    for source in ctx.sources:
        counts = Counter(m.entity for m in ctx.mentions_in.get(source.id, ()))
        top = [
            ctx.registry.get(e) for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        links = Markup(", ").join(
            Markup('<a href="{0}">{1}</a>').format(rel(PAGE_URL, f"entities/{e.id}/"), e.name)
            for e in top[:TOP_ENTITIES]
            if e
        )
        items.append(
            {
                "day": source.date,
                "date": factlib.human_date(source.date.isoformat()),
                "kind": "source",
                "precision": 3,
                "type": source.type,
                "html": Markup('<a href="{0}">{1}</a> <span class="kb-note">({2})</span>').format(
                    rel(PAGE_URL, f"sources/{source.id}/"), source.title, source.type
                ),
                "cite": Markup(""),
                "entities": links,
                "more": max(0, len(top) - TOP_ENTITIES),
            }
        )
    return sorted(items, key=lambda i: (i["day"], i["kind"] != "source", str(i["html"])))


@generator("timeline")
def timeline_page(ctx: SiteContext) -> Iterator[Page]:
    years: defaultdict[int, defaultdict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for item in entries(ctx):
        month = "" if item["precision"] == 1 else f"{item['day']:%B %Y}"
        years[item["day"].year][month].append(item)
    # newest first throughout; facts known only to the year close their year
    ordered = [
        (
            year,
            sorted(
                ((m, items[::-1]) for m, items in months.items()),
                key=lambda kv: (kv[0] == "", -kv[1][0]["day"].toordinal()),
            ),
        )
        for year, months in sorted(years.items(), reverse=True)
    ]
    body = environment().get_template("timeline.md.j2").render(years=ordered, since=SINCE)
    meta = {
        "title": "Timeline",
        "description": "AI models, features, products and events, with the sources "
        "that covered them, by month.",
    }
    yield Page("timeline/index.md", front_matter(meta) + body, "Timeline")
