"""transcripts: Whisper lines to timed paragraphs; bad input is a KbgenError, nothing else."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.errors import KbgenError
from kbgen.ingest import transcripts

FAST = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
CLOCK = st.builds(lambda h, m, s, ms, sep: f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}",
                  st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
                  st.integers(0, 999), st.sampled_from([".", ","]))
LINE = st.one_of(
    st.builds(lambda a, b, text: f"[{a} --> {b}]   {text}", CLOCK, CLOCK, st.text(max_size=30)),
    st.sampled_from(["", "   ", "- ", "[00:01", "[1:2:3.4 --> x]", "(music)", "♪ la ♪",
                     "[00:00:01.000 --> 00:00:02.000]", "untimed continuation"]),
    st.text(max_size=40),
)


@FAST
@given(st.lists(LINE, max_size=30).map("\n".join))
def test_parse_whisper_raises_only_kbgen_errors(text):
    try:
        cues = transcripts.parse_whisper(text, "t.txt")
    except KbgenError as exc:
        assert str(exc).startswith("t.txt")
        return
    assert cues and all(c.start >= 0 and c.text.strip() for c in cues)
    starts = [c.start for c in cues]
    assert all(b >= a - transcripts.BACKWARDS_TOLERANCE for a, b in pairwise(starts))


def test_speaker_dashes_and_untimed_lines():
    cues = transcripts.parse_whisper(
        "[00:00:01.000 --> 00:00:02.000]   - Hello there.\n"
        "and a wrapped line\n"
        "[00:00:02.000 --> 00:00:03.000]   - Hi.\n", "t.txt")
    assert [(c.start, c.text, c.new_speaker) for c in cues] == [
        (1.0, "Hello there. and a wrapped line", True), (2.0, "Hi.", True)]


def test_malformed_timestamp_names_the_line():
    with pytest.raises(KbgenError, match=r"^t.txt:2: malformed timestamp in '\[00:00:02 --> "):
        transcripts.parse_whisper("[00:00:01.000 --> 00:00:02.000] a\n"
                                  "[00:00:02 --> 00:00:03] b\n", "t.txt")


def test_impossible_time_names_the_line():
    with pytest.raises(KbgenError, match=r"^t.txt:1: impossible time .* below 60"):
        transcripts.parse_whisper("[00:61:00.000 --> 00:61:02.000] a\n", "t.txt")


def test_timestamps_going_backwards_are_refused():
    with pytest.raises(KbgenError, match=r"^t.txt:3: timestamps go backwards \(00:00:05 after "
                                         r"00:10:00\): is this two transcripts joined"):
        transcripts.parse_whisper("[00:09:59.000 --> 00:10:00.000] a\n"
                                  "[00:10:00.000 --> 00:10:01.000] b\n"
                                  "[00:00:05.000 --> 00:00:06.000] c\n", "t.txt")


def test_no_timed_lines():
    with pytest.raises(KbgenError, match="no timed lines found"):
        transcripts.parse_whisper("just some text\n", "t.txt")


def test_music_and_sound_tags_are_their_own_paragraphs():
    cues = [transcripts.Cue(0, "(upbeat music)"), transcripts.Cue(2, "♪ la la ♪"),
            transcripts.Cue(4, "♪ la la la ♪"), transcripts.Cue(6, "Welcome back."),
            transcripts.Cue(8, "[Applause]"), transcripts.Cue(9, "Thanks.")]
    assert transcripts.render(transcripts.paragraphs(cues)) == (
        "[00:00:00] (upbeat music)\n\n[00:00:02] ♪ la la ♪ ♪ la la la ♪\n\n"
        "[00:00:06] Welcome back.\n\n[00:00:08] [Applause]\n\n[00:00:09] Thanks.\n")
