"""Extraction results cached per source, as readable JSON.

Only extraction is worth caching (it is the one expensive step; everything after
it is recomputed). A source's entry is valid while both its content hash and the
pipeline fingerprint (code version + registry) match, so editing one source
re-processes that source only, and editing the registry re-processes all of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from kbgen.model import EntityId, Mention, Source, SourceId


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


def _path(cache_dir: Path, source: Source) -> Path:
    return cache_dir / "extract" / f"{source.id}.json"


def load(
    cache_dir: Path | None, source: Source, fingerprint: str
) -> tuple[list[Mention], list[tuple[str, int]]] | None:
    if cache_dir is None:
        return None
    path = _path(cache_dir, source)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    if data.get("fingerprint") != fingerprint or data.get("content") != content_hash(source):
        return None
    try:
        mentions = [Mention(EntityId(m[0]), SourceId(source.id), *m[1:]) for m in data["mentions"]]
        return mentions, [tuple(c) for c in data["candidates"]]
    except (TypeError, KeyError, IndexError):
        return None


def save(
    cache_dir: Path | None,
    source: Source,
    fingerprint: str,
    mentions: list[Mention],
    candidates: list[tuple[str, int]],
) -> None:
    if cache_dir is None:
        return
    path = _path(cache_dir, source)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "fingerprint": fingerprint,
        "content": content_hash(source),
        "mentions": [
            [
                m.entity,
                m.start,
                m.end,
                m.surface,
                m.sentence,
                m.sentence_start,
                m.paragraph,
                m.seconds,
                m.clock,
                m.rule,
            ]
            for m in mentions
        ],
        "candidates": [list(c) for c in candidates],
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=0)
    os.replace(tmp, path)
