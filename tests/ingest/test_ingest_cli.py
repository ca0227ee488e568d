"""`kbgen ingest` as an editor uses it: refusals, dry runs, re-ingest, --force, options."""

from __future__ import annotations

import shutil

import pytest

from kbgen.content.sources import load_sources

from .running import RAW, ingest, kbgen, written

HUGO = RAW / "hugo-front-matter.md"
HUGO_DEST = "2024/2024-06-21-claude-3-5-sonnet-raises-the-bar-again.md"
WHISPER = RAW / "whisper-devday-podcast.txt"


def loaded(project):
    sources, problems = load_sources(project / "content/sources", project)
    assert problems == []
    return sources


def test_missing_title_and_date_are_refused(project):
    result = ingest(project, WHISPER)
    assert result.exit_code == 1
    assert ("whisper-devday-podcast.txt: no title and date found in this whisper file: supply "
            'them with --title "The source\'s title" and --date YYYY-MM-DD') in result.output
    assert "Nothing was written." in result.output
    assert written(project) == []


def test_missing_date_alone_names_only_date(project):
    result = ingest(project, RAW / "panel.ass")
    assert result.exit_code == 1
    assert "panel.ass: no date found in this subtitles file: supply it with --date" in result.output
    assert "--title" not in result.output
    assert written(project) == []


@pytest.mark.parametrize(("name", "content", "what"), [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "this is a PDF"),
    ("chart.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image"),
    ("export.json", b'{"title": "GPT-4o", "date": "2024-05-13"}\n', "unknown format."),
    ("episode.mp3", b"ID3\x04\x00\x00\x00\x00\x00", "this is an MP3 file"),
])
def test_unknown_formats_are_refused_naming_the_known_ones(project, tmp_path, name, content,
                                                           what):
    raw = tmp_path / name
    raw.write_bytes(content)
    result = ingest(project, raw)
    assert result.exit_code == 1
    assert f"{name}: unknown format" in result.output and what in result.output
    for known in ("SRT, WebVTT, ASS/SSA", "Whisper-style transcripts", "YouTube caption pages",
                  "saved HTML pages", "Markdown with YAML front matter", "live blogs"):
        assert known in result.output
    assert written(project) == []


def test_unknown_forced_format(project):
    result = ingest(project, HUGO, "--format", "docx")
    assert result.exit_code == 1
    assert ("unknown --format 'docx': use one of subtitles, whisper, youtube, html, markdown, "
            "text") in result.output


def test_damaged_utf16_file_is_refused_cleanly(project, tmp_path):
    raw = tmp_path / "notes.txt"
    raw.write_bytes(b"\xff\xfeh\x00i\x00!")  # a BOM, then an odd number of bytes
    result = ingest(project, raw)
    assert result.exit_code == 1
    assert "notes.txt: the file starts like UTF-16 but is not valid UTF-16" in result.output


def test_deeply_nested_html_is_refused_cleanly(project, tmp_path):
    raw = tmp_path / "nested.html"
    raw.write_text("<h1>T</h1>" + "<div>" * 5000 + "deep" + "</div>" * 5000, encoding="utf-8")
    result = ingest(project, raw, "--date", "2024-01-01")
    assert result.exit_code == 1
    assert "nested.html: the HTML is nested too deeply to convert" in result.output
    assert written(project) == []


def test_dry_run_writes_nothing_and_shows_the_front_matter(project):
    result = ingest(project, HUGO, "--dry-run")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == (f"would create content/sources/{HUGO_DEST} (markdown, 6 paragraphs, "
                        "769 characters):")
    assert lines[1:4] == ["---", "id: claude-3-5-sonnet-raises-the-bar-again",
                          "title: Claude 3.5 Sonnet raises the bar, again"]
    assert lines[-1] == "---"
    assert "Anthropic released" not in result.output  # front matter only, not the body
    assert written(project) == []


def test_second_ingest_of_the_same_file_is_reported_not_duplicated(project):
    assert ingest(project, HUGO).exit_code == 0
    first = (project / "content/sources" / HUGO_DEST).read_bytes()
    again = ingest(project, HUGO)
    assert again.exit_code == 0
    assert again.output == (f"hugo-front-matter.md: already ingested as content/sources/"
                            f"{HUGO_DEST} (same sha256); nothing written. Use --force to "
                            "ingest it again.\n")
    assert written(project) == [HUGO_DEST]
    assert (project / "content/sources" / HUGO_DEST).read_bytes() == first


def test_same_file_under_another_name_is_recognized(project, tmp_path):
    assert ingest(project, HUGO).exit_code == 0
    copy = tmp_path / "renamed.md"
    shutil.copy(HUGO, copy)
    result = ingest(project, copy, "--title", "A different title")
    assert result.exit_code == 0 and "already ingested as" in result.output
    assert written(project) == [HUGO_DEST]


