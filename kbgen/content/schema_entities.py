"""What an entity file may say: fact keys per entity type, relation types, alias options.

Declared once here so the loader, `kbgen check`, the infobox and the comparison
tables all agree on what `release_date` or `developed_by` means.

An entity file is `content/entities/<id>.md`:

    ---
    id: gpt-4o                      # optional; must equal the file name
    name: GPT-4o
    type: model                     # model, person, org, product, feature, event
    aliases: [GPT4o, "GPT 4o", {text: 4o, near: [gpt, model, openai]}]
    asr_aliases: ["GPT for O", "GPT-4.0"]   # speech-recognition variants, transcripts only
    facts:
      developer: {value: openai, source: "https://openai.com/index/hello-gpt-4o/"}
      release_date: {value: "2024-05-13", source: "https://openai.com/index/hello-gpt-4o/"}
    relations:
      - {type: successor_of, target: gpt-4-turbo}
    tags: [multimodal]
    handles: [OpenAI]               # optional; @OpenAI in a source is this entity
    ---
    The description, in Markdown: why a reader should care about this entity.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.content.fields import Field

ENTITY_FIELDS: tuple[Field, ...] = (
    Field("id", "slug", doc="must equal the file name without .md"),
    Field("name", "text", True, doc="the canonical display name"),
    Field(
        "type", "choice", True, choices=("model", "person", "org", "product", "feature", "event")
    ),
    Field(
        "aliases",
        "any",
        doc="other spellings: text, or {text, case, near, not_before, not_after, sentence_start}",
    ),
    Field("asr_aliases", "any", doc="speech-recognition variants, matched only in spoken sources"),
    Field("facts", "any", doc="mapping of fact key to {value, source, note}"),
    Field("relations", "any", doc="list of {type, target, source}"),
    Field("tags", "text_list"),
    Field(
        "handles",
        "text_list",
        doc="X/Twitter, Bluesky, GitHub, Hugging Face handles without '@', each on one entity",
    ),
)

ALIAS_FIELDS: tuple[Field, ...] = (
    Field("text", "text", True),
    Field("case", "choice", choices=("any", "exact"), doc="exact: match this capitalisation only"),
    Field("near", "text_list", doc="match only with one of these words in the same sentence"),
    Field("not_before", "text_list", doc="do not match when the next word is one of these"),
    Field("not_after", "text_list", doc="do not match when the previous word is one of these"),
    Field("sentence_start", "bool", doc="false: never match as the first word of a sentence"),
)

FACT_FIELDS: tuple[Field, ...] = (
    Field("value", "any", True),
    Field("source", "url", True, doc="URL of a public page that states the fact"),
    Field("note", "text"),
)


@dataclass(frozen=True)
class FactSpec:
    key: str
    kind: str  # partial_date, text, int, bool, text_list, ref, ref_list
    label: str
    ref_types: tuple[str, ...] = ()  # for ref kinds: the entity types it may point to
    relation: str | None = None  # relation this fact implies (entity -> value)
    inverse: bool = False  # the implied relation points value -> entity


MODALITIES = ("text", "image", "audio", "video", "code", "3d")

_ORG = ("org",)
FACT_SPECS: dict[str, tuple[FactSpec, ...]] = {
    "model": (
        FactSpec("developer", "ref", "Developer", _ORG, "developed_by"),
        FactSpec("release_date", "partial_date", "Released"),
        FactSpec("family", "ref", "Family", ("model",), "variant_of"),
        FactSpec("predecessor", "ref", "Predecessor", ("model",), "successor_of"),
        FactSpec("successor", "ref", "Successor", ("model",), "successor_of", inverse=True),
        FactSpec("input_modalities", "text_list", "Input"),
        FactSpec("output_modalities", "text_list", "Output"),
        FactSpec("context_window", "int", "Context window (tokens)"),
        FactSpec("max_output_tokens", "int", "Max output (tokens)"),
        FactSpec("parameters", "text", "Parameters"),
        FactSpec("open_weights", "bool", "Open weights"),
        FactSpec("license", "text", "License"),
        FactSpec("knowledge_cutoff", "partial_date", "Knowledge cutoff"),
        FactSpec("architecture", "text", "Architecture"),
        FactSpec("retired", "partial_date", "Retired"),
    ),
    "feature": (
        FactSpec("organization", "ref", "Offered by", _ORG, "offered_by"),
        FactSpec("product", "ref", "Part of", ("product",), "part_of"),
        FactSpec("launch_date", "partial_date", "Launched"),
        FactSpec("models", "ref_list", "Models", ("model",), "available_for"),
        FactSpec("availability", "text", "Availability"),
        FactSpec("pricing", "text", "Pricing"),
    ),
    "product": (
        FactSpec("organization", "ref", "Made by", _ORG, "offered_by"),
        FactSpec("launch_date", "partial_date", "Launched"),
        FactSpec("models", "ref_list", "Models", ("model",), "based_on"),
        FactSpec("category", "text", "Category"),
        FactSpec("platforms", "text_list", "Platforms"),
    ),
    "person": (
        FactSpec("role", "text", "Role"),
        FactSpec("organization", "ref", "Organization", _ORG, "works_at"),
        FactSpec("previous_organizations", "ref_list", "Previously at", _ORG, "worked_at"),
        FactSpec("known_for", "text", "Known for"),
    ),
    "org": (
        FactSpec("founded", "partial_date", "Founded"),
        FactSpec("headquarters", "text", "Headquarters"),
        FactSpec("founders", "ref_list", "Founders", ("person",), "founded", inverse=True),
        FactSpec("parent", "ref", "Parent", _ORG, "part_of"),
        FactSpec("ceo", "ref", "CEO", ("person",), "leads", inverse=True),
        FactSpec("kind", "text", "Kind"),
        FactSpec("website", "text", "Website"),
    ),
    "event": (
        FactSpec("date", "partial_date", "Date"),
        FactSpec("end_date", "partial_date", "Ends"),
        FactSpec("organizer", "ref", "Organizer", _ORG, "organized_by"),
        FactSpec("series", "ref", "Edition of", ("event",), "edition_of"),
        FactSpec("location", "text", "Location"),
        FactSpec(
            "announced",
            "ref_list",
            "Announced",
            ("model", "feature", "product"),
            "announced_at",
            inverse=True,
        ),
    ),
}

# Curated relation types an editor may write under `relations:`. Facts that refer to
# other entities imply relations too (FactSpec.relation), so most files need none.
RELATION_TYPES: dict[str, str] = {
    "developed_by": "made by (model/product -> org)",
    "successor_of": "newer version of (model -> model)",
    "variant_of": "a size, snapshot or variant of (model -> model)",
    "part_of": "belongs to (team -> org, feature -> product, org -> parent org)",
    "works_at": "employed by (person -> org)",
    "worked_at": "formerly employed by (person -> org)",
    "founded": "founded (person -> org)",
    "leads": "runs (person -> org/product)",
    "offered_by": "offered by (feature/product -> org)",
    "available_for": "usable with (feature -> model)",
    "based_on": "built on (product/model -> model)",
    "organized_by": "organized by (event -> org)",
    "announced_at": "announced at (model/feature/product -> event)",
    "edition_of": "one edition of a recurring event (event -> event series)",
    "acquired_by": "acquired by (org -> org)",
    "invested_in": "invested in (org -> org)",
    "competes_with": "competes with (any -> any)",
    "uses": "uses (org/product -> model/feature/product)",
}

# How a relation reads from each end: "GPT-4o developed by OpenAI" / "OpenAI developed GPT-4o".
RELATION_PHRASES: dict[str, tuple[str, str]] = {
    "developed_by": ("developed by", "developed"),
    "successor_of": ("successor of", "succeeded by"),
    "variant_of": ("variant of", "has variant"),
    "part_of": ("part of", "includes"),
    "works_at": ("works at", "employs"),
    "worked_at": ("worked at", "former employer of"),
    "founded": ("founded", "founded by"),
    "leads": ("leads", "led by"),
    "offered_by": ("offered by", "offers"),
    "available_for": ("available for", "supports"),
    "based_on": ("based on", "basis of"),
    "organized_by": ("organized by", "organized"),
    "announced_at": ("announced at", "saw the announcement of"),
    "edition_of": ("edition of", "has edition"),
    "acquired_by": ("acquired by", "acquired"),
    "invested_in": ("invested in", "investor"),
    "competes_with": ("competes with", "competes with"),
    "uses": ("uses", "used by"),
}

# Facts whose dates belong on the timeline, with the verb the timeline uses.
DATED_FACTS: dict[str, str] = {
    "release_date": "released",
    "launch_date": "launched",
    "founded": "founded",
    "date": "takes place",
}


def spec_for(entity_type: str, key: str) -> FactSpec | None:
    return next((s for s in FACT_SPECS.get(entity_type, ()) if s.key == key), None)
