"""Recurring events: "DevDay" in a post from October 2024 means DevDay 2024.

A series (OpenAI DevDay) owns the bare name; each edition has a `series` fact and a
`date`. A mention of the series in a source dated within WINDOW of an edition is
attributed to that edition; elsewhere it stays a mention of the series.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kbgen.content.fields import parse_date
from kbgen.content.registry import Registry
from kbgen.model import EntityId

WINDOW = dt.timedelta(days=45)


def editions(registry: Registry) -> dict[EntityId, list[tuple[dt.date, EntityId]]]:
    out: defaultdict[EntityId, list[tuple[dt.date, EntityId]]] = defaultdict(list)
    for entity in registry:
        series, date = entity.fact("series"), entity.fact("date")
        if series is None or date is None:
            continue
        day = parse_date(str(date.value)) or parse_date(f"{date.value}-01") or parse_date(
            f"{date.value}-01-01")
        if day:
            out[EntityId(str(series.value))].append((day, entity.id))
    return {k: sorted(v) for k, v in out.items()}


def resolve(entity: EntityId, when: dt.date,
            table: dict[EntityId, list[tuple[dt.date, EntityId]]]) -> EntityId | None:
    """The edition of series `entity` nearest to `when`, if one is within WINDOW."""
    near = [(abs(day - when), edition) for day, edition in table.get(entity, ())
            if abs(day - when) <= WINDOW]
    return min(near)[1] if near else None
