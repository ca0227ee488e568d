"""Readers for recordings: Whisper transcripts, subtitle files, YouTube caption pages."""

from __future__ import annotations

import re

from kbgen.content.fields import parse_date
from kbgen.errors import KbgenError
from kbgen.ingest import transcripts
from kbgen.ingest.draft import Draft

_YT_META = re.compile(r"^(?P<id>[A-Za-z0-9_-]{11})\s+[•·|-]\s+(?P<date>\d{4}-\d{2}-\d{2})\s*$")
_YT_TOP_CHROME = {
    "transcript preview",
    "open",
    "transcript",
    "show transcript",
    "search in video",
    "english (auto-generated)",
    "english",
}
_YT_TAIL_CHROME = re.compile(
    r"^(resume|read|categories|manage|show less|show more|"
    r"file updated .*|\d+ views?.*)$",
    re.I,
)
_YT_TIME = re.compile(r"^(\d{1,2}:)?\d{1,2}:\d{2}$")
_UNTIMED_WORDS = 100


def sniff_whisper(text: str) -> bool:
    lines = [ln.strip() for ln in text.split("\n")[:40] if ln.strip()]
    timed = sum(1 for ln in lines if transcripts._WHISPER.match(ln))
    return timed >= min(3, len(lines)) and timed >= len(lines) // 2


def read_whisper(text: str, name: str) -> Draft:
    cues = transcripts.parse_whisper(text, name)
    body = transcripts.render(transcripts.paragraphs(cues))
    return Draft(body=body, type="transcript", timestamps="offset")


def sniff_subtitles(text: str, name: str) -> bool:
    head = text.lstrip()[:400]
    if name.lower().endswith((".srt", ".vtt", ".ass", ".ssa")):
        return True
    return (
        head.startswith("WEBVTT")
        or head.startswith("[Script Info]")
        or bool(re.match(r"^\d+\s*\n\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->", head))
    )


def read_subtitles(text: str, name: str) -> Draft:
    import pysubs2

    try:
        subs = pysubs2.SSAFile.from_string(text)
    except Exception as exc:  # pysubs2 raises several unrelated types on bad input
        raise KbgenError(
            f"{name}: not a readable subtitle file ({exc}): SRT, WebVTT and ASS/SSA are supported"
        ) from None
    # pysubs2 drops WebVTT voice tags (<v Host>); they are the speaker names of VTT.
    voices = _vtt_voices(text) if text.lstrip().startswith("WEBVTT") else []
    if len(voices) == len(subs):
        for ev, voice in zip(subs, voices, strict=True):
            ev.name = ev.name or voice
    events = [
        (ev.start, ev.plaintext, ev.name, ev.end)
        for ev in subs
        if not ev.is_comment and ev.plaintext.strip()
    ]
    cues = transcripts.cues_from_subtitles(events)
    if not cues:
        raise KbgenError(f"{name}: the subtitle file has no text")
    title = (subs.info.get("Title") or "").strip() or None
    if title and title.lower().startswith("default aegisub"):
        title = None
    first = text.lstrip().split("\n", 1)[0]
    if first.startswith("WEBVTT") and first[6:].strip(" -\t"):
        title = first[6:].strip(" -\t")
    body = transcripts.render(transcripts.paragraphs(cues))
    return Draft(body=body, title=title, type="video", timestamps="offset")


_VTT_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")


def _vtt_voices(text: str) -> list[str]:
    """The first voice name of every WebVTT cue, in file order ('' when it has none)."""
    voices = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = block.split("\n")
        at = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if at is None or lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        m = _VTT_VOICE.search("\n".join(lines[at + 1 :]))
        voices.append(m[1].strip() if m else "")
    return voices


def sniff_youtube(text: str) -> bool:
    head = [ln.strip() for ln in text.split("\n")[:12]]
    return "Kind: captions" in head or any(_YT_META.match(ln) for ln in head[1:3])


def read_youtube(text: str, name: str) -> Draft:
    """A YouTube caption page: title, `<video id> • <date>`, caption UI, one line per cue."""
    lines = [ln.strip() for ln in text.split("\n")]
    title, video_id, date = None, None, None
    i = 0
    while i < len(lines) and not lines[i]:
        i += 1
    # A title only where the page has one: right above the `<id> • <date>` line or the
    # caption UI. Bare captions start with speech, and their first line is not a title.
    nxt = next((ln for ln in lines[i + 1 :] if ln), "")
    if (
        i < len(lines)
        and not _YT_META.match(lines[i])
        and not _yt_chrome(lines[i])
        and (_YT_META.match(nxt) or _yt_chrome(nxt))
    ):
        title = lines[i]
        i += 1
        while i < len(lines) and not lines[i]:
            i += 1
    if i < len(lines) and (m := _YT_META.match(lines[i])):
        video_id, date = m["id"], parse_date(m["date"])  # None if impossible: ask for --date
        i += 1
    # Caption UI at the top: "Transcript preview", "Kind: captions", "Language: en" ...
    while i < len(lines) and (not lines[i] or _yt_chrome(lines[i])):
        i += 1
    end = len(lines)
    while end > i and (not lines[end - 1] or _YT_TAIL_CHROME.match(lines[end - 1])):
        end -= 1
    captions = [ln for ln in lines[i:end] if ln]
    if sum(1 for ln in captions if _YT_TIME.match(ln)) >= len(captions) // 3 > 0:
        body, stamps = _timed_captions(captions), "offset"
    else:
        body, stamps = _untimed_captions(captions), None
    kind = "podcast" if title and "podcast" in title.lower() else "video"
    publisher = None
    if title and " | " in title:
        publisher = re.sub(r"\s*#\d+\s*$", "", title.rsplit(" | ", 1)[1]).strip() or None
    url = f"https://www.youtube.com/watch?v={video_id}" if video_id else None
    return Draft(
        body=body,
        title=title,
        date=date,
        type=kind,
        url=url,
        publisher=publisher,
        timestamps=stamps,
    )


def _yt_chrome(line: str) -> bool:
    return line.lower() in _YT_TOP_CHROME or bool(re.match(r"^(Kind|Language):", line))


def _timed_captions(lines: list[str]) -> str:
    cues, start = [], None
    for line in lines:
        if _YT_TIME.match(line):
            start = transcripts.parse_clock(line)
        elif start is not None:
            cues.append(transcripts.Cue(start, line))
    return transcripts.render(transcripts.paragraphs(cues))


def _untimed_captions(lines: list[str]) -> str:
    """Auto-captions without times: join lines into paragraphs of about 100 words."""
    paras, current, words = [], [], 0
    for line in lines:
        current.append(line)
        words += len(line.split())
        if words >= _UNTIMED_WORDS:
            paras.append(" ".join(current))
            current, words = [], 0
    if current:
        paras.append(" ".join(current))
    return "\n\n".join(paras) + "\n"
