"""A damaged, foreign or hand-edited cache entry is never served, never a traceback.

Each case below damages one real entry written by a small extraction, then runs the
extraction again and expects exactly the fresh result, that source re-processed, and
the entry rewritten as a sound one. Byte-level damage (bit flips, truncation, bad
UTF-8) is caught by the payload checksum; the "resigned" cases recompute the
checksum after editing the payload, so only the check of the entry's shape against
the source can catch them (a bug that writes wrong data, or an entry from elsewhere).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from kbgen.extract import cache, extract, pipeline

from .kb import OPENAI_MODELS, entity, registry, source

REG = registry(
    *OPENAI_MODELS,
    entity("openai", "OpenAI", "org"),
    entity("sam-altman", "Sam Altman", "person"),
)
SOURCES = [
    source(
        "GPT-4o is out.\n\nSam Altman said GPT-5 is next; Sam said o1-mini too.",
        id="a",
        title="GPT-4o notes",
        subtitle="OpenAI's week",
    ),
    source(
        "[00:00:03] OpenAI said o1-mini.\n\n[00:01:10] And GPT-4o.",
        id="b",
        type="podcast",
        timestamps="offset",
    ),
    source("[10:05] OpenAI on stage. GPT-4 Turbo.", id="c", type="liveblog", timestamps="clock"),
]
BY_ID = {s.id: s for s in SOURCES}

Corrupt = Callable[[Path], None]


def split(raw: bytes) -> tuple[dict, dict]:
    head, _, body = raw.partition(b"\n")
    return json.loads(head), json.loads(body)


def signed(header: dict, body: bytes) -> bytes:
    """An entry whose checksum matches its (possibly wrong) payload."""
    header = {**header, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header, sort_keys=True).encode() + b"\n" + body


def raw_edit(change: Callable[[bytes], bytes]) -> Corrupt:
    return lambda path: path.write_bytes(change(path.read_bytes()))


def payload_edit(change: Callable[[dict], object]) -> Corrupt:
    """Edit the parsed payload and re-sign it: only the shape check can notice."""

    def corrupt(path: Path) -> None:
        header, payload = split(path.read_bytes())
        change(payload)
        path.write_bytes(signed(header, json.dumps(payload).encode()))

    return corrupt


def body_edit(change: Callable[[bytes], bytes]) -> Corrupt:
    """Replace the payload's bytes and re-sign them."""

    def corrupt(path: Path) -> None:
        header, _ = split(path.read_bytes())
        _, _, body = path.read_bytes().partition(b"\n")
        path.write_bytes(signed(header, change(body)))

    return corrupt


def mention(index: int, **fields: object) -> Corrupt:
    return payload_edit(lambda p: p["mentions"][index].update(fields))


