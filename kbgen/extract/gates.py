"""`kbgen_gate`: the registry's context rules, applied to what the entity_ruler found.

The ruler matches surfaces; whether a match *means* the entity is decided here,
per alias: `near` (one of these words within the sentence or a few tokens of it),
`not_before`/`not_after` (the next/previous word), and `sentence_start: false`.
That is how "put the cursor next to" stays prose while "Cursor and Windsurf" is the
product, and "O1 lookups" stays O(1) notation.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kbgen.content.registry import Registry, alias_key
from kbgen.extract.patterns import Surface, surface_table

FACTORY = "kbgen_gate"
NESTED = "kbgen_nested"  # doc.spans key of entities found inside longer ones
ASR = "kbgen_asr"  # doc.user_data key: char spans matched by a speech-recognition alias
SEP = "||"  # how the entity_ruler joins label and id in its match keys
NEAR_WINDOW = 8  # tokens either side, besides the sentence itself


class Gate:
    def __init__(self, name: str, spoken: bool):
        self.name = name
        self.spoken = spoken
        self.table: dict[tuple[str, str], Surface] = {}
        self.matcher = None  # the entity_ruler's Matcher and PhraseMatcher, for nested names
        self.phrase_matcher = None

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [ent for ent in doc.ents if self.allows(ent)]
        doc.user_data[ASR] = {
            (e.start_char, e.end_char)
            for e in doc.ents
            if self.table[(e.id_, alias_key(e.text))].alias.asr
        }
        doc.spans[NESTED] = self.nested(doc)
        return doc

    def nested(self, doc: Doc) -> list[Span]:
        """Entities of another type inside a longer match: LMSYS in "LMSYS arena".

        The ruler keeps only the longest match; a name nested in a name of a
        different type is a mention of its own (the org in "Google Gemini"), while
        one of the same type is not (GPT-4 in "GPT-4 Turbo").
        """
        if self.matcher is None:
            return []
        out = []
        for ent in doc.ents:
            if len(ent) < 2:
                continue
            # The token Matcher reports offsets within the span, the PhraseMatcher
            # within the doc: bring both to doc offsets.
            found = (
                [(m, ent.start + s, ent.start + e) for m, s, e in self.matcher(ent)]
                if len(self.matcher)
                else []
            )
            found += list(self.phrase_matcher(ent)) if self.phrase_matcher is not None else []
            for match_id, start, end in sorted(found, key=lambda f: (f[1], f[2])):
                label, _, ent_id = doc.vocab.strings[match_id].partition(SEP)
                if label == ent.label_ or (start, end) == (ent.start, ent.end):
                    continue
                span = Span(doc, start, end, label=label, span_id=ent_id)
                if self.allows(span) and all(
                    s.start != span.start or s.end != span.end for s in out
                ):
                    out.append(span)
        return out

    def allows(self, ent: Span) -> bool:
        surface = self.table.get((ent.id_, alias_key(ent.text)))
        if surface is None:  # every pattern comes from the table; fail closed if not
            return False
        return allowed(surface, ent, spoken=self.spoken)


def _neighbour(doc: Doc, i: int, step: int):
    """The nearest token from i in direction `step` that is a word, not punctuation."""
    while 0 <= i < len(doc):
        if not (doc[i].is_punct or doc[i].is_space):
            return doc[i]
        i += step
    return None


def allowed(surface: Surface, ent: Span, *, spoken: bool) -> bool:
    alias = surface.alias
    doc = ent.doc
    if alias.asr and not spoken:
        return False
    if alias.not_after:
        prev = _neighbour(doc, ent.start - 1, -1)
        if prev is not None and prev.lower_ in {w.lower() for w in alias.not_after}:
            return False
    if alias.not_before:
        nxt = _neighbour(doc, ent.end, 1)
        if nxt is not None and nxt.lower_ in {w.lower() for w in alias.not_before}:
            return False
    if not alias.sentence_start:
        first = _neighbour(doc, ent.sent.start, 1)
        if first is not None and first.i == ent.start:
            return False
    return not alias.near or _near(ent, alias.near)


def _keys(tokens) -> list[str]:
    return [alias_key(t.text) for t in tokens]


def _near(ent: Span, words: tuple[str, ...]) -> bool:
    """Is one of `words` in the sentence, or within NEAR_WINDOW tokens, outside `ent`?

    Words compare like aliases (case, hyphens and spaces folded), also across token
    boundaries, so `gpt-4o` in a rule finds "GPT-4o" however it was tokenized; a
    trailing "s" is allowed ("model" finds "models").
    """
    doc = ent.doc
    lo = min(ent.sent.start, max(0, ent.start - NEAR_WINDOW))
    hi = max(ent.sent.end, min(len(doc), ent.end + NEAR_WINDOW))
    present: set[str] = set()
    for side in (_keys(doc[lo : ent.start]), _keys(doc[ent.end : hi])):
        for i in range(len(side)):
            present.update("".join(side[i:j]) for j in range(i + 1, min(i + 4, len(side)) + 1))
    wanted = {alias_key(w) for w in words}
    return any(w in present or w + "s" in present for w in wanted)


@Language.factory(FACTORY, default_config={"spoken": False})
def make_gate(nlp: Language, name: str, spoken: bool) -> Gate:
    return Gate(name, spoken)


def attach(nlp: Language, registry: Registry) -> None:
    """Give the gate its rule table (a registry is not serializable config)."""
    gate = nlp.get_pipe(FACTORY)
    gate.table = surface_table(registry)
    ruler = nlp.get_pipe("entity_ruler")
    gate.matcher = ruler.matcher
    gate.phrase_matcher = ruler.phrase_matcher
