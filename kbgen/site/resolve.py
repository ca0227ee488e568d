"""Steps 2 and 4 of rendering a source body: kbgen's marks, and where each can stand.

kbgen's markup (mention links, paragraph and timestamp anchors) goes into the text
as tokens at exact offsets before Python-Markdown runs; afterwards html.parser reads
the HTML and each token becomes markup where it can stand: a mention link only in
text that is not code or inside a link (never inside a tag, where it would garble an
attribute); an anchor where it is, or just before the tag, comment or script it
would be lost in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import escape

from kbgen.site.defuse import TOKEN, restore, token_index

# -- step 2 and 4: kbgen's marks ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """What one token stands for."""

    kind: str  # "p" (paragraph anchor), "ts" (timestamp), "open"/"close" (a mention)
    anchor: str = ""  # the id, for "p" and "ts" (empty: a time already anchored)
    label: str = ""  # "p": paragraph number; "ts": the time shown
    text: str = ""  # "ts": the marker as written; "open": the entity's href
    title: str = ""  # "ts": the time's anchor, linked to; "open": the entity's name


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# an <a> in these would be text, dropped, or not HTML's
_NO_ANCHOR_IN = _words(
    "script style textarea title xmp iframe noembed noframes noscript plaintext template "
    "svg math select option optgroup object head"
)
_NO_LINK_IN = _NO_ANCHOR_IN | {"a", "code", "pre", "kbd", "samp", "button"}
# html.parser reads script and style as text to their end tag; HTML does these too
_RAW_TEXT = _words("textarea title xmp iframe noembed noframes noscript plaintext")
# may stand inside a mention's link
_INLINE = _words("em strong b i mark del ins s u sub sup span abbr small br img wbr q cite dfn var")
_VOID = _words("area base br col embed hr img input link meta param source track wbr")


@dataclass(frozen=True, slots=True)
class _Where:
    """The context of one token in the rendered HTML."""

    text: bool  # in text (not inside a tag, comment or declaration)
    hoist: int | None  # where an anchor must go instead: before the element it'd be lost in
    linkable: bool  # text where a link may stand: not in code, a link or the like
    parent: int  # the enclosing element (a number per element)
    breaks: int  # block or link boundaries seen so far


class _Contexts(HTMLParser):
    """Reads rendered HTML once and tells, for each token position, where it stands.

    Elements are tracked on a stack as html.parser reports them (an end tag closes
    the nearest open element of its name; a stray one is ignored).
    """

    def __init__(self, html: str, positions: Sequence[int]) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", html))]
        self._positions = positions
        self._next = 0
        self.where: list[_Where | None] = [None] * len(positions)
        self._stack: list[tuple[str, int, int]] = []  # (tag, offset, number)
        self._open: dict[str, int] = {}
        self._no_link = 0
        self._hoist_stack: list[int] = []  # offsets of open elements an anchor avoids
        self._numbers = 0
        self._breaks = 0
        self._current: _Where | None = None
        self.feed(html)
        self.close()
        self._assign(len(html) + 1)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _assign(self, upto: int) -> None:
        while self._next < len(self._positions) and self._positions[self._next] < upto:
            self.where[self._next] = self._current
            self._next += 1

    def _event(self, text: bool) -> int:
        offset = self._offset()
        self._assign(offset)
        hoist = self._hoist_stack[0] if self._hoist_stack else None
        if not text:
            hoist = offset if hoist is None else hoist
        parent = self._stack[-1][2] if self._stack else 0
        linkable = text and not self._no_link and hoist is None
        self._current = _Where(text, hoist, linkable, parent, self._breaks)
        return offset

    def handle_data(self, data: str) -> None:
        self._event(text=True)

    def handle_entityref(self, name: str) -> None:
        self._event(text=True)

    def handle_charref(self, name: str) -> None:
        self._event(text=True)

    def handle_comment(self, data: str) -> None:
        self._event(text=False)

    def handle_decl(self, decl: str) -> None:
        self._event(text=False)

    def handle_pi(self, data: str) -> None:
        self._event(text=False)

    def unknown_decl(self, data: str) -> None:
        self._event(text=False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self._event(text=False)
        if tag not in _INLINE:
            self._breaks += 1
        if tag in _VOID:
            return
        if tag in _RAW_TEXT:  # its content is text up to its end tag, as in a browser
            self.set_cdata_mode(tag)
        self._numbers += 1
        self._stack.append((tag, offset, self._numbers))
        self._open[tag] = self._open.get(tag, 0) + 1
        self._no_link += tag in _NO_LINK_IN
        if tag in _NO_ANCHOR_IN:
            self._hoist_stack.append(offset)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._event(text=False)
        if tag not in _INLINE:
            self._breaks += 1

    def handle_endtag(self, tag: str) -> None:
        self._event(text=False)
        if tag not in _INLINE:
            self._breaks += 1
        if not self._open.get(tag):
            return
        while self._stack:
            name, _, _ = self._stack.pop()
            self._open[name] -= 1
            self._no_link -= name in _NO_LINK_IN
            if name in _NO_ANCHOR_IN:
                self._hoist_stack.pop()
            if name == tag:
                break


def _attr(value: str) -> str:
    return str(escape(value))


def resolve(html: str, marks: Sequence[Mark], nonce: str) -> str:
    """Tokens in Python-Markdown's HTML become kbgen's markup (see the module docstring)."""
    found = list(TOKEN.finditer(html))
    if not found:
        return restore(html)
    where = _Contexts(html, [m.start() for m in found]).where
    at: dict[int, tuple[int, _Where | None]] = {}  # mark -> (occurrence, context)
    for n, m in enumerate(found):
        at.setdefault(token_index(m[1]), (n, where[n]))
    edits: list[tuple[int, int, int, str]] = []  # (start, end, order, replacement)

    def place(n: int, ctx: _Where | None, html_here: str, anchor: str) -> None:
        m = found[n]
        if ctx is None or not ctx.text or ctx.hoist is not None:
            hoist = ctx.hoist if ctx is not None and ctx.hoist is not None else m.start()
            edits.append((hoist, hoist, n, anchor))
            edits.append((m.start(), m.end(), n, html_here))
        else:
            edits.append((m.start(), m.end(), n, anchor + html_here))

    for index, mark in enumerate(marks):
        if index not in at:
            continue
        n, ctx = at[index]
        m = found[n]
        if mark.kind == "p":
            place(n, ctx, "", _anchor_html("kb-p", mark.anchor, f"Paragraph {mark.label}", nonce))
        elif mark.kind == "ts":
            if ctx is not None and ctx.linkable:
                edits.append((m.start(), m.end(), n, _timestamp_html(mark, nonce)))
            else:
                anchor = f"at {mark.label}"
                empty = _anchor_html("kb-p", mark.anchor, anchor, nonce) if mark.anchor else ""
                place(n, ctx, _attr(mark.text), empty)
        elif mark.kind == "open":
            close = at.get(index + 1)
            other = close[1] if close else None
            linked = (
                ctx is not None
                and other is not None
                and ctx.linkable
                and other.linkable
                and ctx.parent == other.parent
                and ctx.breaks == other.breaks
            )
            if linked and close is not None:
                start_tag = (
                    f'<a class="kb-m {nonce}" href="{_attr(mark.text)}" '
                    f'title="{_attr(mark.title)}">'
                )
                edits.append((m.start(), m.end(), n, start_tag))
                c = found[close[0]]
                edits.append((c.start(), c.end(), close[0], "</a>"))
    out, pos = [], 0
    for start, end, _, replacement in sorted(edits, key=lambda e: (e[0], e[2], e[1])):
        out.append(html[pos:start])
        out.append(replacement)
        pos = max(pos, end)
    out.append(html[pos:])
    return restore("".join(out))


def _anchor_html(cls: str, anchor: str, label: str, nonce: str) -> str:
    return (
        f'<a class="{cls} {nonce}" id="{anchor} {nonce}" href="#{anchor}" '
        f'aria-label="{_attr(label)}"></a>'
    )


def _timestamp_html(mark: Mark, nonce: str) -> str:
    id_attr = f' id="{mark.anchor} {nonce}"' if mark.anchor else ""
    return (
        f'<a class="kb-ts {nonce}"{id_attr} href="#{mark.title}" '
        f'aria-label="at {mark.label}">{mark.label}</a> '
    )
