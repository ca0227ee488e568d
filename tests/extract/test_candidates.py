"""Model-like names the registry lacks are reported to editors, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kbgen.errors import KbgenError
from kbgen.extract import extract
from kbgen.extract.candidates import Candidate

from .kb import entity, registry, source

REG = registry(
    entity("claude", "Claude", "model"),
    entity("claude-3-opus", "Claude 3 Opus", "model"),
    entity("anthropic", "Anthropic", "org"),
)


def candidates(text: str, reg=REG, **kw) -> list[str]:
    return [c.text for c in extract([source(text)], reg, **kw).candidates]


def test_an_unregistered_release_of_a_known_family_is_a_candidate():
    assert candidates("Anthropic shipped Claude 3.5 Sonnet today.") == ["Claude 3.5 Sonnet"]


def test_a_registered_model_is_not_a_candidate():
    assert candidates("Claude 3 Opus is still good. So is Claude.") == []


def test_a_candidate_names_its_source_and_paragraph():
    result = extract([source("Intro.\n\nThen claude-3.5-haiku arrived.", id="news")], REG)
    assert result.candidates == (Candidate("claude-3.5-haiku", "news", 1),)


def test_gpt_is_always_a_family():
    assert candidates("GPT-5 is rumoured.", registry(entity("openai", "OpenAI", "org"))) == [
        "GPT-5"
    ]


def test_a_family_name_without_a_version_is_not_a_candidate():
    assert candidates("Claude Sonnet and Claude are names.") == []


@pytest.fixture
def person_model(tmp_path: Path) -> str:
    """A tiny statistical-model stand-in: a saved pipeline that tags one PERSON."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Ada Lovelace"},
            {"label": "PERSON", "pattern": "Anthropic"},
        ]
    )
    path = tmp_path / "ner-model"
    nlp.to_disk(path)
    return str(path)


def test_a_ner_model_adds_candidates_the_registry_does_not_know(person_model):
    assert candidates("Ada Lovelace visited Anthropic.", ner_model=person_model) == ["Ada Lovelace"]


def test_a_ner_model_never_adds_mentions(person_model):
    result = extract([source("Ada Lovelace visited Anthropic.")], REG, ner_model=person_model)
    assert [m.entity for m in result.mentions if m.paragraph == 0] == ["anthropic"]


def test_a_missing_ner_model_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(KbgenError) as info:
        extract([source("Claude.")], REG, ner_model=str(missing))
    message = str(info.value)
    assert str(missing) in message
    assert "rule-based" in message
