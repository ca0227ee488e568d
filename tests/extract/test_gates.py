"""kbgen_gate: the registry's context rules decide whether a match means the entity."""

from __future__ import annotations

import pytest

from kbgen.content.registry import load_registry
from kbgen.model import Alias

from .kb import OPENAI_MODELS, entity, registry, source

HER = entity(
    "her", "Her", "product", Alias("Her", case="exact", near=("film", "movie", "jonze", "samantha"))
)
O1 = next(e for e in OPENAI_MODELS if e.id == "o1")
CURSOR = entity(
    "cursor",
    "Cursor",
    "product",
    Alias("Cursor", case="exact", not_after=("the", "a", "mouse", "your")),
)
GRAB = entity("grab", "Grab", "org", Alias("Grab", case="exact", sentence_start=False))
STRAWBERRY = entity(
    "strawberry",
    "Strawberry",
    "model",
    Alias("Strawberry", case="exact", near=("openai", "codename")),
)
GPT_4O_ASR = entity(
    "gpt-4o",
    "GPT-4o",
    "model",
    Alias("GPT for O", asr=True),
    Alias("4.0", asr=True, near=("gpt", "model", "openai")),
)


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Her is a film by Spike Jonze.", True),
        ("The movie Her came out in 2013.", True),
        ("I watched the film last night. Her ending is sad.", True),  # a few tokens back
        ("Her voice was calm.", False),
        ("I told her about the film.", False),  # case exact: the pronoun
    ],
)
def test_near_needs_one_of_its_words_close_by(found, text, matched):
    assert found(text, registry(HER)) == ([("her", "Her")] if matched else [])


def test_near_words_sentences_away_do_not_count(found):
    text = (
        "Her voice was calm. We talked for a long while about many other things. "
        "Later we saw a film."
    )
    assert found(text, registry(HER)) == []


def test_near_words_in_another_paragraph_do_not_count(found):
    assert found("A film about AI.\n\nHer voice was calm.", registry(HER)) == []


def test_near_word_matches_its_plural(found):
    reg = registry(
        entity("model-x", "Strawberry", "model", Alias("Strawberry", case="exact", near=("model",)))
    )
    assert found("Strawberry is one of the models.", reg) == [("model-x", "Strawberry")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O1 lookups are fast in a trie.", []),
        ("A hash gives o1 lookup time.", []),
        ("O1 is a reasoning model.", [("o1", "O1")]),
        ("We used o1 to plan.", [("o1", "o1")]),
    ],
)
def test_not_before_rejects_a_match_followed_by_a_listed_word(found, text, expected):
    assert found(text, registry(O1)) == expected


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Move the Cursor to the left.", False),
        ("The mouse Cursor froze.", False),
        ("Cursor and Windsurf are editors.", True),
        ("I switched to Cursor last month.", True),
    ],
)
def test_not_after_rejects_a_match_preceded_by_a_listed_word(found, text, matched):
    assert found(text, registry(CURSOR)) == ([("cursor", "Cursor")] if matched else [])


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Grab a coffee first.", False),
        ('"Grab the data," she said.', False),
        ("We met people from Grab in Singapore.", True),
        ("Uber sold its business to Grab.", True),
    ],
)
def test_sentence_start_false_rejects_the_first_word_of_a_sentence(found, text, matched):
    assert found(text, registry(GRAB)) == ([("grab", "Grab")] if matched else [])


def test_sentence_start_counts_after_a_live_blog_time_marker(found):
    body = "[10:30] Grab some lunch now.\n\n[10:31] Then Grab announced a deal."
    assert found(body, registry(GRAB), type="liveblog", timestamps="clock") == [("grab", "Grab")]


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Strawberry was OpenAI's codename for o1.", True),
        ("strawberry was OpenAI's codename for o1.", False),
        ("STRAWBERRY was OpenAI's codename for o1.", False),
    ],
)
def test_case_exact_matches_only_that_capitalisation(found, text, matched):
    assert found(text, registry(STRAWBERRY)) == ([("strawberry", "Strawberry")] if matched else [])


@pytest.mark.parametrize("kind", ["podcast", "video", "transcript"])
def test_asr_aliases_match_in_spoken_sources(found, kind):
    text = "We tried GPT for O and the 4.0 model today."
    assert found(text, registry(GPT_4O_ASR), type=kind) == [
        ("gpt-4o", "GPT for O"),
        ("gpt-4o", "4.0"),
    ]


