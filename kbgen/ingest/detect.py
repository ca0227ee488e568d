"""Which reader a raw file needs, decided from its content (and name, for subtitles).

The order matters: structured formats are tried before the catch-all "text" reader,
so a Whisper transcript is never read as a web page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kbgen.errors import KbgenError
from kbgen.ingest import markup, recordings, weblog
from kbgen.ingest.draft import Draft


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    sniff: Callable[[str, str], bool]
    read: Callable[[str, str], Draft]


FORMATS: tuple[Format, ...] = (
    Format(
        "subtitles",
        "subtitle files (SRT, WebVTT, ASS/SSA)",
        recordings.sniff_subtitles,
        recordings.read_subtitles,
    ),
    Format(
        "whisper",
        "Whisper-style transcripts ([HH:MM:SS.mmm --> HH:MM:SS.mmm] text)",
        lambda text, name: recordings.sniff_whisper(text),
        recordings.read_whisper,
    ),
    Format(
        "youtube",
        "YouTube caption pages (title, '<video id> • <date>', captions)",
        lambda text, name: recordings.sniff_youtube(text),
        recordings.read_youtube,
    ),
    Format(
        "html",
        "saved HTML pages and HTML fragments",
        lambda text, name: markup.sniff_html(text),
        markup.read_html,
    ),
    Format(
        "markdown",
        "Markdown with YAML front matter (including pandoc/Substack exports)",
        lambda text, name: markup.sniff_markdown(text),
        markup.read_markdown,
    ),
    Format(
        "text",
        "web pages saved as plain text (blog posts, live blogs with HH:MM entries)",
        lambda text, name: weblog.sniff(text),
        weblog.read,
    ),
)
BY_NAME = {f.name: f for f in FORMATS}


def known_formats() -> str:
    return "; ".join(f.description for f in FORMATS)


def detect(text: str, name: str, forced: str | None = None) -> Format:
    if forced:
        if forced not in BY_NAME:
            raise KbgenError(f"unknown --format '{forced}': use one of {', '.join(BY_NAME)}")
        return BY_NAME[forced]
    for fmt in FORMATS:
        if fmt.sniff(text, name):
            return fmt
    raise KbgenError(
        f"{name}: unknown format. kbgen ingest reads {known_formats()}. "
        "If the file is one of these, name it with --format."
    )
