"""`kbgen_handles`: `@handle` tokens resolved to the registry entity they belong to.

Newsletters name people and labs by their X/Bluesky/GitHub/Hugging Face handle
("@sama said", "[@AnthropicAI](https://x.com/AnthropicAI)"), which no alias spells.
The link target is masked before matching (`text.mask`), so a link is matched by
its visible `@handle` text; an e-mail address is one token that does not start with
"@" and never matches. A handle resolves through an index (`handle_index`):

- every entity's explicit `handles:` (an editor's word: it always wins);
- keys derived from names: a person's first+last and initial+last name
  ("samaltman", "saltman"), an org's or product's name with or without a trailing
  "ai", "hq" or "labs" ("anthropic", "anthropicai", "mistral", "mistralai").
  A derived key two entities share is ambiguous and dropped.

Keys fold case and drop "_", "-" and "." ("@Mistral_AI" is "mistralai"); a Bluesky
handle loses its ".bsky.social", and a domain handle ("@simonwillison.net") is also
tried without its domain. An unknown handle proposes nothing.
"""

# No `from __future__ import annotations` here: spaCy < 3.8.14 cannot resolve the
# factory's config from string annotations.
import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from kbgen.content.registry import alias_key, handle_key
from kbgen.extract import spans
from kbgen.model import Entity

FACTORY = "kbgen_handles"
RULE = "handle"
HANDLE = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9_])")
_ORG_SUFFIXES = ("ai", "hq", "labs")
MIN_DERIVED = 3  # shorter derived keys ("xa") would be guesses


def _words(name: str) -> list[str]:
    return [w for w in (alias_key(part) for part in name.split()) if w]


def derived_keys(entity: Entity) -> set[str]:
    """The handles an entity's name suggests (see the module docstring)."""
    out: set[str] = set()
    if entity.type == "person":
        words = _words(entity.name)
        if len(words) >= 2:
            out |= {words[0] + words[-1], words[0][0] + words[-1], "".join(words)}
    elif entity.type in ("org", "product"):
        names = [entity.name, *(a.text for a in entity.aliases if not a.asr and not a.gated)]
        for name in names:
            words = _words(name)
            if not words:
                continue
            stem = words[:-1] if len(words) > 1 and words[-1] in _ORG_SUFFIXES else words
            base = "".join(stem)
            out |= {base, "".join(words), *(base + s for s in _ORG_SUFFIXES)}
    return {handle_key(k) for k in out if len(k) >= MIN_DERIVED}


def handle_index(entities: Iterable[Entity]) -> dict[str, Entity]:
    """Handle key -> entity: explicit handles, then unambiguous derived keys."""
    entities = list(entities)
    explicit = {handle_key(h): e for e in entities for h in e.handles}
    derived: dict[str, Entity | None] = {}
    for e in entities:
        for key in derived_keys(e):
            derived[key] = e if derived.get(key, e) is e else None  # two owners: ambiguous
    index = {k: e for k, e in derived.items() if e is not None and k not in explicit}
    index.update(explicit)
    return index


class HandleRules:
    """Appends a candidate for every `@handle` token the index knows."""

    def __init__(self, name: str, spans_key: str):
        self.name = name
        self.spans_key = spans_key
        self.index: dict[str, Entity] = {}

    def add_entities(self, entities: Iterable[Entity]) -> None:
        self.index = handle_index(entities)

    def lookup(self, handle: str) -> Entity | None:
        key = handle_key(handle)
        found = self.index.get(key)
        if found is None and "." in handle.strip("."):
            found = self.index.get(handle_key(handle.split(".", 1)[0]))
        return found

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        for token in doc:
            if not token.text.startswith("@"):
                continue
            match = HANDLE.fullmatch(token.text)
            entity = self.lookup(match.group(1)) if match else None
            if entity is None:
                continue
            span = Span(doc, token.i, token.i + 1, label=entity.type, span_id=entity.id)
            span._.kb_rule = RULE
            found.append(span)
        if found:
            group = doc.spans.get(self.spans_key)
            doc.spans[self.spans_key] = [*(group if group is not None else ()), *found]
        return doc


@Language.factory(FACTORY, default_config={"spans_key": spans.CANDIDATES})
def make_handles(nlp: Language, name: str, spans_key: str) -> HandleRules:
    return HandleRules(name, spans_key)
