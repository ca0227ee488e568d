"""Index pages: home, all entities by type, all sources, all comparisons, tags.

These are the pages in the navigation (sections only: entity pages are reached
from them, from search and from each other — a full nav of hundreds of pages makes
every page slower and heavier).
"""

from __future__ import annotations

from collections.abc import Iterator

from kbgen.model import Entity, Page
from kbgen.site import facts as factlib
from kbgen.site.compare import all_comparisons
from kbgen.site.context import SiteContext
from kbgen.site.entity import TYPE_LABELS, TYPE_PLURALS
from kbgen.site.generators import generator
from kbgen.site.markup import environment, front_matter, rel
from kbgen.site.source import TYPE_ORDER

HOME_SOURCES = 8
HOME_FACTS = 10
HOME_BIGGEST = 16


def _entity_row(ctx: SiteContext, entity: Entity, page_url: str) -> dict:
    seen = ctx.seen(entity.id)
    return {
        "name": entity.name,
        "href": rel(page_url, f"entities/{entity.id}/"),
        "type": TYPE_LABELS[entity.type],
        "mentions": ctx.mention_count(entity.id),
        "sources": len(ctx.source_ids(entity.id)),
        "first": seen[0].isoformat() if seen else "",
        "last": seen[1].isoformat() if seen else "",
    }


@generator("indexes")
def index_pages(ctx: SiteContext) -> Iterator[Page]:
    env = environment()

    # entities/: every entity, grouped by type, most mentioned first
    url = "entities/"
    groups = []
    for etype in TYPE_ORDER:
        members = [e for e in ctx.ranked_entities() if e.type == etype]
        groups.append(
            {
                "label": TYPE_PLURALS[etype],
                "type": etype,
                "mentioned": [_entity_row(ctx, e, url) for e in members if ctx.mention_count(e.id)],
                "unmentioned": [
                    _entity_row(ctx, e, url) for e in members if not ctx.mention_count(e.id)
                ],
            }
        )
    meta = {
        "title": "Entities",
        "description": "Every model, person, organization, product, "
        "feature and event in the knowledge base.",
    }
    yield Page(
        "entities/index.md",
        front_matter(meta)
        + env.get_template("entities.md.j2").render(groups=groups, total=len(ctx.registry)),
        "Entities",
    )

    # sources/: newest first
    url = "sources/"
    rows = [
        {
            "title": s.title,
            "href": rel(url, f"sources/{s.id}/"),
            "date": s.date.isoformat(),
            "type": s.type,
            "publisher": s.publisher or "",
            "mentions": len(ctx.mentions_in.get(s.id, ())),
            "entities": len({m.entity for m in ctx.mentions_in.get(s.id, ())}),
        }
        for s in sorted(ctx.sources, key=lambda s: (s.date, s.id), reverse=True)
    ]
    meta = {
        "title": "Sources",
        "description": "The posts, live blogs and transcripts the knowledge base is built from.",
    }
    yield Page(
        "sources/index.md",
        front_matter(meta) + env.get_template("sources.md.j2").render(rows=rows),
        "Sources",
    )

    # compare/
    url = "compare/"
    comparisons = all_comparisons(ctx)
    items = [
        {
            "title": c.title,
            "href": rel(url, f"compare/{c.slug}/"),
            "count": len(c.entities),
            "automatic": c.automatic,
            "description": c.description,
        }
        for c in comparisons
    ]
    meta = {"title": "Comparisons", "description": "Facts side by side, every cell cited."}
    yield Page(
        "compare/index.md",
        front_matter(meta) + env.get_template("compare_index.md.j2").render(items=items),
        "Comparisons",
    )

    # tags/: the tags plugin fills in the listing
    meta = {"title": "Tags", "description": "Entities and sources by tag."}
    yield Page("tags/index.md", front_matter(meta) + "# Tags\n\n<!-- material/tags -->\n", "Tags")

    # home
    url = ""
    recent = sorted(ctx.sources, key=lambda s: (s.date, s.id), reverse=True)[:HOME_SOURCES]
    latest_facts = factlib.dated_facts(ctx.registry)[-HOME_FACTS:][::-1]
    home = env.get_template("home.md.j2").render(
        stats={
            "sources": len(ctx.sources),
            "entities": len(ctx.registry),
            "mentions": len(ctx.mentions),
            "mentioned": sum(1 for e in ctx.registry if ctx.mention_count(e.id)),
        },
        recent=[
            {
                "title": s.title,
                "href": rel(url, f"sources/{s.id}/"),
                "date": factlib.human_date(s.date.isoformat()),
                "type": s.type,
                "entities": len({m.entity for m in ctx.mentions_in.get(s.id, ())}),
            }
            for s in recent
        ],
        facts=[
            {
                "date": factlib.human_date(d.date),
                "name": d.entity.name,
                "verb": d.verb,
                "href": rel(url, f"entities/{d.entity.id}/"),
                "cite": factlib.cite(d.source),
            }
            for d in latest_facts
        ],
        biggest=[
            _entity_row(ctx, e, url)
            for e in ctx.ranked_entities()[:HOME_BIGGEST]
            if ctx.mention_count(e.id)
        ],
        comparisons=[
            {"title": c.title, "href": rel(url, f"compare/{c.slug}/")}
            for c in comparisons
            if not c.automatic
        ][:6],
        links={
            k: rel(url, v)
            for k, v in {
                "entities": "entities/",
                "timeline": "timeline/",
                "compare": "compare/",
                "sources": "sources/",
                "graph": "graph/",
                "json": "graph.json",
            }.items()
        },
    )
    meta = {
        "title": "Home",
        "description": "An AI-news knowledge base where every claim "
        "links to the sentence it came from.",
    }
    yield Page("index.md", front_matter(meta) + home, "Home")
