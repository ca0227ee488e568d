"""`kbgen ingest` on short real excerpts of the five seed formats, against golden files.

The fixtures in tests/fixtures/raw/ are cut from /work/shared/seeds (never whole files).
Each test ingests one with the CLI into an empty project, compares the written source
with tests/golden/ingest/, checks it loads under the strict loader, and spells out the
few properties a reader would notice first, so a careless --update-goldens cannot
bless broken output.
"""

from __future__ import annotations

from .running import body_of, ingested


def test_substack_pandoc_export(project, golden):
    rel, text = ingested(project, "substack-openai-her.txt")
    golden("ingest/substack-openai-her.md", text)
    assert rel == "2024/2024-05-15-openai-chases-her.md"
    body = body_of(text)
    assert "Referrals → paid sub" in body  # mojibake "â†’" repaired
    assert "â" not in body
    assert "> [In an extremely stereotypical assistant voice]" in body  # \[ \] unescaped
    assert "it'll be out Friday" in body and " --- " not in body  # pandoc dashes
    for junk in (":::", "{.", "component-name", "mediaUploadId", "<div>", "\\'"):
        assert junk not in body, junk


def test_substack_tweet_and_footnote(project, golden):
    rel, text = ingested(project, "substack-gpt4-tweet-footnote.txt")
    assert rel == "2023/2023-03-20-gpt4-the-quiet-parts-and-the-state-of-ml.md"
    golden("ingest/substack-gpt4-tweet-footnote.md", text)
    body = body_of(text)
    assert ("> biden reporting on the parameter count of GPT-4\n>\n> — James Reed (@jamesr66a), "
            "[January 11, 2023](https://twitter.com/jamesr66a/status/1613306673447473152)"
            ) in body
    assert "context length.[^1]" in body
    assert body.rstrip().endswith("[^1]: Claude, as of a few months ago, also had an 8k "
                                  "context length.")
    for junk in (":::", "{.", "Likes", "Retweets", "tweet-", "Twitter avatar", "footnote-"):
        assert junk not in body, junk


def test_youtube_caption_page(project, golden):
    rel, text = ingested(project, "youtube-captions-altman.txt")
    golden("ingest/youtube-captions-altman.md", text)
    assert rel == "2023/2023-03-25-sam-altman-openai-ceo-on-gpt-4-chatgpt-and-the-future-of-ai.md"
    assert "url: https://www.youtube.com/watch?v=L_Guz73e6fw\n" in text
    assert "publisher: Lex Fridman Podcast\n" in text
    body = body_of(text)
    for chrome in ("Transcript preview", "Open\n", "Kind: captions", "Language: en",
                   "Resume", "Read\n", "file updated", "Categories", "Manage"):
        assert chrome not in body, chrome
    # one caption line per line became paragraphs of about a hundred words
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    assert len(paragraphs) == 4
    assert all("\n" not in p.strip() and len(p.split()) >= 40 for p in paragraphs)


def test_weblog_live_blog(project, golden):
    rel, text = ingested(project, "weblog-devday-liveblog.txt",
                         "--timezone", "America/Los_Angeles")
    golden("ingest/weblog-devday-liveblog.md", text)
    assert rel == "2024/2024-10-01-openai-devday-2024-live-blog.md"
    assert "type: liveblog\n" in text and "timestamps: clock\n" in text
    assert "authors:\n- Simon Willison\n" in text
    body = body_of(text)
    assert not body.lstrip().startswith(("Simon Willison", "Subscribe", "OpenAI DevDay"))
    assert "1st October 2024" not in body
    assert "\n[10:19] The keynote is starting" in body
    assert "\n[16:56] ... and we're at time.\n" in body
    # the screenshot description keeps its lines, under its own time
    assert "[10:37]\n\n> The image shows a large display screen" in body
    assert "> Annotated map\n>\n> San Francisco, here we are!" in body


def test_whisper_transcript(project, golden):
    rel, text = ingested(project, "whisper-devday-podcast.txt",
                         "--title", "OpenAI DevDay 2024: recap and interviews from the event",
                         "--date", "2024-10-01", "--date-kind", "event", "--type", "podcast",
                         "--publisher", "Latent Space")
    golden("ingest/whisper-devday-podcast.md", text)
    assert rel == "2024/2024-10-01-openai-devday-2024-recap-and-interviews-from-the-event.md"
    assert "date_kind: event\n" in text and "timestamps: offset\n" in text
    body = body_of(text)
    assert "-->" not in body and "00:00:02.580" not in body
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0] == "[00:00:00] (upbeat music)"
    assert paragraphs[1].startswith("[00:00:02] ♪ A new dev daylights, code ignites ♪ ♪ Real")
    assert paragraphs[2].startswith("[00:00:34] — Happy October. This is your AI co-host,")
    assert "[00:01:33] — Yeah, lots to dig into there." in paragraphs
    assert all(p.startswith("[00:0") for p in paragraphs)

