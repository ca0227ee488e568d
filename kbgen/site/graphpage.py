"""The graph page (`graph/`): the most central part of the graph, and the exports.

Centrality is PageRank over co-mentions and relations. The picture is drawn at
build time with a seeded spring layout whose coordinates are rounded, so two
builds draw the same SVG.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from kbgen.model import Page
from kbgen.site import svg
from kbgen.site.context import SiteContext
from kbgen.site.entity import TYPE_LABELS
from kbgen.site.generators import generator
from kbgen.site.markup import environment, front_matter, rel

PAGE_URL = "graph/"
CORE = 40
SEED = 7


def core_picture(ctx: SiteContext) -> tuple[object, list]:
    ranked = sorted(ctx.centrality.items(), key=lambda kv: (-kv[1], kv[0]))[:CORE]
    keep = {e for e, _ in ranked}
    sub = nx.Graph()
    for e in sorted(keep):
        sub.add_node(e)
    for u, v, data in ctx.graph.edges(data=True):
        a, b = u.removeprefix("entity:"), v.removeprefix("entity:")
        if a in keep and b in keep and a != b and data["kind"] == "co_mention":
            w = sub.get_edge_data(a, b, default={"weight": 0})["weight"]
            sub.add_edge(a, b, weight=w + data["weight"])
    if not keep:
        return None, []
    pos = nx.spring_layout(sub, seed=SEED, weight="weight", iterations=200)
    positions = {n: (round(float(x), 3), round(float(y), 3)) for n, (x, y) in pos.items()}
    # spring_layout centres on 0 with scale 1; normalise to [-1, 1] on both axes
    xs = [p[0] for p in positions.values()] or [0]
    ys = [p[1] for p in positions.values()] or [0]
    sx = max(max(xs) - min(xs), 1e-9) / 2
    sy = max(max(ys) - min(ys), 1e-9) / 2
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    positions = {n: ((x - mx) / sx, (y - my) / sy) for n, (x, y) in positions.items()}
    top = max((r for _, r in ranked), default=1) or 1
    nodes = []
    for e, r in ranked:
        entity = ctx.registry.get(e)
        nodes.append(svg.Node(e, entity.name, entity.type, rel(PAGE_URL, f"entities/{e}/"),
                              (r / top) ** 0.5, f"{entity.name} ({TYPE_LABELS[entity.type]})"))
    heaviest = max((d["weight"] for _, _, d in sub.edges(data=True)), default=1) or 1
    edges = [svg.Edge(a, b, d["weight"] / heaviest, title=f"{a} — {b}: {d['weight']}")
             for a, b, d in sorted(sub.edges(data=True))]
    picture = svg.network(nodes, edges, positions,
                          caption=f"The {len(nodes)} most central entities and their co-mentions")
    table = [{"name": ctx.registry.get(e).name, "href": rel(PAGE_URL, f"entities/{e}/"),
              "type": TYPE_LABELS[ctx.registry.get(e).type], "rank": i + 1,
              "score": f"{r:.4f}", "mentions": ctx.mention_count(e)}
             for i, (e, r) in enumerate(ranked)]
    return picture, table


@generator("graph")
def graph_page(ctx: SiteContext) -> Iterator[Page]:
    picture, table = core_picture(ctx)
    g = ctx.graph
    stats = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
             "mentions": sum(1 for *_, d in g.edges(data=True) if d["kind"] == "mentions"),
             "co": sum(1 for *_, d in g.edges(data=True) if d["kind"] == "co_mention")}
    body = environment().get_template("graph.md.j2").render(
        picture=picture, table=table, stats=stats,
        exports=[(name, rel(PAGE_URL, name)) for name in
                 ("graph.json", "graph.graphml", "graph.gexf")])
    meta = {"title": "Graph", "description": "The knowledge graph: its most central "
                                             "entities, and downloads."}
    yield Page("graph/index.md", front_matter(meta) + body, "Graph")
