"""Paragraphs and their times are parsed once, by the loader, and shared downstream."""

from __future__ import annotations

from pathlib import Path

from kbgen.content.sources import load_sources
from kbgen.extract import extract
from kbgen.timecode import format_seconds, leading_marker

from .kb import entity, registry

_PODCAST = """---
id: episode
title: An episode
date: 2024-10-01
type: podcast
timestamps: offset
---

[00:00:05] OpenAI opened the show.

[00:00:40] Then came the news.
"""


def _load(project: Path, text: str):
    (project / "content/sources/episode.md").write_text(text, encoding="utf-8")
    sources, problems = load_sources(project / "content/sources")
    assert not problems
    return sources[0]


def test_the_first_paragraph_of_a_transcript_keeps_its_time(project: Path) -> None:
    # the body of a file starts with the blank line after the front matter
    src = _load(project, _PODCAST)
    assert src.body.startswith("\n[00:00:05]")
    first, second = src.paragraphs
    assert (first.seconds, second.seconds) == (5, 40)
    (m,) = extract([src], registry(entity("openai", "OpenAI", "org"))).mentions
    assert (m.seconds, m.sentence) == (5, "OpenAI opened the show.")


def test_paragraph_values_carry_offsets_and_markers(project: Path) -> None:
    src = _load(project, _PODCAST)
    first = src.paragraphs[0]
    assert first.marker is not None
    assert src.body[first.marker.start :].startswith("[00:00:05] OpenAI")
    assert src.body[first.content_start :].startswith("[00:00:05]")
    assert first.kind == "body" and first.speaker is None


def test_one_formatter_and_one_marker_reader() -> None:
    assert format_seconds(3723.9) == "01:02:03"
    marker = leading_marker("[1:02:03] hi")
    assert marker is not None and marker.seconds() == 3723
    assert leading_marker("text [00:01:05] later") is None
