"""`kbgen ingest` on the formats an editor drops in next, against golden files.

Markdown from a static-site generator, a saved web page, an HTML fragment that tries
to run script, and three subtitle formats. Each written source must load under the
strict loader; the assertions name what a reader of the source page would notice.
"""

from __future__ import annotations

import re

from .running import body_of, ingested


def test_markdown_with_hugo_front_matter(project, golden):
    rel, text = ingested(project, "hugo-front-matter.md")
    golden("ingest/hugo-front-matter.md", text)
    assert rel == "2024/2024-06-21-claude-3-5-sonnet-raises-the-bar-again.md"
    assert "date: 2024-06-21\n" in text  # from pubDate with a time and zone
    assert "authors:\n- Jane Doe\n" in text  # from author
    assert "tags:\n- anthropic\n- claude\n- models\n" in text  # from a comma string
    assert "url: https://example.com/posts/claude-3-5-sonnet/\n" in text  # canonical_url
    for foreign in ("pubDate", "draft", "layout", "canonical_url", "description"):
        assert f"{foreign}:" not in text
    assert "## What is new\n\n- A 200K token context window" in body_of(text)


def test_saved_html_page_keeps_only_the_article(project, golden):
    rel, text = ingested(project, "saved-page.html")
    golden("ingest/saved-page.md", text)
    assert rel == "2024/2024-05-24-gemini-1-5-flash-is-now-generally-available.md"
    assert "title: Gemini 1.5 Flash is now generally available\n" in text
    assert "publisher: The AI Dispatch\n" in text
    body = body_of(text)
    assert body.lstrip().startswith("Google has moved Gemini 1.5 Flash out of preview.")
    assert "## Pricing" in body and "arriving in June." in body
    for chrome in ("Home", "Subscribe", "cookies", "Accept all", "Related stories",
                   "OpenAI launches GPT-4o", "All rights reserved", "Privacy", "dataLayer",
                   "tracker.js", "addEventListener", "<"):
        assert chrome not in body, chrome


def test_html_fragment_loses_everything_that_could_run(project, golden):
    rel, text = ingested(project, "unsafe-fragment.html")
    golden("ingest/unsafe-fragment.md", text)
    assert rel == "2024/2024-05-29-mistral-releases-codestral-its-first-code-model.md"
    for unsafe in ("<script", "script>", "fetch(", "document.cookie", "onerror", "onclick",
                   "onmouseover", "alert(", "javascript:", "<iframe", "evil.example",
                   "<style", "display: none"):
        assert unsafe.lower() not in text.lower(), unsafe
    body = body_of(text)
    assert body.lstrip().startswith("Mistral AI has released")  # not the "Posted ..." byline
    assert "Try it in the playground or read the" in body  # the link text survives
    assert "[announcement](https://mistral.ai/news/codestral/)" in body
    assert "![Codestral benchmark chart](https://cdn.example/codestral.png)" in body
    assert "Codestral is also available through Le Chat." in body


def test_srt_captions(project, golden):
    rel, text = ingested(project, "keynote-captions.srt", "--title",
                         "Microsoft Build 2024 keynote", "--date", "2024-05-21",
                         "--date-kind", "event")
    assert rel == "2024/2024-05-21-microsoft-build-2024-keynote.md"
    golden("ingest/keynote-captions.md", text)
    assert "timestamps: offset\n" in text and "date_kind: event\n" in text
    assert body_of(text).strip().split("\n\n") == [
        "[00:00:01] Good morning, and welcome to Build. Today we are announcing Copilot+ PCs, "
        "the fastest, most AI-ready Windows PCs ever built.",
        "[00:00:09] [Applause]",
        "[00:00:12] Every one of them has an NPU that runs more than 40 trillion operations "
        "per second.",
        "[00:00:15] — And they run Phi-3 Silica locally, on the device.",
        "[00:00:19] — That's right. No round trip to the cloud.",
    ]


def test_webvtt_with_title_header_and_voices(project, golden):
    rel, text = ingested(project, "interview.vtt", "--date", "2024-04-18")
    golden("ingest/interview.md", text)
    assert rel == "2024/2024-04-18-interview-with-the-llama-3-team.md"
    paragraphs = body_of(text).strip().split("\n\n")
    # <v Host> / <v Researcher> voice changes start new paragraphs marked as a new speaker
    assert [p[:14] for p in paragraphs] == [
        "[00:00:00] Wel", "[00:00:07] — W", "[00:01:02] — A", "[00:01:06] — I"]
    assert "NOTE" not in text and "captioning service" not in text and "<v" not in text


def test_ass_with_speaker_names(project, golden):
    rel, text = ingested(project, "panel.ass", "--date", "2024-06-26")
    assert rel == "2024/2024-06-26-open-models-panel-ai-engineer-world-s-fair-2024.md"
    golden("ingest/panel.md", text)
    assert "title: Open models panel, AI Engineer World's Fair 2024\n" in text
    paragraphs = body_of(text).strip().split("\n\n")
    assert paragraphs == [
        "[00:00:01] Welcome to the open models panel. First question: is open weights enough?",
        "[00:00:08] — No. Without the data, you cannot reproduce the model. But weights are a "
        "huge step for research.",
        "[00:00:15] — I'd add that licenses matter as much as weights.",
        "[00:00:19] — Let's talk about Llama 3 and Gemma then.",
    ]
    assert "mic levels" not in text  # Comment: lines are not dialogue
    assert not re.search(r"\{\\|\\N|Dialogue:|Style:", text)
