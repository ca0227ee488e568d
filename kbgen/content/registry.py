"""The entity registry: `content/entities/*.md` loaded, validated and cross-checked.

Per file: the schema in `schema_entities`. Across files: relation and fact targets
must exist and have the right type, no surface form may belong to two entities, and
an alias that is an ordinary English word needs a context rule, because without one
"Grab a coffee" becomes the company and precision collapses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kbgen.content import chars, textfile, walk
from kbgen.content.fields import CHECKS, validate
from kbgen.content.schema_entities import (
    ALIAS_FIELDS,
    ENTITY_FIELDS,
    FACT_FIELDS,
    MODALITIES,
    RELATION_TYPES,
    spec_for,
)
from kbgen.content.yamlstrict import Parsed
from kbgen.errors import Problem
from kbgen.model import Alias, Entity, EntityId, Fact, Relation
from kbgen.slug import is_slug

COMMON_WORD_ZIPF = 3.0  # wordfreq Zipf scale: 3 = about once per million words
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def alias_key(text: str) -> str:
    """Fold case, Unicode form, dashes, spaces and punctuation: 'GPT 4o' == 'gpt-4o'."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()
    return re.sub(r"[^0-9a-z\u00c0-\uffff+]+", "", text)


_BSKY = ".bsky.social"


def handle_key(handle: str) -> str:
    """The folded form a handle is compared by: '@Mistral_AI' == 'mistralai'; a
    Bluesky handle without its '.bsky.social'."""
    text = handle.strip().lstrip("@").casefold()
    if text.endswith(_BSKY):
        text = text[: -len(_BSKY)]
    return re.sub(r"[^0-9a-z]+", "", text)


@cache
def is_common_word(text: str) -> bool:
    """A single word frequent enough in English that matching it bare is a guess."""
    if " " in text.strip() or any(ch.isdigit() for ch in text):
        return False
    from wordfreq import tokenize, zipf_frequency  # imported late: loading takes ~0.3 s

    word = text.lower()
    if len(tokenize(word, "en")) > 1:
        # wordfreq rates "open-ai" by "open" and "ai" apart; matching folds it to "openai".
        word = "".join(tokenize(word, "en"))
    return zipf_frequency(word, "en") >= COMMON_WORD_ZIPF


@dataclass(frozen=True)
class Registry:
    """All entities, by id; iteration order is sorted by id."""

    entities: tuple[Entity, ...]
    by_id: dict[EntityId, Entity] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({e.id: e for e in self.entities})

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        """The entity, or None for an id that may come from outside (a page, a rule)."""
        return self.by_id.get(EntityId(entity_id))

    def require(self, entity_id: str) -> Entity:
        """The entity of an id that must be in the registry (it came from extraction
        or the graph); a KeyError that says so, not an AttributeError on None later."""
        entity = self.by_id.get(EntityId(entity_id))
        if entity is None:
            raise KeyError(f"internal error: entity id {entity_id!r} is not in the registry")
        return entity


def _aliases(
    parsed: Parsed, key: str, display: str, asr: bool
) -> tuple[list[Alias], list[Problem]]:
    raw = parsed.data.get(key)
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [
            Problem(
                display,
                parsed.line(key),
                f"'{key}' must be a list, e.g. {key}: [GPT4o, \"GPT 4o\"]",
            )
        ]
    out, problems = [], []
    for i, item in enumerate(raw):
        line = parsed.line(key, i)
        if isinstance(item, dict):
            values, errs = validate(parsed, ALIAS_FIELDS, display, prefix=(key, i))
            problems += errs
            if errs:
                continue
            out.append(
                Alias(
                    values["text"],
                    case=values.get("case", "any"),
                    asr=asr,
                    near=values.get("near", ()),
                    not_before=values.get("not_before", ()),
                    not_after=values.get("not_after", ()),
                    sentence_start=values.get("sentence_start", True),
                )
            )
        elif isinstance(item, str) and item.strip():
            text, err = CHECKS["text"](item, key)
            if err:
                problems.append(Problem(display, line, err))
            else:
                out.append(Alias(text, asr=asr))
        else:
            problems.append(
                Problem(
                    display,
                    line,
                    f'every alias must be text (quote numbers like "4.0"), not {item!r}',
                )
            )
    return out, problems