def flip_first(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """Change the first `old` after the header line, as one flipped bit would."""

    def change(raw: bytes) -> bytes:
        at = raw.index(old, raw.index(b"\n"))
        return raw[:at] + new + raw[at + len(old) :]

    return change


def directory(path: Path) -> None:
    path.unlink()
    (path / "inner").mkdir(parents=True)
    (path / "inner" / "note.txt").write_text("x", encoding="utf-8")


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def foreign(path: Path) -> None:
    path.write_bytes((path.parent / "b.json").read_bytes())


def foreign_relabelled(path: Path) -> None:
    """b's entry dressed up as a's: header and every mention say "a"."""
    own, _ = split(path.read_bytes())
    _, payload = split((path.parent / "b.json").read_bytes())
    for m in payload["mentions"]:
        m["source"] = "a"
    path.write_bytes(signed(own, json.dumps(payload).encode()))


def header_edit(**fields: object) -> Corrupt:
    def corrupt(path: Path) -> None:
        header, _ = split(path.read_bytes())
        _, _, body = path.read_bytes().partition(b"\n")
        header.update(fields)
        path.write_bytes(json.dumps(header).encode() + b"\n" + body)

    return corrupt


def old_format(path: Path) -> None:
    """The unverified format 1: mentions as positional lists, no header line."""
    _, payload = split(path.read_bytes())
    rows = [
        [m[k] for k in ("entity", "start", "end", "surface", "sentence", "sentence_start",
                        "paragraph", "seconds", "clock", "rule")]
        for m in payload["mentions"]
    ]
    header, _ = split(path.read_bytes())
    data = {"fingerprint": header["fingerprint"], "content": header["content"], "mentions": rows,
            "candidates": [[c["text"], c["paragraph"]] for c in payload["candidates"]]}
    path.write_text(json.dumps(data, indent=0), encoding="utf-8")


# In source "a": mention 0 is the title's GPT-4o, 2 the body's "GPT-4o is out.",
# 3 "Sam Altman" in paragraph 1; in "b" mention 0 is at 3 s; in "c" mention 0 at 10:05.
CASES: dict[str, tuple[str, Corrupt]] = {
    # bytes: the checksum (or the parser) refuses them
    "bit-flip-in-quote": ("a", raw_edit(flip_first(b"GPT-4o is out", b"GRT-4o is out"))),
    "bit-flip-in-offset": ("a", raw_edit(flip_first(b'"start": 16', b'"start": 17'))),
    "bit-flip-in-rule": ("a", raw_edit(flip_first(b'"rule": "alias"', b'"rule": "alies"'))),
    "truncated": ("a", raw_edit(lambda raw: raw[: len(raw) // 2])),
    "truncated-header": ("a", raw_edit(lambda raw: raw[:20])),
    "empty": ("a", raw_edit(lambda raw: b"")),
    "zeroed": ("a", raw_edit(lambda raw: b"\0" * len(raw))),
    "non-utf8": ("a", raw_edit(flip_first(b"GPT", b"\xffPT"))),
    "non-utf8-resigned": ("a", body_edit(lambda body: body.replace(b"GPT", b"\xff\xfe", 1))),
    "deep-json": ("a", raw_edit(lambda raw: b"[" * 100_000)),
    "deep-json-resigned": ("a", body_edit(lambda body: b"[" * 100_000 + b"]" * 100_000)),
    "huge-number-resigned": ("a", body_edit(lambda body: body.replace(
        b'"start": 16', b'"start": 1' + b"0" * 5000, 1))),
    "json-list": ("a", raw_edit(lambda raw: b"[]")),
    "header-is-a-list": ("a", raw_edit(lambda raw: b"[]\n" + raw.partition(b"\n")[2])),
    "old-positional-format": ("a", old_format),
    "checksum-wrong": ("a", header_edit(sha256="0" * 64)),
    "format-other": ("a", header_edit(format=3)),
    "format-as-float": ("a", header_edit(format=2.0)),
    "foreign-entry": ("a", foreign),
    "foreign-entry-relabelled": ("a", foreign_relabelled),
    # what sits at the entry's path
    "directory": ("a", directory),
    "fifo": ("a", fifo),
    # shape: checksum valid, content wrong
    "surface-bit-flip": ("a", mention(2, surface="GRT-4o")),
    "quote-bit-flip": ("a", mention(2, sentence="GRT-4o is out.")),
    "offsets-shifted": ("a", mention(3, start=17, end=27)),
    "offsets-past-paragraph": ("a", mention(3, end=200)),
    "negative-offset": ("a", mention(0, start=-1)),
    "start-after-end": ("a", mention(3, start=26, end=16)),
    "sentence-elsewhere": ("a", mention(3, sentence_start=0)),
    "unknown-entity": ("a", mention(2, entity="gpt-9")),
    "another-sources-mention": ("a", mention(2, source="b")),
    "offset-as-string": ("a", mention(3, start="16")),
    "offset-as-float": ("a", mention(3, start=16.0)),
    "offset-is-nan": ("a", mention(3, start=float("nan"))),
    "paragraph-as-bool": ("a", mention(3, paragraph=True)),
    "paragraph-null": ("a", mention(3, paragraph=None)),
    "paragraph-out-of-range": ("a", mention(3, paragraph=99)),
    "paragraph-of-another-mention": ("a", mention(3, paragraph=0)),
    "subtitle-as-title": ("a", mention(1, paragraph=-1)),
    "paragraph-below-title": ("a", mention(0, paragraph=-3)),
    "surface-as-list": ("a", mention(2, surface=["GPT-4o"])),
    "empty-rule": ("a", mention(2, rule="")),
    "seconds-wrong": ("b", mention(0, seconds=4)),
    "seconds-as-string": ("b", mention(0, seconds="3")),
    "clock-dropped": ("c", mention(0, clock=None)),
    "missing-key": ("a", payload_edit(lambda p: p["mentions"][2].pop("rule"))),
    "extra-key": ("a", mention(2, score=1)),
    "mention-as-list": ("a", payload_edit(
        lambda p: p["mentions"].__setitem__(2, list(p["mentions"][2].values())))),
    "mentions-not-a-list": ("a", payload_edit(lambda p: p.update(mentions={"0": 1}))),
    "payload-missing-candidates": ("a", payload_edit(lambda p: p.pop("candidates"))),
    "payload-extra-key": ("a", payload_edit(lambda p: p.update(more=[]))),
    "candidate-not-in-paragraph": ("a", payload_edit(
        lambda p: p["candidates"][0].update(text="GPT-6"))),
    "candidate-paragraph-missing": ("a", payload_edit(
        lambda p: p["candidates"][0].update(paragraph=42))),
    "candidate-as-list": ("a", payload_edit(
        lambda p: p["candidates"].__setitem__(0, ["GPT-5", 1]))),
}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory):
    """The uncached result and a cache written by it, to copy and damage."""
    template = tmp_path_factory.mktemp("template")
    result = extract(SOURCES, REG, cache_dir=template)
    assert result.processed == ("a", "b", "c")
    return result, template


def test_the_fresh_extraction_covers_what_the_cases_damage(fresh):
    result, _ = fresh
    a = [m for m in result.mentions if m.source == "a"]
    assert [(m.surface, m.paragraph) for m in a[:4]] == [
        ("GPT-4o", -1), ("OpenAI", -2), ("GPT-4o", 0), ("Sam Altman", 1)]
    assert (a[3].start, a[3].end) == (16, 26)
    assert next(m.seconds for m in result.mentions if m.source == "b") == 3
    assert next(m.clock for m in result.mentions if m.source == "c") == "10:05"
    assert [(c.text, c.paragraph) for c in result.candidates] == [("GPT-5", 1)]


@pytest.fixture
def no_hang():
    """A hang (a FIFO opened for reading waits for a writer) fails instead of blocking."""

    def hung(signum: int, frame: object) -> None:
        # not TimeoutError: that is an OSError, which the reader rightly treats as a miss
        pytest.fail("extraction hung on a damaged cache entry")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", list(CASES))
def test_a_damaged_entry_is_recomputed_and_rewritten(fresh, tmp_path, no_hang, name):
    expected, template = fresh
    cache_dir = tmp_path / "cache"
    shutil.copytree(template, cache_dir)
    victim, corrupt = CASES[name]
    path = cache_dir / "extract" / f"{victim}.json"
    corrupt(path)

    result = extract(SOURCES, REG, cache_dir=cache_dir)

    assert result.mentions == expected.mentions
    assert result.candidates == expected.candidates
    assert result.processed == (victim,)
    assert path.is_file() and not path.is_symlink()
    src = BY_ID[victim]
    reread = cache.load(cache_dir, src, pipeline.fingerprint(REG), REG.by_id)
    assert reread == (
        [m for m in expected.mentions if m.source == victim],
        [(c.text, c.paragraph) for c in expected.candidates if c.source == victim],
    )
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.json", "b.json", "c.json"]


def test_an_entry_that_links_outside_the_cache_is_neither_read_nor_written(fresh, tmp_path):
    """A link to a perfectly valid entry elsewhere is still not followed."""
    expected, template = fresh
    cache_dir = tmp_path / "cache"
    shutil.copytree(template, cache_dir)
    outside = tmp_path / "elsewhere.json"
    path = cache_dir / "extract" / "a.json"
    shutil.copy(path, outside)
    before = outside.read_bytes()
    path.unlink()
    path.symlink_to(outside)

    result = extract(SOURCES, REG, cache_dir=cache_dir)

    assert result.processed == ("a",)
    assert result.mentions == expected.mentions
    assert path.is_file() and not path.is_symlink()
    assert outside.read_bytes() == before


def test_a_sound_entry_is_used(fresh, tmp_path):
    """The checks reject damage, not valid entries: a copy of the cache serves everything."""
    expected, template = fresh
    cache_dir = tmp_path / "cache"
    shutil.copytree(template, cache_dir)
    result = extract(SOURCES, REG, cache_dir=cache_dir)
    assert result.processed == ()
    assert result.mentions == expected.mentions
    assert result.candidates == expected.candidates
