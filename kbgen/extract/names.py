"""Bare first and last names resolved within one source.

"Sam" means Sam Altman in a post that names Sam Altman, and nothing in a post that
does not: a name part resolves only to a person named in full in the *same* source,
and only when exactly one such person has that first (or last) name. Matching is
case-sensitive, so "will" is never Will Knight.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.tokens import Doc

from kbgen.content.registry import Registry
from kbgen.model import EntityId

_PARTICLES = {"de", "van", "von", "der", "da", "di", "le", "la", "del", "bin", "al"}


def name_parts(full: str) -> tuple[str | None, str | None]:
    """First and last name of a person's canonical name; None when there is one word."""
    words = [w for w in full.replace("(", " ").replace(")", " ").split() if w]
    if len(words) < 2:
        return None, None
    last = next((w for w in reversed(words[1:]) if w.lower() not in _PARTICLES), None)
    return words[0], last


def index(registry: Registry, named_in_full: set[EntityId]) -> dict[str, tuple[EntityId, str]]:
    """name part -> (person, "first-name" | "last-name"), for unambiguous parts only."""
    owners: dict[str, set[tuple[EntityId, str]]] = defaultdict(set)
    for entity_id in named_in_full:
        entity = registry.get(entity_id)
        if entity is None or entity.type != "person":
            continue
        first, last = name_parts(entity.name)
        if first:
            owners[first].add((entity.id, "first-name"))
        if last:
            owners[last].add((entity.id, "last-name"))
    return {part: next(iter(who)) for part, who in owners.items() if len({w[0] for w in who}) == 1}


def resolve(
    doc: Doc, parts: dict[str, tuple[EntityId, str]]
) -> list[tuple[int, int, EntityId, str]]:
    """(start_char, end_char, person, rule) for each bare name part outside entities.

    Parts are found in the text, so a hyphenated surname ("Bankman-Fried") is one
    part however the tokenizer split it. A first name directly followed by another
    capitalized word ("Sam Smith") belongs to someone else and is left alone, as is
    a surname directly after one ("Jack Altman").
    """
    if not parts:
        return []
    taken = [(ent.start_char, ent.end_char) for ent in doc.ents]
    out = []
    for part, (person, rule) in sorted(parts.items()):
        pattern = re.compile(rf"(?<![\w-]){re.escape(part)}(?![\w-])")
        for m in pattern.finditer(doc.text):
            start, end = m.span()
            if any(a < end and start < b for a, b in taken):
                continue
            span = doc.char_span(start, end)
            if span is None:
                continue
            if rule == "first-name" and _capitalized(doc, span.end):
                continue
            if rule == "last-name" and _capitalized(doc, span.start - 1):
                continue
            out.append((start, end, person, rule))
    return sorted(out)


def _capitalized(doc: Doc, i: int) -> bool:
    """Is token i a capitalized word (not the start of a new sentence)?"""
    if not 0 <= i < len(doc):
        return False
    token = doc[i]
    return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start
