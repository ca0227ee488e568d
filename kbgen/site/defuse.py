"""Step 1 of rendering a source body: defuse what can only cost Python-Markdown time.

Python-Markdown backtracks on some text: every `[` that no `]` closes is scanned to
the end of its paragraph (8,000 of them took 19 s); a `(` after `]` that no `)`
closes, an unclosed `<a` or `<![CDATA[` near the end and brackets nested very deep
do the same, and a list nested a few hundred deep overflows the stack. Such a
character can never mean markup (or, nested beyond MAX_NESTING, is shown as text),
so it is swapped one for one for a stand-in, a Unicode noncharacter that
Python-Markdown treats as a letter and `restore` turns back into the character.
Offsets do not move and nothing visible changes. kbgen's own tokens (step 2) are
noncharacters too, so a source's own noncharacters are replaced first.
"""

from __future__ import annotations

import bisect
import re

from markupsafe import escape

from kbgen.paragraphs import spans

# Brackets, block quotes and lists nested deeper than this render as text: Python-
# Markdown rescans a bracket's text per level, and recurses per level of a list.
MAX_NESTING = 16

# -- reserved characters: tokens and stand-ins -------------------------------------------

RESERVED = re.compile("[\ufdd0-\ufdef]")
_TOKEN_OPEN, _TOKEN_CLOSE, _DIGIT_ZERO = "\ufdd0", "\ufdd1", 0xFDD2  # octal digits FDD2-FDD9
TOKEN = re.compile("\ufdd0([\ufdd2-\ufdd9]+)\ufdd1")
STAND_IN = {c: chr(0xFDDA + i) for i, c in enumerate("[]()<>-*+.&`\\_ ")}  # FDDA-FDE8
_RESTORED = {s: str(escape(c)) for c, s in STAND_IN.items()}
_STAND_INS = re.compile("[\ufdda-\ufde8]")


def make_token(index: int) -> str:
    digits = ""
    while True:
        index, digit = divmod(index, 8)
        digits = chr(_DIGIT_ZERO + digit) + digits
        if not index:
            return _TOKEN_OPEN + digits + _TOKEN_CLOSE


def token_index(digits: str) -> int:
    value = 0
    for c in digits:
        value = value * 8 + ord(c) - _DIGIT_ZERO
    return value


def restore(html: str) -> str:
    """Stand-ins back to their characters (escaped for HTML); stray tokens dropped."""
    html = _STAND_INS.sub(lambda m: _RESTORED[m[0]], html)
    return RESERVED.sub("", html)


# -- step 1: defuse ----------------------------------------------------------------------

_TICKS = re.compile(r"`+")
_ESCAPE_OR_BRACKET = re.compile(r"\\.|[\[\]()]", re.S)
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_COMMENT_CLOSE = re.compile(r"--!?\s*>")
_SECTION_CLOSE = re.compile(r"\]\s*\]\s*>")
_STRUCTURE = re.compile(r"(?m)^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+")
_STRUCTURE_PART = re.compile(r"([ \t]*)(>|[-*+]|\d{1,9}([.)]))")
# Python-Markdown's horizontal rule (`(-+[ ]{0,2}){3,}`), without its nested repeat,
# which backtracks exponentially on a long run of dashes
_RULE = re.compile(r"[ ]{0,3}(?:(?:-[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})[ ]*$")


