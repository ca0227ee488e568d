"""`kbgen_gate`: the registry's context rules, applied to every candidate.

Producers propose surfaces; whether a candidate *means* the entity is decided here,
per alias: `near` (one of these words within the sentence or a few tokens of it),
`not_before`/`not_after` (the next/previous word), `sentence_start: false`, `case`,
and speech-recognition aliases only in spoken sources. That is how "put the cursor
next to" stays prose while "Cursor and Windsurf" is the product, and "O1 lookups"
stays O(1) notation.

The gate runs before any overlap is resolved (the chooser comes after it), so a
long candidate it rejects leaves the shorter ones inside it free to be chosen:
"Claude" still counts in "Claude Code is what I call my notes" when "Claude Code"
lacks its `near` words.

Which rule applies is looked up by (entity id, alias key), whoever proposed the
candidate: an editor's rule on a surface holds for every producer. A candidate with
no registry surface is kept only if its producer named its rule (`span._.kb_rule`),
taking responsibility for it; otherwise it is dropped (fail closed).
"""

# No `from __future__ import annotations` here: spaCy < 3.8.14 cannot resolve the
# factory's config from string annotations.
import re
import unicodedata
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kbgen.content.registry import alias_key
from kbgen.extract import spans
from kbgen.extract.patterns import Surface
from kbgen.extract.text import normalize

FACTORY = "kbgen_gate"
NEAR_WINDOW = 8  # tokens either side, besides the sentence itself
_NOT_NAME = re.compile(r"[^0-9A-Za-z\u00c0-\uffff+]+")  # what alias_key drops


class Gate:
    """Keeps the candidates in `doc.spans[spans_key]` whose context rules hold."""

    def __init__(self, name: str, spans_key: str, spoken: bool):
        self.name = name
        self.spans_key = spans_key
        self.spoken = spoken
        # (entity id, alias key) -> the surfaces written that way, plain ones first
        self.table: dict[tuple[str, str], list[Surface]] = {}

    def add_surfaces(self, surfaces: Iterable[Surface]) -> None:
        """Learn the rules of these surfaces (a registry's, from `patterns.surfaces`)."""
        for surface in surfaces:
            same = self.table.setdefault((surface.entity.id, surface.key), [])
            if surface not in same:
                same.append(surface)
                same.sort(key=lambda s: s.alias.asr)

    def __call__(self, doc: Doc) -> Doc:
        group = doc.spans.get(self.spans_key)
        if group is not None:
            doc.spans[self.spans_key] = [span for span in group if self.allows(span)]
        return doc

    def allows(self, span: Span) -> bool:
        """Does one of the candidate's surfaces allow it here? Labels it alias or asr.

        One entity may list one key several ways ("ERNIE", and "Ernie" with a `near`
        rule; "Cursor" case-exact, and "cursor" for speech recognition): the candidate
        passes if any of them allows it, a written alias before an ASR one. A
        candidate that is a registry surface is labelled as one, whoever proposed it.
        """
        same = self.table.get((span.id_, alias_key(span.text)))
        if same is None:
            return span._.kb_rule is not None
        for surface in same:
            if allowed(surface, span, spoken=self.spoken):
                span._.kb_rule = "asr" if surface.alias.asr else "alias"
                return True
        return False


def _neighbour(doc: Doc, i: int, step: int) -> Token | None:
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
    if alias.case == "exact" and _cased(ent.text) != _cased(alias.text):
        return False  # the ruler matches exact surfaces by ORTH; other producers may not
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


def _cased(text: str) -> str:
    """Like `alias_key` but keeping case: "GPT4 Omni" == "GPT4-Omni" != "gpt4 omni"."""
    return _NOT_NAME.sub("", unicodedata.normalize("NFKC", normalize(text)))


def _keys(tokens: Span) -> list[str]:
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


@Language.factory(FACTORY, default_config={"spans_key": spans.CANDIDATES, "spoken": False})
def make_gate(nlp: Language, name: str, spans_key: str, spoken: bool) -> Gate:
    return Gate(name, spans_key, spoken)
