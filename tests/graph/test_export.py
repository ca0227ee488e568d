"""graph.json (the data users' contract), GraphML and GEXF: valid, parseable, stable."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import networkx as nx
import pytest

from kbgen.check import load_content
from kbgen.extract import extract
from kbgen.graph import export
from kbgen.graph.build import build_graph
from kbgen.project import Project

REPO = Path(__file__).resolve().parents[2]

RENDER_ALL = """
import sys
from pathlib import Path
from kbgen.check import load_content
from kbgen.extract import extract
from kbgen.graph import export
from kbgen.graph.build import build_graph
from kbgen.project import Project

content = load_content(Project(Path(sys.argv[1])))
graph = build_graph(content.sources, content.registry,
                    extract(content.sources, content.registry).mentions)
for fmt in export.FORMATS:
    Path(sys.argv[2], "graph." + fmt).write_text(export.render(graph, fmt), encoding="utf-8")
"""


def tiny_graph(root: Path) -> nx.MultiDiGraph:
    content = load_content(Project(root))
    mentions = extract(content.sources, content.registry).mentions
    return build_graph(content.sources, content.registry, mentions)


@pytest.fixture
def graph(tiny_project):
    return tiny_graph(tiny_project)


@pytest.fixture
def data(graph):
    return json.loads(export.to_json(graph))


def test_the_shipped_schema_is_a_valid_json_schema():
    schema = export.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["graph"]["properties"]["schema_version"] == {"const": 1}


def test_graph_json_validates_against_the_shipped_schema(data):
    jsonschema.validate(data, export.schema(), cls=jsonschema.Draft202012Validator)
    assert data["graph"]["schema_version"] == 1
    assert data["directed"] is True and data["multigraph"] is True
    assert "edges" in data and "links" not in data


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["nodes"][0].update(id="gpt-4o"),  # untyped id
        lambda d: next(e for e in d["edges"] if e["kind"] == "mentions").pop("count"),
        lambda d: next(e for e in d["edges"] if e["kind"] == "co_mention").pop("weight"),
        lambda d: next(n for n in d["nodes"] if n["kind"] == "source").update(date="2024-1-5"),
        lambda d: d["graph"].update(schema_version=2),
    ],
    ids=[
        "untyped-id",
        "mentions-without-count",
        "co-mention-without-weight",
        "bad-date",
        "schema-version",
    ],
)
def test_the_schema_rejects_what_breaks_the_contract(data, breakage):
    broken = copy.deepcopy(data)
    breakage(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, export.schema(), cls=jsonschema.Draft202012Validator)


def test_node_ids_are_typed_and_cover_entities_and_sources(data):
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(ids)
    assert ids == [
        "entity:gpt-4o",
        "entity:o1",
        "entity:openai",
        "entity:sam-altman",
        "source:keynote",
        "source:podcast",
    ]


def test_mentions_edges_carry_the_count(data):
    got = {(e["source"], e["target"]): e["count"] for e in data["edges"] if e["kind"] == "mentions"}
    assert got == {
        ("source:keynote", "entity:gpt-4o"): 3,  # GPT-4o, GPT-4o, GPT4o
        ("source:keynote", "entity:o1"): 2,
        ("source:keynote", "entity:openai"): 1,
        ("source:keynote", "entity:sam-altman"): 1,
        ("source:podcast", "entity:o1"): 1,
        ("source:podcast", "entity:openai"): 1,
    }


def test_co_mention_weight_counts_shared_passages(data):
    got = {
        (e["source"], e["target"]): e["weight"] for e in data["edges"] if e["kind"] == "co_mention"
    }
    assert got[("entity:gpt-4o", "entity:o1")] == 2  # both keynote paragraphs
    assert got[("entity:o1", "entity:openai")] == 1  # the podcast's one paragraph
    assert ("entity:gpt-4o", "entity:openai") not in got  # never in one paragraph


def test_source_nodes_carry_origin(data):
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["source:keynote"]["origin"] == {"file": "keynote.html", "sha256": "ab" * 32}
    assert "origin" not in nodes["source:podcast"]


def test_json_is_byte_identical_across_two_builds(tiny_project):
    assert export.to_json(tiny_graph(tiny_project)) == export.to_json(tiny_graph(tiny_project))


def test_every_format_is_byte_identical_under_another_hash_seed(tiny_project, tmp_path, graph):
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"seed-{seed}"
        out.mkdir()
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        subprocess.run(
            [sys.executable, "-c", RENDER_ALL, str(tiny_project), str(out)],
            check=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        outputs.append({fmt: (out / f"graph.{fmt}").read_bytes() for fmt in export.FORMATS})
    here = {fmt: export.render(graph, fmt).encode("utf-8") for fmt in export.FORMATS}
    assert outputs[0] == outputs[1] == here


def test_graphml_parses_back_with_networkx(graph):
    parsed = nx.read_graphml(io.BytesIO(export.to_graphml(graph).encode("utf-8")))
    assert sorted(parsed.nodes) == sorted(graph.nodes)
    assert parsed.nodes["entity:gpt-4o"]["name"] == "GPT-4o"
    assert parsed.nodes["entity:gpt-4o"]["aliases"] == "GPT4o"  # lists are joined
    assert parsed.nodes["source:keynote"]["date"] == "2024-10-01"
    kinds = {d["kind"] for _, _, d in parsed.edges(data=True)}
    assert kinds == {"mentions", "co_mention", "developed_by"}
    assert parsed.number_of_edges() == graph.number_of_edges()


def test_gexf_parses_back_with_networkx_and_carries_start_dates(graph):
    text = export.to_gexf(graph)
    parsed = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert sorted(parsed.nodes) == sorted(graph.nodes)
    assert parsed.nodes["source:keynote"]["start"] == "2024-10-01"
    assert parsed.nodes["entity:o1"]["start"] == "2024-10-01"  # first seen
    assert parsed.nodes["entity:gpt-4o"]["label"] == "GPT-4o"
    starts = {
        (u, v): d.get("start") for u, v, d in parsed.edges(data=True) if d["kind"] == "mentions"
    }
    assert starts[("source:podcast", "entity:o1")] == "2024-11-05"
    assert parsed.number_of_edges() == graph.number_of_edges()
    assert "lastmodifieddate" not in text


def test_write_puts_the_rendered_text_in_the_file(graph, tmp_path):
    path = tmp_path / "graph.json"
    export.write(graph, "json", path)
    assert path.read_text(encoding="utf-8") == export.to_json(graph)
