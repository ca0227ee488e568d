"""A mention of a recurring event means the edition nearest the source's date."""

from __future__ import annotations

import datetime as dt

import pytest

from kbgen.extract import series

from .kb import entity, registry, source

DEVDAY = registry(
    entity("openai-devday", "OpenAI DevDay", "event", "DevDay"),
    entity(
        "openai-devday-2023",
        "OpenAI DevDay 2023",
        "event",
        facts=[("series", "openai-devday"), ("date", "2023-11-06")],
    ),
    entity(
        "openai-devday-2024",
        "OpenAI DevDay 2024",
        "event",
        facts=[("series", "openai-devday"), ("date", "2024-10-01")],
    ),
    entity(
        "openai-devday-2024-london",
        "OpenAI DevDay London 2024",
        "event",
        facts=[("series", "openai-devday"), ("date", "2024-10-30")],
    ),
)


def devday(mentions, day: dt.date) -> list[tuple[str, str, str]]:
    src = source("See you at DevDay.", date=day)
    return [(m.entity, m.surface, m.rule) for m in mentions(src, DEVDAY) if m.paragraph == 0]


@pytest.mark.parametrize(
    ("day", "edition"),
    [
        (dt.date(2024, 10, 1), "openai-devday-2024"),
        (dt.date(2024, 9, 20), "openai-devday-2024"),  # before the event
        (dt.date(2023, 11, 20), "openai-devday-2023"),  # after it
    ],
)
def test_a_series_mention_near_an_edition_is_that_edition(mentions, day, edition):
    assert devday(mentions, day) == [(edition, "DevDay", "edition")]


def test_the_nearest_of_two_close_editions_wins(mentions):
    assert devday(mentions, dt.date(2024, 10, 25)) == [
        ("openai-devday-2024-london", "DevDay", "edition")
    ]


@pytest.mark.parametrize("day", [dt.date(2024, 3, 1), dt.date(2022, 11, 6)])
def test_a_series_mention_far_from_any_edition_stays_the_series(mentions, day):
    assert devday(mentions, day) == [("openai-devday", "DevDay", "alias")]


def test_a_named_edition_is_never_reassigned(mentions):
    src = source("OpenAI DevDay 2023 was smaller.", date=dt.date(2024, 10, 1))
    assert [m.entity for m in mentions(src, DEVDAY) if m.paragraph == 0] == ["openai-devday-2023"]


def test_editions_accept_partial_dates():
    reg = registry(
        entity("summit", "AI Summit", "event"),
        entity(
            "summit-2025",
            "AI Summit 2025",
            "event",
            facts=[("series", "summit"), ("date", "2025-02")],
        ),
    )
    table = series.editions(reg)
    assert series.resolve("summit", dt.date(2025, 2, 10), table) == "summit-2025"


@pytest.mark.parametrize(
    ("day", "shift"),
    [
        (dt.date(1, 1, 1), -1),  # "last year's DevDay" in year 1: there is no year 0
        (dt.date(9999, 12, 31), 1),  # "next year's DevDay" in 9999: there is no year 10000
        (dt.date(1900, 3, 1), -1),  # 1899 is before limits.MIN_DATE
        (dt.date(2100, 6, 1), 1),  # 2101 is after limits.MAX_DATE
    ],
)
def test_resolve_is_total_at_the_ends_of_the_calendar(day, shift):
    """Year 1 with "last year's" or 9999 with "next year's" raised ValueError in the build."""
    table = series.editions(DEVDAY)
    assert series.resolve("openai-devday", day, table, shift) is None


def test_a_shift_within_the_range_still_finds_the_edition():
    table = series.editions(DEVDAY)
    assert series.resolve("openai-devday", dt.date(2025, 10, 6), table, -1) == "openai-devday-2024"


def test_last_years_devday_in_year_one_stays_the_series(mentions):
    src = source("Unlike last year's DevDay, this one ran late.", date=dt.date(1, 6, 1))
    assert [(m.entity, m.rule) for m in mentions(src, DEVDAY) if m.paragraph == 0] == [
        ("openai-devday", "alias")
    ]
