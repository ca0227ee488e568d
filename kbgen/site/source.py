"""Source pages (`sources/<id>/`): the normalized text with every mention linked.

The page is where entity-page quotes land: each paragraph has an anchor `#p-N`,
each timestamp marker an anchor `#t-SECONDS` (live blogs: `#t-HH-MM`), and each
mention links to its entity page. Above the text: where the source comes from,
and the entities it mentions, grouped by type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from kbgen.model import Page, Source
from kbgen.site import prose
from kbgen.site.context import SiteContext
from kbgen.site.entity import TYPE_PLURALS
from kbgen.site.facts import human_date
from kbgen.site.generators import generator
from kbgen.site.markup import environment, front_matter, rel, tag, title

TYPE_ORDER = ("model", "feature", "product", "org", "person", "event")


def render(ctx: SiteContext, source: Source) -> str:
    page_url = f"sources/{source.id}/"
    mentions = ctx.mentions_in.get(source.id, ())
    counts = Counter(m.entity for m in mentions)
    groups = []
    for etype in TYPE_ORDER:
        known = [e for e in map(ctx.registry.get, counts) if e is not None]
        members = sorted(
            (e for e in known if e.type == etype),
            key=lambda e: (-counts[e.id], e.name.lower()),
        )
        if members:
            groups.append(
                {
                    "label": TYPE_PLURALS[etype],
                    "type": etype,
                    "members": [
                        {
                            "name": e.name,
                            "href": rel(page_url, f"entities/{e.id}/"),
                            "count": counts[e.id],
                        }
                        for e in members
                    ],
                }
            )
    entity_url = {e.id: f"entities/{e.id}/" for e in ctx.registry}
    names = {e.id: e.name for e in ctx.registry}
    body_html = prose.render_body(source, mentions, page_url, entity_url, names)
    meta = {
        "title": title(source.title),
        "description": title(source.subtitle or f"{source.type} from {source.date}"),
        "tags": sorted({tag(source.type.capitalize()), *(tag(t) for t in source.tags)} - {""}),
    }
    body = (
        environment()
        .get_template("source.md.j2")
        .render(
            source=source,
            date=human_date(source.date.isoformat()),
            groups=groups,
            body=body_html,
            mention_count=len(mentions),
            entity_count=len(counts),
            date_note={
                "event": "date of the event",
                "recorded": "date of recording",
                "updated": "last updated",
            }.get(source.date_kind),
            timestamps={
                "offset": "Timestamps are offsets into the recording",
                "clock": "Times are the live blog's local times"
                + (f" ({source.timezone})" if source.timezone else ""),
            }.get(source.timestamps or ""),
            index_href=rel(page_url, "sources/"),
        )
    )
    return front_matter(meta) + body


@generator("source")
def source_pages(ctx: SiteContext) -> Iterator[Page]:
    for source in ctx.sources:
        yield Page(f"sources/{source.id}.md", render(ctx, source), source.title)
