"""The extraction cache: per source, valid while its content and the pipeline match."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
import spacy

from kbgen.extract import cache, extract, pipeline
from kbgen.model import EntityId, Mention, SourceId

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


def _entry(path):
    """(header, payload) of a cache file: two lines of JSON."""
    head, _, body = path.read_bytes().partition(b"\n")
    return json.loads(head), json.loads(body)


def test_a_cache_entry_with_malformed_mentions_is_ignored(cache_dir):
    expected = extract(SOURCES, REG, cache_dir=cache_dir).mentions
    path = cache_dir / "extract" / "a.json"
    header, payload = _entry(path)
    payload["mentions"] = [{"entity": "gpt-4o", "start": 0}]  # too few fields
    body = json.dumps(payload).encode()
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    result = extract(SOURCES, REG, cache_dir=cache_dir)
    assert result.processed == ("a",)
    assert result.mentions == expected


def test_the_cache_is_readable_json_and_leaves_no_temp_files(cache_dir):
    extract(SOURCES, REG, cache_dir=cache_dir)
    files = sorted(p.name for p in (cache_dir / "extract").iterdir())
    assert files == ["a.json", "b.json", "c.json"]
    header, payload = _entry(cache_dir / "extract" / "b.json")
    assert header["source"] == "b" and header["format"] == cache.FORMAT
    assert [m["entity"] for m in payload["mentions"]] == ["openai", "o1-mini"]
    assert payload["mentions"][0]["seconds"] == 3


# --- the fingerprint covers everything that decides the result ---------------------


@pytest.fixture
def code_digest():
    """Let a test change what kbgen's code looks like; the per-process digest is reset."""
    pipeline._code_digest.cache_clear()
    yield
    pipeline._code_digest.cache_clear()


def test_the_fingerprint_hashes_all_of_kbgens_code_not_only_extraction():
    names = [name for name, _ in pipeline._code_files()]
    assert names == sorted(names)
    for module in ("model.py", "content/registry.py", "extract/cache.py", "extract/text.py"):
        assert module in names


def test_changing_a_module_outside_extract_refuses_the_cache(cache_dir, monkeypatch, code_digest):
    extract(SOURCES, REG, cache_dir=cache_dir)
    read = pipeline._read_code

    def edited(path: Path) -> bytes:
        data = read(path)
        return data + b"\n# edited\n" if path.name == "model.py" else data

    monkeypatch.setattr(pipeline, "_read_code", edited)
    pipeline._code_digest.cache_clear()
    assert extract(SOURCES, REG, cache_dir=cache_dir).processed == ("a", "b", "c")
    assert extract(SOURCES, REG, cache_dir=cache_dir).processed == ()


def test_the_code_is_hashed_once_per_process(monkeypatch, code_digest):
    calls = []
    read = pipeline._read_code
    monkeypatch.setattr(pipeline, "_read_code", lambda path: calls.append(path) or read(path))
    pipeline.fingerprint(REG)
    pipeline.fingerprint(REG)
    assert len(calls) == len(pipeline._code_files())


@dataclasses.dataclass(frozen=True)
class SwappedMention:
    """Mention with `paragraph` and `start` swapped, as in issue 8's demonstration."""

    entity: EntityId
    source: SourceId
    paragraph: int
    end: int
    surface: str
    sentence: str
    sentence_start: int
    start: int
    seconds: int | None = None
    clock: str | None = None
    rule: str = "alias"


def test_reordering_mention_fields_refuses_the_cache(cache_dir, monkeypatch):
    extract(SOURCES, REG, cache_dir=cache_dir)
    monkeypatch.setattr(cache, "Mention", SwappedMention)
    assert extract(SOURCES, REG, cache_dir=cache_dir).processed == ("a", "b", "c")


def test_mentions_are_read_back_by_field_name_whatever_the_field_order(cache_dir, monkeypatch):
    fresh = extract(SOURCES, REG, cache_dir=cache_dir)
    fingerprint = pipeline.fingerprint(REG)
    monkeypatch.setattr(cache, "Mention", SwappedMention)
    mentions, _ = cache.load(cache_dir, SOURCES[0], fingerprint, REG.by_id)
    original = [m for m in fresh.mentions if m.source == "a"]
    assert [dataclasses.asdict(m) for m in mentions] == [dataclasses.asdict(m) for m in original]


@pytest.mark.parametrize(
    "change",
    [
        lambda mp: mp.setattr(spacy, "__version__", "0.0.1"),
        lambda mp: mp.setattr(pipeline, "_version", lambda package: "0.0.1"),
        lambda mp: mp.setattr(cache, "FORMAT", cache.FORMAT + 1),
    ],
    ids=["spacy-version", "wordfreq-version", "cache-format"],
)
def test_library_versions_and_the_cache_format_refuse_the_cache(cache_dir, monkeypatch, change):
    extract(SOURCES, REG, cache_dir=cache_dir)
    change(monkeypatch)
    assert extract(SOURCES, REG, cache_dir=cache_dir).processed == ("a", "b", "c")


