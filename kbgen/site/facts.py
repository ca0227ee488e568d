"""Registry facts as readers see them: labelled, formatted, linked, and cited.

Infoboxes, comparison tables and the timeline all show facts; they format them
here, in the order FACT_SPECS declares, each value next to a link to the public
page that states it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from kbgen.content.registry import Registry
from kbgen.content.schema_entities import DATED_FACTS, FACT_SPECS, FactSpec, spec_for
from kbgen.model import Entity, Fact
from kbgen.site.markup import rel


@dataclass(frozen=True)
class FactRow:
    key: str
    label: str
    value: Markup
    source: str
    note: str | None


def human_date(text: str) -> str:
    """'2024-05-13' -> '13 May 2024', '2024-05' -> 'May 2024', '2024' -> '2024'."""
    parts = text.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    return text


def sort_date(text: str) -> dt.date:
    """The earliest day a partial date can mean, for ordering."""
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def domain(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host.removeprefix("www.")


def cite(url: str) -> Markup:
    return Markup(
        '<a class="kb-cite" href="{0}" title="Source: {0}" rel="nofollow noopener">{1}</a>'
    ).format(url, domain(url))


def entity_link(entity: Entity, page_url: str) -> Markup:
    return Markup('<a href="{0}">{1}</a>').format(
        rel(page_url, f"entities/{entity.id}/"), entity.name
    )


def format_value(spec: FactSpec, fact: Fact, registry: Registry, page_url: str) -> Markup:
    values = fact.value if isinstance(fact.value, tuple) else (fact.value,)
    if spec.kind in ("ref", "ref_list"):
        links = []
        for v in values:
            target = registry.get(str(v))
            links.append(entity_link(target, page_url) if target else escape(str(v)))
        return Markup(", ").join(links)
    if spec.kind == "partial_date":
        return escape(human_date(str(fact.value)))
    if spec.kind == "bool":
        return escape("Yes" if fact.value else "No")
    if spec.kind == "int":
        suffix = " tokens" if "token" in spec.label.lower() or "context" in spec.key else ""
        return escape(f"{fact.value:,}{suffix}")
    if spec.kind == "text_list":
        return escape(", ".join(str(v) for v in values))
    return escape(str(fact.value))


def rows(
    entity: Entity, registry: Registry, page_url: str, keys: tuple[str, ...] | None = None
) -> list[FactRow]:
    """The entity's facts in schema order (or in `keys` order)."""
    order = keys or tuple(s.key for s in FACT_SPECS.get(entity.type, ()))
    out = []
    for key in order:
        fact = entity.fact(key)
        spec = spec_for(entity.type, key)
        if fact is None or spec is None:
            continue
        out.append(
            FactRow(
                key,
                spec.label,
                format_value(spec, fact, registry, page_url),
                fact.source,
                fact.note,
            )
        )
    return out


def label_for(key: str) -> str:
    for specs in FACT_SPECS.values():
        for spec in specs:
            if spec.key == key:
                return spec.label
    return key.replace("_", " ").capitalize()


@dataclass(frozen=True)
class DatedFact:
    date: str  # as written: YYYY, YYYY-MM or YYYY-MM-DD
    entity: Entity
    key: str
    verb: str
    source: str

    @property
    def day(self) -> dt.date:
        return sort_date(self.date)


def dated_facts(registry: Registry, since: int = 1990) -> list[DatedFact]:
    """Releases, launches, foundings and events, oldest first (not before `since`)."""
    out = []
    for entity in registry:
        for fact in entity.facts:
            verb = DATED_FACTS.get(fact.key)
            if verb is None or spec_for(entity.type, fact.key) is None:
                continue
            if int(str(fact.value)[:4]) < since:
                continue
            out.append(DatedFact(str(fact.value), entity, fact.key, verb, fact.source))
    return sorted(out, key=lambda d: (d.day, d.entity.id))
