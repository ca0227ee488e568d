"""Bare first and last names resolve within one source, to one person named in full."""

from __future__ import annotations

from kbgen.extract.names import name_parts

from .kb import entity, registry, source

PEOPLE = registry(
    entity("sam-altman", "Sam Altman", "person"),
    entity("sam-bankman-fried", "Sam Bankman-Fried", "person"),
    entity("will-knight", "Will Knight", "person"),
    entity("kevin-weil", "Kevin Weil", "person"),
    entity("openai", "OpenAI", "org"),
)


def people(mentions, *bodies: str) -> list[tuple[str, str, str, str]]:
    sources = [source(body, id=f"s{i}") for i, body in enumerate(bodies)]
    return [
        (m.source, m.entity, m.surface, m.rule)
        for m in mentions(sources, PEOPLE)
        if m.paragraph >= 0
    ]


def test_bare_names_after_the_full_name_resolve(mentions):
    assert people(mentions, "Sam Altman spoke first. Then Sam said more. Altman agreed.") == [
        ("s0", "sam-altman", "Sam Altman", "alias"),
        ("s0", "sam-altman", "Sam", "first-name"),
        ("s0", "sam-altman", "Altman", "last-name"),
    ]


def test_bare_names_before_the_full_name_resolve(mentions):
    assert people(mentions, "Sam opened. Altman joked.\n\nThat was Sam Altman, the CEO.") == [
        ("s0", "sam-altman", "Sam", "first-name"),
        ("s0", "sam-altman", "Altman", "last-name"),
        ("s0", "sam-altman", "Sam Altman", "alias"),
    ]


def test_bare_names_never_resolve_across_sources(mentions):
    assert people(mentions, "Sam Altman spoke.", "Sam said hello. Altman waved.") == [
        ("s0", "sam-altman", "Sam Altman", "alias"),
    ]


def test_a_first_name_shared_by_two_people_in_the_source_stays_unresolved(mentions):
    got = people(mentions, "Sam Altman met Sam Bankman-Fried. Sam left early. Altman stayed.")
    assert ("s0", "sam-altman", "Sam", "first-name") not in got
    assert [g for g in got if g[3] != "alias"] == [("s0", "sam-altman", "Altman", "last-name")]


def test_a_person_named_only_in_another_source_does_not_block_resolution(mentions):
    got = people(mentions, "Sam Altman spoke. Sam smiled.", "Sam Bankman-Fried spoke.")
    assert ("s0", "sam-altman", "Sam", "first-name") in got


def test_name_parts_are_case_sensitive(mentions):
    got = people(mentions, "Will Knight wrote this. You will like it. WILL you? Will thinks so.")
    assert [g[2:] for g in got] == [("Will Knight", "alias"), ("Will", "first-name")]


def test_a_bare_name_inside_a_longer_word_is_not_a_name(mentions):
    assert people(mentions, "Kevin Weil spoke. Kevins and Weilers were there.") == [
        ("s0", "kevin-weil", "Kevin Weil", "alias")
    ]


def test_a_possessive_bare_name_resolves(mentions):
    got = people(mentions, "Kevin Weil spoke. Kevin\u2019s demo was live.")
    assert ("s0", "kevin-weil", "Kevin", "first-name") in got


def test_only_people_have_name_parts(mentions):
    reg = registry(entity("openai", "OpenAI Foundation", "org"))
    got = [(m.surface, m.rule) for m in mentions(source("OpenAI Foundation. Foundation."), reg)]
    assert ("Foundation", "last-name") not in got


def test_name_parts_skip_particles():
    assert name_parts("Ludwig van Beethoven") == ("Ludwig", "Beethoven")
    assert name_parts("Yann LeCun") == ("Yann", "LeCun")
    assert name_parts("Ilya") == (None, None)


def test_a_hyphenated_surname_resolves_as_one_name(mentions):
    got = people(mentions, "Sam Bankman-Fried testified. Later, Bankman-Fried was sentenced.")
    assert ("s0", "sam-bankman-fried", "Bankman-Fried", "last-name") in got


def test_a_first_name_that_starts_another_full_name_is_not_resolved(mentions):
    got = people(mentions, "Sam Altman opened. Then Sam Smith sang, and Sam waved.")
    surfaces = [(g[2], g[3]) for g in got]
    assert surfaces.count(("Sam", "first-name")) == 1  # "Sam waved", not "Sam Smith"


def test_a_surname_that_ends_another_full_name_is_not_resolved(mentions):
    got = people(mentions, "Sam Altman spoke. His brother Jack Altman did not.")
    assert ("s0", "sam-altman", "Altman", "last-name") not in got
