"""The pipeline's tokenizer and ruler: model names as writers really spell them.

spaCy's English tokenizer splits "o1-mini" at the hyphen but not "GPT-4o" (no
split before a digit by default); kbgen tunes it and builds its patterns with the
same tokenizer, so these names are found whole, and distinct versions never merge.
"""

from __future__ import annotations

import pytest

from kbgen.extract import pipeline
from kbgen.model import Alias

from .kb import OPENAI_MODELS, entity, registry

MODELS = registry(
    *OPENAI_MODELS,
    entity("gpt-3-5", "GPT-3.5", "model"),
    entity("llama-3-1", "Llama 3.1", "model"),
    entity("llama-3-1-405b", "Llama 3.1 405B", "model"),
    entity("claude", "Claude", "model"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPT-4o is out.", [("gpt-4o", "GPT-4o")]),
        ("We moved to o1-mini last week.", [("o1-mini", "o1-mini")]),
        ("GPT-3.5 was the default.", [("gpt-3-5", "GPT-3.5")]),
        ("Meta released Llama 3.1 405B today.", [("llama-3-1-405b", "Llama 3.1 405B")]),
        ("Meta released Llama-3.1-405B today.", [("llama-3-1-405b", "Llama-3.1-405B")]),
        ("(GPT-4o)", [("gpt-4o", "GPT-4o")]),
        ("Is it GPT-4o?", [("gpt-4o", "GPT-4o")]),
        ("Compare GPT-4o/o1 here.", [("gpt-4o", "GPT-4o"), ("o1", "o1")]),
        ("A GPT-4o-powered app.", [("gpt-4o", "GPT-4o")]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_model_names_are_found_whole(found, text, expected):
    assert found(text, MODELS) == expected


def test_a_dated_snapshot_folds_to_its_model(found):
    assert found("We pinned gpt-4o-2024-08-06 in production.", MODELS) == [("gpt-4o", "gpt-4o")]


def test_claude_plus_is_claude(found):
    assert found("Claude+ was the paid plan.", MODELS) == [("claude", "Claude")]


@pytest.mark.parametrize("text", ["GPT-4o's voice", "GPT-4o\u2019s voice"])
def test_a_possessive_is_the_model_without_the_s(found, text):
    assert found(text, MODELS) == [("gpt-4o", "GPT-4o")]


def test_gpt4_versions_never_merge(found):
    text = "GPT-4, GPT-4 Turbo, GPT-4o and GPT-4o mini are four models."
    assert found(text, MODELS) == [
        ("gpt-4", "GPT-4"),
        ("gpt-4-turbo", "GPT-4 Turbo"),
        ("gpt-4o", "GPT-4o"),
        ("gpt-4o-mini", "GPT-4o mini"),
    ]


def test_o1_versions_never_merge(found):
    assert found("o1, o1-preview and o1-mini differ.", MODELS) == [
        ("o1", "o1"),
        ("o1-preview", "o1-preview"),
        ("o1-mini", "o1-mini"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPT-4o mini is cheap.", [("gpt-4o-mini", "GPT-4o mini")]),
        ("GPT-4o-mini is cheap.", [("gpt-4o-mini", "GPT-4o-mini")]),
        ("GPT-4 Turbo is fast.", [("gpt-4-turbo", "GPT-4 Turbo")]),
        ("o1-preview is slow.", [("o1-preview", "o1-preview")]),
    ],
)
def test_longest_match_wins_and_the_shorter_name_is_not_also_counted(found, text, expected):
    assert found(text, MODELS) == expected


@pytest.mark.parametrize("text", ["GPT-4.5 launched.", "GPT-4.1 launched.", "GPT-40 is no model."])
def test_a_longer_version_number_is_not_the_shorter_model(found, text):
    assert found(text, MODELS) == []


def test_a_registered_longer_version_is_its_own_entity(found):
    reg = registry(*OPENAI_MODELS, entity("gpt-4-5", "GPT-4.5", "model"))
    assert found("GPT-4.5 and GPT-4 are different.", reg) == [
        ("gpt-4-5", "GPT-4.5"),
        ("gpt-4", "GPT-4"),
    ]


def test_patterns_and_text_share_one_tokenizer():
    nlp = pipeline.blank()
    tokens = [t.text for t in nlp("o1-mini and GPT-4o")]
    assert tokens == ["o1", "-", "mini", "and", "GPT", "-", "4o"]


def test_fingerprint_changes_when_an_alias_changes():
    before = registry(entity("gpt-4o", "GPT-4o", "model"))
    after = registry(entity("gpt-4o", "GPT-4o", "model", "GPT4 Omni"))
    gated = registry(entity("gpt-4o", "GPT-4o", "model", Alias("GPT4 Omni", case="exact")))
    prints = {pipeline.fingerprint(r) for r in (before, after, gated)}
    assert len(prints) == 3
    assert pipeline.fingerprint(before) == pipeline.fingerprint(
        registry(entity("gpt-4o", "GPT-4o", "model"))
    )