def _fact(parsed: Parsed, etype: str, key: str, display: str) -> tuple[Fact | None, list[Problem]]:
    line = parsed.line("facts", key)
    spec = spec_for(etype, key)
    if spec is None:
        from kbgen.content.schema_entities import FACT_SPECS

        known = ", ".join(s.key for s in FACT_SPECS[etype])
        return None, [
            Problem(display, line, f"unknown fact '{key}' for a {etype}: known facts are {known}")
        ]
    raw = parsed.data["facts"][key]
    if not isinstance(raw, dict):
        return None, [
            Problem(
                display,
                line,
                f"fact '{key}' must be a mapping like "
                f'{{value: ..., source: "https://..."}} (every fact is cited)',
            )
        ]
    values, problems = validate(parsed, FACT_FIELDS, display, prefix=("facts", key))
    if problems:
        return None, problems
    kind = {"ref": "slug", "ref_list": "text_list"}.get(spec.kind, spec.kind)
    value, err = CHECKS[kind](values["value"], key)
    if err:
        return None, [Problem(display, parsed.line("facts", key, "value"), err)]
    if spec.kind == "ref_list":
        bad = [v for v in value if not is_slug(v)]
        if bad:
            return None, [
                Problem(
                    display,
                    parsed.line("facts", key, "value"),
                    f"'{key}' must list entity ids (slugs); {bad[0]!r} is not one",
                )
            ]
    if key.endswith("modalities"):
        bad = [v for v in value if v not in MODALITIES]
        if bad:
            return None, [
                Problem(
                    display,
                    parsed.line("facts", key, "value"),
                    f"unknown modality '{bad[0]}': use {', '.join(MODALITIES)}",
                )
            ]
    return Fact(key, value, values["source"], values.get("note"), line), []


def _relations(parsed: Parsed, display: str) -> tuple[list[Relation], list[Problem]]:
    raw = parsed.data.get("relations")
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [
            Problem(
                display,
                parsed.line("relations"),
                "'relations' must be a list of {type: ..., target: ...}",
            )
        ]
    out, problems = [], []
    for i, item in enumerate(raw):
        line = parsed.line("relations", i)
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    display,
                    line,
                    "a relation must be a mapping {type: developed_by, target: openai}",
                )
            )
            continue
        rtype, target, source = item.get("type"), item.get("target"), item.get("source")
        unknown = set(item) - {"type", "target", "source"}
        if unknown:
            problems.append(
                Problem(
                    display,
                    line,
                    f"unknown key '{sorted(unknown)[0]}' in a "
                    "relation: use type, target and source",
                )
            )
        if rtype not in RELATION_TYPES:
            problems.append(
                Problem(
                    display,
                    line,
                    f"unknown relation type {rtype!r}: use one of {', '.join(RELATION_TYPES)}",
                )
            )
            continue
        if not is_slug(target):
            problems.append(
                Problem(
                    display,
                    line,
                    f"relation target {target!r} must be an entity id (a slug such as 'openai')",
                )
            )
            continue
        if source is not None and CHECKS["url"](source, "source")[1]:
            problems.append(Problem(display, line, "a relation's 'source' must be an http(s) URL"))
            continue
        out.append(Relation(rtype, EntityId(target), source))
    return out, problems


def _implied_relations(entity_type: str, facts: list[Fact]) -> list[tuple[str, Relation, bool]]:
    """Relations that facts imply, as (fact key, relation, inverse) triples."""
    out = []
    for fact in facts:
        spec = spec_for(entity_type, fact.key)
        if spec is None or spec.relation is None:
            continue
        targets = fact.value if isinstance(fact.value, tuple) else (fact.value,)
        for target in targets:
            out.append(
                (
                    fact.key,
                    Relation(
                        spec.relation, EntityId(str(target)), fact.source, derived_from=fact.key
                    ),
                    spec.inverse,
                )
            )
    return out


_HANDLE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _handle_problems(parsed: Parsed, handles: tuple[str, ...], display: str) -> list[Problem]:
    """A handle is written as on the profile URL: no "@", no spaces, no URL."""
    problems = []
    for i, handle in enumerate(handles):
        if handle.startswith("@"):
            message = f"handle {handle!r}: write it without '@' ({handle[1:]!r})"
        elif not _HANDLE.fullmatch(handle):
            message = (
                f"handle {handle!r} is not a handle: use letters, digits, '_', '-' and '.' "
                "as in the profile URL (x.com/<handle>)"
            )
        else:
            continue
        problems.append(Problem(display, parsed.line("handles", i), message))
    return problems


