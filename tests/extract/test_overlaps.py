"""Propose, filter, then choose: context rules run before overlaps are resolved.

Every match is a candidate in one spans group; the gate drops those whose context
rules fail; only then does the chooser pick non-overlapping entities. So a long
match its rules reject never takes a valid shorter match down with it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kbgen.extract import pipeline, spans
from kbgen.model import Alias

from .kb import entity, registry, source

CLAUDE = entity("claude", "Claude", "model")
CLAUDE_CODE = entity(
    "claude-code",
    "Claude Code",
    "product",
    Alias("Claude Code", near=("terminal", "agent", "cli")),
)
GRAB = entity("grab", "Grab", "org", Alias("Grab", case="exact", sentence_start=False))
GRAB_FOOD = entity(
    "grab-food", "Grab Food", "product", Alias("Grab Food", near=("delivery", "app"))
)


def test_a_rejected_long_match_keeps_the_shorter_valid_one(found):
    text = "Claude Code is what I call my notes on Claude."
    assert found(text, registry(CLAUDE, CLAUDE_CODE)) == [
        ("claude", "Claude"),
        ("claude", "Claude"),
    ]


def test_an_accepted_long_match_still_wins(mentions):
    text = "Claude Code is an agent in the terminal, built on Claude."
    got = mentions(source(text), registry(CLAUDE, CLAUDE_CODE))
    assert [
        (m.entity, m.start, m.rule) for m in got if m.paragraph == 0 and m.rule != "nested"
    ] == [
        ("claude-code", 0, "alias"),
        ("claude", text.rindex("Claude"), "alias"),
    ]


def test_the_shorter_match_keeps_its_own_rules(found):
    # "Grab Food" lacks its near word, and "Grab" starts the sentence: neither.
    assert found("Grab Food is tasty.", registry(GRAB, GRAB_FOOD)) == []
    # "Grab Food" rejected, "Grab" (not at the start) is the org.
    assert found("I like Grab Food a lot.", registry(GRAB, GRAB_FOOD)) == [("grab", "Grab")]


def test_a_nested_name_of_another_type_inside_an_accepted_match(mentions):
    text = "Claude Code is an agent in the terminal."
    got = [
        (m.entity, m.surface, m.rule)
        for m in mentions(source(text), registry(CLAUDE, CLAUDE_CODE))
        if m.paragraph == 0
    ]
    assert sorted(got) == [
        ("claude", "Claude", "nested"),
        ("claude-code", "Claude Code", "alias"),
    ]


# --- several producers feed one spans group -------------------------------------


def _proposer(name: str, pattern: str, label: str, entity_id: str, rule: str | None):
    """A producer that proposes every regex match as `entity_id`, labelled `rule`."""

    def component(doc: Doc) -> Doc:
        group = list(doc.spans.get(spans.CANDIDATES, []))
        for m in re.finditer(pattern, doc.text):
            span = doc.char_span(m.start(), m.end(), label=label, span_id=entity_id)
            if rule is not None:
                span._.kb_rule = rule
            group.append(span)
        doc.spans[spans.CANDIDATES] = group
        return doc

    if not Language.has_factory(name):
        Language.component(name, func=component)

    def produce(nlp: Language, registry, spoken: bool) -> None:
        nlp.add_pipe(name)

    return produce


QWEN2 = entity("qwen2", "Qwen2", "model")
CURSOR = entity(
    "cursor", "Cursor", "product", Alias("Cursor", case="exact", not_after=("the", "mouse"))
)
LONGER_MODELS = _proposer(
    "test_longer_models", r"Qwen2-VL-7B", "MODEL", "qwen2-vl-7b", "model-name"
)
ANY_CURSOR = _proposer("test_any_cursor", r"(?i)\bcursor\b", "PRODUCT", "cursor", "guess")
HANDLES = _proposer("test_handles", r"@cursor_ai", "PRODUCT", "cursor", "handle")
UNLABELLED = _proposer("test_unlabelled", r"Windsurf", "PRODUCT", "windsurf", None)


def _ents(reg, text, *producers, spoken=False):
    nlp = pipeline.build(reg, spoken=spoken, producers=(*pipeline.PRODUCERS, *producers))
    return [(e.id_, e.text, e._.kb_rule) for e in nlp(text).ents]


def test_the_pipeline_is_registered_factories_in_order():
    nlp = pipeline.build(registry(CLAUDE), spoken=False)
    assert nlp.pipe_names == [
        "sentencizer",
        "kbgen_registry_rules",
        "kbgen_handles",
        "kbgen_gate",
        "kbgen_choose",
    ]
    assert [nlp.get_pipe_meta(n).factory for n in nlp.pipe_names] == [
        "sentencizer",
        "span_ruler",
        "kbgen_handles",
        "kbgen_gate",
        "kbgen_choose",
    ]


def test_every_candidate_is_proposed_before_any_is_chosen():
    nlp = pipeline.build(registry(CLAUDE, CLAUDE_CODE), spoken=False)
    with nlp.select_pipes(disable=["kbgen_gate", "kbgen_choose"]):
        doc = nlp("Claude Code is what I call my notes on Claude.")
    assert [(s.id_, s.text) for s in doc.spans[spans.CANDIDATES]] == [
        ("claude", "Claude"),
        ("claude-code", "Claude Code"),
        ("claude", "Claude"),
    ]
    assert list(doc.ents) == []


def test_a_longer_candidate_of_another_producer_supersedes_a_registry_match():
    text = "We fine-tuned Qwen2-VL-7B on receipts."
    assert _ents(registry(QWEN2), text) == [("qwen2", "Qwen2", "alias")]
    assert _ents(registry(QWEN2), text, LONGER_MODELS) == [
        ("qwen2-vl-7b", "Qwen2-VL-7B", "model-name")
    ]


def test_an_editors_rule_holds_for_every_producer():
    text = "Move the Cursor left. I tried cursor. Cursor ships agents."
    # not_after rejects the first, case exact the second: whoever proposed them
    assert _ents(registry(CURSOR), text, ANY_CURSOR) == [("cursor", "Cursor", "alias")]


def test_a_candidate_without_a_registry_surface_needs_its_producers_rule():
    text = "Windsurf and Qwen2-VL-7B today."
    assert _ents(registry(QWEN2), text, UNLABELLED, LONGER_MODELS) == [
        ("qwen2-vl-7b", "Qwen2-VL-7B", "model-name")
    ]


def test_a_producers_rule_reaches_the_mention(monkeypatch, mentions):
    monkeypatch.setattr(pipeline, "PRODUCERS", (*pipeline.PRODUCERS, HANDLES, ANY_CURSOR))
    text = "Cursor ships agents, says @cursor_ai."
    got = mentions(source(text), registry(CURSOR))
    # "Cursor", proposed twice, is one mention, and a registry surface: "alias"
    assert [(m.entity, m.surface, m.rule) for m in got if m.paragraph == 0] == [
        ("cursor", "Cursor", "alias"),
        ("cursor", "@cursor_ai", "handle"),
    ]
