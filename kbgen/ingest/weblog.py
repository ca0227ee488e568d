"""Web pages saved as plain text: blog posts and live blogs.

"Save as text" keeps the page's words and loses its structure: the site header and
navigation come first, then the title, a date in prose ("1st October 2024"), the
post, and sometimes a footer. Paragraphs are separated by blank lines; lines that
follow each other without one (image descriptions, lists) belong together, unless
there are too many for one paragraph (a whole page saved with single newlines). Live
blogs open entries with a local time, `10:19 The keynote is starting`, which is
kept as a `[10:19]` marker at the start of the paragraph.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from kbgen import limits
from kbgen.ingest.draft import Draft
from kbgen.timecode import clock_marker

_CHROME = re.compile(
    r"^(subscribe|sign in|log ?in|menu|search|home|skip to (main )?content|"
    r"share|about|archive|tags|rss|atom|follow|newsletter|navigation|"
    r"toggle navigation|close|more|next|previous)$",
    re.I,
)
_TAIL = re.compile(
    r"^(posted .*|tags?:.*|previous:.*|next:.*|share this.*|©.*|"
    r"copyright .*|powered by .*|\d+ comments?|leave a comment.*|"
    r"related posts?|subscribe|back to top)$",
    re.I,
)
_SITE_OWNER = re.compile(r"^(?P<who>.+?)[’']s (?:weblog|blog|newsletter|notes|site)$", re.I)
_CLOCK = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?:\s+(?P<rest>\S.*))?$")
# "october" and "oct" (and "sept") -> 10, from the standard library's English names
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name[:3]: i for name, i in list(_MONTHS.items())} | {"sept": 9}
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DATE_FORMS = [
    re.compile(
        rf"^(?:[A-Za-z]+,?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<y>\d{{4}})$"
    ),
    re.compile(
        rf"^(?:[A-Za-z]+,?\s+)?{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})$"
    ),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$"),
]
LIVEBLOG_MIN_ENTRIES = 3
_HEAD_BLOCKS = 12  # the title and date are near the top of a saved page


def parse_prose_date(text: str) -> dt.date | None:
    """'1st October 2024', 'October 1, 2024', 'Tue, Oct 1 2024' or '2024-10-01'."""
    text = re.sub(r"^(published|posted|updated)( on)?:?\s+", "", text.strip(), flags=re.I)
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else _MONTHS.get(groups["mon"].lower())
        if not month:
            continue
        try:
            return dt.date(int(groups["y"]), month, int(groups["d"]))
        except ValueError:
            return None
    return None


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return [part for block in blocks for part in _fitted(block)]


def _fitted(block: list[str]) -> list[list[str]]:
    """A block too long for one paragraph is a page saved with single newlines.

    Its lines would become one quote block over kbgen's paragraph limit, so each
    line becomes a block of its own (and the title and date can be found among them).
    """
    rendered = sum(len(line) + 3 * line.count("<") + 5 for line in block)
    if rendered <= limits.MAX_PARAGRAPH_CHARS:
        return [block]
    return [[line] for line in block]


def sniff(text: str) -> bool:
    """Any plain text with paragraphs; tried last, after every structured format."""
    return bool(text.strip()) and not text.lstrip().startswith(("<", "{", "["))


def read(text: str, name: str) -> Draft:
    blocks = _blocks(text)
    head = [" ".join(b) for b in blocks[:_HEAD_BLOCKS]]
    date_at = next((i for i, b in enumerate(head) if parse_prose_date(b)), None)
    title, publisher, author, start = None, None, None, 0
    if date_at is not None:
        candidates = [i for i in range(date_at) if not _CHROME.match(head[i])]
        if candidates:
            title = head[candidates[-1]]
            if len(candidates) > 1:
                publisher = head[candidates[0]]
        start = date_at + 1
    else:  # no date in the header: take the first non-chrome line as the title
        first = next((i for i, b in enumerate(head) if not _CHROME.match(b)), None)
        if first is not None and len(head[first]) <= 150 and not head[first].endswith("."):
            title, start = head[first], first + 1
    if publisher and (m := _SITE_OWNER.match(publisher)):
        author = m["who"]
    body_blocks = blocks[start:]
    while body_blocks and _TAIL.match(" ".join(body_blocks[-1])):
        body_blocks.pop()
    entries = sum(1 for b in body_blocks if _CLOCK.match(b[0]))
    live = entries >= LIVEBLOG_MIN_ENTRIES
    body = "\n\n".join(_render_block(b, live) for b in body_blocks) + "\n"
    return Draft(
        body=body,
        title=title,
        date=parse_prose_date(head[date_at]) if date_at is not None else None,
        type="liveblog" if live else "blog",
        publisher=publisher,
        authors=(author,) if author else (),
        timestamps="clock" if live else None,
    )


def _render_block(lines: list[str], live: bool) -> str:
    first = lines[0]
    marker = ""
    if live and (m := _CLOCK.match(first)):
        marker = clock_marker(int(m["h"]), int(m["m"]))
        first = m["rest"] or ""
        lines = ([first] if first else []) + lines[1:]
        if not lines:
            return marker
    if len(lines) == 1:
        return f"{marker} {_escape(lines[0])}".strip()
    # Lines without blank lines between them belong together (an image description,
    # a list): keep each line visible as its own paragraph of one quote block.
    quoted = "\n>\n".join(f"> {_escape(ln)}" for ln in lines)
    return f"{marker}\n\n{quoted}" if marker else quoted


def _escape(line: str) -> str:
    """Plain text must not turn into Markdown headings, rules or HTML by accident."""
    line = re.sub(r"^(#{1,6}\s|={3,}|-{3,}$|\*{3,}$)", r"\\\1", line)
    return line.replace("<", "&lt;")