def parse_entity(
    tf: textfile.TextFile, path: Path, display: str
) -> tuple[Entity | None, list[Problem]]:
    values, problems = validate(tf.meta, ENTITY_FIELDS, display)
    stem = path.stem
    if not is_slug(stem):
        from kbgen.slug import slugify

        problems.append(
            Problem(
                display,
                None,
                f"the file name '{path.name}' is not a slug: "
                f"rename it to '{slugify(stem)}.md' (the id is the file name)",
            )
        )
    if "id" in values and values["id"] != stem:
        problems.append(
            Problem(
                display,
                tf.meta.line("id"),
                f"id '{values['id']}' does not "
                f"match the file name '{path.name}': make them the same",
            )
        )
    aliases, errs = _aliases(tf.meta, "aliases", display, asr=False)
    problems += errs
    asr, errs = _aliases(tf.meta, "asr_aliases", display, asr=True)
    problems += errs
    facts: list[Fact] = []
    raw_facts = tf.meta.data.get("facts")
    if raw_facts is not None and not isinstance(raw_facts, dict):
        problems.append(
            Problem(
                display,
                tf.meta.line("facts"),
                "'facts' must be a mapping of fact names to {value, source}",
            )
        )
    elif raw_facts and "type" in values:
        for key in raw_facts:
            fact, errs = _fact(tf.meta, values["type"], key, display)
            problems += errs
            if fact:
                facts.append(fact)
    relations, errs = _relations(tf.meta, display)
    problems += errs
    problems += _handle_problems(tf.meta, values.get("handles", ()), display)
    # the description goes into the graph exports, which cannot hold control characters
    problems += chars.body_problems(tf.body, tf.body_line, display, paragraphs=False)
    if problems:
        return None, problems
    entity = Entity(
        id=EntityId(stem),
        name=values["name"],
        type=values["type"],
        aliases=tuple(aliases + asr),
        description=tf.body.strip(),
        facts=tuple(facts),
        relations=tuple(relations),
        tags=values.get("tags", ()),
        path=display,
        handles=values.get("handles", ()),
    )
    return entity, []


def load_registry(root: Path, display_root: Path | None = None) -> tuple[Registry, list[Problem]]:
    """Load `content/entities/`; returns the valid entities and every problem found."""
    base = display_root or root.parent
    entities: list[Entity] = []
    metas: dict[str, Parsed] = {}
    files, problems = walk.content_files(root, base, "entity files")
    for path in files:
        display = walk.display_path(path, base)
        if path.suffix != ".md" or path.name.lower() == "readme.md":
            if path.name.lower() != "readme.md":
                problems.append(
                    Problem(display, None, "only entity files (<id>.md) belong in content/entities")
                )
            continue
        tf, errs = textfile.read(path, display)
        problems += errs
        if tf is None:
            continue
        entity, errs = parse_entity(tf, path, display)
        problems += errs
        if entity is None:
            continue
        if entity.id in metas:
            first = next(e for e in entities if e.id == entity.id)
            problems.append(
                Problem(
                    display,
                    tf.meta.line("id") or tf.meta.line("name"),
                    f"id '{entity.id}' is already used by {first.path}: an entity's id is "
                    "its file name and must be unique in every subfolder; rename or merge one",
                )
            )
            continue
        entities.append(entity)
        metas[entity.id] = tf.meta
    from kbgen.content.crosscheck import cross_check  # it needs alias_key from here

    problems += cross_check(entities, metas)
    entities.sort(key=lambda e: e.id)
    return Registry(tuple(entities)), problems


def implied_relations(entity: Entity) -> list[tuple[EntityId, Relation]]:
    """All relations an entity takes part in as (from, relation) pairs, facts included."""
    out: list[tuple[EntityId, Relation]] = [(entity.id, r) for r in entity.relations]
    for _key, rel, inverse in _implied_relations(entity.type, list(entity.facts)):
        if inverse:
            out.append((rel.target, Relation(rel.type, entity.id, rel.source, rel.derived_from)))
        else:
            out.append((entity.id, rel))
    return out
