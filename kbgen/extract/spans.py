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

from spacy.tokens import Span

CANDIDATES = "kb_candidates"  # every producer's proposals, overlaps and all
NESTED = "kb_nested"  # names of another type inside a chosen entity: "LMSYS" in "LMSYS arena"
RULE = "kb_rule"


def _key(span: Span) -> tuple[str, int, int, int, int]:
    return (RULE, span.start_char, span.end_char, span.label, span.id)


def _get_rule(span: Span) -> str | None:
    return span.doc.user_data.get(_key(span))


def _set_rule(span: Span, rule: str) -> None:
    span.doc.user_data[_key(span)] = rule


Span.set_extension(RULE, getter=_get_rule, setter=_set_rule, force=True)
