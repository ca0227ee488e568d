"""`kbgen graph --format json|graphml|gexf -o FILE` on a tiny project."""

from __future__ import annotations

import io
import json

import jsonschema
import networkx as nx
import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.graph import export


def run(*args: str):
    return CliRunner().invoke(main, ["graph", *args], catch_exceptions=False)


def test_graph_json_to_a_file(tiny_project):
    out = tiny_project / "graph.json"
    result = run("--root", str(tiny_project), "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, export.schema())
    assert {n["id"] for n in data["nodes"]} >= {"entity:gpt-4o", "source:keynote"}


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_xml_formats_to_a_file(tiny_project, fmt, reader):
    out = tiny_project / f"graph.{fmt}"
    result = run("--root", str(tiny_project), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    parsed = reader(io.BytesIO(out.read_bytes()))
    assert "entity:o1" in parsed.nodes and "source:podcast" in parsed.nodes


def test_graph_defaults_to_json_on_stdout(tiny_project):
    result = run("--root", str(tiny_project))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["graph"]["schema_version"] == 1


def test_graph_output_is_the_same_with_a_warm_cache(tiny_project):
    first = run("--root", str(tiny_project)).stdout
    assert (tiny_project / ".kbgen/cache/extract/keynote.json").exists()
    assert run("--root", str(tiny_project)).stdout == first


def test_graph_rejects_an_unknown_format(tiny_project):
    result = CliRunner().invoke(main, ["graph", "--root", str(tiny_project), "--format", "csv"])
    assert result.exit_code == 2
    assert "csv" in result.output


def test_graph_reports_bad_content_without_a_traceback(tiny_project):
    (tiny_project / "content/entities/o1.md").write_text("---\nname: o1\n---\n", "utf-8")
    out = tiny_project / "graph.json"
    result = CliRunner().invoke(main, ["graph", "--root", str(tiny_project), "-o", str(out)])
    assert result.exit_code == 1
    assert "content/entities/o1.md" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_graph_with_a_missing_ner_model_fails_clearly(tiny_project):
    result = CliRunner().invoke(
        main, ["graph", "--root", str(tiny_project), "--ner-model", "no_such_model_xyz"]
    )
    assert result.exit_code == 1
    assert "no_such_model_xyz" in result.stderr
    assert "Traceback" not in result.output
