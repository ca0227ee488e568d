"""Registry names and aliases turned into span_ruler patterns.

Writers spell one name many ways: "GPT-4o", "GPT 4o", "gpt4o", "GPT‑4o" (U+2011),
"chat GPT", "Open AI". Editors list a name once; the variants are generated here:
separators (space, hyphen, none) between the parts of a name, a split at a
camel-case boundary ("ChatGPT" -> "Chat GPT") unless every part is an ordinary
word ("LinkedIn" must not match "linked in"), and in names of several parts a
closed compound opened ("Realtime API" -> "real-time API", "real time API").
Each variant is tokenized by the pipeline's own tokenizer, so patterns and text
always agree on token boundaries, and every pattern carries the entity's
canonical id.

An alias whose text equals the entity's name (ignoring case and separators)
replaces the name's default pattern: that is how a name that is also an ordinary
word ("Cursor") gets a context rule.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language

from kbgen.content.registry import Registry, alias_key, is_common_word
from kbgen.extract.text import normalize
from kbgen.model import Alias, Entity

_SEPARATOR = re.compile(r"[\s-]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
MAX_FUSIONS = 4  # names with more separators get only the all-separated/all-fused forms


@dataclass(frozen=True)
class Surface:
    """One matchable form of an entity: the alias and the rules that gate it."""

    entity: Entity
    alias: Alias

    @property
    def key(self) -> str:
        return alias_key(self.alias.text)


def surfaces(entity: Entity) -> list[Surface]:
    """The name (under the rule of a same-text gated alias, if any) and every alias.

    Only a gated alias overrides the name: a plain respelling ("GPT4o" for "GPT-4o",
    "Repl.it" for "Replit") is one more surface, and the name keeps matching.
    """
    aliases = list(entity.aliases)
    name_key = alias_key(entity.name)
    rule = next((a for a in aliases if alias_key(a.text) == name_key and a.gated), None)
    name = Alias(entity.name) if rule is None else dataclasses.replace(rule, text=entity.name)
    return [Surface(entity, name)] + [Surface(entity, a) for a in aliases]


def spellings(text: str) -> list[str]:
    """Separator and camel-case variants of one name, the written form first."""
    text = normalize(text).strip()
    variants = [text]
    camel = _CAMEL.sub(" ", text)
    if camel != text and not all(_ordinary(w) for w in _SEPARATOR.split(camel) if w):
        variants.append(camel)
    opened = _opened_compound(text)
    if opened:
        variants.append(opened)
    out: list[str] = []
    for variant in variants:
        parts = [p for p in _SEPARATOR.split(variant) if p]
        out.append(" ".join(parts))
        gaps = len(parts) - 1
        if gaps == 0:
            continue
        masks: Iterable[tuple[bool, ...]]
        if gaps <= MAX_FUSIONS:
            masks = itertools.product((False, True), repeat=gaps)
        else:
            masks = [(True,) * gaps]
        for mask in masks:
            if not any(mask):
                continue
            # Fuse only where a side is short or has a digit: "GPT4o", "o1mini", not
            # "claudeprojects", which nobody writes.
            if any(fuse and not _fusable(parts[i], parts[i + 1]) for i, fuse in enumerate(mask)):
                continue
            joined = parts[0]
            for i, fuse in enumerate(mask):
                joined += ("" if fuse else " ") + parts[i + 1]
            out.append(joined)
    return list(dict.fromkeys(out))


def _opened_compound(text: str) -> str | None:
    """The name with its first closed compound opened: "Realtime API" -> "Real time API".

    Writers open such compounds ("real-time API", "real time API"); a reader takes
    them for the same name. Only in names of two or more parts, so a one-word name
    ("Playground") never matches two ordinary words in a row, and only where both
    halves are ordinary English words of three letters or more.
    """
    parts = [p for p in _SEPARATOR.split(text) if p]
    if len(parts) < 2:
        return None
    for n, part in enumerate(parts):
        if len(part) < 6 or not part.isalpha() or not (part.islower() or part.istitle()):
            continue
        for cut in range(3, len(part) - 2):
            left, right = part[:cut], part[cut:]
            if _ordinary(left) and _ordinary(right):
                return " ".join([*parts[:n], left, right, *parts[n + 1 :]])
    return None


def _fusable(left: str, right: str) -> bool:
    """Would a writer run these two parts together? "GPT4o", "HuggingFace", "o1mini"."""
    camel = left[:1].isupper() and right[:1].isupper()
    return camel or any(c.isdigit() for c in left + right) or len(left) <= 3 or len(right) <= 3


def _ordinary(word: str) -> bool:
    """An everyday word ("linked", "in"), as opposed to an acronym ("LM", "AI")."""
    return not (word.isupper() and len(word) <= 4) and is_common_word(word)


def token_pattern(nlp: Language, text: str, exact: bool) -> list[dict]:
    """One token pattern: the tokens of `text`, with an optional hyphen between words."""
    attr = "ORTH" if exact else "LOWER"
    pattern: list[dict] = []
    for n, word in enumerate(text.split(" ")):
        if n:
            pattern.append({"ORTH": "-", "OP": "?"})
        for token in nlp.make_doc(word):
            if token.text == "-":
                pattern.append({"ORTH": "-"})
            else:
                pattern.append({attr: token.text if exact else token.text.lower()})
    return pattern


def phrase_variants(spelling: str) -> list[str]:
    """A space-separated spelling with each gap written as a space or a hyphen."""
    parts = spelling.split(" ")
    gaps = len(parts) - 1
    if gaps == 0:
        return [spelling]
    joins = (
        itertools.product(" -", repeat=gaps)
        if gaps <= MAX_FUSIONS
        else [(" ",) * gaps, ("-",) * gaps]
    )
    out = []
    for join in joins:
        text = parts[0]
        for sep, part in zip(join, parts[1:], strict=True):
            text += sep + part
        out.append(text)
    return out


def ruler_patterns(nlp: Language, registry: Registry, *, spoken: bool) -> list[dict]:
    """Patterns for every surface of every entity; ASR aliases only when `spoken`.

    Case-insensitive surfaces become phrase patterns (matched on LOWER by spaCy's
    PhraseMatcher, a hash lookup per token) with every spacing/hyphen variant spelled
    out; only exact-case surfaces need token patterns. The token Matcher's state
    machine, fed thousands of optional-hyphen patterns, was most of the run time.
    """
    patterns, seen = [], set()
    for entity in registry:
        label = entity.type.upper()
        for surface in surfaces(entity):
            if surface.alias.asr and not spoken:
                continue
            exact = surface.alias.case == "exact"
            for spelling in spellings(surface.alias.text):
                if exact:
                    pattern: str | list[dict] = token_pattern(nlp, spelling, exact=True)
                    candidates = [pattern]
                else:
                    candidates = [v.lower() for v in phrase_variants(spelling)]
                for pattern in candidates:
                    key = (entity.id, repr(pattern))
                    if key not in seen:
                        seen.add(key)
                        patterns.append({"label": label, "pattern": pattern, "id": entity.id})
    return patterns
