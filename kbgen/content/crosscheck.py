"""Checks across the whole registry, after every entity file has parsed.

Relation and fact targets must exist and have a type that makes sense; every
surface form (name or alias, compared case-, dash- and space-blind) belongs to one
entity; and a name or alias that is an ordinary English word needs a context rule,
because without one "Grab a coffee" becomes the company and precision collapses.
"""

from __future__ import annotations

from kbgen.content.registry import alias_key, handle_key, is_common_word
from kbgen.content.schema_entities import spec_for
from kbgen.content.yamlstrict import Parsed
from kbgen.errors import Problem
from kbgen.model import Entity, EntityId


def cross_check(entities: list[Entity], lines: dict[str, Parsed]) -> list[Problem]:
    problems: list[Problem] = []
    by_id = {e.id: e for e in entities}
    owners: dict[str, tuple[Entity, str]] = {}
    handle_owners: dict[str, tuple[Entity, str]] = {}
    for e in entities:
        meta = lines[e.id]
        # A handle names one account, so one entity: "@sama" cannot be two people.
        for i, handle in enumerate(e.handles):
            key = handle_key(handle)
            if key not in handle_owners:
                handle_owners[key] = (e, handle)
                continue
            owner, owner_text = handle_owners[key]
            if owner.id == e.id:
                continue  # the same name on two platforms: x.com/sama, sama.bsky.social
            problems.append(
                Problem(
                    e.path,
                    meta.line("handles", i),
                    f"handle '{handle}' is also a handle of '{owner.id}' ({owner.path}, "
                    f"as '{owner_text}'): a handle belongs to one entity; remove it "
                    "from one of them",
                )
            )
        # Fact and relation targets must exist and be of a type that makes sense.
        for fact in e.facts:
            spec = spec_for(e.type, fact.key)
            if spec is None or spec.kind not in ("ref", "ref_list"):
                continue
            targets = fact.value if isinstance(fact.value, tuple) else (fact.value,)
            for target in targets:
                other = by_id.get(EntityId(str(target)))
                if other is None:
                    problems.append(
                        Problem(
                            e.path,
                            fact.line,
                            f"fact '{fact.key}' refers to "
                            f"unknown entity '{target}': add "
                            f"content/entities/{target}.md or fix the id",
                        )
                    )
                elif other.type not in spec.ref_types:
                    problems.append(
                        Problem(
                            e.path,
                            fact.line,
                            f"fact '{fact.key}' must refer "
                            f"to a {' or '.join(spec.ref_types)}, but "
                            f"'{target}' is a {other.type}",
                        )
                    )
        for i, rel in enumerate(e.relations):
            if rel.target not in by_id:
                problems.append(
                    Problem(
                        e.path,
                        meta.line("relations", i),
                        f"relation '{rel.type}' points to unknown entity "
                        f"'{rel.target}': add content/entities/{rel.target}.md "
                        "or fix the id",
                    )
                )
            elif rel.target == e.id:
                problems.append(
                    Problem(
                        e.path, meta.line("relations", i), "an entity cannot be related to itself"
                    )
                )
        # Every surface form belongs to exactly one entity. `owners` is the index of
        # forms seen so far, so each form is one dict look-up, whatever the count.
        forms = [(e.name, None)] + [(a.text, a) for a in e.aliases]
        plain_count = sum(1 for a in e.aliases if not a.asr)
        for n, (text, alias) in enumerate(forms):
            key = alias_key(text)
            if not key:
                problems.append(
                    Problem(
                        e.path,
                        meta.line("aliases"),
                        f"alias {text!r} has no letters or digits: remove it",
                    )
                )
                continue
            line = meta.line("name") if alias is None else _alias_line(meta, plain_count, n - 1)
            if key in owners and owners[key][0].id != e.id:
                other, other_text = owners[key]
                problems.append(
                    Problem(
                        e.path,
                        line,
                        f"'{text}' is also a name or alias of "
                        f"'{other.id}' ({other.path}, as '{other_text}'): a "
                        "surface form must belong to one entity; remove it "
                        "from one of them",
                    )
                )
            owners.setdefault(key, (e, text))
            if (
                alias is None
                and e.type != "person"
                and is_common_word(text)
                and not any(a.gated and alias_key(a.text) == key for a in e.aliases)
            ):
                problems.append(
                    Problem(
                        e.path,
                        line,
                        f"the name '{text}' is a common English "
                        f"word: say when it means this entity with an alias "
                        f"{{text: {text}, case: exact, near: [...]}} (its rule "
                        "then applies to the name)",
                    )
                )
            if (
                alias is not None
                and e.type != "person"
                and is_common_word(text)
                and not alias.gated
            ):
                problems.append(
                    Problem(
                        e.path,
                        line,
                        f"alias '{text}' is a common English "
                        "word: add a context rule (case: exact, near: [...], "
                        "not_after: [...] or sentence_start: false) or remove it",
                    )
                )
    return problems


def _alias_line(meta: Parsed, plain_count: int, index: int) -> int | None:
    """Line of the `index`-th alias: plain aliases come first, then `asr_aliases`.

    `plain_count` is counted once per entity by the caller; counting it here, per
    alias, made the check quadratic in the number of aliases (24 s for 16k).
    """
    if index < plain_count:
        return meta.line("aliases", index)
    return meta.line("asr_aliases", index - plain_count)
