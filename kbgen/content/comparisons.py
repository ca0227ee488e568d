"""Comparison sets declared by editors in `content/comparisons.yaml`.

    - slug: gpt-4-vs-gpt-4o-vs-o1
      title: GPT-4 vs GPT-4o vs o1
      entities: [gpt-4, gpt-4o, o1]
      facts: [developer, release_date, context_window]   # optional: default per type
      description: Three generations of OpenAI's flagship.  # optional

The site adds automatic comparisons (a model family, a developer's models); this
file holds the ones only an editor can choose. Validated like all content: every
problem with its line, unknown entity ids and fact names included.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kbgen.content import textfile, walk, yamlstrict
from kbgen.content.fields import Field, validate
from kbgen.content.registry import Registry
from kbgen.content.schema_entities import FACT_SPECS
from kbgen.errors import Problem
from kbgen.model import Entity, EntityId

FIELDS: tuple[Field, ...] = (
    Field("slug", "slug", True, doc="the URL: compare/<slug>/"),
    Field("title", "text", True),
    Field("entities", "text_list", True, doc="two or more entity ids"),
    Field("facts", "text_list", doc="fact keys to compare; default: all the entities have"),
    Field("description", "text"),
)


@dataclass(frozen=True)
class Comparison:
    slug: str
    title: str
    entities: tuple[EntityId, ...]
    facts: tuple[str, ...] = ()  # empty: every fact key any of the entities has
    description: str = ""
    automatic: bool = False


def _read(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes; none (and no problem) when it is absent; a problem otherwise.

    Looked at without following links: a linked comparisons.yaml could read any file.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [Problem(display, None, f"cannot look at the file: {exc.strerror}")]
    if stat.S_ISLNK(mode):
        return None, [
            Problem(
                display,
                None,
                "comparisons.yaml must be a regular file, not a symbolic link: "
                "copy the file here instead",
            )
        ]
    if not stat.S_ISREG(mode):
        return None, [
            Problem(display, None, "this must be a file (a YAML list of comparisons): replace it")
        ]
    try:
        return path.read_bytes(), []
    except OSError as exc:
        return None, [
            Problem(display, None, f"cannot read the file ({exc.strerror}): fix its permissions")
        ]


def load_comparisons(
    path: Path, registry: Registry, display_root: Path
) -> tuple[tuple[Comparison, ...], list[Problem]]:
    display = walk.display_path(path, display_root)
    raw, problems = _read(path, display)
    if raw is None:
        return (), problems
    text, problems = textfile.decode(raw, display)
    if text is None:
        return (), problems
    parsed, problems = yamlstrict.parse(text, display)
    if parsed is None:
        return (), problems
    if parsed.data is None:
        return (), problems
    if not isinstance(parsed.data, list):
        return (), [
            *problems,
            Problem(
                display,
                1,
                "comparisons.yaml must be a list of comparisons, each starting with '- slug: ...'",
            ),
        ]
    out: list[Comparison] = []
    seen: dict[str, int] = {}
    all_facts = {s.key for specs in FACT_SPECS.values() for s in specs}
    for i, item in enumerate(parsed.data):
        line = parsed.line(i)
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    display, line, "each comparison must be a mapping with slug, title and entities"
                )
            )
            continue
        values, errs = validate(parsed, FIELDS, display, prefix=(i,))
        problems += errs
        if errs:
            continue
        ids = values["entities"]
        bad = [e for e in ids if registry.get(e) is None]
        for e in bad:
            problems.append(
                Problem(
                    display,
                    parsed.line(i, "entities"),
                    f"unknown entity '{e}' in comparison '{values['slug']}': "
                    "use an id from content/entities/",
                )
            )
        if len(ids) < 2:
            problems.append(
                Problem(
                    display, parsed.line(i, "entities"), "a comparison needs at least two entities"
                )
            )
        unknown = [f for f in values.get("facts", ()) if f not in all_facts]
        for f in unknown:
            problems.append(
                Problem(
                    display,
                    parsed.line(i, "facts"),
                    f"unknown fact '{f}': see FACT_SPECS for fact names",
                )
            )
        if values["slug"] in seen:
            problems.append(
                Problem(
                    display,
                    line,
                    f"slug '{values['slug']}' is already used at line {seen[values['slug']]}",
                )
            )
        seen.setdefault(values["slug"], line or 0)
        if not bad and not unknown and len(ids) >= 2:
            out.append(
                Comparison(
                    values["slug"],
                    values["title"],
                    tuple(EntityId(e) for e in ids),
                    values.get("facts", ()),
                    values.get("description", ""),
                )
            )
    return tuple(out), problems


def _release_key(entity: Entity) -> tuple:
    fact = entity.fact("release_date") or entity.fact("launch_date") or entity.fact("founded")
    return (str(fact.value) if fact else "9999", entity.id)


# (fact that groups models, smallest group worth a page, slug suffix, title, description)
_AUTOMATIC = (
    (
        "family",
        2,
        "family",
        "The {name} family",
        "Every model the registry records as part of {name}, oldest first.",
    ),
    (
        "developer",
        3,
        "models",
        "Models by {name}",
        "Models the registry records as developed by {name}, oldest first.",
    ),
)


def automatic(registry: Registry) -> list[Comparison]:
    """Each model family with two or more members, each developer with three or more."""
    out = []
    for key, smallest, suffix, heading, description in _AUTOMATIC:
        groups: defaultdict[str, list[Entity]] = defaultdict(list)
        for entity in registry:
            if entity.type == "model" and (fact := entity.fact(key)) is not None:
                groups[str(fact.value)].append(entity)
        for group_id, models in sorted(groups.items()):
            owner = registry.get(group_id)
            if owner is None or len(models) < smallest:
                continue
            ids = tuple(e.id for e in sorted(models, key=_release_key))
            out.append(
                Comparison(
                    f"{group_id}-{suffix}",
                    heading.format(name=owner.name),
                    ids,
                    description=description.format(name=owner.name),
                    automatic=True,
                )
            )
    return out


def with_automatic(declared: tuple[Comparison, ...], registry: Registry) -> tuple[Comparison, ...]:
    """Declared comparisons first; automatic ones unless an editor took their slug."""
    taken = {c.slug for c in declared}
    return declared + tuple(c for c in automatic(registry) if c.slug not in taken)
