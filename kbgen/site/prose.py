"""Source text and descriptions rendered as sanitized HTML, with mentions linked.

A source body is untrusted Markdown, rendered in five steps (`render_body`):

1. Defuse (`defuse.defused`). Python-Markdown backtracks on some text: every `[` that no
   `]` closes is scanned to the end of its paragraph, so 8,000 of them took 19 s;
   a `(` after `]` that no `)` closes, an unclosed `<a` or `<![CDATA[` near the end
   and brackets nested very deep do the same, and a list nested a few hundred deep
   overflows the stack. Such a character can never mean markup (or, nested beyond
   MAX_NESTING, is shown as text), so it is swapped, one for one, for a stand-in
   (a Unicode noncharacter) that Python-Markdown treats as a letter and step 4 turns
   back into the character. Offsets do not move and nothing visible changes.
2. Mark. kbgen's own markup goes in as tokens (noncharacters too) at exact
   character offsets: a mention's start and end, each paragraph's anchor `#p-N`,
   each timestamp marker's anchor `#t-SECONDS`.
3. Python-Markdown renders the text (`mdrender`), with linear footnote bookkeeping; an element
   whose inline markup would cost it more than MAX_INLINE_WORK is shown as written.
4. Resolve (`resolve.resolve`). html.parser reads the rendered HTML and each token becomes
   kbgen's markup where it can stand: a mention link only in text that is not code
   or inside a link (never inside a tag, where it would garble an attribute); an
   anchor where it is, or just before the tag, comment or script it would be lost
   in. Stand-ins become their characters again.
5. Sanitize. nh3 keeps only an allowlist of tags, attributes, classes and ids, so
   raw `<script>`, `onerror=` handlers and `javascript:` links in a source are gone.
   kbgen's anchors carry a nonce drawn for this render in their `class` and `id`;
   `kb-` classes and `p-N`/`t-N` ids without it came from the source and are
   dropped, so a source cannot imitate kbgen's anchors.

The source's own noncharacters are replaced with U+FFFD before step 1, so a token
or stand-in always means kbgen.
"""

from __future__ import annotations

import bisect
import re
import secrets
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence

import nh3
from markupsafe import Markup, escape

from kbgen.model import EntityId, Mention, Source
from kbgen.site.defuse import RESERVED, defused, make_token, restore
from kbgen.site.markup import rel
from kbgen.site.mdrender import render_markdown
from kbgen.site.resolve import Mark, resolve

_TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "br",
    "sup",
    "sub",
    "span",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "mark",
    "del",
    "img",
    "abbr",
    "dl",
    "dt",
    "dd",
}
_ATTRS = {
    "a": {"href", "title", "class", "id", "aria-label"},
    "span": {"class"},
    "sup": {"id", "class"},
    "li": {"id", "class"},
    "div": {"class"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "p": {"class"},
    "ol": {"start"},
    "abbr": {"title"},
}
_KBGEN_IDS = re.compile(r"^(p-\d+|t-\d+(?:-\d+)?)$")
_KBGEN_CLASSES = re.compile(r"^kb-[\w-]+$")
_FOOTNOTE_IDS = re.compile(r"^(fn:[\w-]+|fnref\d*:[\w-]+)$")
_FOOTNOTE_CLASSES = re.compile(r"^footnote[\w-]*$")
_BLOCK_LEAD = re.compile(r"^(?:[ \t]*>[ \t]?)*(?:#{1,6}[ \t]+|[ \t]*(?:[-*+]|\d+\.)[ \t]+)?")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:[ \t]*")
_NO_ANCHOR = ("```", "~~~", "|", "* * *", "---", "[^", "<", "    ")


# -- step 5: sanitize --------------------------------------------------------------------


def _attribute_filter(nonce: str | None) -> Callable[[str, str, str], str | None]:
    """Ids and classes: footnotes' from Python-Markdown, kbgen's only with the nonce."""

    def keep(tag: str, attr: str, value: str) -> str | None:
        if attr not in ("id", "class"):
            return value
        words = value.split()
        ours = nonce is not None and nonce in words
        if ours:
            words = [w for w in words if w != nonce]
        if attr == "id":
            if ours:
                return words[0] if len(words) == 1 and _KBGEN_IDS.match(words[0]) else None
            return value if _FOOTNOTE_IDS.match(value) else None
        kept = [
            w for w in words if _FOOTNOTE_CLASSES.match(w) or (ours and _KBGEN_CLASSES.match(w))
        ]
        return " ".join(kept) or None

    return keep


def sanitize(html: str, nonce: str | None = None) -> Markup:
    """Only allowlisted markup survives; `kb-` classes and `p-N`/`t-N` ids only where
    kbgen put them (marked with `nonce`)."""
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_attribute_filter(nonce),
        link_rel=None,
        strip_comments=True,
    )
    if nonce is not None:  # never in the output, even where markup ended up as text
        clean = clean.replace(f" {nonce}", "").replace(nonce, "")
    return Markup(clean)


def to_html(text: str) -> Markup:
    """Markdown to sanitized HTML; headings shifted down one level under the page's h1."""
    text = defused(RESERVED.sub("\ufffd", text))
    return sanitize(restore(render_markdown(text)))



