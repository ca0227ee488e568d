"""The graph page (`graph/`): the most central part of the graph, and the exports.

Centrality is PageRank over co-mentions. The picture is drawn at build time with
a Kamada-Kawai layout (no randomness) and rounded coordinates, so two builds draw
the same SVG.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from kbgen.model import Page
from kbgen.site import svg
from kbgen.site.context import SiteContext, co_mention_graph
from kbgen.site.entity import TYPE_LABELS
from kbgen.site.generators import generator
from kbgen.site.markup import environment, front_matter, rel

PAGE_URL = "graph/"
CORE = 40


def core_picture(ctx: SiteContext) -> tuple[object, list]:
    ranked = sorted(ctx.centrality.items(), key=lambda kv: (-kv[1], kv[0]))[:CORE]
    sub = co_mention_graph(ctx.graph).subgraph(e for e, _ in ranked).copy()
    if sub.number_of_nodes() == 0:
        return None, []
    # Draw the largest connected part: isolated pairs would stretch the picture.
    largest = max(nx.connected_components(sub), key=lambda c: (len(c), sorted(c)))
    # Rebuilt in sorted order: a subgraph view iterates its nodes in set order, which
    # changes with the hash seed, and Kamada-Kawai starts from a circle in node order.
    core: nx.Graph[str] = nx.Graph()
    core.add_nodes_from(sorted(largest))
    core.add_edges_from(
        sorted((min(u, v), max(u, v), d) for u, v, d in sub.subgraph(largest).edges(data=True))
    )
    sub = core
    ranked = [(e, r) for e, r in ranked if e in largest]
    # Kamada-Kawai has no randomness: the same graph always gives the same picture.
    pos = nx.kamada_kawai_layout(sub, weight=None)
    positions = {n: (round(float(x), 3), round(float(y), 3)) for n, (x, y) in pos.items()}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    sx = max(max(xs) - min(xs), 1e-9) / 2
    sy = max(max(ys) - min(ys), 1e-9) / 2
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    positions = {n: ((x - mx) / sx, (y - my) / sy) for n, (x, y) in positions.items()}
    top = max((r for _, r in ranked), default=1) or 1
    # Every id in the co-mention graph is a registry entity's: extraction finds no other.
    entities = {e: ctx.registry.require(e) for e, _ in ranked}
    nodes = []
    for e, r in ranked:
        entity = entities[e]
        nodes.append(
            svg.Node(
                e,
                entity.name,
                entity.type,
                rel(PAGE_URL, f"entities/{e}/"),
                (r / top) ** 0.5,
                f"{entity.name} ({TYPE_LABELS[entity.type]})",
            )
        )
    heaviest = max((d["weight"] for _, _, d in sub.edges(data=True)), default=1) or 1
    edges = [
        svg.Edge(a, b, d["weight"] / heaviest, title=f"{a} — {b}: {d['weight']}")
        for a, b, d in sorted(sub.edges(data=True))
    ]
    picture = svg.network(
        nodes,
        edges,
        positions,
        caption=f"The {len(nodes)} most central entities and their co-mentions",
    )
    table = [
        {
            "name": entities[e].name,
            "href": rel(PAGE_URL, f"entities/{e}/"),
            "type": TYPE_LABELS[entities[e].type],
            "rank": i + 1,
            "score": f"{r:.4f}",
            "mentions": ctx.mention_count(e),
        }
        for i, (e, r) in enumerate(ranked)
    ]
    return picture, table


@generator("graph")
def graph_page(ctx: SiteContext) -> Iterator[Page]:
    picture, table = core_picture(ctx)
    g = ctx.graph
    stats = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "mentions": sum(1 for *_, d in g.edges(data=True) if d["kind"] == "mentions"),
        "co": sum(1 for *_, d in g.edges(data=True) if d["kind"] == "co_mention"),
    }
    body = (
        environment()
        .get_template("graph.md.j2")
        .render(
            picture=picture,
            table=table,
            stats=stats,
            exports=[
                (name, rel(PAGE_URL, name))
                for name in ("graph.json", "graph.graphml", "graph.gexf")
            ],
        )
    )
    meta = {
        "title": "Graph",
        "description": "The knowledge graph: its most central entities, and downloads.",
    }
    yield Page("graph/index.md", front_matter(meta) + body, "Graph")