def test_every_mention_field_has_a_type_the_cache_can_check():
    """A new Mention field of a type the reader cannot check would silently disable the cache."""
    samples = {
        "entity": "gpt-4o", "source": "a", "start": 0, "end": 6, "surface": "GPT-4o",
        "sentence": "GPT-4o.", "sentence_start": 0, "paragraph": 0, "seconds": 3,
        "clock": "10:05", "rule": "alias",
    }
    hints = cache._hints(Mention)
    assert hints.keys() == samples.keys()
    for name, hint in hints.items():
        assert cache._has_type(samples[name], hint), name
    assert cache._has_type(None, hints["seconds"]) and cache._has_type(None, hints["clock"])
    assert not cache._has_type(True, hints["start"]) and not cache._has_type(1.0, hints["end"])


# --- a cache that cannot be written or read costs only the caching -----------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


@pytest.fixture
def tmpfs(tmp_path):
    """A 64 KiB tmpfs, to fill up or make read-only for real (skipped where mount fails)."""
    point = tmp_path / "small"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(point)],
        capture_output=True, check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_full_disk_leaves_no_temp_file_and_does_not_fail(tmpfs):
    expected = extract(SOURCES, REG)
    with contextlib.suppress(OSError), open(tmpfs / "filler", "wb") as fh:
        while True:  # until ENOSPC
            fh.write(b"x" * 4096)
            fh.flush()
    result = extract(SOURCES, REG, cache_dir=tmpfs / "cache")
    assert result.mentions == expected.mentions
    assert list((tmpfs / "cache" / "extract").iterdir()) == []  # no entry, no temp file


def test_a_full_disk_faked_leaves_no_temp_file(cache_dir, monkeypatch):
    """The same without a mount: every write of a cache file fails with ENOSPC."""
    expected = extract(SOURCES, REG)
    real = os.fdopen

    def full(fd, mode="r", *args, **kw):
        handle = real(fd, mode, *args, **kw)
        if "w" in mode:
            def no_space(data):
                raise OSError(errno.ENOSPC, "No space left on device")
            handle.write = no_space
        return handle

    monkeypatch.setattr(os, "fdopen", full)
    result = extract(SOURCES, REG, cache_dir=cache_dir)
    monkeypatch.undo()
    assert result.mentions == expected.mentions
    assert _leftovers(cache_dir / "extract") == []
    assert list((cache_dir / "extract").iterdir()) == []


def test_a_failed_rename_leaves_no_temp_file(cache_dir, monkeypatch):
    def denied(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", denied)
    result = extract(SOURCES, REG, cache_dir=cache_dir)
    monkeypatch.undo()
    assert result.processed == ("a", "b", "c")
    assert list((cache_dir / "extract").iterdir()) == []


def test_a_read_only_cache_does_not_fail_the_build(tmpfs):
    cache_dir = tmpfs / "cache"
    extract(SOURCES, REG, cache_dir=cache_dir)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    edited = [dataclasses.replace(SOURCES[0], body="o1-preview now."), *SOURCES[1:]]
    result = extract(edited, REG, cache_dir=cache_dir)
    assert result.processed == ("a",)
    assert [m.entity for m in result.mentions if m.source == "a" and m.paragraph >= 0] == [
        "o1-preview"]


def test_an_unreadable_cache_just_misses(cache_dir, monkeypatch):
    extract(SOURCES, REG, cache_dir=cache_dir)
    real = os.open

    def denied(path, *args, **kw):
        if str(path).startswith(str(cache_dir)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "open", denied)
    assert cache.load(cache_dir, SOURCES[0], pipeline.fingerprint(REG), REG.by_id) is None


def test_a_cache_folder_that_is_a_file_is_replaced(cache_dir):
    cache_dir.mkdir()
    (cache_dir / "extract").write_text("not a folder", encoding="utf-8")
    assert extract(SOURCES, REG, cache_dir=cache_dir).processed == ("a", "b", "c")
    assert extract(SOURCES, REG, cache_dir=cache_dir).processed == ()


def test_a_linked_cache_folder_is_never_read_or_written_through(cache_dir, tmp_path):
    """A committed `.kbgen/cache/extract -> elsewhere` must not reach outside."""
    elsewhere = tmp_path / "elsewhere"
    extract(SOURCES, REG, cache_dir=tmp_path / "other")
    (tmp_path / "other" / "extract").rename(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    cache_dir.mkdir()
    (cache_dir / "extract").symlink_to(elsewhere)
    assert extract(SOURCES, REG, cache_dir=cache_dir).processed == ("a", "b", "c")
    assert not (cache_dir / "extract").is_symlink()
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


def test_no_cache_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert extract(SOURCES, REG).processed == ("a", "b", "c")
    assert list(tmp_path.iterdir()) == []
