"""Recurring events: "DevDay" in a post from October 2024 means DevDay 2024.

A series (OpenAI DevDay) owns the bare name; each edition has a `series` fact and a
`date`. A mention of the series in a source dated within WINDOW of an edition is
attributed to that edition ("last year's DevDay" to the one a year earlier);
elsewhere it stays a mention of the series.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kbgen.content.fields import parse_date
from kbgen.content.registry import Registry
from kbgen.limits import MAX_DATE, MIN_DATE
from kbgen.model import EntityId

WINDOW = dt.timedelta(days=45)


def editions(registry: Registry) -> dict[EntityId, list[tuple[dt.date, EntityId]]]:
    out: defaultdict[EntityId, list[tuple[dt.date, EntityId]]] = defaultdict(list)
    for entity in registry:
        series, date = entity.fact("series"), entity.fact("date")
        if series is None or date is None:
            continue
        day = (
            parse_date(str(date.value))
            or parse_date(f"{date.value}-01")
            or parse_date(f"{date.value}-01-01")
        )
        if day:
            out[EntityId(str(series.value))].append((day, entity.id))
    return {k: sorted(v) for k, v in out.items()}


def year_shift(before: list[str]) -> int:
    """-1 for "last year's DevDay", +1 for "next year's"; `before` are lowercased words."""
    words = [w for w in before if w not in ("'s", "'", "for", "at", "the")][-2:]
    if len(words) == 2 and words[1] == "year":
        return {"last": -1, "previous": -1, "next": 1}.get(words[0], 0)
    return 0


def resolve(
    entity: EntityId,
    when: dt.date,
    table: dict[EntityId, list[tuple[dt.date, EntityId]]],
    shift_years: int = 0,
) -> EntityId | None:
    """The edition of series `entity` nearest to `when` (moved by `shift_years`).

    Total: a shift that leaves the dates sources may carry (limits.MIN_DATE to
    MAX_DATE; "last year's DevDay" in a source dated year 1) finds no edition
    instead of raising, and the mention stays one of the series.
    """
    if shift_years:
        year = when.year + shift_years
        if not MIN_DATE.year <= year <= MAX_DATE.year:
            return None
        when = when.replace(year=year, day=min(when.day, 28))
    near = [
        (abs(day - when), edition)
        for day, edition in table.get(entity, ())
        if abs(day - when) <= WINDOW
    ]
    return min(near)[1] if near else None
