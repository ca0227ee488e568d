"""Source text and descriptions rendered as sanitized HTML, with mentions linked.

A source body is untrusted Markdown. Before rendering, kbgen's own markup is
spliced in at exact character offsets (a mention's span becomes a link to its
entity page, each paragraph gets an anchor `#p-N`, each timestamp marker an anchor
`#t-SECONDS`). Python-Markdown then renders it, and nh3 keeps only an allowlist
of tags, attributes, classes and ids — so raw `<script>`, `onerror=` handlers and
`javascript:` links in a source are gone, while kbgen's anchors survive.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import markdown as markdown_lib
import nh3
from markupsafe import Markup, escape

from kbgen.extract.text import paragraphs
from kbgen.model import Mention, Source
from kbgen.site.markup import rel

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
_IDS = re.compile(r"^(p-\d+|t-\d+(?:-\d+)?|fn:[\w-]+|fnref\d*:[\w-]+)$")
_CLASSES = re.compile(r"^(kb-[\w-]+|footnote[\w-]*)$")
_MARKER = re.compile(r"^\[(\d{1,2}):(\d{2})(?::(\d{2}))?\]\s?")
_BLOCK_LEAD = re.compile(r"^(?:[ \t]*>[ \t]?)*(?:#{1,6}[ \t]+|[ \t]*(?:[-*+]|\d+\.)[ \t]+)?")
_LINK_TEXT = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)]*\)|`[^`\n]*`")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:[ \t]*")
_NO_ANCHOR = ("```", "~~~", "|", "* * *", "---", "[^", "<", "    ")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id":
        return value if _IDS.match(value) else None
    if attr == "class":
        kept = [c for c in value.split() if _CLASSES.match(c)]
        return " ".join(kept) or None
    return value


def sanitize(html: str) -> Markup:
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_attribute_filter,
        link_rel=None,
        strip_comments=True,
    )
    return Markup(clean)


def to_html(text: str) -> Markup:
    """Markdown to sanitized HTML; headings shifted down one level under the page's h1."""
    html = markdown_lib.markdown(
        text, extensions=["footnotes", "tables", "fenced_code", "sane_lists"], output_format="html"
    )
    html = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
    return sanitize(html)


def timestamp_anchor(paragraph_text: str, kind: str | None = None) -> tuple[str, str] | None:
    """(anchor id, label) of a paragraph's leading [HH:MM:SS] or [HH:MM] marker.

    In a recording (`kind` "offset") a two-part marker is [MM:SS], as extraction
    reads it, so quotes' `#t-SECONDS` links find it.
    """
    m = _MARKER.match(paragraph_text)
    if not m:
        return None
    if m[3] is not None or kind == "offset":
        h, mm, ss = ([0] + [int(p) for p in m.groups() if p is not None])[-3:]
        seconds = h * 3600 + mm * 60 + ss
        return f"t-{seconds}", f"{h:02d}:{mm:02d}:{ss:02d}"
    return f"t-{int(m[1])}-{m[2]}", f"{int(m[1]):02d}:{m[2]}"


def _protected(body: str) -> list[tuple[int, int]]:
    """Spans where a mention must not become a link: inside links and code."""
    return [(m.start(), m.end()) for m in _LINK_TEXT.finditer(body)]


def render_body(
    source: Source,
    mentions: Sequence[Mention],
    page_url: str,
    entity_url: dict[str, str],
    names: dict[str, str],
) -> Markup:
    """The source body as HTML with mention links, paragraph and timestamp anchors."""
    body = source.body
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    seen_ids: set[str] = set()
    for index, (offset, text) in enumerate(paragraphs(body)):
        stripped = text.lstrip("\n")
        start = offset + (len(text) - len(stripped))
        marker = timestamp_anchor(stripped, source.timestamps)
        if marker is not None:
            anchor_id, label = marker
            mlen = _MARKER.match(stripped).end()
            id_attr = f' id="{anchor_id}"' if anchor_id not in seen_ids else ""
            seen_ids.add(anchor_id)
            edits.append(
                (
                    start,
                    start + mlen,
                    f'<a class="kb-ts"{id_attr} href="#{anchor_id}" '
                    f'aria-label="at {label}">{label}</a> ',
                )
            )
            continue_at = start + mlen
        elif (fn := _FOOTNOTE_DEF.match(stripped)) is not None:
            continue_at = start + fn.end()
        else:
            continue_at = start + _BLOCK_LEAD.match(stripped).end()
        if anchorable(stripped):
            edits.append(
                (
                    continue_at,
                    continue_at,
                    f'<a class="kb-p" id="p-{index}" href="#p-{index}" '
                    f'aria-label="Paragraph {index}"></a>',
                )
            )
    protected = _protected(body)
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.paragraph < 0 or m.rule == "nested":
            continue
        if any(a <= m.start and m.end <= b for a, b in protected):
            continue
        if any(not (m.end <= s or e <= m.start) for s, e, _ in edits):
            continue
        href = rel(page_url, entity_url[m.entity])
        label = escape(names.get(m.entity, m.entity))
        edits.append(
            (
                m.start,
                m.end,
                f'<a class="kb-m" href="{href}" title="{label}">{body[m.start : m.end]}</a>',
            )
        )
    text = _apply(body, edits)
    return to_html(text)


def anchorable(paragraph_text: str) -> bool:
    """Can this paragraph carry a `#p-N` anchor? Not tables, code, rules or raw HTML."""
    text = paragraph_text.lstrip("\n")
    return bool(_FOOTNOTE_DEF.match(text)) or not text.startswith(_NO_ANCHOR)


@functools.lru_cache(maxsize=64)
def anchor_targets(body: str) -> tuple[int, ...]:
    """For each paragraph, the nearest paragraph at or before it that has an anchor."""
    out, last = [], 0
    for index, (_, text) in enumerate(paragraphs(body)):
        if anchorable(text) or _MARKER.match(text.lstrip("\n")):
            last = index
        out.append(last)
    return tuple(out)


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
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_HL_OPEN, _HL_CLOSE = "\ue000", "\ue001"


def quote(sentence: str, spans: Sequence[tuple[int, int]]) -> Markup:
    """A sentence as escaped HTML with the given (start, end) spans in <mark>."""
    marked = _apply(
        sentence, [(s, s, _HL_OPEN) for s, _ in spans] + [(e, e, _HL_CLOSE) for _, e in spans]
    )
    plain = _MD_LINK.sub(r"\1", marked)
    plain = _EMPHASIS.sub("", plain)
    plain = re.sub(r"\[\^[^\]]+\]", "", plain)
    plain = re.sub(r"\\([\\`*_{}\[\]()#+!.-])", r"\1", plain)
    html = str(escape(plain)).replace(_HL_OPEN, "<mark>").replace(_HL_CLOSE, "</mark>")
    return Markup(html)
