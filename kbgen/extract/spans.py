"""Where the pipeline's components meet: the spans groups and a candidate's rule.

Extraction proposes, filters, then chooses (spaCy's span_ruler + `filter_spans`
way): every producer adds its candidates to `doc.spans[CANDIDATES]`, the gate
removes those whose context rules fail, and the chooser writes the winners to
`doc.ents` and the names nested in them to `doc.spans[NESTED]`.

Each candidate carries how it was found as `span._.kb_rule` ("alias", "asr", or
whatever a producer names its own candidates). spaCy 3.8 keys a span's extension
values by character offsets only, so two candidates over the same characters (two
entities, two producers) would share one value; the getter and setter here key it
by the whole identity of the candidate: offsets, label and entity id.
"""

from typing import cast

from spacy.tokens import Doc, Span

CANDIDATES = "kb_candidates"  # every producer's proposals, overlaps and all
NESTED = "kb_nested"  # names of another type inside a chosen entity: "LMSYS" in "LMSYS arena"
RULE = "kb_rule"


_Key = tuple[str, int, int, int, int]


def _key(span: Span) -> _Key:
    return (RULE, span.start_char, span.end_char, span.label, span.id)


def _store(doc: Doc) -> dict[_Key, str]:
    # spaCy's doc.pyi declares user_data as Dict[str, Any], but it is a plain dict
    # that spaCy's own extension store keys by tuples (spacy/tokens/underscore.py).
    return cast("dict[_Key, str]", doc.user_data)


def _get_rule(span: Span) -> str | None:
    return _store(span.doc).get(_key(span))


def _set_rule(span: Span, rule: str) -> None:
    _store(span.doc)[_key(span)] = rule


Span.set_extension(RULE, getter=_get_rule, setter=_set_rule, force=True)
