"""Entity pages (`entities/<id>/`): facts, description, and what every source says.

Each mention is shown as the sentence it occurs in, with the entity highlighted,
grouped by source (newest first) and deep-linked to the paragraph of the source
page, and for recordings to the second (with `?t=` on the video where there is
one). Mentions in the same sentence share one quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from kbgen.model import TITLE, Entity, Mention, Page, Source
from kbgen.site import facts as factlib
from kbgen.site import prose, svg
from kbgen.site.compare import comparisons_with
from kbgen.site.context import Related, SiteContext
from kbgen.site.generators import generator
from kbgen.site.markup import environment, front_matter, md, rel, tag, title
from kbgen.timecode import format_seconds

TYPE_LABELS = {
    "model": "Model",
    "person": "Person",
    "org": "Organization",
    "product": "Product",
    "feature": "Feature",
    "event": "Event",
}
TYPE_PLURALS = {
    "model": "Models",
    "person": "People",
    "org": "Organizations",
    "product": "Products",
    "feature": "Features",
    "event": "Events",
}
QUOTES_OPEN = 4  # quotes per source shown before "more"


@dataclass(frozen=True)
class Quote:
    html: Markup
    href: str
    where: str  # "¶ 12", "title"
    time_label: str | None
    time_href: str | None
    watch_href: str | None


@dataclass(frozen=True)
class SourceQuotes:
    source: Source
    href: str
    quotes: tuple[Quote, ...]


def media_link(source: Source, seconds: int) -> str | None:
    """The recording itself at `seconds`, where the URL supports it."""
    url = source.url or ""
    if "youtube.com/watch" in url or "youtu.be/" in url:
        return f"{url}{'&' if '?' in url else '?'}t={seconds}s"
    if url.lower().endswith((".mp3", ".m4a", ".mp4", ".ogg", ".wav", ".webm")):
        return f"{url}#t={seconds}"
    return None


def quotes_for(ctx: SiteContext, entity: Entity, page_url: str) -> list[SourceQuotes]:
    by_source: defaultdict[str, list[Mention]] = defaultdict(list)
    for m in ctx.mentions_of.get(entity.id, ()):
        by_source[m.source].append(m)
    out = []
    for source_id in ctx.source_ids(entity.id):
        source = ctx.by_source[source_id]
        source_url = f"sources/{source.id}/"
        groups: defaultdict[tuple[int, int], list[Mention]] = defaultdict(list)
        for m in by_source[source_id]:
            groups[(m.paragraph, m.sentence_start)].append(m)
        quotes = []
        targets = prose.anchor_targets(source)
        for (paragraph, _), ms in sorted(groups.items(), key=lambda kv: (kv[0][0] < 0, kv[0])):
            first = ms[0]
            spans = sorted({(m.start - m.sentence_start, m.end - m.sentence_start) for m in ms})
            spans = [(a, b) for a, b in spans if 0 <= a < b <= len(first.sentence)]
            anchor = f"#p-{targets[paragraph]}" if 0 <= paragraph < len(targets) else ""
            time_label = time_href = watch = None
            if first.seconds is not None:
                s = first.seconds
                time_label = format_seconds(s)
                time_href = rel(page_url, f"{source_url}#t-{s}")
                watch = media_link(source, s)
            elif first.clock:
                time_label = first.clock
            quotes.append(
                Quote(
                    html=prose.quote(first.sentence, spans),
                    href=rel(page_url, source_url + anchor),
                    where=f"¶ {paragraph}"
                    if paragraph >= 0
                    else ("title" if paragraph == TITLE else "subtitle"),
                    time_label=time_label,
                    time_href=time_href,
                    watch_href=watch,
                )
            )
        out.append(SourceQuotes(source, rel(page_url, source_url), tuple(quotes)))
    return out


PICTURE_NEIGHBOURS = 12


def neighbourhood(
    ctx: SiteContext, entity: Entity, page_url: str, related: list[Related]
) -> Markup:
    """The entity and its closest neighbours (the first of `related`) as SVG."""
    related = related[:PICTURE_NEIGHBOURS]
    if not related:
        return Markup("")
    top = max((r.weight for r in related), default=1) or 1
    most = max((ctx.mention_count(r.entity.id) for r in related), default=1) or 1
    center = svg.Node(entity.id, entity.name, entity.type, "./", 1.0)
    ring = []
    for r in related:
        node = svg.Node(
            r.entity.id,
            r.entity.name,
            r.entity.type,
            rel(page_url, f"entities/{r.entity.id}/"),
            (ctx.mention_count(r.entity.id) / most) ** 0.5,
            f"{r.entity.name} ({TYPE_LABELS[r.entity.type]})",
        )
        label = ", ".join(r.relations) or f"mentioned together in {r.weight} passage(s)"
        edge = svg.Edge(
            entity.id,
            r.entity.id,
            r.weight / top if r.weight else 0.15,
            dashed=not r.weight,
            title=f"{entity.name} — {r.entity.name}: {label}",
        )
        ring.append((node, edge))
    return svg.neighbourhood(center, ring)


def chart(ctx: SiteContext, entity: Entity) -> Markup:
    monthly = ctx.monthly(entity.id)
    if not monthly:
        return Markup("")
    months = svg.months_between(min(monthly), max(monthly))
    return svg.timeline_bars(
        [(m, monthly.get(m, 0)) for m in months], caption=f"Mentions of {entity.name} per month"
    )


def timeline(ctx: SiteContext, entity: Entity, page_url: str) -> list[dict]:
    """This entity's dated facts and the sources that mention it, oldest first."""
    items = []
    for fact in entity.facts:
        verb = factlib.DATED_FACTS.get(fact.key)
        if verb is None:
            continue
        items.append(
            {
                "date": factlib.human_date(str(fact.value)),
                "sort": factlib.sort_date(str(fact.value)),
                "text": Markup("{0} {1}").format(entity.name, verb),
                "cite": factlib.cite(fact.source),
            }
        )
    for source_id in ctx.source_ids(entity.id):
        source = ctx.by_source[source_id]
        n = sum(1 for m in ctx.mentions_in.get(source_id, ()) if m.entity == entity.id)
        items.append(
            {
                "date": factlib.human_date(source.date.isoformat()),
                "sort": source.date,
                "text": Markup('Mentioned {0}× in <a href="{1}">{2}</a>').format(
                    n, rel(page_url, f"sources/{source.id}/"), source.title
                ),
                "cite": Markup(""),
            }
        )
    return sorted(items, key=lambda i: (i["sort"], str(i["text"])))


