"""The nouns that travel between stages.

Each stage takes and returns these frozen values, never dicts of dicts, so a stage
can be tested alone and a generator cannot mutate what another one reads. Ids are
`NewType`s made only at entry points (loaders, `slugify`), which keeps a source id
from being passed where an entity id is expected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NewType

# Paragraph, TITLE and SUBTITLE are part of the model; they live beside their parser.
from kbgen.paragraphs import SUBTITLE as SUBTITLE
from kbgen.paragraphs import TITLE as TITLE
from kbgen.paragraphs import Kind, heads, split
from kbgen.paragraphs import Paragraph as Paragraph

SourceId = NewType("SourceId", str)
EntityId = NewType("EntityId", str)

ENTITY_TYPES = ("model", "person", "org", "product", "feature", "event")
SOURCE_TYPES = (
    "newsletter",
    "blog",
    "liveblog",
    "podcast",
    "video",
    "announcement",
    "article",
    "paper",
    "transcript",
    "documentation",
    "other",
)
# Sources whose text came from speech recognition: ASR aliases apply only to them.
SPOKEN_TYPES = frozenset({"podcast", "video", "transcript"})


@dataclass(frozen=True)
class Origin:
    """The raw file a source was ingested from; its hash detects a second ingest."""

    file: str
    sha256: str


@dataclass(frozen=True)
class Source:
    """One normalized source: validated front matter plus its Markdown body."""

    id: SourceId
    title: str
    date: dt.date
    type: str
    body: str
    path: str  # relative to the content root, for messages and links
    body_line: int = 1  # file line on which `body` starts
    url: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    date_kind: str = "published"
    timestamps: str | None = None  # "offset" (recordings) or "clock" (live blogs)
    timezone: str | None = None
    tags: tuple[str, ...] = ()
    origin: Origin | None = None
    language: str = "en"
    # Cut and timed once, here, from `body` and `timestamps`: extraction and the site
    # share these values instead of re-parsing markers (not compared: derived).
    paragraphs: tuple[Paragraph, ...] = field(init=False, compare=False, repr=False)
    heads: tuple[Paragraph, ...] = field(init=False, compare=False, repr=False)  # title, subtitle

    def __post_init__(self) -> None:
        object.__setattr__(self, "paragraphs", split(self.body, self.timestamps))
        object.__setattr__(self, "heads", heads(self.title, self.subtitle))

    def text_of(self, kind: Kind) -> str:
        """The text a paragraph's offsets index: the title, the subtitle or the body."""
        if kind == "title":
            return self.title
        if kind == "subtitle":
            return self.subtitle or ""
        return self.body

    @property
    def spoken(self) -> bool:
        return self.type in SPOKEN_TYPES

    def __repr__(self) -> str:
        return f"Source({self.id!r}, {self.date.isoformat()}, {self.type})"


@dataclass(frozen=True)
class Fact:
    """One cited claim about an entity, e.g. release_date = 2024-05-13."""

    key: str
    value: str | int | float | bool | tuple[str, ...]
    source: str  # URL of the public source that states it
    note: str | None = None
    line: int | None = None  # line in the entity file, for messages


@dataclass(frozen=True)
class Relation:
    """A typed, directed edge the registry asserts: gpt-4o --developed_by--> openai."""

    type: str
    target: EntityId
    source: str | None = None  # citation URL, when the relation is a claim
    derived_from: str | None = None  # the fact key it was derived from, if any


@dataclass(frozen=True)
class Alias:
    """One surface form of an entity, with the gates that keep it precise.

    `case` is "any" (match ignoring case) or "exact". `asr` aliases are speech
    recognition variants, matched only in spoken sources. `near`, `not_before` and
    `not_after` are context rules for aliases that are also ordinary words.
    """

    text: str
    case: str = "any"
    asr: bool = False
    near: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    sentence_start: bool = True  # may it match as the first word of a sentence?

    @property
    def gated(self) -> bool:
        return bool(
            self.near
            or self.not_before
            or self.not_after
            or not self.sentence_start
            or self.case == "exact"
            or self.asr
        )


@dataclass(frozen=True)
class Entity:
    """One registry entry: identity (name, aliases), facts, relations, description."""

    id: EntityId
    name: str
    type: str
    aliases: tuple[Alias, ...] = ()
    description: str = ""
    facts: tuple[Fact, ...] = ()
    relations: tuple[Relation, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    handles: tuple[str, ...] = ()  # X/Bluesky/GitHub/Hugging Face handles, without "@"

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    @property
    def surface_names(self) -> tuple[str, ...]:
        """Name and plain aliases, for display and export (not ASR noise)."""
        names = [self.name, *(a.text for a in self.aliases if not a.asr)]
        return tuple(dict.fromkeys(names))

    def __repr__(self) -> str:
        return f"Entity({self.id!r}, {self.type})"


@dataclass(frozen=True)
class Mention:
    """Where a source mentions an entity, precise enough to quote and deep-link it."""

    entity: EntityId
    source: SourceId
    start: int  # character offsets into Source.body
    end: int
    surface: str
    sentence: str
    sentence_start: int  # offset of `sentence` in Source.body
    paragraph: int  # index of the paragraph in the body; TITLE or SUBTITLE (negative)
    seconds: int | None = None  # offset into the recording, for transcripts
    clock: str | None = None  # "HH:MM" local time, for live blogs
    rule: str = "alias"  # how it was found: alias, asr, first-name, last-name, ...

    def __repr__(self) -> str:
        return f"Mention({self.entity!r} in {self.source!r} @{self.start}: {self.surface!r})"


@dataclass(frozen=True)
class Page:
    """A generated page, in memory until the writer puts it in the staging docs dir."""

    path: str  # POSIX path under the docs dir, e.g. "entities/gpt-4o/index.md"
    content: str | bytes
    title: str = ""
    meta: tuple[tuple[str, str], ...] = field(default=())

    def __repr__(self) -> str:
        return f"Page({self.path!r})"
