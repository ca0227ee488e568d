"""Extraction results cached per source, one readable file each, verified on every read.

Only extraction is worth caching (it is the one expensive step; everything after
it is recomputed). A source's entry is used while its content hash and the pipeline
fingerprint (kbgen's code, libraries, registry, this format: see
`pipeline.fingerprint`) match, so editing one source re-processes that source only.

The cache is an optimisation and never an authority: an entry is used only if it
proves it describes this source exactly, and anything else (a bit flip, a
truncated write, an entry from another source or another version, a directory or
a link where the file should be) is a miss, recomputed and overwritten, never
published and never a traceback. A file is two lines of JSON:

    {"content": ..., "fingerprint": ..., "format": 2, "sha256": ..., "source": ...}
    {"candidates": [{"text": ..., "paragraph": ...}], "mentions": [{"entity": ..., ...}]}

The header must match what the reader expects exactly; `sha256` is that of the
payload's bytes (everything after the first newline), checked before they are parsed;
mentions are stored by `Mention` field name, so a reordered dataclass cannot read a
paragraph number as an offset; and every mention is checked against the source:
offsets inside its paragraph, `body[start:end] == surface`, the sentence where it
says, the paragraph's time, a known entity. Writes go to a temp file renamed over
the entry, and a failed write (full disk, read-only folder) leaves nothing behind
and only costs the caching of that entry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import stat
import types
import typing
from collections.abc import Container
from pathlib import Path

from kbgen.extract.text import Passage, passages
from kbgen.files import write_atomically
from kbgen.model import Mention, Source

FORMAT = 2  # 1 was the unverified layout with mentions as positional lists
_HEADER_KEYS = frozenset({"format", "source", "fingerprint", "content", "sha256"})
_PAYLOAD_KEYS = frozenset({"mentions", "candidates"})
_CANDIDATE_KEYS = frozenset({"text", "paragraph"})

Candidates = list[tuple[str, int]]
Result = tuple[list[Mention], Candidates]


class _Invalid(Exception):
    """An entry that does not prove it describes the source: treated as a miss."""


def content_hash(source: Source) -> str:
    # the date decides which edition a series mention ("DevDay") resolves to
    parts = [
        source.title,
        source.subtitle or "",
        source.type,
        source.timestamps or "",
        source.date.isoformat(),
        source.body,
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:20]


def layout() -> list[tuple[str, str]]:
    """Mention's fields as (name, annotation), in order: part of the pipeline fingerprint."""
    return [(f.name, str(f.type)) for f in dataclasses.fields(Mention)]


def load(
    cache_dir: Path | None, source: Source, fingerprint: str, known: Container[str]
) -> Result | None:
    """The cached result for `source`, or None unless the entry is sound in every respect.

    `known` holds the registry's entity ids: an entry naming any other entity is stale.
    """
    if cache_dir is None:
        return None
    folder = _folder(cache_dir)
    raw = None if folder is None else _read(_entry(folder, source))
    if raw is None:
        return None
    try:
        return _decode(raw, source, fingerprint, known)
    except (_Invalid, ValueError, TypeError, RecursionError):
        # ValueError: bad JSON, bad UTF-8, a 5,000-digit number; RecursionError: deep nesting
        return None


def save(
    cache_dir: Path | None,
    source: Source,
    fingerprint: str,
    mentions: list[Mention],
    candidates: Candidates,
) -> bool:
    """Store one source's result; False (and nothing left behind) if it cannot be written.

    A full disk or a read-only folder must not fail the build: the entry is simply
    not cached, and the next build extracts that source again.
    """
    if cache_dir is None:
        return False
    try:
        blob = _encode(source, fingerprint, mentions, candidates)
        folder = _make_folder(cache_dir)
        if folder is None:
            return False
        _write(_entry(folder, source), blob)
    except (OSError, UnicodeError):
        return False
    return True


def _entry(folder: Path, source: Source) -> Path:
    return folder / f"{source.id}.json"


def _folder(cache_dir: Path) -> Path | None:
    """The entries' folder if it is a real directory (never a link out of the project)."""
    folder = cache_dir / "extract"
    try:
        if cache_dir.is_symlink() or not stat.S_ISDIR(folder.lstat().st_mode):
            return None
    except OSError:
        return None
    return folder


