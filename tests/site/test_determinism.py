"""The same content builds byte-identical sites, whatever the hash seed, time zone or
file creation order (RELIABILITY.md, guarantee 6).

The two builds compared are independent: the session's in-process build of a fresh
copy, and `python -m kbgen build` in a subprocess on another fresh copy (files
created in reverse order, no shared cache) with PYTHONHASHSEED and TZ set to other
values (see conftest.py).
"""

from __future__ import annotations

import difflib
import gzip
import json
from pathlib import Path

import pytest
import sitekit as kit
from sitekit import Built

from kbgen.build import build
from kbgen.project import Project

pytestmark = pytest.mark.slow

MUST_COMPARE = ("graph.json", "graph.graphml", "graph.gexf", "sitemap.xml", "sitemap.xml.gz",
                "search/search_index.json", "index.html", "entities/gpt-4o/index.html",
                "graph/index.html", "timeline/index.html", "tags.json")


def _explain(a: Path, b: Path, rel: str) -> str:
    left, right = (a / rel).read_bytes(), (b / rel).read_bytes()
    if rel.endswith(".gz"):
        if gzip.decompress(left) == gzip.decompress(right):
            return f"{rel}: same content, different gzip header {left[:10]!r} != {right[:10]!r}"
        left, right = gzip.decompress(left), gzip.decompress(right)
    diff = difflib.unified_diff(left.decode(errors="replace").splitlines(),
                                right.decode(errors="replace").splitlines(), lineterm="", n=1)
    return f"{rel}:\n" + "\n".join(list(diff)[:12])


def test_two_independent_builds_are_byte_identical(full_build: Built, twin_build: Path) -> None:
    one, two = kit.tree_digest(full_build.site), kit.tree_digest(twin_build)
    for name in MUST_COMPARE:
        assert name in one, f"{name} missing from the build"
    assert sorted(one) == sorted(two), "the two builds have different files"
    differ = sorted(rel for rel in one if one[rel] != two[rel])
    assert not differ, f"{len(differ)} file(s) differ:\n" + "\n\n".join(
        _explain(full_build.site, twin_build, rel) for rel in differ[:5])


def test_sitemap_dates_come_from_the_content_not_the_clock(full_build: Built) -> None:
    """SOURCE_DATE_EPOCH is the newest source's date, so a rebuild next year is identical."""
    sitemap = (full_build.site / "sitemap.xml").read_text(encoding="utf-8")
    dates = {line.strip()[9:19] for line in sitemap.splitlines() if "<lastmod>" in line}
    assert dates == {"2024-10-01"}
    assert gzip.decompress((full_build.site / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def test_graph_json_is_sorted_and_stable(full_build: Built) -> None:
    data = json.loads((full_build.site / "graph.json").read_text(encoding="utf-8"))
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(ids)
    edges = [(e["source"], e["target"], e["kind"]) for e in data["edges"]]
    assert edges == sorted(edges)


def test_rebuilding_unchanged_content_changes_nothing(tiny_built: Built) -> None:
    """A second build in the same place (cache warm, staging present) gives the same bytes."""
    before = kit.tree_digest(tiny_built.site)
    build(Project(tiny_built.root))
    assert kit.tree_digest(tiny_built.site) == before


def test_tiny_builds_in_other_places_are_identical(tiny_built: Built, tmp_path: Path) -> None:
    """Where the project lives (its absolute path) does not leak into the output."""
    other = kit.write_project(tmp_path / "elsewhere" / "deeper", sources={}, entities={})
    for sub in ("content",):
        for p in sorted((tiny_built.root / sub).rglob("*")):
            if p.is_file():
                target = other / p.relative_to(tiny_built.root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(p.read_bytes())
    build(Project(other))
    one, two = kit.tree_digest(tiny_built.site), kit.tree_digest(other / "site")
    assert one == two, [rel for rel in one if one.get(rel) != two.get(rel)]
