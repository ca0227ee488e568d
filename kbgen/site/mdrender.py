"""Step 3 of rendering a source body: Python-Markdown, with linear bookkeeping.

Python-Markdown's footnote extension searches its whole list per reference and its
block parser pops from the front of a list; both are quadratic on long bodies.
These extensions keep the output the same at linear cost, and an element whose
inline markup would cost more than MAX_INLINE_WORK is shown as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator

import markdown as markdown_lib
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension, FootnoteInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from kbgen.site.defuse import STAND_IN

# An element's text with (markup characters x length) over this is shown as written,
# its Markdown not interpreted (see _InlineBudget). A real paragraph is far below:
# 1,200 characters with 30 links is 36,000.
MAX_INLINE_WORK = 4_000_000

# -- step 3: Python-Markdown, with linear footnote bookkeeping ---------------------------


class _FootnoteRefs(FootnoteInlineProcessor):
    """The stock footnote reference, numbered from a table of positions instead of a
    search of the list of footnotes per reference (quadratic in footnotes)."""

    footnotes: _Footnotes

    # types-Markdown types InlineProcessor.handleMatch as Pattern's one-argument
    # method (its own stubs ignore the override for every processor subclass)
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        footnotes = self.footnotes
        key = m.group(1)
        number = footnotes.number(key)
        if number is None:
            return None, None, None
        footnotes.addFootnoteRef(key)
        sup = etree.Element("sup")
        link = etree.SubElement(sup, "a")
        sup.set("id", footnotes.makeFootnoteRefId(key, found=True))
        link.set("href", "#" + footnotes.makeFootnoteId(key))
        link.set("class", "footnote-ref")
        link.text = footnotes.getConfig("SUPERSCRIPT_TEXT").format(number)
        return sup, m.start(0), m.end(0)


class _Footnotes(FootnoteExtension):
    """Python-Markdown's footnotes with linear bookkeeping; the same ids and order.

    The stock extension finds the id of the n-th reference to a footnote by trying
    the n-1 taken ones, and keeps reference order in a list it searches each time.
    """

    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:
        super().extendMarkdown(md)
        md.inlinePatterns.register(_FootnoteRefs(r"\[\^([^\]]*)\]", self), "footnote", 175)

    def reset(self) -> None:
        super().reset()
        self._ordered: set[str] = set()
        self._numbers: dict[str, int] = {}

    def number(self, key: str) -> int | None:
        """The footnote's number (definition order, the extension's default), if defined."""
        if len(self._numbers) != len(self.footnotes):  # definitions are all read by now
            self._numbers = {k: i + 1 for i, k in enumerate(self.footnotes)}
        return self._numbers.get(key)

    def addFootnoteRef(self, id: str) -> None:
        if id not in self._ordered:
            self._ordered.add(id)
            self.footnote_order.append(id)

    def unique_ref(self, reference: str, found: bool = False) -> str:
        if not found:
            return reference
        count = self.found_refs.get(reference, 0) + 1
        self.found_refs[reference] = count
        head, sep, rest = reference.partition(self.get_separator())
        unique = reference if count == 1 else f"{head}{count}{sep}{rest}"
        while unique in self.used_refs:  # never for ids the extension makes itself
            count += 1
            unique = f"{head}{count}{sep}{rest}"
        self.used_refs.add(unique)
        return unique


_INLINE_MARKUP = re.compile(r"[\[<&*_`\\]|  \n")


class _InlineBudget(Treeprocessor):
    """Text whose inline markup would cost Python-Markdown more than MAX_INLINE_WORK is
    shown as written, its Markdown not interpreted.

    Python-Markdown rebuilds an element's whole text after each inline match, so an
    element costs (matches x length): a 100,000-character paragraph of `*a* ` took
    4.7 s. Stand-ins for the markup characters leave nothing to match.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attr in ("text", "tail"):
                value = getattr(element, attr)
                if (
                    value
                    and not isinstance(value, AtomicString)
                    and len(value) ** 2 > MAX_INLINE_WORK
                    and len(_INLINE_MARKUP.findall(value)) * len(value) > MAX_INLINE_WORK
                ):
                    setattr(element, attr, _as_written(value))


def _as_written(text: str) -> str:
    """Stand-ins for the characters that start inline markup (and for the second space
    of a line break)."""
    return _INLINE_MARKUP.sub(
        lambda m: " " + STAND_IN[" "] + "\n" if m[0] == "  \n" else STAND_IN[m[0]], text
    )


class _Blocks(list):
    """The blocks the block parser works through, kept last-first.

    Block processors take the first block with `pop(0)` and put back the rest with
    `insert(0, ...)`: on a plain list each moves every later block, quadratic in
    blocks (200,000 short paragraphs spent ~20 s there). Here both are at the end.
    """

    def __init__(self, blocks: Iterable[str]) -> None:
        super().__init__(reversed(list(blocks)))

    def _at(self, index: int) -> int:
        return len(self) - 1 - index if index >= 0 else -1 - index

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return super().__getitem__(self._at(index))

    def __iter__(self) -> Iterator[str]:  # first to last, as a list's
        return super().__reversed__()

    def pop(self, index: int = -1) -> str:  # type: ignore[override]
        return super().pop(self._at(index))

    def insert(self, index: int, block: str) -> None:  # type: ignore[override]
        index = min(max(index if index >= 0 else len(self) + index, 0), len(self))
        super().insert(len(self) - index, block)


class _Linear(Extension):
    """Keeps Python-Markdown linear in its input: the block parser's list of blocks
    (see _Blocks), and inline processing (see _InlineBudget)."""

    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:
        parser = md.parser

        def parse_chunk(parent: etree.Element, text: str) -> None:
            parser.parseBlocks(parent, _Blocks(text.split("\n\n")))

        parser.parseChunk = parse_chunk  # type: ignore[method-assign]
        md.treeprocessors.register(_InlineBudget(md), "kbgen-inline-budget", 21)


def render_markdown(text: str) -> str:
    """Python-Markdown's HTML of `text`, headings shifted down one level under the h1."""
    html = markdown_lib.markdown(
        text,
        extensions=[_Footnotes(), "tables", "fenced_code", "sane_lists", _Linear()],
        output_format="html",
    )
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
