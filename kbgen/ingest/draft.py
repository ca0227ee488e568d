"""What a format reader returns: the metadata it found and a clean Markdown body.

Readers fill in what their format carries; `Overrides` hold what the editor typed
on the command line, which always wins. `merge` combines the two and says exactly
which option to add when a required field is still missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kbgen.content.sources import SOURCE_FIELDS

# The keys the editor can supply as `kbgen ingest` options, in the schema's order.
OPTION_FIELDS = tuple(f for f in SOURCE_FIELDS if f.option)


@dataclass(frozen=True)
class Draft:
    """A source before it has an id and a path.

    One attribute per `SOURCE_FIELDS` key except `id` and `origin` (ingest adds those);
    spelt out, not generated, so that readers' `Draft(...)` calls are type-checked.
    tests/ingest/test_schema_derived.py keeps the two in step.
    """

    body: str
    title: str | None = None
    date: dt.date | None = None
    type: str | None = None
    url: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    date_kind: str | None = None
    timestamps: str | None = None  # "offset" or "clock": what [..] paragraph markers mean
    timezone: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class Overrides:
    """Values the editor supplies with options; None means "use what the file says".

    One attribute per `OPTION_FIELDS` key, spelt out for the type checker like `Draft`.
    """

    id: str | None = None
    title: str | None = None
    date: dt.date | None = None
    type: str | None = None
    url: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    date_kind: str | None = None
    timezone: str | None = None
    tags: tuple[str, ...] = ()


def merge(draft: Draft, overrides: Overrides) -> Draft:
    """The draft with every supplied override applied (`id` names the file, not the draft)."""
    changes = {}
    for f in OPTION_FIELDS:
        if f.name == "id":
            continue
        value = getattr(overrides, f.name)
        if value not in (None, ()):
            changes[f.name] = value
    return replace(draft, **changes)


def missing_message(draft: Draft, fmt: str) -> str | None:
    """None when title and date are known; otherwise which options to add."""
    missing = []
    if not draft.title:
        missing.append(("title", '--title "The source\'s title"'))
    if draft.date is None:
        missing.append(
            (
                "date",
                "--date YYYY-MM-DD (add --date-kind event if it is the "
                "date of the event, not of publication)",
            )
        )
    if not missing:
        return None
    what = " and ".join(m[0] for m in missing)
    how = " and ".join(m[1] for m in missing)
    pronoun = "them" if len(missing) > 1 else "it"
    return f"no {what} found in this {fmt} file: supply {pronoun} with {how}"
