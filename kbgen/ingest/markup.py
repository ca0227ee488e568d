"""Readers for marked-up text: Markdown with front matter (Substack/pandoc exports,
Hugo, Jekyll, Obsidian), saved HTML pages, and HTML fragments.

Front matter from elsewhere uses its own key names (`pubDate`, `author`,
`canonical_url`); they are mapped onto kbgen's schema here and everything else is
dropped, so `kbgen check` never sees foreign keys. HTML goes through trafilatura
(main text of a whole page) or nh3 + markdownify (a fragment): nh3 removes script,
event handlers and `javascript:` URLs before anything becomes Markdown.

None of those is linear in every input: nh3 slows down with the square of the
nesting depth, markdownify recurses once per level, trafilatura's XPath queries
slow down with the square of a page's elements. One linear pass of lxml's parser
measures depth and elements first, and HTML over `MAX_HTML_DEPTH` or (a whole page)
`MAX_HTML_ELEMENTS` is refused before any of them runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from kbgen import limits
from kbgen.content import yamlstrict
from kbgen.content.fields import parse_date
from kbgen.errors import KbgenError
from kbgen.ingest import pandoc, weblog
from kbgen.ingest.draft import Draft
from kbgen.model import SOURCE_TYPES

_KEYS = {
    "title": ("title", "name", "headline"),
    "subtitle": ("subtitle", "description", "summary", "excerpt", "dek"),
    "date": (
        "date",
        "published",
        "pubDate",
        "pubdate",
        "publish_date",
        "published_at",
        "created",
        "created_at",
    ),
    "url": ("url", "link", "canonical_url", "canonical", "source_url", "original_url"),
    "authors": ("authors", "author", "byline", "creator"),
    "publisher": ("publisher", "publication", "site", "site_name", "blog"),
    "tags": ("tags", "categories", "keywords"),
    "type": ("type", "kind"),
}
# Substack's own post types, and the nearest kbgen type.
_TYPE_ALIASES = {
    "newsletter": "newsletter",
    "podcast": "podcast",
    "thread": "article",
    "post": "blog",
    "page": "article",
    "video": "video",
}
_ALLOWED_TAGS = {
    "p",
    "br",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "sup",
    "sub",
    "span",
    "div",
    "time",
    "cite",
    "q",
    "dl",
    "dt",
    "dd",
}
_ALLOWED_ATTRS = {"a": {"href", "title"}, "img": {"src", "alt"}, "time": {"datetime"}}


def _first(meta: dict[str, Any], field: str) -> Any:
    for key in _KEYS[field]:
        if meta.get(key) not in (None, "", []):
            return meta[key]
    return None


def _as_list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(",") if p.strip())
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if isinstance(v, (str, int)) and str(v).strip())
    return ()


def to_date(value: object) -> dt.date | None:
    """Dates as front matter writes them: 2024-05-15, '2024-05-15T12:01:40Z', ..."""
    if isinstance(value, str):
        return parse_date(value.strip()[:10])
    return None


def sniff_markdown(text: str) -> bool:
    return text.startswith("---\n") and "\n---" in text[4:]


def is_pandoc(text: str) -> bool:
    return bool(re.search(r"^:::+ *\{|component-name=|^post_id:", text, re.M))


def read_markdown(text: str, name: str) -> Draft:
    lines = text.split("\n")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        raise KbgenError(f"{name}: front matter is not closed: add a line '---' after it")
    parsed, problems = yamlstrict.parse("\n".join(lines[1:close]), name, line_offset=1)
    if parsed is None or problems:
        raise KbgenError("\n".join(str(p) for p in problems))
    meta = parsed.data if isinstance(parsed.data, dict) else {}
    body = "\n".join(lines[close + 1 :])
    raw_type = str(_first(meta, "type") or "").lower()
    kind = _TYPE_ALIASES.get(raw_type) or (raw_type if raw_type in SOURCE_TYPES else None)
    url = _first(meta, "url")
    return Draft(
        body=_converted(name, lambda: pandoc.to_markdown(html_blocks_to_markdown(body))),
        title=_text(_first(meta, "title")),
        subtitle=_text(_first(meta, "subtitle")),
        date=to_date(_first(meta, "date")),
        type=kind or "article",
        url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        authors=_as_list(_first(meta, "authors")),
        publisher=_text(_first(meta, "publisher")),
        tags=_as_list(_first(meta, "tags")),
    )


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class TooDeep(Exception):
    """HTML nested deeper than `limits.MAX_HTML_DEPTH`: refused before nh3 sees it."""


class _Shape:
    """An lxml parser target that counts elements and the deepest nesting, building nothing."""

    def __init__(self) -> None:
        self.depth = self.deepest = self.elements = 0

    def start(self, tag: str, attrib: object) -> None:
        self.depth += 1
        self.elements += 1
        self.deepest = max(self.deepest, self.depth)

    def end(self, tag: str) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


def html_shape(html: str) -> tuple[int, int]:
    """(deepest nesting, number of elements) of `html` as a browser-like parser reads it.

    libxml2 closes unclosed `<p>` and `<li>` as browsers do, in time linear in the
    input; it stops counting at 256 levels, above MAX_HTML_DEPTH.
    """
    from lxml import etree

    shape = _Shape()
    # types-lxml's ParserTarget protocol lists every callback (data, comment, pi...);
    # lxml calls only those a target defines, and no-op ones would cost a call per node.
    parser = etree.HTMLParser(target=shape, no_network=True)  # type: ignore[call-overload]
    try:
        parser.feed(html)
        parser.close()
    except etree.LxmlError:  # an empty or broken document: what was counted stands
        pass
    return shape.deepest, shape.elements


def _too_deep(name: str) -> str:
    return (
        f"{name}: the HTML is nested too deeply to convert (more than "
        f"{limits.MAX_HTML_DEPTH} elements deep, kbgen ingest's limit; real pages nest a "
        "few dozen): save the article's text instead"
    )


def sanitize_html(html: str) -> str:
    """Only formatting survives: no script, style, event handlers or javascript: URLs."""
    import nh3

    if html_shape(html)[0] > limits.MAX_HTML_DEPTH:
        raise TooDeep
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def fragment_to_markdown(html: str) -> str:
    from markdownify import markdownify

    md = markdownify(
        sanitize_html(html),
        heading_style="ATX",
        bullets="-",
        strip=["span", "div", "time", "figure"],
    )
    return pandoc.tidy(md)


_HTML_BLOCK = re.compile(r"(?ms)^(<(?!div\b|/div\b)[a-zA-Z][^\n]*?>.*?)(?=\n\s*\n|\Z)")


def html_blocks_to_markdown(body: str) -> str:
    """Raw HTML paragraphs inside Markdown (iframes, tables, script) made safe Markdown."""
    return _HTML_BLOCK.sub(lambda m: fragment_to_markdown(m[1]).strip(), body)


def sniff_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return (head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head) or (
        head.startswith("<")
        and bool(re.search(r"<(p|div|article|h[1-6]|section|ul|table)\b", head))
    )


def _converted(name: str, convert: Callable[[], str]) -> str:
    """Run an HTML-to-Markdown conversion; markdownify recurses once per nesting level."""
    try:
        return convert()
    except TooDeep:
        raise KbgenError(_too_deep(name)) from None
    except RecursionError:  # deeper for html5ever (nh3) than for libxml2: rare, but refused
        raise KbgenError(
            f"{name}: the HTML is nested too deeply to convert (hundreds of "
            "levels): save the article's text instead"
        ) from None


def read_html(text: str, name: str) -> Draft:
    if re.search(r"<html\b|<body\b", text[:5000], re.I):
        return _read_page(text, name)
    return _read_fragment(text, name)


def _read_page(html: str, name: str) -> Draft:
    import trafilatura

    depth, elements = html_shape(html)
    if depth > limits.MAX_HTML_DEPTH:
        raise KbgenError(_too_deep(name))
    if elements > limits.MAX_HTML_ELEMENTS:
        raise KbgenError(
            f"{name}: the page has {elements:,} HTML elements; kbgen ingest reads pages of up "
            f"to {limits.MAX_HTML_ELEMENTS:,} (finding the main text of bigger ones takes "
            "minutes): save the article's text, or only the article's HTML, instead"
        )

    md = trafilatura.extract(
        html,
        output_format="markdown",
        include_links=True,
        include_images=False,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
    )
    if not md or not md.strip():
        raise KbgenError(
            f"{name}: no main text found in this HTML page (it may be only "
            "navigation or need JavaScript): save the article text instead"
        )
    meta = trafilatura.extract_metadata(html)
    title = getattr(meta, "title", None)
    author = getattr(meta, "author", None)
    date = to_date(getattr(meta, "date", None) or "")
    url = getattr(meta, "url", None)
    return Draft(
        body=pandoc.tidy(_drop_title_heading(sanitize_markdown(md), title)),
        title=title,
        date=date,
        type="article",
        url=url if url and url.startswith(("http://", "https://")) else None,
        authors=tuple(a.strip() for a in (author or "").split(";") if a.strip()),
        publisher=getattr(meta, "sitename", None) or None,
        subtitle=getattr(meta, "description", None) or None,
    )


def _drop_title_heading(md: str, title: str | None) -> str:
    """The page's <h1> repeats the title, which the source page shows already."""
    lines = md.lstrip("\n").split("\n")
    m = re.match(r"^#{1,2}\s+(.*?)\s*#*\s*$", lines[0])
    if title and m and " ".join(m[1].split()).casefold() == " ".join(title.split()).casefold():
        return "\n".join(lines[1:])
    return md