def defused(text: str) -> str:
    """`text` with a stand-in, one for one, for each character whose Markdown meaning can
    only cost time: an unclosed `[` or link `(`, brackets nested deeper than MAX_NESTING,
    a `<` no `>` follows, block quote and list markers deeper than MAX_NESTING."""
    swaps: list[int] = []
    for offset, para in spans(text):
        swaps.extend(offset + i for i in _bracket_swaps(para))
    swaps.extend(_tag_swaps(text))
    swaps.extend(_nesting_swaps(text))
    if not swaps:
        return text
    out, pos = [], 0
    for i in sorted(set(swaps)):
        out.append(text[pos:i])
        out.append(STAND_IN[text[i]])
        pos = i + 1
    out.append(text[pos:])
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """The regions Python-Markdown's backtick processor takes as code, in order.

    Its pairing, computed in linear time: an opening run of n backticks (not escaped)
    pairs with the next run of exactly n; failing that, with the first longest later
    run if that is shorter than n; failing that, it is text.
    """
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for k, (s, e) in enumerate(runs):
        by_length.setdefault(e - s, []).append(k)
    longest_after: list[tuple[int, int]] = [(0, -1)] * (len(runs) + 1)  # (length, run)
    for k in range(len(runs) - 1, -1, -1):
        length = runs[k][1] - runs[k][0]
        later = longest_after[k + 1]
        longest_after[k] = (length, k) if length >= later[0] else later
    spans, pos = [], 0
    for k, (s, e) in enumerate(runs):
        if e <= pos:
            continue
        s = max(s, pos)
        backslashes = 0
        while s - backslashes - 1 >= pos and text[s - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2:
            s += 1  # the first backtick is escaped
            if s == e:
                continue
        ticks = e - s
        same = by_length.get(ticks, [])
        j = bisect.bisect_right(same, k)
        if j < len(same):
            end = runs[same[j]][1]
        else:
            length, run = longest_after[k + 1]
            if not 0 < length < ticks:
                pos = e
                continue
            end = runs[run][1]
        spans.append((s, end))
        pos = end
    return spans


def _bracket_swaps(text: str) -> list[int]:
    """Positions in one paragraph of brackets Python-Markdown would only backtrack on.

    Brackets are paired as Python-Markdown's link processors pair them, outside code
    spans and backslash escapes. An unpaired `[` can never open a link; neither can a
    `(` after `]` that no `)` closes. Pairs nested deeper than MAX_NESTING lose their
    meaning too: each level rescans what it encloses.
    """
    swaps: list[int] = []
    opens: list[int] = []
    parens: list[int] = []
    link_parens: set[int] = set()
    kept_close = -2
    pos = 0
    for start, end in [*_code_spans(text), (len(text), len(text))]:
        for m in _ESCAPE_OR_BRACKET.finditer(text, pos, start):
            c, i = m[0], m.start()
            if c == "[":
                opens.append(i)
            elif c == "]":
                if opens:
                    o = opens.pop()
                    if len(opens) >= MAX_NESTING:
                        swaps += (o, i)
                    else:
                        kept_close = i
            elif c == "(":
                parens.append(i)
                if i == kept_close + 1:
                    link_parens.add(i)
            elif c == ")" and parens:
                parens.pop()
        pos = end
    swaps.extend(opens)
    swaps.extend(i for i in parens if i in link_parens)
    return swaps


def _tag_swaps(text: str) -> list[int]:
    """Positions of `<` that start a tag, comment or section nothing later closes.

    html.parser (Python-Markdown's, and ours in step 4) scans each of those to the
    end of the text before giving up: `<a ` 8,000 times took seconds.
    """
    last_gt = text.rfind(">")
    last_comment = max((m.start() for m in _COMMENT_CLOSE.finditer(text)), default=-1)
    last_section = max((m.start() for m in _SECTION_CLOSE.finditer(text)), default=-1)
    swaps = []
    for m in _TAG_OPEN.finditer(text):
        i = m.start()
        if i > last_gt:
            swaps.append(i)
        elif text.startswith("<!--", i):
            if last_comment < i + 4:
                swaps.append(i)
        elif text.startswith("<![", i) and last_section < i + 3:
            swaps.append(i)
    return swaps


def _nesting_swaps(text: str) -> list[int]:
    """Block quote and list markers deeper than MAX_NESTING (indentation counts a level
    per four columns): each level costs Python-Markdown a pass and a stack frame."""
    swaps = []
    for m in _STRUCTURE.finditer(text):
        if m.end() - m.start() <= MAX_NESTING and "\t" not in m[0]:
            continue  # too short to be deep
        line_end = text.find("\n", m.start())
        if _RULE.match(text, m.start(), len(text) if line_end < 0 else line_end):
            continue  # a horizontal rule like * * * * is not a list
        depth, pos = 0, m.start()
        for part in _STRUCTURE_PART.finditer(text, m.start(), m.end()):
            if part.start() != pos:
                break
            depth += 1 + len(part[1].expandtabs(4)) // 4
            if depth > MAX_NESTING:
                swaps.append(part.start(3) if part[3] else part.start(2))
            pos = part.end()
    return swaps
