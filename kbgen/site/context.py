"""Everything the page generators read, computed once before any page is made.

Generators are pure functions of a `SiteContext`: they never load files or run
extraction, so each can be tested on a hand-built context, and all of them see the
same numbers (mention counts, first/last seen, rankings) — the mkdocs lesson of
gathering all data before writing anything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from kbgen.content.comparisons import Comparison, with_automatic
from kbgen.content.registry import Registry
from kbgen.content.schema_entities import RELATION_PHRASES
from kbgen.graph.build import entity_node
from kbgen.model import Entity, EntityId, Mention, Source, SourceId


@dataclass(frozen=True)
class Related:
    entity: Entity
    weight: int  # co-mention passages
    relations: tuple[str, ...]  # registry relation labels, e.g. "developed by"


@dataclass(frozen=True)
class SiteContext:
    sources: tuple[Source, ...]
    registry: Registry
    mentions: tuple[Mention, ...]
    graph: nx.MultiDiGraph
    comparisons: tuple[Comparison, ...] = ()
    site_name: str = "kbgen"
    by_source: dict[SourceId, Source] = field(default_factory=dict, repr=False)
    mentions_of: dict[EntityId, tuple[Mention, ...]] = field(default_factory=dict, repr=False)
    mentions_in: dict[SourceId, tuple[Mention, ...]] = field(default_factory=dict, repr=False)
    centrality: dict[EntityId, float] = field(default_factory=dict, repr=False)

    @classmethod
    def make(
        cls,
        sources: Sequence[Source],
        registry: Registry,
        mentions: Sequence[Mention],
        graph: nx.MultiDiGraph,
        comparisons: Sequence[Comparison] = (),
        site_name: str = "kbgen",
    ) -> SiteContext:
        of: defaultdict[EntityId, list[Mention]] = defaultdict(list)
        inside: defaultdict[SourceId, list[Mention]] = defaultdict(list)
        for m in mentions:
            of[m.entity].append(m)
            inside[m.source].append(m)
        return cls(
            sources=tuple(sources),
            registry=registry,
            mentions=tuple(mentions),
            graph=graph,
            comparisons=with_automatic(tuple(comparisons), registry),
            site_name=site_name,
            by_source={s.id: s for s in sources},
            mentions_of={k: tuple(v) for k, v in of.items()},
            mentions_in={k: tuple(v) for k, v in inside.items()},
            centrality=_centrality(graph),
        )

    # -- per-entity figures -------------------------------------------------------
    def mention_count(self, entity_id: EntityId) -> int:
        return len(self.mentions_of.get(entity_id, ()))

    def source_ids(self, entity_id: EntityId) -> list[SourceId]:
        """Sources mentioning the entity, newest first."""
        ids = {m.source for m in self.mentions_of.get(entity_id, ())}
        return sorted(ids, key=lambda s: (self.by_source[s].date, s), reverse=True)

    def seen(self, entity_id: EntityId) -> tuple[dt.date, dt.date] | None:
        dates = [self.by_source[m.source].date for m in self.mentions_of.get(entity_id, ())]
        return (min(dates), max(dates)) if dates else None

    def monthly(self, entity_id: EntityId) -> Counter[str]:
        """Mentions per YYYY-MM, by the mentioning source's date."""
        return Counter(
            f"{self.by_source[m.source].date:%Y-%m}" for m in self.mentions_of.get(entity_id, ())
        )

    def related(self, entity_id: EntityId, limit: int = 12) -> list[Related]:
        """Neighbours ranked by co-mention weight, registry relations first on ties."""
        node = entity_node(entity_id)
        weights: Counter[EntityId] = Counter()
        labels: defaultdict[EntityId, set[str]] = defaultdict(set)
        for u, v, data in (
            *self.graph.out_edges(node, data=True),
            *self.graph.in_edges(node, data=True),
        ):
            other = v if u == node else u
            if not other.startswith("entity:"):
                continue
            other_id = EntityId(other.removeprefix("entity:"))
            if data["kind"] == "co_mention":
                weights[other_id] += data["weight"]
            else:
                forward, inverse = RELATION_PHRASES.get(
                    data["kind"], (data["kind"].replace("_", " "),) * 2
                )
                labels[other_id].add(forward if u == node else inverse)
        ids = set(weights) | set(labels)
        ranked = sorted(ids, key=lambda i: (-weights[i], -len(labels[i]), i))
        out = []
        for other_id in ranked[:limit]:
            entity = self.registry.get(other_id)
            if entity is not None:
                out.append(Related(entity, weights[other_id], tuple(sorted(labels[other_id]))))
        return out

    def co_mention(self, a: EntityId, b: EntityId) -> tuple[int, int]:
        """(passages, sources) in which both entities are mentioned."""
        u, v = sorted((entity_node(a), entity_node(b)))
        data = self.graph.get_edge_data(u, v, key="co_mention")
        return (data["weight"], data["sources"]) if data else (0, 0)

    def ranked_entities(self) -> list[Entity]:
        """Entities by mention count, then centrality, then id: "the biggest"."""
        return sorted(
            self.registry,
            key=lambda e: (-self.mention_count(e.id), -self.centrality.get(e.id, 0.0), e.id),
        )


def _centrality(graph: nx.MultiDiGraph) -> dict[EntityId, float]:
    """PageRank over co-mentions: centrality in what the sources say.

    Registry relations are left out on purpose: every model of a lab points at the
    lab, which would make the registry's shape, not the news, decide "central".
    """
    simple = co_mention_graph(graph)
    if simple.number_of_edges() == 0:
        return {}
    ranks = nx.pagerank(simple, weight="weight")
    return {EntityId(n): round(r, 8) for n, r in sorted(ranks.items())}


def co_mention_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Entities (plain ids) joined by co-mention weight, nodes and edges sorted."""
    simple: nx.Graph[str] = nx.Graph()
    edges = sorted(
        (u.removeprefix("entity:"), v.removeprefix("entity:"), d["weight"])
        for u, v, d in graph.edges(data=True)
        if d.get("kind") == "co_mention"
    )
    for a, b, w in edges:
        prev = simple.get_edge_data(a, b, default={"weight": 0})["weight"]
        simple.add_edge(a, b, weight=prev + w)
    return simple
