"""Comparison pages (`compare/<slug>/`): facts side by side, every cell cited.

Sets come from `content/comparisons.yaml` and, automatically, from the registry
(`kbgen.content.comparisons.automatic`). A value the registry lacks is shown as
missing, never guessed. Up to five entities are columns (side by side); larger
sets turn into one row per entity.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from kbgen.content.comparisons import Comparison
from kbgen.content.schema_entities import FACT_SPECS
from kbgen.model import Entity, EntityId, Page
from kbgen.site import facts as factlib
from kbgen.site.context import SiteContext
from kbgen.site.generators import generator
from kbgen.site.markup import environment, front_matter, rel, title

SIDE_BY_SIDE = 5
MATRIX_MAX = 8
_MISSING = Markup('<span class="kb-missing" title="not recorded in the registry">—</span>')


def all_comparisons(ctx: SiteContext) -> list[Comparison]:
    """Declared comparisons, then the registry's automatic ones (computed once, in the
    context)."""
    return list(ctx.comparisons)


def comparisons_with(ctx: SiteContext, entity_id: EntityId) -> list[Comparison]:
    return [c for c in all_comparisons(ctx) if entity_id in c.entities]


def fact_keys(entities: list[Entity], chosen: tuple[str, ...]) -> list[str]:
    if chosen:
        return list(chosen)
    order = [s.key for specs in FACT_SPECS.values() for s in specs]
    have = {f.key for e in entities for f in e.facts}
    return list(dict.fromkeys(k for k in order if k in have))


def cell(ctx: SiteContext, entity: Entity, key: str, page_url: str) -> Markup:
    found = factlib.rows(entity, ctx.registry, page_url, keys=(key,))
    if not found:
        return _MISSING
    row = found[0]
    return Markup("{0} <sup>{1}</sup>").format(row.value, factlib.cite(row.source))


def render(ctx: SiteContext, comparison: Comparison) -> str:
    page_url = f"compare/{comparison.slug}/"
    entities = [e for e in (ctx.registry.get(i) for i in comparison.entities) if e]
    keys = fact_keys(entities, comparison.facts)
    columns = [
        {
            "name": e.name,
            "href": rel(page_url, f"entities/{e.id}/"),
            "type": e.type,
            "mentions": ctx.mention_count(e.id),
            "sources": len(ctx.source_ids(e.id)),
        }
        for e in entities
    ]
    rows = [
        {"label": factlib.label_for(k), "cells": [cell(ctx, e, k, page_url) for e in entities]}
        for k in keys
    ]
    matrix = []
    if len(entities) <= MATRIX_MAX:
        for a in entities:
            matrix.append(
                {
                    "name": a.name,
                    "cells": [
                        None if a.id == b.id else ctx.co_mention(a.id, b.id) for b in entities
                    ],
                }
            )
    coverage = {k: sum(1 for e in entities if e.fact(k)) for k in keys}
    body = (
        environment()
        .get_template("compare.md.j2")
        .render(
            comparison=comparison,
            columns=columns,
            rows=rows,
            keys=keys,
            matrix=matrix,
            side_by_side=len(entities) <= SIDE_BY_SIDE,
            coverage=coverage,
            entity_rows=[
                {"col": c, "cells": [r["cells"][i] for r in rows]} for i, c in enumerate(columns)
            ],
            labels=[factlib.label_for(k) for k in keys],
            index_href=rel(page_url, "compare/"),
        )
    )
    meta = {
        "title": title(comparison.title),
        "description": title(comparison.description or comparison.title),
    }
    return front_matter(meta) + body


@generator("compare")
def comparison_pages(ctx: SiteContext) -> Iterator[Page]:
    for comparison in all_comparisons(ctx):
        yield Page(f"compare/{comparison.slug}.md", render(ctx, comparison), comparison.title)