@pytest.mark.parametrize("kind", ["blog", "liveblog", "newsletter", "article"])
def test_asr_aliases_never_match_in_written_sources(found, kind):
    text = "We tried GPT for O and the 4.0 model today."
    assert found(text, registry(GPT_4O_ASR), type=kind) == []


def test_asr_matches_are_labelled_as_such(mentions):
    from .kb import source

    got = mentions([source("We tried GPT for O and GPT-4o today.", type="podcast")],
                   registry(GPT_4O_ASR))
    assert [(m.surface, m.rule) for m in got if m.paragraph >= 0] == [
        ("GPT for O", "asr"), ("GPT-4o", "alias")]


def test_asr_aliases_keep_their_own_context_rules(found):
    assert found("Version 4.0 of the app shipped.", registry(GPT_4O_ASR), type="podcast") == []


def test_a_common_word_name_is_gated_by_its_same_text_alias(project, mentions):
    (project / "content/entities/cursor.md").write_text(
        "---\nname: Cursor\ntype: product\n"
        "aliases:\n  - {text: Cursor, case: exact, not_after: [the, a, your, mouse]}\n"
        "---\nAn AI code editor.\n",
        encoding="utf-8",
    )
    reg, problems = load_registry(project / "content/entities", project)
    assert problems == []
    text = "Put the cursor here. Move the Cursor there. Cursor ships agents."
    (m,) = mentions(source(text), reg)
    assert (m.entity, m.start) == ("cursor", text.rindex("Cursor"))


def test_a_nested_entity_of_another_type_is_counted(mentions):
    reg = registry(
        entity("openai", "OpenAI", "org"), entity("openai-devday", "OpenAI DevDay", "event")
    )
    got = [
        (m.entity, m.surface, m.rule)
        for m in mentions(source("See you at OpenAI DevDay."), reg)
        if m.paragraph == 0
    ]
    assert sorted(got) == [
        ("openai", "OpenAI", "nested"),
        ("openai-devday", "OpenAI DevDay", "alias"),
    ]


def test_a_nested_entity_of_the_same_type_is_not_counted(mentions):
    reg = registry(*OPENAI_MODELS)
    got = [
        (m.entity, m.rule)
        for m in mentions(source("GPT-4 Turbo and o1-mini."), reg)
        if m.paragraph == 0
    ]
    assert got == [("gpt-4-turbo", "alias"), ("o1-mini", "alias")]


def test_a_nested_entity_keeps_its_own_gate(mentions):
    reg = registry(GRAB, entity("grab-food", "Grab Food", "product"))
    got = [
        (m.entity, m.rule) for m in mentions(source("Grab Food delivers."), reg) if m.paragraph == 0
    ]
    assert got == [("grab-food", "alias")]  # "Grab" starts the sentence: not the org


# One entity may write one key several ways, each with its own rule: every one holds.
TURBO = entity(
    "gpt-4-turbo",
    "GPT-4 Turbo",
    "model",
    Alias("4 Turbo", near=("gpt", "openai")),
    Alias("4 turbo", near=("o1", "4.0")),
)
ERNIE = entity(
    "ernie", "ERNIE", "model", Alias("ERNIE", case="exact"), Alias("Ernie", near=("baidu",))
)


def test_a_second_spelling_of_a_key_keeps_its_own_near_words(found):
    text = "From 4 turbo to o1, it got better."
    assert found(text, registry(TURBO), type="podcast") == [("gpt-4-turbo", "4 turbo")]


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("ERNIE is a model.", True),
        ("Ernie is Baidu's bot.", True),
        ("Ernie said hello.", False),  # "Ernie" is gated; only "ERNIE" is not
    ],
)
def test_a_case_exact_surface_rules_only_its_own_casing(found, text, matched):
    assert bool(found(text, registry(ERNIE))) == matched


def test_a_lowercase_match_of_a_case_exact_name_is_its_asr_alias(mentions):
    cursor = entity(
        "cursor",
        "Cursor",
        "product",
        Alias("Cursor", case="exact", not_after=("the",)),
        Alias("cursor", asr=True, not_after=("the",)),
    )
    got = mentions([source("I moved to cursor, then Cursor.", type="podcast")], registry(cursor))
    assert [(m.surface, m.rule) for m in got if m.paragraph >= 0] == [
        ("cursor", "asr"),
        ("Cursor", "alias"),
    ]
