"""Handles resolve to registry entities: "@sama said", "[@AnthropicAI](https://x.com/...)".

Newsletters name people and labs by their account; these are real-looking lines of
such a newsletter, run through the whole extraction (mask, tokenizer, gate, chooser).
"""

from __future__ import annotations

import dataclasses

from kbgen.extract import handles, pipeline
from kbgen.model import Alias

from .kb import entity, registry

SAM = dataclasses.replace(entity("sam-altman", "Sam Altman", "person"), handles=("sama",))
KARPATHY = entity("andrej-karpathy", "Andrej Karpathy", "person")
ANTHROPIC = entity("anthropic", "Anthropic", "org")
OPENAI = entity("openai", "OpenAI", "org")
MISTRAL = entity("mistral-ai", "Mistral AI", "org", "Mistral")
CURSOR = entity("cursor", "Cursor", "product", Alias("Cursor", case="exact"))
REG = registry(SAM, KARPATHY, ANTHROPIC, OPENAI, MISTRAL, CURSOR)

NEWSLETTER = (
    "**AI Twitter Recap.** @sama said the new reasoning model ships to Pro users first, "
    "while [@AnthropicAI](https://x.com/AnthropicAI) countered with a longer context. "
    "@randomperson called it a bubble; write to me@openai.com for access. "
    "Meanwhile @MistralAI dropped weights and @akarpathy's thread (h/t @cursor_ai) went viral."
)


def test_handles_in_a_newsletter_resolve_to_the_registry(found):
    assert found(NEWSLETTER, REG, type="newsletter") == [
        ("sam-altman", "@sama"),
        ("anthropic", "@AnthropicAI"),
        ("mistral-ai", "@MistralAI"),
        ("andrej-karpathy", "@akarpathy"),
        ("cursor", "@cursor_ai"),
    ]


def test_a_handle_mention_says_how_it_was_found(mentions):
    from .kb import source

    got = [(m.entity, m.rule) for m in mentions(source("Thanks @sama!"), REG) if m.paragraph >= 0]
    assert got == [("sam-altman", "handle")]


def test_unknown_handles_and_email_addresses_are_not_mentions(found):
    text = "Ask @randomperson or mail me@openai.com, or sam@altman.com, about it."
    assert found(text, REG) == []


def test_the_pipelines_tokenizer_keeps_a_handle_one_token():
    nlp = pipeline.blank()
    assert [t.text for t in nlp("(@sama) and @OpenAI_Devs, me@openai.com")] == [
        "(", "@sama", ")", "and", "@OpenAI_Devs", ",", "me@openai.com",
    ]


def test_derived_keys_follow_names():
    assert {"samaltman", "saltman"} <= handles.derived_keys(SAM)
    assert {"anthropic", "anthropicai", "anthropichq", "anthropiclabs"} <= handles.derived_keys(
        ANTHROPIC
    )
    assert {"mistralai", "mistral"} <= handles.derived_keys(MISTRAL)
    assert "openai" in handles.derived_keys(OPENAI)


def test_handles_fold_case_underscores_and_bluesky_suffix(found):
    text = "Replies from @Mistral_AI, @OPENAI and @anthropic.bsky.social today."
    assert [e for e, _ in found(text, REG)] == ["mistral-ai", "openai", "anthropic"]


def test_a_domain_handle_is_tried_without_its_domain(found):
    assert found("Via @andrejkarpathy.com on Bluesky.", REG) == [
        ("andrej-karpathy", "@andrejkarpathy.com")
    ]


def test_a_derived_key_two_entities_share_is_dropped(found):
    sara = entity("sara-altman", "Sara Altman", "person")
    reg = registry(SAM, sara)
    assert found("Thread by @saltman and @samaltman.", reg) == [("sam-altman", "@samaltman")]


def test_an_explicit_handle_wins_over_a_derived_one(found):
    # "openai" is OpenAI's derived key; an editor says the account is the developer product.
    devs = dataclasses.replace(
        entity("openai-platform", "OpenAI Platform", "product"), handles=("OpenAI",)
    )
    assert found("Changelog from @openai.", registry(OPENAI, devs)) == [
        ("openai-platform", "@openai")
    ]
