"""A tiny project on disk (four entities, two sources) for the graph and its command."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ENTITIES = {
    "openai": """\
        name: OpenAI
        type: org
        """,
    "gpt-4o": """\
        name: GPT-4o
        type: model
        aliases: [GPT4o]
        facts:
          developer: {value: openai, source: "https://openai.com/index/hello-gpt-4o/"}
          release_date: {value: "2024-05-13", source: "https://openai.com/index/hello-gpt-4o/"}
        """,
    "o1": """\
        name: o1
        type: model
        aliases: [{text: o1, not_before: [lookup, lookups]}]
        facts:
          developer: {value: openai, source: "https://openai.com/o1/"}
        """,
    "sam-altman": """\
        name: Sam Altman
        type: person
        """,
}

SOURCES = {
    "2024/keynote.md": """\
        id: keynote
        title: "DevDay keynote notes"
        date: 2024-10-01
        type: blog
        origin: {file: keynote.html, sha256: "%s"}
        ---
        Sam Altman opened with GPT-4o and o1.

        Then GPT-4o again, GPT4o twice, and o1.

        Only OpenAI here.
        """
    % ("ab" * 32),
    "2024/podcast.md": """\
        id: podcast
        title: "A podcast"
        date: 2024-11-05
        type: podcast
        timestamps: offset
        ---
        [00:00:01] Sam talked about o1 and OpenAI.
        """,
}


def write_tiny_project(root: Path) -> Path:
    for entity_id, meta in ENTITIES.items():
        text = "---\n" + textwrap.dedent(meta) + "---\nA test entity.\n"
        (root / "content/entities" / f"{entity_id}.md").write_text(text, encoding="utf-8")
    for rel, text in SOURCES.items():
        path = root / "content/sources" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def tiny_project(project: Path) -> Path:
    return write_tiny_project(project)
