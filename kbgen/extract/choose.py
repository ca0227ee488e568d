"""`kbgen_choose`: the entities, picked from the candidates the gate let through.

Runs last, after every producer and the gate, so overlaps are decided only among
candidates whose context rules hold. The policy, in two parts:

1. `doc.ents` is `spacy.util.filter_spans` of the candidates: the longest wins
   ("GPT-4o mini" over "GPT-4o", a discovered "Qwen2-VL-7B" over a registry
   "Qwen2"), then the earliest; an exact tie goes to the candidate listed first,
   that is to the earlier producer (`pipeline.PRODUCERS` is in priority order).
2. A candidate strictly inside a chosen entity of *another* type is also kept, in
   `doc.spans[nested_key]`: the org in "Google Gemini", "LMSYS" in "LMSYS arena",
   which a reader counts as a mention of its own. One of the same type is not
   ("GPT-4" in "GPT-4 Turbo" is no mention of GPT-4). One per character span.
"""

# No `from __future__ import annotations` here: spaCy < 3.8.14 cannot resolve the
# factory's config from string annotations.
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kbgen.extract import spans

FACTORY = "kbgen_choose"


class Chooser:
    def __init__(self, name: str, spans_key: str, nested_key: str):
        self.name = name
        self.spans_key = spans_key
        self.nested_key = nested_key

    def __call__(self, doc: Doc) -> Doc:
        group = doc.spans.get(self.spans_key)
        candidates = list(group) if group is not None else []
        chosen = filter_spans(candidates)
        doc.ents = chosen
        doc.spans[self.nested_key] = nested(chosen, candidates)
        return doc


def nested(chosen: list[Span], candidates: list[Span]) -> list[Span]:
    """Candidates strictly inside a chosen span of another label, by position."""
    owner: dict[int, Span] = {}
    for ent in chosen:
        if len(ent) > 1:
            owner.update(dict.fromkeys(range(ent.start, ent.end), ent))
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for span in sorted(candidates, key=lambda s: (s.start, s.end)):
        around = owner.get(span.start)
        if around is None or span.end > around.end or span.label == around.label:
            continue
        if (span.start, span.end) == (around.start, around.end) or (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        out.append(span)
    return out


@Language.factory(
    FACTORY, default_config={"spans_key": spans.CANDIDATES, "nested_key": spans.NESTED}
)
def make_chooser(nlp: Language, name: str, spans_key: str, nested_key: str) -> Chooser:
    return Chooser(name, spans_key, nested_key)
