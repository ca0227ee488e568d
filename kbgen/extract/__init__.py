"""Extraction: sources and registry in, mentions with provenance out.

Each source is cut into passages (title, subtitle, paragraphs), the passages of
all uncached sources stream through `nlp.pipe` in batches, and each source's
mentions are assembled as soon as its last passage is back: the entities the
pipeline chose among the candidates that passed the gate (see `pipeline`), the
names nested in them, then bare first/last names resolved within the source. Results
are cached per source (see `cache`); a statistical model, when configured, only
adds candidates for editors, never mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kbgen.content.registry import Registry
from kbgen.extract import cache, candidates, names, pipeline, series, spans
from kbgen.extract.text import Passage, passages
from kbgen.model import EntityId, Mention, Source, SourceId

BATCH_SIZE = 64
# What a sentence may start with that is not prose: blanks, a footnote's label, a
# speaker dash, a quote, list or heading marker (the time marker is skipped before).
_LEAD = re.compile(r"^(?:\s|\[\^[^\]\s]+\]:|—|>|[-*+]\s|#+\s)+")
NER_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", "FAC"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Extraction:
    mentions: tuple[Mention, ...]
    candidates: tuple[candidates.Candidate, ...]
    processed: tuple[SourceId, ...]  # sources run through spaCy this time (not cached)


def _base(source: Source, passage: Passage) -> str:
    return source.text_of(passage.kind)


def _sentence(source: Source, passage: Passage, sent: Span) -> tuple[str, int]:
    """The sentence as written (not normalized), without a leading time marker."""
    base = _base(source, passage)
    start = max(passage.offset + sent.start_char, passage.body_from)
    text = base[start : passage.offset + sent.end_char]
    lead = _LEAD.match(text)
    if lead:
        start += lead.end()
        text = text[lead.end() :]
    return text.strip(), start


def _mention(
    source: Source,
    passage: Passage,
    doc: Doc,
    start_char: int,
    end_char: int,
    entity: str,
    rule: str,
) -> Mention:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:  # the offsets come from this doc's own tokens
        raise ValueError(f"internal error: no tokens at {start_char}-{end_char} in {source.id}")
    sentence, sentence_start = _sentence(source, passage, span.sent)
    base = _base(source, passage)
    start, end = passage.offset + start_char, passage.offset + end_char
    return Mention(
        entity=EntityId(entity),
        source=SourceId(source.id),
        start=start,
        end=end,
        surface=base[start:end],
        sentence=sentence,
        sentence_start=sentence_start,
        paragraph=passage.paragraph,
        seconds=passage.seconds,
        clock=passage.clock,
        rule=rule,
    )


def source_mentions(
    source: Source,
    items: Sequence[tuple[Passage, Doc]],
    registry: Registry,
    family: re.Pattern | None,
) -> tuple[list[Mention], list[tuple[str, int]]]:
    """Mentions and candidate names of one source from its processed passages."""
    in_full = {EntityId(ent.id_) for _, doc in items for ent in doc.ents if ent.label_ == "PERSON"}
    parts = names.index(registry, in_full)
    mentions: list[Mention] = []
    found: list[tuple[str, int]] = []
    table = series.editions(registry)
    for passage, doc in items:
        taken: set[tuple[int, int]] = set()
        for ent in doc.ents:
            before = [t.lower_ for t in doc[max(0, ent.start - 4) : ent.start]]
            edition = series.resolve(
                EntityId(ent.id_), source.date, table, series.year_shift(before)
            )
            rule = "edition" if edition else ent._.kb_rule or "alias"
            mentions.append(
                _mention(
                    source, passage, doc, ent.start_char, ent.end_char, edition or ent.id_, rule
                )
            )
            taken.add((ent.start_char, ent.end_char))
        for span in doc.spans.get(spans.NESTED, []):
            mentions.append(
                _mention(source, passage, doc, span.start_char, span.end_char, span.id_, "nested")
            )
        for start, end, person, rule in names.resolve(doc, parts):
            mentions.append(_mention(source, passage, doc, start, end, person, rule))
        base = _base(source, passage)
        for start, end, _ in candidates.find(family, passage.text, taken):
            found.append((base[passage.offset + start : passage.offset + end], passage.paragraph))
    return mentions, found


def _stream(
    nlp: Language, group: list[Source]
) -> Iterator[tuple[Source, list[tuple[Passage, Doc]]]]:
    """Yield each source with its processed passages, batching across sources."""
    items = ((p.text, p) for i, s in enumerate(group) for p in passages(s, i))
    current = 0
    bucket: list[tuple[Passage, Doc]] = []
    for doc, passage in nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE):
        if passage.source_index != current:
            yield group[current], bucket
            current, bucket = passage.source_index, []
        bucket.append((passage, doc))
    if group:
        yield group[current], bucket


def extract(
    sources: Sequence[Source],
    registry: Registry,
    *,
    cache_dir: Path | None = None,
    ner_model: str | None = None,
    progress: Progress | None = None,
) -> Extraction:
    fingerprint = pipeline.fingerprint(registry) + (f"+{ner_model}" if ner_model else "")
    results: dict[str, tuple[list[Mention], list[tuple[str, int]]]] = {}
    todo: list[Source] = []
    for source in sources:
        cached = cache.load(cache_dir, source, fingerprint, registry.by_id)
        if cached is None:
            todo.append(source)
        else:
            results[source.id] = cached
    done = len(results)
    if progress:
        progress(done, len(sources))
    family = candidates.family_regex(registry)
    ner = _load_ner(ner_model) if ner_model and todo else None
    for spoken in (False, True):
        group = [s for s in todo if s.spoken == spoken]
        if not group:
            continue
        nlp = pipeline.build(registry, spoken=spoken)
        for source, items in _stream(nlp, group):
            mentions, found = source_mentions(source, items, registry, family)
            if ner is not None:
                found += _ner_candidates(ner, source, items)
            cache.save(cache_dir, source, fingerprint, mentions, found)
            results[source.id] = (mentions, found)
            done += 1
            if progress:
                progress(done, len(sources))
    all_mentions = tuple(m for s in sources for m in results[s.id][0])
    cands = tuple(
        candidates.Candidate(text, s.id, para) for s in sources for text, para in results[s.id][1]
    )
    return Extraction(all_mentions, cands, tuple(SourceId(s.id) for s in todo))


def _load_ner(name: str) -> Language:
    """A statistical pipeline by package name or path; a clear error if it is missing."""
    import spacy

    from kbgen.errors import KbgenError

    try:
        return spacy.load(name)
    except OSError as exc:
        raise KbgenError(
            f"cannot load the spaCy model '{name}' ({exc.args[0][:120]}...): "
            "give the path of an installed pipeline, or leave the model option "
            "out to use the rule-based pipeline only"
        ) from None


def _ner_candidates(
    ner: Language, source: Source, items: Sequence[tuple[Passage, Doc]]
) -> list[tuple[str, int]]:
    """Named entities a statistical model sees where the registry matched nothing."""
    out = []
    texts = [(p.text, (p, doc)) for p, doc in items]
    for ner_doc, (passage, doc) in ner.pipe(texts, as_tuples=True, batch_size=BATCH_SIZE):
        taken = {(e.start_char, e.end_char) for e in doc.ents}
        for ent in ner_doc.ents:
            if ent.label_ not in NER_LABELS:
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            base = _base(source, passage)
            out.append(
                (
                    base[passage.offset + ent.start_char : passage.offset + ent.end_char],
                    passage.paragraph,
                )
            )
    return out