def test_force_ingests_again(project):
    assert ingest(project, HUGO).exit_code == 0
    dest = project / "content/sources" / HUGO_DEST
    original = dest.read_bytes()
    dest.write_bytes(original.replace(b"Jane Doe", b"Edited By Hand"))
    result = ingest(project, HUGO, "--force")
    assert result.exit_code == 0
    assert result.output == (f"hugo-front-matter.md (markdown): replaced "
                             f"content/sources/{HUGO_DEST}\n")
    assert written(project) == [HUGO_DEST]
    assert dest.read_bytes() == original


def test_force_with_a_new_id_moves_the_source(project):
    assert ingest(project, HUGO).exit_code == 0
    result = ingest(project, HUGO, "--force", "--id", "claude-3-5-sonnet")
    assert result.exit_code == 0
    assert written(project) == ["2024/2024-06-21-claude-3-5-sonnet.md"]  # no stale copy


def test_different_source_at_the_same_path_is_not_overwritten(project, tmp_path):
    assert ingest(project, HUGO).exit_code == 0
    dest = project / "content/sources" / HUGO_DEST
    before = dest.read_bytes()
    revised = tmp_path / "revised.md"
    revised.write_text(HUGO.read_text(encoding="utf-8") + "\nAn update.\n", encoding="utf-8")
    result = ingest(project, revised)
    assert result.exit_code == 1
    assert (f"revised.md: content/sources/{HUGO_DEST} already exists (made from another file): "
            "choose another id with --id, or replace it with --force") in result.output
    assert dest.read_bytes() == before
    assert ingest(project, revised, "--force").exit_code == 0
    assert written(project) == [HUGO_DEST]
    assert dest.read_text(encoding="utf-8").rstrip().endswith("An update.")


def test_hand_written_source_at_the_same_path_is_not_overwritten(project):
    dest = project / "content/sources" / HUGO_DEST
    dest.parent.mkdir(parents=True)
    dest.write_text("---\nid: x\n---\nAn editor's own file, without origin.\n", encoding="utf-8")
    result = ingest(project, HUGO)
    assert result.exit_code == 1 and "already exists" in result.output
    assert dest.read_text(encoding="utf-8").endswith("without origin.\n")


def test_batch_with_one_bad_file_writes_nothing(project, tmp_path):
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    result = ingest(project, HUGO, RAW / "saved-page.html", bad, WHISPER)
    assert result.exit_code == 1
    assert "scan.png: unknown format: this is a PNG image" in result.output
    assert "whisper-devday-podcast.txt: no title and date found" in result.output  # all listed
    assert result.output.rstrip().endswith("Nothing was written.")
    assert written(project) == []


def test_good_batch_writes_every_file(project):
    result = ingest(project, HUGO, RAW / "saved-page.html", RAW / "interview.vtt",
                    "--date", "2024-04-18")
    assert result.exit_code == 0, result.output
    assert len(written(project)) == 3
    assert kbgen(project, "check").output == "ok: 3 sources, 0 entities\n"


def test_options_describing_one_source_are_refused_for_a_batch(project):
    result = ingest(project, HUGO, RAW / "saved-page.html", "--title", "One title")
    assert result.exit_code == 1
    assert "--id, --title, --url and --subtitle describe one source" in result.output
    assert written(project) == []


def test_options_override_file_metadata(project):
    result = ingest(project, HUGO, "--title", "Sonnet 3.5 review", "--date", "2024-06-20",
                    "--type", "blog", "--author", "Ann Editor", "--author", "Bo Writer",
                    "--publisher", "Model Notes", "--subtitle", "Our take",
                    "--url", "https://notes.example/sonnet", "--tag", "review")
    assert result.exit_code == 0, result.output
    assert written(project) == ["2024/2024-06-20-sonnet-3-5-review.md"]
    (source,) = loaded(project)
    assert (source.title, source.date.isoformat(), source.type) == (
        "Sonnet 3.5 review", "2024-06-20", "blog")
    assert source.authors == ("Ann Editor", "Bo Writer")
    assert (source.publisher, source.subtitle, source.url) == (
        "Model Notes", "Our take", "https://notes.example/sonnet")
    assert source.tags == ("review",)


def test_date_kind_event_lands_in_front_matter(project):
    result = ingest(project, WHISPER, "--title", "DevDay recap", "--date", "2024-10-01",
                    "--date-kind", "event")
    assert result.exit_code == 0, result.output
    (rel,) = written(project)
    assert "\ndate: 2024-10-01\ndate_kind: event\n" in (
        project / "content/sources" / rel).read_text(encoding="utf-8")
    (source,) = loaded(project)
    assert source.date_kind == "event"


def test_bad_date_option(project):
    result = ingest(project, WHISPER, "--title", "T", "--date", "2024-13-45")
    assert result.exit_code == 2
    assert "'2024-13-45' is not a date written YYYY-MM-DD" in result.output
    assert written(project) == []


def test_bad_type_option(project):
    result = ingest(project, HUGO, "--type", "tweet")
    assert result.exit_code == 2
    assert "use one of newsletter, blog, liveblog, podcast" in result.output
    assert written(project) == []
