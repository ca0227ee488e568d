"""build_graph: sources, entities, mentions, co-mentions and curated relations."""

from __future__ import annotations

import datetime as dt

import pytest

from kbgen.content.registry import Registry
from kbgen.graph.build import build_graph
from kbgen.model import Entity, EntityId, Fact, Mention, Origin, Source, SourceId

ENTITIES = (
    Entity(
        EntityId("gpt-4o"),
        "GPT-4o",
        "model",
        facts=(Fact("developer", "openai", "https://openai.com/index/hello-gpt-4o/"),),
    ),
    Entity(EntityId("o1"), "o1", "model"),
    Entity(EntityId("openai"), "OpenAI", "org"),
    Entity(EntityId("whisper"), "Whisper", "model"),
)
REG = Registry(ENTITIES)
SOURCES = (
    Source(
        SourceId("a"),
        "Post A",
        dt.date(2024, 5, 13),
        "blog",
        "body",
        "a.md",
        origin=Origin("a.html", "0" * 64),
    ),
    Source(SourceId("b"), "Post B", dt.date(2024, 9, 12), "podcast", "body", "b.md"),
)


def mention(source: str, entity: str, paragraph: int) -> Mention:
    return Mention(EntityId(entity), SourceId(source), 0, 1, "x", "x.", 0, paragraph)


MENTIONS = (
    # source a: paragraph 0 has all three, paragraph 1 has GPT-4o twice and o1
    mention("a", "gpt-4o", 0),
    mention("a", "o1", 0),
    mention("a", "openai", 0),
    mention("a", "gpt-4o", 1),
    mention("a", "gpt-4o", 1),
    mention("a", "o1", 1),
    mention("a", "openai", 2),
    # source b: one paragraph with o1 and OpenAI
    mention("b", "o1", 0),
    mention("b", "openai", 0),
)


@pytest.fixture
def graph():
    return build_graph(SOURCES, REG, MENTIONS)


def edges(graph, kind):
    return {(u, v): d for u, v, k, d in graph.edges(keys=True, data=True) if d["kind"] == kind}


def test_nodes_are_typed_ids_for_every_entity_and_source(graph):
    assert sorted(graph.nodes) == [
        "entity:gpt-4o",
        "entity:o1",
        "entity:openai",
        "entity:whisper",
        "source:a",
        "source:b",
    ]
    assert graph.nodes["entity:gpt-4o"]["kind"] == "entity"
    assert graph.nodes["entity:gpt-4o"]["type"] == "model"
    assert graph.nodes["source:b"]["kind"] == "source"


def test_mentions_edges_go_from_source_to_entity_with_the_count(graph):
    got = {
        pair: (d["count"], d["date"], d["paragraphs"])
        for pair, d in edges(graph, "mentions").items()
    }
    assert got == {
        ("source:a", "entity:gpt-4o"): (3, "2024-05-13", [0, 1]),
        ("source:a", "entity:o1"): (2, "2024-05-13", [0, 1]),
        ("source:a", "entity:openai"): (2, "2024-05-13", [0, 2]),
        ("source:b", "entity:o1"): (1, "2024-09-12", [0]),
        ("source:b", "entity:openai"): (1, "2024-09-12", [0]),
    }


def test_co_mention_weight_counts_shared_passages_not_mentions(graph):
    got = {pair: d["weight"] for pair, d in edges(graph, "co_mention").items()}
    assert got == {
        ("entity:gpt-4o", "entity:o1"): 2,  # paragraphs a/0 and a/1
        ("entity:gpt-4o", "entity:openai"): 1,  # a/0 only
        ("entity:o1", "entity:openai"): 2,  # a/0 and b/0
    }


def test_co_mention_edges_count_their_sources(graph):
    got = {pair: d["sources"] for pair, d in edges(graph, "co_mention").items()}
    assert got[("entity:o1", "entity:openai")] == 2
    assert got[("entity:gpt-4o", "entity:o1")] == 1


def test_source_nodes_carry_their_origin(graph):
    assert graph.nodes["source:a"]["origin"] == {"file": "a.html", "sha256": "0" * 64}
    assert "origin" not in graph.nodes["source:b"]
    assert graph.nodes["source:a"]["date"] == "2024-05-13"


def test_curated_relations_become_edges_with_their_citation(graph):
    rel = edges(graph, "developed_by")
    assert rel == {
        ("entity:gpt-4o", "entity:openai"): {
            "kind": "developed_by",
            "citation": "https://openai.com/index/hello-gpt-4o/",
        }
    }


def test_entities_carry_counts_and_first_and_last_seen(graph):
    o1 = graph.nodes["entity:o1"]
    assert (o1["mention_count"], o1["source_count"]) == (3, 2)
    assert (o1["first_seen"], o1["last_seen"]) == ("2024-05-13", "2024-09-12")
    unseen = graph.nodes["entity:whisper"]
    assert (unseen["mention_count"], unseen["source_count"]) == (0, 0)
    assert "first_seen" not in unseen


def test_an_entity_mentioned_alone_has_no_co_mentions():
    graph = build_graph(SOURCES, REG, [mention("a", "whisper", 0), mention("a", "whisper", 0)])
    assert edges(graph, "co_mention") == {}
    assert edges(graph, "mentions")[("source:a", "entity:whisper")]["count"] == 2