def _make_folder(cache_dir: Path) -> Path | None:
    """The entries' folder, created, or replaced if it is a link or a file; None if
    the cache folder itself is a link (writing through it could land anywhere)."""
    if cache_dir.is_symlink():
        return None
    folder = cache_dir / "extract"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()  # removes the link itself, never its target
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _read(path: Path) -> bytes | None:
    """The entry's bytes if it is a regular file; never follows a link, never blocks on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(path: Path, blob: bytes) -> None:
    """Write atomically: readers see the old entry or the new one, and a failure
    (ENOSPC, EROFS, EACCES, an interrupt) removes the temp file before it propagates."""
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(path.lstat().st_mode):
            shutil.rmtree(path)  # a directory where the entry belongs: not ours to keep
    write_atomically(path, blob, prefix=f".{path.stem}.")


def _encode(
    source: Source, fingerprint: str, mentions: list[Mention], candidates: Candidates
) -> bytes:
    names = [name for name, _ in layout()]
    payload = {
        "mentions": [{name: getattr(m, name) for name in names} for m in mentions],
        "candidates": [{"text": text, "paragraph": para} for text, para in candidates],
    }
    body = json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8")
    header = _header(source, fingerprint, body)
    return json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" + body


def _header(source: Source, fingerprint: str, body: bytes) -> dict[str, object]:
    """What the first line of `source`'s entry must say, for a payload of `body`."""
    return {
        "format": FORMAT,
        "source": source.id,
        "fingerprint": fingerprint,
        "content": content_hash(source),
        "sha256": hashlib.sha256(body).hexdigest(),
    }


def _decode(raw: bytes, source: Source, fingerprint: str, known: Container[str]) -> Result:
    head, newline, body = raw.partition(b"\n")
    if not newline:
        raise _Invalid("no header line")
    header = _object(head, _HEADER_KEYS)
    expected = _header(source, fingerprint, body)
    if header != expected or type(header["format"]) is not int:
        raise _Invalid("stale, foreign or damaged entry")
    payload = _object(body, _PAYLOAD_KEYS)
    if not isinstance(payload["mentions"], list) or not isinstance(payload["candidates"], list):
        raise _Invalid("mentions and candidates must be lists")
    where = _Where(source)
    mentions = [_mention(item, source, known, where) for item in payload["mentions"]]
    candidates = [_candidate(item, where) for item in payload["candidates"]]
    return mentions, candidates


def _object(data: bytes, keys: frozenset[str]) -> dict[str, typing.Any]:
    value = json.loads(data.decode("utf-8"))
    if not isinstance(value, dict) or value.keys() != keys:
        raise _Invalid("not an object with the expected keys")
    return value


def _mention(item: object, source: Source, known: Container[str], where: _Where) -> Mention:
    hints = _hints(Mention)
    if not isinstance(item, dict) or item.keys() != hints.keys():
        raise _Invalid("a mention must have exactly Mention's fields")
    for name, hint in hints.items():
        if not _has_type(item[name], hint):
            raise _Invalid(f"mention field {name} has the wrong type")
    m = Mention(**item)
    if m.source != source.id or m.entity not in known or not m.rule:
        raise _Invalid("a mention of another source or of an unknown entity")
    passage, base = where.passage(m.paragraph)
    lo, hi = passage.offset, passage.offset + len(passage.text)
    sentence_end = m.sentence_start + len(m.sentence)
    if not (lo <= m.start < m.end <= hi and lo <= m.sentence_start <= sentence_end <= hi):
        raise _Invalid("offsets outside the mention's paragraph")
    if base[m.start : m.end] != m.surface or base[m.sentence_start : sentence_end] != m.sentence:
        raise _Invalid("surface or sentence differs from the source")
    if (m.seconds, m.clock) != (passage.seconds, passage.clock):
        raise _Invalid("time differs from the paragraph's")
    return m


def _candidate(item: object, where: _Where) -> tuple[str, int]:
    if not isinstance(item, dict) or item.keys() != _CANDIDATE_KEYS:
        raise _Invalid("a candidate must have exactly text and paragraph")
    text, para = item["text"], item["paragraph"]
    if type(text) is not str or type(para) is not int or not text:
        raise _Invalid("candidate of the wrong type")
    if text not in where.text(para):
        raise _Invalid("candidate not in its paragraph")
    return text, para


class _Where:
    """The source's passages by paragraph number, with the text their offsets index."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.passages = {p.paragraph: p for p in passages(source, 0)}
        self.texts: dict[int, str] = {}

    def passage(self, paragraph: int) -> tuple[Passage, str]:
        passage = self.passages.get(paragraph)
        if passage is None:
            raise _Invalid("no such paragraph")
        return passage, self.source.text_of(passage.kind)

    def text(self, paragraph: int) -> str:
        """The paragraph as written (candidates quote it, not the normalized text)."""
        if paragraph not in self.texts:
            passage, base = self.passage(paragraph)
            self.texts[paragraph] = base[passage.offset : passage.offset + len(passage.text)]
        return self.texts[paragraph]


@functools.cache
def _hints(cls: type) -> dict[str, typing.Any]:
    """Each dataclass field's resolved annotation, by name, in field order."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _has_type(value: object, hint: typing.Any) -> bool:
    """Whether a JSON value fits a field annotation; bool is not an int, 1.0 is not an int."""
    while hasattr(hint, "__supertype__"):  # NewType: EntityId is a str
        hint = hint.__supertype__
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_has_type(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint in (str, int, float, bool):
        return type(value) is hint
    return False  # a field type the cache cannot check: never trust it (a test guards this)
