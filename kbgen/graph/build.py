"""The knowledge graph: sources, entities, mentions, co-mentions and curated relations.

A `networkx.MultiDiGraph`, because two entities can be linked several ways at once
(GPT-4o is `developed_by` OpenAI *and* co-mentioned with it). Node ids are typed
strings, `entity:<id>` and `source:<id>`, the ids of the graph.json contract.

- `mentions`: source -> entity, with the count and the paragraphs it occurs in;
- `co_mention`: entity -> entity (stored once, smaller id first), weighted by the
  number of passages (paragraphs) that mention both;
- every registry relation, facts' implied relations included, as its own kind.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

import networkx as nx

from kbgen.content.registry import Registry, implied_relations
from kbgen.model import Entity, Mention, Source

SCHEMA_VERSION = 1


def entity_node(entity_id: str) -> str:
    return f"entity:{entity_id}"


def source_node(source_id: str) -> str:
    return f"source:{source_id}"


def _entity_attrs(entity: Entity) -> dict:
    facts = {
        f.key: {
            "value": list(f.value) if isinstance(f.value, tuple) else f.value,
            "source": f.source,
        }
        for f in entity.facts
    }
    return {
        "kind": "entity",
        "type": entity.type,
        "name": entity.name,
        "aliases": [a for a in entity.surface_names if a != entity.name],
        "description": entity.description,
        "url": f"entities/{entity.id}/",
        "facts": facts,
        "tags": list(entity.tags),
    }


def _source_attrs(source: Source) -> dict:
    attrs: dict[str, object] = {
        "kind": "source",
        "title": source.title,
        "date": source.date.isoformat(),
        "type": source.type,
        "url": f"sources/{source.id}/",
    }
    if source.url:
        attrs["source_url"] = source.url
    if source.authors:
        attrs["authors"] = list(source.authors)
    if source.publisher:
        attrs["publisher"] = source.publisher
    if source.origin:
        attrs["origin"] = {"file": source.origin.file, "sha256": source.origin.sha256}
    return attrs


def build_graph(
    sources: Sequence[Source], registry: Registry, mentions: Sequence[Mention]
) -> nx.MultiDiGraph:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(schema_version=SCHEMA_VERSION)
    for entity in registry:
        graph.add_node(entity_node(entity.id), **_entity_attrs(entity))
    dates: dict[str, str] = {}
    for source in sources:
        graph.add_node(source_node(source.id), **_source_attrs(source))
        dates[source.id] = source.date.isoformat()

    per_pair: Counter[tuple[str, str]] = Counter()
    paragraphs: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    passages: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    seen_in: defaultdict[str, set[str]] = defaultdict(set)
    for m in mentions:
        per_pair[(m.source, m.entity)] += 1
        paragraphs[(m.source, m.entity)].add(m.paragraph)
        passages[(m.source, m.paragraph)].add(m.entity)
        seen_in[m.entity].add(dates[m.source])

    for (source_id, entity_id), count in sorted(per_pair.items()):
        graph.add_edge(
            source_node(source_id),
            entity_node(entity_id),
            key="mentions",
            kind="mentions",
            count=count,
            date=dates[source_id],
            paragraphs=sorted(paragraphs[(source_id, entity_id)]),
        )

    co: Counter[tuple[str, str]] = Counter()
    co_sources: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for (source_id, _), entity_ids in passages.items():
        for a, b in combinations(sorted(entity_ids), 2):
            co[(a, b)] += 1
            co_sources[(a, b)].add(source_id)
    for (a, b), weight in sorted(co.items()):
        graph.add_edge(
            entity_node(a),
            entity_node(b),
            key="co_mention",
            kind="co_mention",
            weight=weight,
            sources=len(co_sources[(a, b)]),
        )

    for entity in registry:
        for origin, rel in implied_relations(entity):
            if rel.target not in registry.by_id or origin not in registry.by_id:
                continue
            u, v = entity_node(origin), entity_node(rel.target)
            if graph.has_edge(u, v, key=rel.type):
                continue  # the same relation stated by both ends (predecessor/successor)
            attrs = {"kind": rel.type}
            if rel.source:
                attrs["citation"] = rel.source
            graph.add_edge(u, v, key=rel.type, **attrs)

    for entity_id, seen in seen_in.items():
        node = graph.nodes[entity_node(entity_id)]
        node["first_seen"], node["last_seen"] = min(seen), max(seen)
    mention_count: Counter[str] = Counter()
    source_count: Counter[str] = Counter()
    for (_, entity_id), count in per_pair.items():
        mention_count[entity_id] += count
        source_count[entity_id] += 1
    for entity in registry:
        node = graph.nodes[entity_node(entity.id)]
        node["mention_count"] = mention_count[entity.id]
        node["source_count"] = source_count[entity.id]
    return graph
