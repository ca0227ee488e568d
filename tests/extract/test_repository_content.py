"""Integration: the repository's own registry over its own DevDay 2024 live blog.

The other extraction tests build tiny registries; this one checks that the real
430-entity registry keeps the identities that matter apart on real text.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from kbgen.content.registry import alias_key, load_registry
from kbgen.content.sources import load_sources
from kbgen.extract import extract

REPO = Path(__file__).resolve().parents[2]
LIVE_BLOG = "openai-devday-2024-live-blog"


@pytest.fixture(scope="module")
def live_blog():
    registry, problems = load_registry(REPO / "content/entities", REPO)
    assert problems == []
    sources, problems = load_sources(REPO / "content/sources", REPO)
    (blog,) = [s for s in sources if s.id == LIVE_BLOG]
    return blog, extract([blog], registry).mentions


def test_live_blog_keeps_the_openai_models_apart(live_blog):
    blog, mentions = live_blog
    surfaces: defaultdict[str, set[str]] = defaultdict(set)
    for m in mentions:
        surfaces[m.entity].add(alias_key(m.surface))
    # Each model is found, and only under a spelling of its own name.
    assert surfaces["gpt-4o"] and surfaces["gpt-4o"] <= {"gpt4o", "4o"}
    assert surfaces["gpt-4o-mini"] and surfaces["gpt-4o-mini"] <= {"gpt4omini", "4omini"}
    assert surfaces["o1"] == {"o1"}
    assert surfaces["o1-preview"] == {"o1preview"}
    assert surfaces["o1-mini"] == {"o1mini"}
    # "o1 preview" (with a space) is o1-preview, not o1 followed by a word.
    assert "o1 preview" in {m.surface for m in mentions if m.entity == "o1-preview"}
    assert all(blog.body[m.start : m.end] == m.surface for m in mentions if m.paragraph >= 0)


def test_live_blog_o1_lookups_is_not_the_model(live_blog):
    blog, mentions = live_blog
    at = blog.body.index("O1 lookups")
    assert not [m for m in mentions if m.paragraph >= 0 and m.start == at]


def test_live_blog_bare_sam_is_sam_altman_with_a_clock_time(live_blog):
    _, mentions = live_blog
    sams = [m for m in mentions if m.surface == "Sam"]
    assert sams and {m.entity for m in sams} == {"sam-altman"}
    assert all(m.rule == "first-name" and m.clock for m in sams)
