"""Registry names become patterns for the ways writers spell them."""

from __future__ import annotations

import pytest

from kbgen.extract import pipeline
from kbgen.extract.patterns import ruler_patterns, spellings
from kbgen.model import Alias

from .kb import OPENAI_MODELS, entity, registry

REG = registry(
    *OPENAI_MODELS,
    entity("chatgpt", "ChatGPT", "product"),
    entity("openai", "OpenAI", "org"),
    entity("linkedin", "LinkedIn", "product"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O1 Preview is good.", [("o1-preview", "O1 Preview")]),
        ("O1-MINI is good.", [("o1-mini", "O1-MINI")]),
        ("I tried gpt4 yesterday.", [("gpt-4", "gpt4")]),
        ("I tried gpt-4O yesterday.", [("gpt-4o", "gpt-4O")]),
        ("CHATGPT is down.", [("chatgpt", "CHATGPT")]),
    ],
)
def test_case_variants_match(found, text, expected):
    assert found(text, REG) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I asked chat GPT.", [("chatgpt", "chat GPT")]),
        ("I asked Chat-GPT.", [("chatgpt", "Chat-GPT")]),
        ("GPT 4o is fast.", [("gpt-4o", "GPT 4o")]),
        ("GPT4o is fast.", [("gpt-4o", "GPT4o")]),
        ("GPT4o mini is fast.", [("gpt-4o-mini", "GPT4o mini")]),
        ("o1mini is fast.", [("o1-mini", "o1mini")]),
        ("o1 preview is slow.", [("o1-preview", "o1 preview")]),
        ("I work at Open AI.", [("openai", "Open AI")]),
    ],
)
def test_spacing_variants_match(found, text, expected):
    assert found(text, REG) == expected


def test_a_camel_case_name_of_ordinary_words_is_not_split(found):
    assert found("I'm linked in to the group.", REG) == []
    assert found("A LinkedIn post.", REG) == [("linkedin", "LinkedIn")]


@pytest.mark.parametrize(
    ("name", "alias", "text"),
    [
        ("GPT-4o", "GPT4o", "GPT-4o and GPT4o"),
        ("Replit", "Repl.it", "Replit and Repl.it"),
    ],
)
def test_a_plain_respelling_alias_adds_to_the_name_never_replaces_it(found, name, alias, text):
    reg = registry(entity("e", name, "product", alias))
    assert found(text, reg) == [("e", name), ("e", alias)]


def test_a_gated_same_text_alias_gives_the_name_its_rule(found):
    reg = registry(entity("grok", "Grok", "model", Alias("Grok", case="exact")))
    assert found("To grok it, ask Grok.", reg) == [("grok", "Grok")]


def test_spellings_list_the_written_form_first_and_fuse_short_parts():
    variants = spellings("GPT-4o mini")
    assert variants[0] == "GPT 4o mini"
    assert {"GPT4o mini", "GPT 4omini", "GPT4omini"} <= set(variants)


def test_asr_aliases_become_patterns_only_for_spoken_sources():
    reg = registry(entity("gpt-4o", "GPT-4o", "model", Alias("GPT for O", asr=True)))
    nlp = pipeline.blank()

    def lowered(spoken: bool) -> set[str]:
        """Each pattern as lowercase text: phrase patterns are strings, token ones lists."""
        out = set()
        for p in ruler_patterns(nlp, reg, spoken=spoken):
            if isinstance(p["pattern"], str):
                out.add(p["pattern"].lower())
            else:
                out.add(" ".join(t.get("LOWER", t.get("ORTH", "")).lower()
                                 for t in p["pattern"] if "OP" not in t))
        return out

    assert "gpt for o" not in lowered(spoken=False)
    assert "gpt for o" in lowered(spoken=True)


def test_every_pattern_carries_the_canonical_id_and_type_label():
    nlp = pipeline.blank()
    patterns = ruler_patterns(
        nlp, registry(entity("openai", "OpenAI", "org", "Open AI")), spoken=False
    )
    assert patterns
    assert {(p["id"], p["label"]) for p in patterns} == {("openai", "ORG")}


COMPOUNDS = registry(
    entity("realtime-api", "Realtime API", "feature"),
    entity("playground", "Playground", "product"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We tried the real-time API today.", [("realtime-api", "real-time API")]),
        ("The real time API is fast.", [("realtime-api", "real time API")]),
        ("The Realtime API is fast.", [("realtime-api", "Realtime API")]),
        # a one-word name is never opened: "play ground" is two ordinary words
        ("Kids need a play ground.", []),
        ("It works in real time, with the API.", []),
    ],
)
def test_closed_compounds_in_names_are_also_matched_open(found, text, expected):
    assert found(text, COMPOUNDS) == expected
