"""Front-matter fields declared once: name, kind, whether required, and what it is for.

A schema is a tuple of `Field`s; `validate` checks a parsed mapping against it and
returns clean values plus one `Problem` per mistake, each naming the key's line and
saying what to write instead. Unknown keys are errors that suggest the nearest known
key, because a misspelt `titel:` silently dropped is worse than a failed build.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kbgen.content import chars
from kbgen.content.yamlstrict import Parsed
from kbgen.errors import Problem
from kbgen.limits import MAX_DATE, MIN_DATE
from kbgen.slug import is_slug

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # a key of CHECKS
    required: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""
    # The `kbgen ingest` flag that supplies this key from the command line; "" when the
    # editor cannot (the key comes from the file or from ingest itself).
    option: str = ""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _text(value: Any, name: str) -> tuple[Any, str | None]:
    """Every text value in content passes here: the one check of what the build can carry."""
    if isinstance(value, str) and value.strip():
        return value.strip(), chars.field_error(value.strip(), name)
    if isinstance(value, (bool, int, float)):
        return None, (
            f"'{name}' must be text but YAML read {_describe(value)}: "
            f'put the value in quotes, e.g. {name}: "{value}"'
        )
    if isinstance(value, str) or value is None:
        return None, f"'{name}' is empty: give it a value or remove the key"
    return None, f"'{name}' must be text, not {_describe(value)}"


def _slug(value: Any, name: str) -> tuple[Any, str | None]:
    text, err = _text(value, name)
    if err:
        return None, err
    if not is_slug(text):
        from kbgen.slug import slugify

        return None, (
            f"'{name}' must be a slug (lowercase letters, digits and single "
            f"hyphens): use '{slugify(text) or 'some-id'}' instead of '{text}'"
        )
    return text, None


def parse_date(text: str) -> dt.date | None:
    m = _DATE.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _date(value: Any, name: str) -> tuple[Any, str | None]:
    if isinstance(value, str) and _DATE.match(value.strip()):
        parsed = parse_date(value.strip())
        if parsed is None:
            return (
                None,
                f"'{name}' is {value.strip()}, which is not a real date: check the month and day",
            )
        if not MIN_DATE <= parsed <= MAX_DATE:
            side = "before" if parsed < MIN_DATE else "after"
            bound = MIN_DATE if parsed < MIN_DATE else MAX_DATE
            return None, (
                f"'{name}' is {parsed.isoformat()}, {side} {bound.isoformat()}: is "
                f"{parsed.year} a typo? Dates must lie between {MIN_DATE.isoformat()} "
                f"and {MAX_DATE.isoformat()}"
            )
        return parsed, None
    return None, f"'{name}' must be a date written YYYY-MM-DD, not {_describe(value)}"


def _partial_date(value: Any, name: str) -> tuple[Any, str | None]:
    """YYYY, YYYY-MM or YYYY-MM-DD: facts are often known only to the month."""
    text = (
        str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    )
    if not _PARTIAL_DATE.match(text):
        return (
            None,
            f"'{name}' must be a date written YYYY-MM-DD, YYYY-MM or YYYY, not {_describe(value)}",
        )
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None, f"'{name}' is {text}, which is not a real date: check the month and day"
    if parts[0] > MAX_DATE.year:  # no lower bound: organizations were founded in 1861
        return None, (
            f"'{name}' is {text}, after {MAX_DATE.isoformat()}: is {parts[0]} a typo?"
        )
    return text, None


def _url(value: Any, name: str) -> tuple[Any, str | None]:
    text, err = _text(value, name)
    if err:
        return None, err
    if not _URL.match(text):
        return None, f"'{name}' must be an http(s) URL, not '{text}'"
    return text, None


def _choice(value: Any, name: str, choices: tuple[str, ...]) -> tuple[Any, str | None]:
    text, err = _text(value, name)
    if err:
        return None, err
    if text not in choices:
        near = difflib.get_close_matches(text, choices, n=1)
        hint = f"did you mean '{near[0]}'? " if near else ""
        return None, f"'{name}' is '{text}': {hint}use one of {', '.join(choices)}"
    return text, None


def _text_list(value: Any, name: str) -> tuple[Any, str | None]:
    if isinstance(value, str):
        return None, (
            f"'{name}' must be a list, not one string: write {name}: "
            f"[{', '.join(p.strip() for p in value.split(','))}]"
        )
    if not isinstance(value, list):
        return None, f"'{name}' must be a list of text, not {_describe(value)}"
    out = []
    for number, item in enumerate(value, 1):
        text, err = _text(item, name)
        if err and isinstance(item, str) and item.strip():  # text the build cannot carry
            return None, f"item {number} of {err}"
        if err:
            return None, f"every item of '{name}' must be text; {_describe(item)} is not"
        out.append(text)
    return tuple(out), None


def _int(value: Any, name: str) -> tuple[Any, str | None]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value, None
    return None, f"'{name}' must be a whole number, not {_describe(value)}"


def _bool(value: Any, name: str) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    return None, f"'{name}' must be true or false, not {_describe(value)}"


def _sha256(value: Any, name: str) -> tuple[Any, str | None]:
    if isinstance(value, str) and _SHA256.match(value):
        return value, None
    return None, f"'{name}' must be 64 lowercase hex digits (a sha256), not {_describe(value)}"


def _any(value: Any, name: str) -> tuple[Any, str | None]:
    return value, None


CHECKS: dict[str, Callable[[Any, str], tuple[Any, str | None]]] = {
    "text": _text,
    "slug": _slug,
    "date": _date,
    "partial_date": _partial_date,
    "url": _url,
    "text_list": _text_list,
    "int": _int,
    "bool": _bool,
    "sha256": _sha256,
    "any": _any,
}


def validate(
    parsed: Parsed, schema: tuple[Field, ...], display: str, prefix: tuple[str | int, ...] = ()
) -> tuple[dict[str, Any], list[Problem]]:
    """Check the mapping at `prefix` in `parsed` against `schema`."""
    data = parsed.data
    for key in prefix:
        data = data[key]
    known = {f.name: f for f in schema}
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    where = ".".join(str(p) for p in prefix)
    for key in data:
        if key not in known:
            near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(known)}"
            inside = f" in '{where}'" if where else ""
            problems.append(
                Problem(display, parsed.line(*prefix, key), f"unknown key '{key}'{inside}: {hint}")
            )
    for f in schema:
        if f.name not in data or data[f.name] is None:
            if f.required:
                problems.append(
                    Problem(
                        display,
                        parsed.line(*prefix),
                        f"missing required key '{f.name}'" + (f" ({f.doc})" if f.doc else ""),
                    )
                )
            continue
        if f.kind == "choice":
            value, err = _choice(data[f.name], f.name, f.choices)
        else:
            value, err = CHECKS[f.kind](data[f.name], f.name)
        if err and (typed := parsed.texts.get((*prefix, f.name))) is not None:
            # "put it in quotes, e.g. title: \"1.1\"" must say "1.10" when that was typed
            err = err.replace(f'"{data[f.name]}"', f'"{typed}"').replace(
                f"({data[f.name]})", f"({typed})"
            )
        if err:
            problems.append(Problem(display, parsed.line(*prefix, f.name), err))
        else:
            out[f.name] = value
    return out, problems