def sanitize_markdown(md: str) -> str:
    """trafilatura's Markdown may carry inline HTML from the page; keep only the text."""
    return re.sub(r"</?(script|style|iframe|object|embed)[^<>]*>", "", md, flags=re.I)


_H1_START = re.compile(r"<h1\b[^<>]*>", re.I)
_H1_END = re.compile(r"</h1>", re.I)
_TIME = re.compile(r"<time\b[^<>]*?datetime=\"([^\"<>]+)\"", re.I)


def _read_fragment(html: str, name: str) -> Draft:
    # Patterns that cannot run past the next `<`: each character is scanned once,
    # however many unclosed `<h1` or `<time` a hostile fragment repeats.
    title = None
    if (m := _H1_START.search(html)) and (end := _H1_END.search(html, m.end())):
        title = re.sub(r"<[^<>]+>", "", html[m.end() : end.start()]).strip() or None
        html = html[: m.start()] + html[end.end() :]
    date = None
    if m := _TIME.search(html):
        date = to_date(m[1])
    body = _converted(name, lambda: fragment_to_markdown(html))
    first, _, rest = body.partition("\n\n")
    if date is not None and rest.strip() and weblog.parse_prose_date(first) == date:
        body = rest  # "Posted 29 May 2024": the byline that gave the date, now in `date`
    return Draft(body=body, title=title, date=date, type="article")