def _matched(pattern: re.Pattern[str], text: str) -> int:
    """Length of the match of `pattern` at the start of `text` (0 where none)."""
    m = pattern.match(text)
    return m.end() if m else 0


def render_body(
    source: Source,
    mentions: Sequence[Mention],
    page_url: str,
    entity_url: Mapping[EntityId, str],
    names: Mapping[EntityId, str],
) -> Markup:
    """The source body as HTML with mention links, paragraph and timestamp anchors."""
    body = RESERVED.sub("\ufffd", source.body)
    marks: list[Mark] = []
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in offset order

    def token(mark: Mark) -> str:
        marks.append(mark)
        return make_token(len(marks) - 1)

    seen_ids: set[str] = set()
    for paragraph in source.paragraphs:  # body has the same offsets as source.body
        start = paragraph.content_start
        stripped = body[start : paragraph.offset + len(paragraph.text)]
        if paragraph.marker is not None:
            anchor_id, label = paragraph.marker.anchor(source.timestamps)
            mlen = len(paragraph.marker.text)
            first = anchor_id not in seen_ids
            seen_ids.add(anchor_id)
            mark = Mark("ts", anchor_id if first else "", label, stripped[:mlen], anchor_id)
            edits.append((start, start + mlen, token(mark)))
            continue_at = start + mlen
        elif (fn := _FOOTNOTE_DEF.match(stripped)) is not None:
            continue_at = start + fn.end()
        else:
            continue_at = start + _matched(_BLOCK_LEAD, stripped)
        if anchorable(stripped):
            index = paragraph.index
            edits.append((continue_at, continue_at, token(Mark("p", f"p-{index}", str(index)))))
    taken_starts = [s for s, _, _ in edits]
    taken_ends = [e for _, e, _ in edits]
    last_end = -1
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        # title/subtitle mentions are not in the body; a nested one is inside the
        # outer mention, which sorts first and is linked (or skipped) instead
        if m.paragraph < 0 or m.start < last_end:
            continue
        k = bisect.bisect_right(taken_ends, m.start)
        if k < len(taken_ends) and taken_starts[k] < m.end:
            continue  # overlaps an anchor (or a timestamp marker)
        last_end = m.end
        href = rel(page_url, entity_url[m.entity])
        edits.append(
            (m.start, m.start, token(Mark("open", text=href, title=names.get(m.entity, m.entity))))
        )
        edits.append((m.end, m.end, token(Mark("close"))))
    text = _apply(defused(body), edits)
    nonce = f"kbn{secrets.token_hex(8)}"
    return sanitize(resolve(render_markdown(text), marks, nonce), nonce)


def anchorable(paragraph_text: str) -> bool:
    """Can this paragraph carry a `#p-N` anchor? Not tables, code, rules or raw HTML."""
    text = paragraph_text.lstrip("\n")
    return bool(_FOOTNOTE_DEF.match(text)) or not text.startswith(_NO_ANCHOR)


_TARGETS: weakref.WeakKeyDictionary[Source, tuple[int, ...]] = weakref.WeakKeyDictionary()


def anchor_targets(source: Source) -> tuple[int, ...]:
    """For each paragraph, the nearest paragraph at or before it that has an anchor.

    Kept per source for as long as the source lives: entity pages ask for each of
    their sources in turn, which cycled a small LRU cache into recomputing every time.
    """
    targets = _TARGETS.get(source)
    if targets is None:
        out, last = [], 0
        for paragraph in source.paragraphs:
            if anchorable(paragraph.text) or paragraph.marker is not None:
                last = paragraph.index
            out.append(last)
        targets = _TARGETS[source] = tuple(out)
    return targets


def _apply(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


_MD_LINK = re.compile(r"(?<!!)\[([^\[\]]*)\]\([^)]*\)")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_HL_OPEN, _HL_CLOSE = "\ue000", "\ue001"


def _sub_before(pattern: re.Pattern[str], repl: str, text: str, last: str) -> str:
    """`pattern.sub` on the part of `text` up to the last `last` character: every match
    ends with one, and searching past it rescans the rest once per failed start."""
    cut = text.rfind(last) + 1
    return pattern.sub(repl, text[:cut]) + text[cut:]


def quote(sentence: str, spans: Sequence[tuple[int, int]]) -> Markup:
    """A sentence as escaped HTML with the given (start, end) spans in <mark>."""
    marked = _apply(
        sentence, [(s, s, _HL_OPEN) for s, _ in spans] + [(e, e, _HL_CLOSE) for _, e in spans]
    )
    plain = _sub_before(_MD_LINK, r"\1", marked, ")")
    plain = _EMPHASIS.sub("", plain)
    plain = _sub_before(_FOOTNOTE_REF, "", plain, "]")
    plain = re.sub(r"\\([\\`*_{}\[\]()#+!.-])", r"\1", plain)
    html = str(escape(plain)).replace(_HL_OPEN, "<mark>").replace(_HL_CLOSE, "</mark>")
    return Markup(html)
