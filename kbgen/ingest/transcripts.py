"""Timed transcripts (Whisper output, SRT, WebVTT, ASS/SSA) into readable paragraphs.

Captions arrive as one short line per cue; a reader wants paragraphs, and later
stages want to know the time of every sentence. Both are served by one convention
in the normalized body: each paragraph starts with the time of its first cue,

    [00:12:34] — So the realtime API is ...

where "—" marks a change of speaker. A paragraph's time applies to every sentence
in it, and the source page turns the marker into an anchor (`#t-754`); so a new
speaker or a silence longer than GAP_SECONDS starts a new paragraph. The marker is
written and read only by `kbgen.timecode`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kbgen.errors import KbgenError
from kbgen.timecode import format_seconds, offset_marker

MAX_WORDS = 110  # a paragraph of roughly half a minute of speech
HARD_MAX_WORDS = 220  # break even mid-sentence: auto-captions have no punctuation
BACKWARDS_TOLERANCE = 1.0  # seconds a cue may start before the previous one
# Silence (from one cue's end, or start when its end is unknown, to the next cue's start)
# that starts a new paragraph: a paragraph's time labels all of its sentences, and 20 s
# is longer than any pause inside a spoken sentence yet short enough that the label of
# speech after a break (a video's cut, a talk's demo) is never far off.
GAP_SECONDS = 20.0

_WHISPER = re.compile(
    r"^\[(?P<start>\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3})\]\s?(?P<text>.*)$"
)
_LOOKS_TIMED = re.compile(r"^\[\s*\d+:\d+")
_SENTENCE_END = re.compile(r"[.?!…][\"')\]”’]*$")
_SOUND = re.compile(r"^[(\[][^()\[\]]{1,40}[)\]]$")  # (upbeat music), [Applause]


@dataclass(frozen=True)
class Cue:
    start: float  # seconds from the beginning of the recording
    text: str
    new_speaker: bool = False
    end: float | None = None  # where the file gives it


def parse_clock(text: str) -> float | None:
    """'01:02:03.500', '02:03,5' or '2:03' to seconds; None if a field is out of range."""
    parts = re.split(r"[:]", text.replace(",", "."))
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        return None
    if len(nums) == 2:
        nums.insert(0, 0.0)
    if len(nums) != 3 or nums[1] >= 60 or nums[2] >= 60 or min(nums) < 0:
        return None
    return nums[0] * 3600 + nums[1] * 60 + nums[2]


def parse_whisper(text: str, name: str) -> list[Cue]:
    """Cues of a `[HH:MM:SS.mmm --> HH:MM:SS.mmm]  text` transcript, checked for order."""
    cues: list[Cue] = []
    last = -1.0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        m = _WHISPER.match(line.strip())
        if not m:
            if _LOOKS_TIMED.match(line.strip()):
                raise KbgenError(
                    f"{name}:{lineno}: malformed timestamp in {line.strip()[:40]!r}: "
                    "expected [HH:MM:SS.mmm --> HH:MM:SS.mmm]; fix the line"
                )
            if cues:  # an untimed line continues the previous cue
                prev = cues[-1]
                text_so_far = f"{prev.text} {line.strip()}"
                cues[-1] = Cue(prev.start, text_so_far, prev.new_speaker, prev.end)
            continue
        start, end = parse_clock(m["start"]), parse_clock(m["end"])
        if start is None or end is None:
            raise KbgenError(
                f"{name}:{lineno}: impossible time in {line.strip()[:40]!r} "
                "(minutes and seconds must be below 60): fix the line"
            )
        if start < last - BACKWARDS_TOLERANCE:
            raise KbgenError(
                f"{name}:{lineno}: timestamps go backwards ({format_seconds(start)} "
                f"after {format_seconds(last)}): is this two transcripts "
                "joined together? Split the file or fix the times"
            )
        last = max(last, start)
        body = m["text"].strip()
        speaker = body.startswith(("- ", "– ", "— ", ">> "))
        if speaker:
            body = body.split(" ", 1)[1].strip() if " " in body else ""
        if body:
            cues.append(Cue(start, body, speaker, end))
    if not cues:
        raise KbgenError(f"{name}: no timed lines found in this transcript")
    return cues


def cues_from_subtitles(events: Iterable[tuple[int, str, str, int]]) -> list[Cue]:
    """Cues from (start_ms, text, speaker name, end_ms) of a subtitle file, in time order.

    A turn is a leading dash ("- Yes.") or a change of the speaker name (ASS `Name`
    field); roll-up captions that repeat the previous line are dropped.
    """
    cues: list[Cue] = []
    previous, last_name = "", None
    for start_ms, raw, name, end_ms in sorted(events, key=lambda e: e[0]):
        turn = bool(name) and last_name is not None and name != last_name
        last_name = name or last_name
        for line in (ln.strip() for ln in raw.split("\n")):
            if not line or line == previous:
                continue
            previous = line
            dashed = line.startswith(("- ", "– ", "— ", ">> "))
            if dashed:
                line = line.split(" ", 1)[1].strip()
            if line:
                cues.append(Cue(start_ms / 1000, line, dashed or turn, end_ms / 1000))
                turn = False
    return cues


def _kind(text: str) -> str:
    if _SOUND.match(text):
        return "sound"
    if text.startswith("♪") or text.endswith("♪"):
        return "lyrics"
    return "speech"


def paragraphs(cues: Sequence[Cue]) -> list[tuple[float, bool, str]]:
    """Group cues into (start, new_speaker, text) paragraphs.

    A new speaker always starts a paragraph, and so does a silence longer than
    GAP_SECONDS (so the paragraph's time is that of its speech) and a change between
    speech, song lyrics and sound tags such as "(applause)", which never split a sentence.
    Otherwise a paragraph ends at the first sentence end after MAX_WORDS words, or
    at HARD_MAX_WORDS when nothing ends (auto-captions have no punctuation).
    """
    out: list[tuple[float, bool, str]] = []
    current: list[str] = []
    start, speaker, words, kind = 0.0, False, 0, "speech"
    heard = 0.0  # where the previous cue ended (or started, when its end is unknown)
    for cue in cues:
        cue_kind = _kind(cue.text)
        if current and (
            cue.new_speaker
            or cue.start - heard > GAP_SECONDS
            or cue_kind != kind
            or kind == "sound"
            or words >= HARD_MAX_WORDS
            or (words >= MAX_WORDS and _SENTENCE_END.search(current[-1]))
        ):
            out.append((start, speaker, " ".join(current)))
            current, words = [], 0
        if not current:
            start, speaker, kind = cue.start, cue.new_speaker, cue_kind
        current.append(cue.text)
        words += len(cue.text.split())
        heard = max(heard, cue.start if cue.end is None else cue.end)
    if current:
        out.append((start, speaker, " ".join(current)))
    return out


def render(paras: Sequence[tuple[float, bool, str]]) -> str:
    """The body: one timed paragraph per block, `[HH:MM:SS]` then the text."""
    blocks = []
    for start, speaker, text in paras:
        dash = "— " if speaker else ""
        blocks.append(f"{offset_marker(start)} {dash}{text}")
    return "\n\n".join(blocks) + "\n"
