"""graph.json (the data users' contract), GraphML and GEXF, all deterministic.

graph.json is NetworkX node-link data with an explicit `edges` key, nodes and
edges sorted, keys sorted, so two builds of the same content are byte-identical.
GraphML and GEXF cannot hold lists or mappings: lists are joined with "; " and
mappings are dropped (facts stay in graph.json). GEXF carries dates as `start`,
so Gephi's timeline can replay when sources appeared and entities were first seen.
"""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path

import networkx as nx

FORMATS = ("json", "graphml", "gexf")


def _sorted_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Insertion order is what the writers emit; make it sorted."""
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(sorted(graph.graph.items()))
    for node in sorted(graph.nodes):
        out.add_node(node, **dict(sorted(graph.nodes[node].items())))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        out.add_edge(u, v, key=key, **dict(sorted(data.items())))
    return out


def to_json(graph: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(_sorted_copy(graph), edges="edges")
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _flat(graph: nx.MultiDiGraph, *, dynamic: bool) -> nx.MultiDiGraph:
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    flat.graph.update({k: v for k, v in graph.graph.items() if not isinstance(v, (dict, list))})
    for node, data in graph.nodes(data=True):
        attrs = {}
        for k, v in data.items():
            if isinstance(v, dict) or v is None:
                continue
            attrs[k] = "; ".join(map(str, v)) if isinstance(v, list) else v
        attrs["label"] = data.get("name") or data.get("title") or node
        if dynamic:
            start = data.get("date") or data.get("first_seen")
            attrs.pop("date", None)
            if start:
                attrs["start"] = start
        flat.add_node(node, **attrs)
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {
            k: ("; ".join(map(str, val)) if isinstance(val, list) else val)
            for k, val in data.items()
            if not isinstance(val, dict) and val is not None
        }
        if dynamic:
            attrs.pop("date", None)
            if data.get("kind") == "mentions" and data.get("date"):
                attrs["start"] = data["date"]
        flat.add_edge(u, v, key=key, **attrs)
    return _sorted_copy(flat)


def to_graphml(graph: nx.MultiDiGraph) -> str:
    buf = io.BytesIO()
    nx.write_graphml(_flat(graph, dynamic=False), buf, named_key_ids=True)
    return buf.getvalue().decode("utf-8")


def to_gexf(graph: nx.MultiDiGraph) -> str:
    flat = _flat(graph, dynamic=True)
    flat.graph["mode"] = "dynamic"
    flat.graph["timeformat"] = "date"
    buf = io.BytesIO()
    nx.write_gexf(flat, buf)
    # networkx stamps the writing day into <meta lastmodifieddate>: drop it so the
    # same content gives the same bytes on any day.
    text = buf.getvalue().decode("utf-8")
    import re

    return re.sub(r' lastmodifieddate="[^"]*"', "", text)


def render(graph: nx.MultiDiGraph, fmt: str) -> str:
    return {"json": to_json, "graphml": to_graphml, "gexf": to_gexf}[fmt](graph)


def schema() -> dict:
    """The JSON Schema of graph.json, shipped with the package."""
    text = resources.files("kbgen.graph").joinpath("graph.schema.json").read_text("utf-8")
    return json.loads(text)


def write(graph: nx.MultiDiGraph, fmt: str, path: Path) -> None:
    path.write_text(render(graph, fmt), encoding="utf-8")
