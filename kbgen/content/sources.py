"""The source schema and the loader for `content/sources/`.

A source file is Markdown with YAML front matter, written by `kbgen ingest` or by
hand. This module is the one place that says which keys a source may have; `ingest`
writes exactly these keys and `kbgen check` reads them back through `load_sources`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from kbgen.content import chars, textfile, walk
from kbgen.content.fields import Field, validate
from kbgen.errors import Problem
from kbgen.model import SOURCE_TYPES, Origin, Source, SourceId

DATE_KINDS = ("published", "event", "recorded", "updated")
TIMESTAMP_KINDS = ("offset", "clock")

# The one declaration of a source's front matter. In this order `kbgen ingest` writes
# the keys (`ingest.front_matter`), its options come from `option` and `doc`
# (`cli.ingest`), `Source` is built from the values by name (`parse_source`), and
# tests/ingest/test_schema_derived.py fails when `Draft`, `Overrides` or `Source`
# do not follow a change here.
SOURCE_FIELDS: tuple[Field, ...] = (
    Field("id", "slug", True, doc="the URL slug, e.g. openai-devday-2024-live-blog", option="--id"),
    Field("title", "text", True, doc="the source's own title", option="--title"),
    Field("subtitle", "text", doc="a subtitle or one-line description", option="--subtitle"),
    Field("date", "date", True, doc="YYYY-MM-DD", option="--date"),
    Field(
        "date_kind",
        "choice",
        choices=DATE_KINDS,
        doc="what `date` is: the publication (default) or the event it covers",
        option="--date-kind",
    ),
    Field("type", "choice", True, choices=SOURCE_TYPES, option="--type"),
    Field("url", "url", doc="where the source lives on the web", option="--url"),
    Field("authors", "text_list", doc="an author or host; repeat for several", option="--author"),
    Field("publisher", "text", doc="the publication, site, show or channel", option="--publisher"),
    Field(
        "timestamps",
        "choice",
        choices=TIMESTAMP_KINDS,
        doc="offset: [HH:MM:SS] into a recording; clock: [HH:MM] local time of a live blog",
    ),
    Field(
        "timezone",
        "text",
        doc="IANA zone of clock timestamps, e.g. America/Los_Angeles",
        option="--timezone",
    ),
    Field("language", "text"),
    Field("tags", "text_list", doc="a tag; repeat for several", option="--tag"),
    Field("origin", "any", doc="the raw file this was ingested from: {file, sha256}"),
)
ORIGIN_FIELDS: tuple[Field, ...] = (
    Field("file", "text", True, doc="the raw file's name"),
    Field("sha256", "sha256", True, doc="sha256 of the raw file's bytes"),
)


def _origin(tf: textfile.TextFile, display: str) -> tuple[Origin | None, list[Problem]]:
    raw = tf.meta.data.get("origin")
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        return None, [
            Problem(
                display,
                tf.meta.line("origin"),
                "'origin' must be a mapping with 'file' and 'sha256'",
            )
        ]
    values, problems = validate(tf.meta, ORIGIN_FIELDS, display, prefix=("origin",))
    if problems:
        return None, problems
    return Origin(values["file"], values["sha256"]), []


def parse_source(tf: textfile.TextFile, display: str) -> tuple[Source | None, list[Problem]]:
    """Validate one split file into a `Source`."""
    values, problems = validate(tf.meta, SOURCE_FIELDS, display)
    origin, origin_problems = _origin(tf, display)
    problems += origin_problems
    if not tf.body.strip():
        problems.append(
            Problem(
                display,
                tf.body_line,
                "the body is empty: a source needs its text below the front matter",
            )
        )
    problems += chars.body_problems(tf.body, tf.body_line, display)
    if problems:
        return None, problems
    # Every validated key is a `Source` attribute of the same name; absent keys take
    # `Source`'s defaults ("published", "en", no authors, ...).
    kwargs = {f.name: values[f.name] for f in SOURCE_FIELDS if f.name in values}
    kwargs["id"] = SourceId(kwargs["id"])
    kwargs["origin"] = origin
    source = Source(body=tf.body, path=display, body_line=tf.body_line, **kwargs)
    return source, []


def _id_key(text: str) -> str:
    """Ids that differ only in case or Unicode form would collide on disk and in URLs."""
    return unicodedata.normalize("NFKC", text).casefold()


def source_files(root: Path) -> list[Path]:
    """Every regular file under `root`, sorted; links and unreadable folders left out.

    For callers that only look (ingest's duplicate check); loaders use
    `walk.content_files`, which also reports what was left out.
    """
    return walk.content_files(root, root.parent, "sources")[0]


def load_sources(
    root: Path, display_root: Path | None = None
) -> tuple[tuple[Source, ...], list[Problem]]:
    """Load and validate every source under `root`, collecting all problems."""
    base = display_root or root.parent
    sources: list[Source] = []
    seen: dict[str, str] = {}
    files, problems = walk.content_files(root, base, "sources")
    for path in files:
        display = walk.display_path(path, base)
        if path.suffix != ".md":
            problems.append(
                Problem(
                    display,
                    None,
                    "only Markdown sources (.md) belong in "
                    "content/sources: turn raw files into sources with "
                    "`kbgen ingest FILE`",
                )
            )
            continue
        tf, file_problems = textfile.read(path, display)
        problems += file_problems
        if tf is None:
            continue
        source, source_problems = parse_source(tf, display)
        problems += source_problems
        if source is None:
            continue
        key = _id_key(source.id)
        if key in seen:
            problems.append(
                Problem(
                    display,
                    tf.meta.line("id"),
                    f"id '{source.id}' is already used by {seen[key]}: "
                    "ids must be unique (ignoring case); rename one",
                )
            )
            continue
        seen[key] = display
        sources.append(source)
    sources.sort(key=lambda s: (s.date, s.id))
    return tuple(sources), problems
