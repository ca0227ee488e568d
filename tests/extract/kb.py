"""Builders for small registries and sources, made in the tests themselves.

The extraction tests never depend on the repository's 430-entity registry: each one
builds the two to ten entities it is about, so a failure names the rule that broke
rather than an editorial change in content/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kbgen.content.registry import Registry
from kbgen.model import Alias, Entity, EntityId, Fact, Source, SourceId

DAY = dt.date(2024, 10, 1)


def entity(
    entity_id: str,
    name: str,
    type_: str = "model",
    *aliases: str | Alias,
    facts: Sequence[tuple[str, str]] = (),
) -> Entity:
    """An Entity; plain strings become plain aliases."""
    return Entity(
        id=EntityId(entity_id),
        name=name,
        type=type_,
        aliases=tuple(a if isinstance(a, Alias) else Alias(a) for a in aliases),
        facts=tuple(Fact(k, v, "https://example.com/fact") for k, v in facts),
        path=f"content/entities/{entity_id}.md",
    )


def registry(*entities: Entity) -> Registry:
    return Registry(tuple(sorted(entities, key=lambda e: e.id)))


def source(
    body: str,
    *,
    id: str = "post",
    type: str = "blog",
    title: str = "Notes",
    date: dt.date = DAY,
    **kw,
) -> Source:
    return Source(
        id=SourceId(id),
        title=title,
        date=date,
        type=type,
        body=body,
        path=f"content/sources/{id}.md",
        **kw,
    )


# The versions that must never merge, used by several modules.
OPENAI_MODELS = (
    entity("gpt-4", "GPT-4", "model"),
    entity("gpt-4-turbo", "GPT-4 Turbo", "model"),
    entity("gpt-4o", "GPT-4o", "model"),
    entity("gpt-4o-mini", "GPT-4o mini", "model"),
    entity("o1", "o1", "model", Alias("o1", not_before=("lookup", "lookups", "notation"))),
    entity("o1-preview", "o1-preview", "model"),
    entity("o1-mini", "o1-mini", "model"),
)
