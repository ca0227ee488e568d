"""The extraction cache: per source, valid while its content and the pipeline match."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from kbgen.extract import extract

from .kb import OPENAI_MODELS, entity, registry, source

REG = registry(*OPENAI_MODELS, entity("openai", "OpenAI", "org"))
SOURCES = [
    source("GPT-4o and o1.", id="a"),
    source("[00:00:03] OpenAI said o1-mini.", id="b", type="podcast", timestamps="offset"),
    source("Nothing to see.", id="c"),
]


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def test_a_second_run_with_the_same_inputs_processes_nothing(cache_dir):
    first = extract(SOURCES, REG, cache_dir=cache_dir)
    second = extract(SOURCES, REG, cache_dir=cache_dir)
    assert first.processed == ("a", "b", "c")
    assert second.processed == ()


def test_cached_results_equal_fresh_ones(cache_dir):
    first = extract(SOURCES, REG, cache_dir=cache_dir)
    second = extract(SOURCES, REG, cache_dir=cache_dir)
    assert second.mentions == first.mentions
    assert second.candidates == first.candidates
    assert second.mentions == extract(SOURCES, REG).mentions


def test_changing_one_source_reprocesses_exactly_that_source(cache_dir):
    extract(SOURCES, REG, cache_dir=cache_dir)
    edited = [
        SOURCES[0],
        dataclasses.replace(SOURCES[1], body=SOURCES[1].body + " And GPT-4o."),
        SOURCES[2],
    ]
    result = extract(edited, REG, cache_dir=cache_dir)
    assert result.processed == ("b",)
    assert ("b", "gpt-4o") in {(m.source, m.entity) for m in result.mentions}


def test_changing_a_source_date_reprocesses_it(cache_dir):
    reg = registry(
        entity("devday", "DevDay", "event"),
        entity(
            "devday-2023",
            "DevDay 2023",
            "event",
            facts=[("series", "devday"), ("date", "2023-11-06")],
        ),
    )
    src = source("At DevDay.", date=dt.date(2023, 11, 6))
    assert [m.entity for m in extract([src], reg, cache_dir=cache_dir).mentions] == ["devday-2023"]
    moved = dataclasses.replace(src, date=dt.date(2024, 6, 1))
    result = extract([moved], reg, cache_dir=cache_dir)
    assert result.processed == ("post",)
    assert [m.entity for m in result.mentions] == ["devday"]


def test_changing_an_alias_reprocesses_every_source(cache_dir):
    extract(SOURCES, REG, cache_dir=cache_dir)
    more = registry(*OPENAI_MODELS, entity("openai", "OpenAI", "org", "Open AI"))
    assert extract(SOURCES, more, cache_dir=cache_dir).processed == ("a", "b", "c")


def test_adding_a_source_processes_only_the_new_one(cache_dir):
    extract(SOURCES, REG, cache_dir=cache_dir)
    result = extract([*SOURCES, source("o1-preview.", id="d")], REG, cache_dir=cache_dir)
    assert result.processed == ("d",)


@pytest.mark.parametrize(
    "garbage",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00garbage",
        b"[]",
        b"null",
        b"42",
        b"{}",
        b'{"fingerprint": "x", "content": "y"}',
    ],
    ids=["broken", "empty", "binary", "list", "null", "number", "no-keys", "stale"],
)
def test_a_corrupt_cache_file_is_ignored_not_fatal(cache_dir, garbage):
    expected = extract(SOURCES, REG, cache_dir=cache_dir).mentions
    (cache_dir / "extract" / "a.json").write_bytes(garbage)
    result = extract(SOURCES, REG, cache_dir=cache_dir)
    assert result.processed == ("a",)
    assert result.mentions == expected


def test_a_cache_entry_with_malformed_mentions_is_ignored(cache_dir):
    expected = extract(SOURCES, REG, cache_dir=cache_dir).mentions
    path = cache_dir / "extract" / "a.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["mentions"] = [["gpt-4o", 0]]  # too few fields
    path.write_text(json.dumps(data), encoding="utf-8")
    result = extract(SOURCES, REG, cache_dir=cache_dir)
    assert result.processed == ("a",)
    assert result.mentions == expected


def test_the_cache_is_readable_json_and_leaves_no_temp_files(cache_dir):
    extract(SOURCES, REG, cache_dir=cache_dir)
    files = sorted(p.name for p in (cache_dir / "extract").iterdir())
    assert files == ["a.json", "b.json", "c.json"]
    data = json.loads((cache_dir / "extract" / "b.json").read_text(encoding="utf-8"))
    assert [m[0] for m in data["mentions"]] == ["openai", "o1-mini"]


def test_no_cache_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert extract(SOURCES, REG).processed == ("a", "b", "c")
    assert list(tmp_path.iterdir()) == []
