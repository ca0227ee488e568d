"""The spaCy pipeline: blank English, a tuned tokenizer, sentences, rules, gates.

No statistical model is needed (spaCy model packages are not on PyPI), so the
default pipeline runs anywhere: `spacy.blank("en")`, a sentencizer for quoting,
an entity_ruler whose patterns come from the registry, and `kbgen_gate`, which
applies the registry's context rules to what the ruler found.

Two pipelines are built per registry: one for written sources and one that also
knows the speech-recognition aliases, which would cost precision in prose.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

from kbgen.content.registry import Registry
from kbgen.extract import gates
from kbgen.extract.patterns import ruler_patterns

# spaCy splits "o1-mini" but not "GPT-4o" (no split before a digit); models are
# named both ways, so split every hyphen between letters/digits, and slashes too.
_EXTRA_INFIXES = [r"(?<=[A-Za-z0-9])-(?=[0-9])", r"(?<=[A-Za-z0-9])/(?=[A-Za-z0-9])"]


# "Claude+" is Claude (the 2023 plan name) followed by a plus, not a token of its own.
_EXTRA_SUFFIXES = [r"(?<=[A-Za-z])\+"]


def blank() -> Language:
    """spacy.blank("en") with kbgen's tokenizer rules; patterns use the same one."""
    nlp = spacy.blank("en")
    infixes = list(nlp.Defaults.infixes) + _EXTRA_INFIXES
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = list(nlp.Defaults.suffixes) + _EXTRA_SUFFIXES
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp


def build(registry: Registry, *, spoken: bool) -> Language:
    nlp = blank()
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={"validate": False, "overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
    )
    ruler.add_patterns(ruler_patterns(nlp, registry, spoken=spoken))
    nlp.add_pipe(gates.FACTORY, config={"spoken": spoken})
    gates.attach(nlp, registry)
    return nlp


def fingerprint(registry: Registry) -> str:
    """Changes whenever anything that decides a match changes: code or registry."""
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
        }
        for e in registry
    ]
    blob = json.dumps([_code_digest(), spacy.__version__, table], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@functools.cache
def _code_digest() -> str:
    """A digest of the extraction code, so a changed rule can never serve stale results."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
