"""Rendering a source body costs time in proportion to its size, whatever its text.

Python-Markdown backtracks on some input: every `[` that no `]` closes is scanned to
the end of its paragraph (8,000 took 19 s), and so are a `(` no `)` closes after a
link text, an unclosed `<a` or `<![CDATA[` near the end of the text, and brackets
nested very deep; it numbers footnote references in quadratic time, rebuilds an
element's text after every inline match, and recurses once per level of a list. A
body of 200,000 short paragraphs took over 600 s, checking each mention against
every anchor. Each case is rendered at two sizes, 4x apart; the larger must
take less than 8x as long (the best of three runs each, so a stray pause does not
count). The sizes are large enough that the quadratic code took 12x or more.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import OrderedDict
from collections.abc import Callable

import markdown.extensions.footnotes as footnotes_extension
import pytest
from markdown.treeprocessors import InlineProcessor

from kbgen.model import Mention, Source
from kbgen.site import defuse, prose

RATIO = 8  # for 4x the input: linear is ~4, quadratic 16


def _source(body: str) -> Source:
    return Source(id="s", title="T", date=dt.date(2024, 1, 1), type="blog", body=body,
                  path="s.md")


def _render(body: str, mentions: tuple[Mention, ...] = ()) -> str:
    return str(prose.render_body(_source(body), mentions, "sources/s/",
                                 {"gpt-4o": "entities/gpt-4o/"}, {"gpt-4o": "GPT-4o"}))


def _best_of_three(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _assert_linear(make: Callable[[int], Callable[[], object]], n: int) -> None:
    small, large = make(n), make(4 * n)
    small()  # warm up imports and caches
    t1, t4 = _best_of_three(small), _best_of_three(large)
    assert t4 < RATIO * t1, f"{t1:.4f} s for n={n}, {t4:.4f} s for 4n: {t4 / t1:.1f}x"


# (body for size n, n): each was quadratic (or worse) in Python-Markdown or in kbgen
BODIES = {
    "unclosed [": (lambda n: "[" * n, 5000),
    "unclosed [^": (lambda n: "[^" * n, 4000),
    "unclosed [ on many lines": (lambda n: "[a\n" * n, 3000),
    "[[[ nested ]]]": (lambda n: "[" * n + "]" * n, 1500),
    "link text then unclosed (": (lambda n: "[](" * n, 3000),
    "unclosed <a at the end": (lambda n: "x <a " * n, 3000),
    "unclosed <![CDATA[": (lambda n: "<![CDATA[" * n + ">", 1000),
    "references to one footnote": (lambda n: "[^1] " * n + "\n\n[^1]: a note", 1000),
    "a nested list line ending in dashes": (lambda n: "- " * 20 + "-" * n + "x", 3000),
}


@pytest.mark.parametrize("case", BODIES)
def test_rendering_a_body_is_linear(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # each case alone, not cut short by the inline budget (tested on its own below)
    monkeypatch.setattr(prose, "MAX_INLINE_WORK", 10**15, raising=False)
    make, n = BODIES[case]
    def at(size: int) -> Callable[[], object]:
        body = make(size)
        return lambda: _render(body)

    _assert_linear(at, n)


def test_inline_markup_costs_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python-Markdown rebuilds an element's text after each inline match, so a long
    paragraph of `*a* ` cost (matches x length): 4.7 s for 100,000 characters. Counted
    here as the characters its inline processor is handed, which timing shows noisily."""
    handed: list[int] = []
    real = InlineProcessor._InlineProcessor__applyPattern  # type: ignore[attr-defined]

    def counting(self: InlineProcessor, pattern: object, data: str, *args: object) -> object:
        handed.append(len(data))
        return real(self, pattern, data, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counting)
    work = []
    for n in (5000, 20000):
        handed.clear()
        out = _render("Some *emphasis* " * n)
        work.append(sum(handed))
    assert work[1] < RATIO * work[0], work
    assert out.count("Some *emphasis*") == 20000  # shown as written


def test_deep_lists_render_without_overflowing_the_stack() -> None:
    """A list nested 150 deep (45 kB), or `- ` 500 times on one line, was a RecursionError:
    a traceback in the build."""
    nested = "".join("    " * i + "- item\n" for i in range(150))
    out = _render(nested + "\n\n" + "- " * 500 + "x\n\n" + "> - " * 300 + "y")
    depth = deepest = 0
    for tag in re.findall(r"<(/?)(?:ul|blockquote)>", out):
        depth += -1 if tag else 1
        deepest = max(deepest, depth)
    assert deepest <= defuse.MAX_NESTING  # deeper markers are shown as text
    assert out.count("item") == 150 and "- - x" in out and "&gt; - y" in out


def test_footnotes_are_numbered_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each reference listed all footnotes to find its number: quadratic in footnotes."""
    listed: list[int] = []

    class Counted(OrderedDict):
        def keys(self):
            listed.append(len(self))
            return super().keys()

        def __iter__(self):
            listed.append(len(self))
            return super().__iter__()

    monkeypatch.setattr(footnotes_extension, "OrderedDict", Counted)
    n = 2000
    out = _render("\n\n".join(f"x[^{i}]" for i in range(n)) + "\n\n"
                  + "\n\n".join(f"[^{i}]: note {i}" for i in range(n)))
    assert out.count('class="footnote-ref"') == n
    assert sum(listed) < 10 * n


def _many_mentions(paragraphs: int) -> Callable[[], object]:
    text = "GPT-4o and GPT-4o, then GPT-4o, GPT-4o and GPT-4o."
    body = "\n\n".join([text] * paragraphs)
    mentions, offset = [], 0
    for index in range(paragraphs):
        start = 0
        while (start := text.find("GPT-4o", start)) >= 0:
            at = offset + start
            mentions.append(Mention("gpt-4o", "s", at, at + 6, "GPT-4o", text, offset, index))
            start += 6
        offset += len(text) + 2
    frozen = tuple(mentions)
    return lambda: _render(body, frozen)


def test_many_short_paragraphs_with_mentions_are_linear() -> None:
    """200,000 short paragraphs took over 600 s: each mention was checked against every
    paragraph anchor placed before it."""
    _assert_linear(_many_mentions, 500)


def test_quotes_are_linear_in_the_sentence() -> None:
    """Entity pages quote sentences; `[a](` repeated with no `)` made the link regex
    rescan the rest of the sentence from each one."""
    def make(n: int) -> Callable[[], object]:
        sentence = "GPT-4o " + "[a](" * n + " [^" * n
        return lambda: prose.quote(sentence, [(0, 6)])
    _assert_linear(make, 20000)


def test_anchor_targets_are_computed_once_per_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entity pages ask for each of their sources in turn; with more sources than a
    small LRU cache held, every request recomputed the paragraphs of the whole body."""
    calls = []
    real = prose.anchorable
    monkeypatch.setattr(prose, "anchorable", lambda text: calls.append(1) or real(text))
    sources = [_source(f"Paragraph one of {i}.\n\nParagraph two.") for i in range(100)]
    for _ in range(3):
        for source in sources:
            assert prose.anchor_targets(source) == (0, 1)
    assert len(calls) == 2 * len(sources)  # each source's two paragraphs, looked at once
