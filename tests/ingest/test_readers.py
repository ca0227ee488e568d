"""Every format reader, detected or forced, fails on odd text only with a KbgenError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.errors import KbgenError
from kbgen.ingest import detect

# Pieces of every format, so generated text gets past each reader's sniffing.
BITS = st.sampled_from([
    "\n", "\n\n", " ", "a word", "---\n", "title: x\n", "date: 2024-13-45\n", "::: {.tweet "
    'attrs="{\\"full_text\\":1}"}\n', ":::\n", "::: footnote-content\n", "[1](#footnote-1)",
    "WEBVTT\n", "00:00:01.000 --> 00:00:00.500\n", "1\n00:00:01,000 --> 00:00:02,000\n",
    "[Script Info]\n", "[Events]\nFormat: Start, End, Text\n", "Dialogue: 0,0:00:01.00,x\n",
    "[00:00:01.000 --> 00:00:02.000]   - hi\n", "[00:99:00.000 --> 00:00:01.000] x\n",
    "Kind: captions\n", "L_Guz73e6fw • 2023-03-25\n", "1:02\n", "10:19 ", "1st October 2024\n",
    "<html><body>", "<p>", "</p>", "<script>alert(1)</script>", "<h1>T</h1>",
    '<time datetime="2024-02-30">', "<img onerror=x>", "</div>", "\\[", "â€™",
])
FORMATS = st.sampled_from([None, *detect.BY_NAME])
NAMES = st.sampled_from(["raw.txt", "raw.srt", "raw.vtt", "raw.ass", "raw.html", "raw.md"])


@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")  # pandoc attrs
@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), st.lists(BITS, max_size=25).map("".join)), NAMES, FORMATS)
def test_readers_raise_only_kbgen_errors(text, name, forced):
    try:
        fmt = detect.detect(text, name, forced)
        draft = fmt.read(text, name)
    except KbgenError:
        return
    assert isinstance(draft.body, str)