def render(ctx: SiteContext, entity: Entity) -> str:
    neighbours = ctx.related(entity.id, limit=20)
    page_url = f"entities/{entity.id}/"
    seen = ctx.seen(entity.id)
    description = prose.to_html(entity.description) if entity.description else Markup("")
    plain = " ".join(entity.description.split())
    meta = {
        "title": title(entity.name),
        "description": title(plain[:157] + "…" if len(plain) > 160 else plain),
        "tags": sorted({TYPE_LABELS[entity.type], *(tag(t) for t in entity.tags)} - {""}),
        # a search for a name should find its page before the pages that mention it
        "search": {"boost": 3},
    }
    related = [
        {
            "name": r.entity.name,
            "href": rel(page_url, f"entities/{r.entity.id}/"),
            "type": TYPE_LABELS[r.entity.type],
            "weight": r.weight,
            "relations": ", ".join(r.relations),
        }
        for r in neighbours
    ]
    body = (
        environment()
        .get_template("entity.md.j2")
        .render(
            entity=entity,
            type_label=TYPE_LABELS[entity.type],
            aliases=[a for a in entity.surface_names if a != entity.name],
            facts=factlib.rows(entity, ctx.registry, page_url),
            cite=factlib.cite,
            description=description,
            mentions=ctx.mention_count(entity.id),
            source_count=len(ctx.source_ids(entity.id)),
            first_seen=factlib.human_date(seen[0].isoformat()) if seen else None,
            last_seen=factlib.human_date(seen[1].isoformat()) if seen else None,
            chart=chart(ctx, entity),
            groups=quotes_for(ctx, entity, page_url),
            open_count=QUOTES_OPEN,
            timeline=timeline(ctx, entity, page_url),
            related=related,
            picture=neighbourhood(ctx, entity, page_url, neighbours),
            comparisons=[
                (c.title, rel(page_url, f"compare/{c.slug}/"))
                for c in comparisons_with(ctx, entity.id)
            ],
            human_date=factlib.human_date,
            md=md,
        )
    )
    return front_matter(meta) + body


@generator("entity")
def entity_pages(ctx: SiteContext) -> Iterator[Page]:
    for entity in ctx.registry:
        yield Page(f"entities/{entity.id}.md", render(ctx, entity), entity.name)
