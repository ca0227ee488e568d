"""The spaCy pipeline: propose candidates, filter them by context, then choose.

No statistical model is needed (spaCy model packages are not on PyPI), so the
default pipeline runs anywhere: `spacy.blank("en")` with a tuned tokenizer, then,
each added with `nlp.add_pipe` of a registered factory:

1. `sentencizer`, for quoting and for the context rules;
2. the producers, in `PRODUCERS` order, each adding every candidate it finds,
   overlaps and all, to `doc.spans[spans.CANDIDATES]` (today spaCy's `span_ruler`
   with the registry's patterns; discovery adds handles, model names, people and
   speakers to the same group);
3. `kbgen_gate` (`gates`), dropping the candidates whose context rules fail;
4. `kbgen_choose` (`choose`), picking `doc.ents` with `spacy.util.filter_spans`
   and keeping names of another type nested in them.

Two pipelines are built per registry: one for written sources and one that also
knows the speech-recognition aliases, which would cost precision in prose.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex

from kbgen.content.registry import Registry
from kbgen.extract import cache, choose, gates, handles, spans
from kbgen.extract.patterns import ruler_patterns, surfaces

# spaCy splits "o1-mini" but not "GPT-4o" (no split before a digit); models are
# named both ways, so split every hyphen between letters/digits, and slashes too.
_EXTRA_INFIXES = [r"(?<=[A-Za-z0-9])-(?=[0-9])", r"(?<=[A-Za-z0-9])/(?=[A-Za-z0-9])"]


# "Claude+" is Claude (the 2023 plan name) followed by a plus, not a token of its own.
_EXTRA_SUFFIXES = [r"(?<=[A-Za-z])\+"]

# A producer adds its component(s) to the pipeline; each writes its candidates to
# doc.spans[spans.CANDIDATES] without removing what earlier producers wrote.
Producer = Callable[[Language, Registry, bool], None]


def blank() -> Language:
    """spacy.blank("en") with kbgen's tokenizer rules; patterns use the same one."""
    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer), "spacy.blank makes a rule-based Tokenizer"
    infixes = [*(nlp.Defaults.infixes or ()), *_EXTRA_INFIXES]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*(nlp.Defaults.suffixes or ()), *_EXTRA_SUFFIXES]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp


def registry_rules(nlp: Language, registry: Registry, spoken: bool) -> None:
    """Every surface of every registry entity (ASR ones when `spoken`), by span_ruler.

    Patterns carry the entity's canonical id (`span.id_`) and its type as label.
    Case-insensitive surfaces are phrase patterns on LOWER, exact ones token patterns
    (see `patterns.ruler_patterns`)."""
    ruler = nlp.add_pipe(
        "span_ruler",
        name="kbgen_registry_rules",
        config={
            "spans_key": spans.CANDIDATES,
            "phrase_matcher_attr": "LOWER",
            "validate": False,
            "overwrite": False,  # keep what earlier producers proposed
        },
    )
    assert isinstance(ruler, SpanRuler)  # add_pipe is typed as returning any component
    ruler.add_patterns(ruler_patterns(nlp, registry, spoken=spoken))


def handle_rules(nlp: Language, registry: Registry, spoken: bool) -> None:
    """`@handle` tokens of registry entities (explicit `handles:` or derived from
    names), by `handles.HandleRules`; the same in written and spoken sources."""
    component = nlp.add_pipe(handles.FACTORY, config={"spans_key": spans.CANDIDATES})
    assert isinstance(component, handles.HandleRules)
    component.add_entities(registry)


# In priority order: on an exact tie (same tokens) the earlier producer's candidate
# is chosen, so the registry comes first.
PRODUCERS: tuple[Producer, ...] = (registry_rules, handle_rules)


def build(
    registry: Registry, *, spoken: bool, producers: Sequence[Producer] | None = None
) -> Language:
    """The extraction pipeline; `producers` defaults to `PRODUCERS`."""
    nlp = blank()
    nlp.add_pipe("sentencizer")
    for produce in PRODUCERS if producers is None else producers:
        produce(nlp, registry, spoken)
    gate = nlp.add_pipe(gates.FACTORY, config={"spans_key": spans.CANDIDATES, "spoken": spoken})
    assert isinstance(gate, gates.Gate)
    gate.add_surfaces(surface for entity in registry for surface in surfaces(entity))
    nlp.add_pipe(choose.FACTORY, config={"spans_key": spans.CANDIDATES, "nested_key": spans.NESTED})
    return nlp


def fingerprint(registry: Registry) -> str:
    """Changes whenever anything that decides the result changes, so a cached result
    is never stale: kbgen's own code (all of it: extraction also depends on the model,
    the registry loader, the text helpers), spaCy, wordfreq's data (which aliases count
    as common words), Python, the cache format and Mention's fields, and the registry."""
    table = [
        {
            "id": e.id,
            "type": e.type,
            "name": e.name,
            "aliases": [
                [a.text, a.case, a.asr, a.near, a.not_before, a.not_after, a.sentence_start]
                for a in e.aliases
            ],
            # series editions decide which DevDay a bare "DevDay" is
            "edition": [str(f.value) for f in e.facts if f.key in ("series", "date")],
            "handles": list(e.handles),
        }
        for e in registry
    ]
    environment = [
        _code_digest(),
        spacy.__version__,
        _version("wordfreq"),
        list(sys.version_info[:2]),
        cache.FORMAT,
        cache.layout(),
    ]
    blob = json.dumps([environment, table], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


_PACKAGE = Path(__file__).resolve().parent.parent  # the kbgen package


def _code_files() -> list[tuple[str, Path]]:
    """Every Python file of the kbgen package, by POSIX path relative to it, sorted."""
    found = ((p.relative_to(_PACKAGE).as_posix(), p) for p in _PACKAGE.rglob("*.py"))
    return sorted(found)


def _read_code(path: Path) -> bytes:
    """One file's bytes; apart so a test can simulate an edited module."""
    return path.read_bytes()


@functools.cache
def _code_digest() -> str:
    """A digest of kbgen's code, once per process (~100 small files, a few ms)."""
    digest = hashlib.sha256()
    for name, path in _code_files():
        data = _read_code(path)
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def _version(package: str) -> str:
    """An installed distribution's version, read from its metadata (no import)."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"
