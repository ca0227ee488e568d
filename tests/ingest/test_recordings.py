"""recordings: YouTube caption pages and subtitle files, with and without their header."""

from __future__ import annotations

import datetime as dt

import pytest

from kbgen.errors import KbgenError
from kbgen.ingest import recordings

from .running import RAW, ingest, written

CAPTIONS = RAW / "youtube-captions-altman.txt"


def test_caption_page_header_is_read():
    draft = recordings.read_youtube(CAPTIONS.read_text(encoding="utf-8"), "yt.txt")
    assert draft.title.startswith("Sam Altman: OpenAI CEO on GPT-4")
    assert draft.date == dt.date(2023, 3, 25)
    assert draft.url == "https://www.youtube.com/watch?v=L_Guz73e6fw"
    assert draft.body.startswith("we have been a misunderstood and badly mocked orc")


def test_caption_ui_is_not_taken_for_a_title(project, tmp_path):
    raw = tmp_path / "no-header.txt"  # the page minus its title and `<id> • <date>` lines
    raw.write_text("".join(CAPTIONS.read_text(encoding="utf-8").splitlines(True)[2:]),
                   encoding="utf-8")
    result = ingest(project, raw)
    assert result.exit_code == 1
    assert "no-header.txt: no title and date found in this youtube file" in result.output
    assert written(project) == []


def test_bare_captions_keep_their_first_line():
    bare = "\n".join(CAPTIONS.read_text(encoding="utf-8").splitlines()[6:])
    draft = recordings.read_youtube(bare, "bare.txt")
    assert draft.title is None and draft.date is None
    assert draft.body.startswith("we have been a misunderstood and badly mocked orc")


def test_impossible_date_in_the_header_asks_for_date():
    draft = recordings.read_youtube("A title\nL_Guz73e6fw • 2023-02-30\nKind: captions\n"
                                    "hello there\n", "yt.txt")
    assert (draft.title, draft.date, draft.body) == ("A title", None, "hello there\n")


def test_timed_caption_page_gets_offset_markers():
    draft = recordings.read_youtube("A talk\nabcdefghijk • 2024-01-02\n0:00\nhello and welcome\n"
                                    "0:04\nto the talk\n1:02:03\nlater on\n", "yt.txt")
    assert draft.timestamps == "offset"
    # an hour of silence starts a new paragraph, labelled with its own time
    assert draft.body == "[00:00:00] hello and welcome to the talk\n\n[01:02:03] later on\n"


def test_subtitles_without_text_are_refused():
    with pytest.raises(KbgenError, match="the subtitle file has no text"):
        recordings.read_subtitles("1\n00:00:01,000 --> 00:00:02,000\n\n", "empty.srt")


def test_webvtt_voices_without_dashes_mark_speaker_turns():
    vtt = ("WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>Hello.\n\n"
           "00:02.000 --> 00:04.000\n<v Bo>Hi Ann.\n\n00:04.000 --> 00:06.000\n<v Bo>Welcome.\n")
    draft = recordings.read_subtitles(vtt, "talk.vtt")
    assert draft.body == "[00:00:00] Hello.\n\n[00:00:02] — Hi Ann. Welcome.\n"


def test_a_long_silence_in_subtitles_starts_a_new_timed_paragraph():
    # gaps of 51 s and 80 s: one paragraph would label the later speech with 00:00:00
    srt = ("1\n00:00:00,000 --> 00:00:02,000\nWelcome back.\n\n"
           "2\n00:00:02,000 --> 00:00:04,000\nLet us start.\n\n"
           "3\n00:00:55,000 --> 00:00:57,000\nAfter the break.\n\n"
           "4\n00:02:17,000 --> 00:02:19,000\nOne more thing.\n")
    draft = recordings.read_subtitles(srt, "talk.srt")
    assert draft.body == ("[00:00:00] Welcome back. Let us start.\n\n"
                          "[00:00:55] After the break.\n\n[00:02:17] One more thing.\n")


def test_a_short_pause_in_subtitles_does_not_split_the_paragraph():
    srt = ("1\n00:00:00,000 --> 00:00:02,000\nWelcome back.\n\n"
           "2\n00:00:12,000 --> 00:00:14,000\nLet us start.\n")
    draft = recordings.read_subtitles(srt, "talk.srt")
    assert draft.body == "[00:00:00] Welcome back. Let us start.\n"
