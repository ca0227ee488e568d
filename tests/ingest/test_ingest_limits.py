"""`kbgen ingest` never writes a source that `kbgen check` refuses (issue 7).

Each input here used to be written and then refused by `check`, or broke the build
(a control character in a title, a 1.1 MB paragraph), or took minutes to ingest
(deep HTML). Now ingest repairs it or refuses it with a message naming the file or
the option, and writes nothing.
"""

from __future__ import annotations

import contextlib
import re
import time

import nh3
import pytest
import trafilatura

from kbgen import limits
from kbgen.errors import KbgenError
from kbgen.ingest import markup, rawtext
from kbgen.paragraphs import spans as paragraphs

from .running import body_of, ingest, ingested, written

# What `kbgen check` refuses: C0 controls except tab and newline, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SENTENCE = "GPT-4o answers in real time, and the voice mode shipped to everyone today. "
POST = "My Page Title\n\n1 October 2024\n\n{body}\n"


def raw_file(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def refused(project, *args) -> str:
    result = ingest(project, *args)
    assert result.exit_code == 1, result.output
    assert written(project) == []
    return result.output


# -- size: refused before reading, and after converting -----------------------------------


def test_a_file_over_the_source_limit_is_refused_before_it_is_read(project, tmp_path,
                                                                 monkeypatch):
    raw = tmp_path / "huge.txt"
    with raw.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    monkeypatch.setattr(rawtext, "decode", lambda *a: pytest.fail("the file was decoded"))
    output = refused(project, raw, "--title", "T", "--date", "2024-01-01")
    assert ("huge.txt: the file is 200.0 MB; kbgen ingest reads files up to 16 MB, the limit "
            "for one source: split it into several files and ingest each") in output


def test_a_file_just_over_the_limit_is_refused(project, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 10_000)
    raw = raw_file(tmp_path, "post.txt", POST.format(body=SENTENCE * 140))  # 10.5 kB
    output = refused(project, raw)
    assert "post.txt: the file is 0.1 MB; kbgen ingest reads files up to 0 MB" in output


def test_a_source_that_conversion_makes_too_big_is_refused(project, tmp_path, monkeypatch):
    """Plain text's `<` is escaped as `&lt;`: 6 kB of raw text become a 20 kB source."""
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 10_000)
    raw = raw_file(tmp_path, "arrows.txt", POST.format(body="<<<< <<<< <<<<\n\n" * 400))
    output = refused(project, raw)
    assert "arrows.txt: the source would be 0.1 MB; the limit for one source is" in output
    assert "split the file into several files and ingest each" in output


# -- empty files --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "what"), [
    ("empty.txt", b"", "the file is empty: "),
    ("episode.vtt", b"", "the file is empty: "),
    ("blank.txt", b"  \n\n\t\n", "the file is empty (it has only white space): "),
    ("bom.md", b"\xef\xbb\xbf\n\xe2\x80\x8b\n", "the file is empty (it has only white space): "),
])
def test_an_empty_file_is_called_empty_whatever_its_format(project, tmp_path, name, content,
                                                           what):
    output = refused(project, raw_file(tmp_path, name, content))
    assert f"{name}: {what}there is nothing to ingest" in output
    assert "no timed lines" not in output and "unknown format" not in output


def test_an_empty_file_is_called_empty_with_a_forced_format(project, tmp_path):
    output = refused(project, raw_file(tmp_path, "x.txt", b"\n"), "--format", "whisper")
    assert "x.txt: the file is empty (it has only white space)" in output


# -- control characters ----------------------------------------------------------------


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--title", "a\x0bb", "--title contains a control character (U+000B)"),
    ("--subtitle", "esc \x1b[31m red", "--subtitle contains a control character (U+001B)"),
    ("--author", "Jane\x07 Doe", "--author contains a control character (U+0007)"),
    ("--tag", "news\x7f", "--tag contains a control character (U+007F)"),
    ("--publisher", "Pub\x85", "--publisher contains a control character (U+0085)"),
    ("--title", "\u200b\u200b", "--title has no visible character"),
    ("--title", " ", "--title has no visible character"),
])
def test_options_with_control_or_no_visible_characters_are_refused(project, tmp_path, option,
                                                                   value, message):
    raw = raw_file(tmp_path, "post.txt", POST.format(body=SENTENCE))
    output = refused(project, raw, option, value)
    assert message in output
    assert CONTROL.search(output) is None  # the value is not echoed raw to the terminal


def test_control_characters_in_the_raw_text_are_removed(project, tmp_path):
    body = ("Page one ends here.\x0cPage two starts.\n\nA line\x0bbreak from Word, a bell\x07, "
            "\x1b[1mbold\x1b[0m terminal text, a DEL\x7f and a C1\x90 character.")
    raw = raw_file(tmp_path, "post.txt", POST.format(body=body))
    _, text = ingested(project, raw)
    assert CONTROL.search(text) is None
    lines = [ln.removeprefix("> ") for ln in body_of(text).split("\n")]
    assert "Page one ends here." in lines and "Page two starts." in lines  # a form feed
    assert "A line" in lines  # Word's line break
    assert "break from Word, a bell, bold terminal text, a DEL and a C1 character." in lines


def test_control_characters_decoded_from_the_file_are_removed(project, tmp_path):
    """YAML escapes and HTML entities turn into control characters after the raw text."""
    md = ('---\ntitle: "GPT-4o\\x0b launch\\x01"\ndate: 2024-05-13\nauthor: "Jane\\x1b Doe"\n'
          "---\nThe model\u0007 shipped.\n")
    _, text = ingested(project, raw_file(tmp_path, "post.md", md))
    assert CONTROL.search(text) is None
    assert "title: GPT-4o launch\n" in text and "- Jane Doe\n" in text

    project2 = tmp_path / "p2"
    for sub in ("content/sources", "content/entities", "content/pages"):
        (project2 / sub).mkdir(parents=True)
    html = "<h1>Launch</h1><p>GPT-4o&#27;s &#1;voice mode&#x7f; shipped.</p>"
    _, text = ingested(project2, raw_file(tmp_path, "frag.html", html),
                       "--date", "2024-05-13")
    assert CONTROL.search(text) is None and "voice mode shipped" in text


def test_a_title_from_the_file_with_nothing_visible_counts_as_missing(project, tmp_path):
    md = '---\ntitle: "\\u200b\\u200b"\ndate: 2024-05-13\n---\nThe model shipped.\n'
    output = refused(project, raw_file(tmp_path, "post.md", md))
    assert 'post.md: no title found in this markdown file: supply it with --title' in output


# -- long paragraphs ---------------------------------------------------------------------


def assert_paragraphs_fit(text: str) -> None:
    longest = max(len(p) for _, p in paragraphs(body_of(text)))
    assert longest <= limits.MAX_PARAGRAPH_CHARS, longest


def test_a_page_saved_with_single_newlines_is_cut_into_paragraphs(project, tmp_path):
    """1.1 MB, no blank line: it used to become one paragraph, and spaCy refuses those."""
    lines = "\n".join(f"{i}. {SENTENCE * 3}" for i in range(5000))
    raw = raw_file(tmp_path, "saved.txt", f"My Page Title\n1 October 2024\n{lines}\n")
    assert raw.stat().st_size > 1_100_000
    _, text = ingested(project, raw)
    assert "title: My Page Title\n" in text and "date: 2024-10-01\n" in text
    assert_paragraphs_fit(text)
    assert len(paragraphs(body_of(text))) == 5000  # one per line of the page
    assert " ".join(body_of(text).split()).count("real time") == 15000  # no word lost


@pytest.mark.parametrize(("name", "template"), [
    ("long.txt", POST),
    ("long.md", "---\ntitle: My Page Title\ndate: 2024-10-01\n---\n{body}\n"),
])
def test_a_line_over_the_limit_is_cut_at_sentence_ends(project, tmp_path, name, template):
    line = SENTENCE * 3500 + "# Not a heading. - not a list. > not a quote."  # 266k, one line
    _, text = ingested(project, raw_file(tmp_path, name, template.format(body=line)))
    assert_paragraphs_fit(text)
    pieces = [p for _, p in paragraphs(body_of(text))]
    assert len(pieces) == 3
    assert all(p.rstrip().endswith(".") for p in pieces)  # cut at sentence ends
    assert " ".join(body_of(text).split()).count("real time") == 3500
    assert not any(p.startswith(("#", "-", ">")) for p in pieces)


def test_a_run_without_spaces_over_the_limit_is_refused(project, tmp_path):
    raw = raw_file(tmp_path, "blob.txt", POST.format(body="A" * 150_000))
    output = refused(project, raw)
    assert ("blob.txt: a paragraph has 150,000 characters with no space in them (starting "
            "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'); a paragraph may have at most 100,000: break the "
            "text into paragraphs and ingest the file again") in output


def test_a_transcript_cue_over_the_limit_is_cut(project, tmp_path):
    """Untimed lines continue the previous cue: one cue can hold a whole file."""
    cue = "[00:00:01.000 --> 00:00:04.000] Hello and welcome.\n"
    raw = raw_file(tmp_path, "talk.txt", cue * 3 + (SENTENCE + "\n") * 3000)
    _, text = ingested(project, raw, "--title", "Talk", "--date", "2024-10-01",
                       "--format", "whisper")
    assert_paragraphs_fit(text)
    assert body_of(text).lstrip("\n").startswith("[00:00:01] Hello and welcome.")


# -- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2204-05-13", "1899-12-31", "0001-01-01", "9999-12-31"])
def test_a_date_option_outside_the_limits_is_refused(project, tmp_path, date):
    raw = raw_file(tmp_path, "post.txt", POST.format(body=SENTENCE))
    output = refused(project, raw, "--date", date)
    assert (f"--date {date} is outside the dates a source may have (1900-01-01 to "
            "2100-12-31): is the year a typo?") in output


def test_a_date_in_the_file_outside_the_limits_is_refused(project, tmp_path):
    raw = raw_file(tmp_path, "post.md", "---\ntitle: T\ndate: 2204-05-13\n---\nText.\n")
    output = refused(project, raw)
    assert ("post.md: the file's date 2204-05-13 is outside the dates a source may have "
            "(1900-01-01 to 2100-12-31): fix it in the file or supply the right one with "
            "--date YYYY-MM-DD") in output
    ok = ingest(project, raw, "--date", "2024-05-13")  # the option wins over the file
    assert ok.exit_code == 0, ok.output


# -- deep and big HTML -------------------------------------------------------------------


def nested(depth: int, page: bool = False) -> str:
    html = "<h1>T</h1><p>Intro.</p>" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth
    return f"<html><body>{html}</body></html>" if page else html


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deep_html_is_refused_before_nh3_sees_it(project, tmp_path, monkeypatch, depth):
    """nh3 slows down with the square of the depth: 100k levels took minutes."""
    calls = []
    monkeypatch.setattr(nh3, "clean", lambda *a, **k: calls.append(1) or "")
    output = refused(project, raw_file(tmp_path, "deep.html", nested(depth)),
                     "--date", "2024-01-01")
    assert ("deep.html: the HTML is nested too deeply to convert (more than 200 elements deep, "
            "kbgen ingest's limit; real pages nest a few dozen): save the article's text "
            "instead") in output
    assert calls == []


def test_deep_html_inside_markdown_is_refused(project, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(nh3, "clean", lambda *a, **k: calls.append(1) or "")
    md = "---\ntitle: T\ndate: 2024-01-01\n---\nIntro.\n\n<section>" + nested(50_000) + "\n"
    output = refused(project, raw_file(tmp_path, "post.md", md))
    assert "post.md: the HTML is nested too deeply to convert" in output
    assert calls == []


def test_html_at_the_depth_limit_is_converted(project, tmp_path):
    raw = raw_file(tmp_path, "ok.html", nested(limits.MAX_HTML_DEPTH - 5))
    _, text = ingested(project, raw, "--date", "2024-01-01")
    assert "deep" in body_of(text)


def test_a_deep_page_is_refused_before_trafilatura_sees_it(project, tmp_path, monkeypatch):
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: pytest.fail("extracted"))
    output = refused(project, raw_file(tmp_path, "page.html", nested(100_000, page=True)),
                     "--date", "2024-01-01")
    assert "page.html: the HTML is nested too deeply to convert" in output


def test_a_page_with_too_many_elements_is_refused(project, tmp_path, monkeypatch):
    """trafilatura's XPath queries slow down with the square of the elements in a page."""
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: pytest.fail("extracted"))
    items = "<p>GPT-4o is <b>fast</b>.</p>" * (limits.MAX_HTML_ELEMENTS // 2)
    page = f"<html><head><title>T</title></head><body>{items}</body></html>"
    output = refused(project, raw_file(tmp_path, "page.html", page), "--date", "2024-01-01")
    assert ("page.html: the page has 30,004 HTML elements; kbgen ingest reads pages of up to "
            "30,000 (finding the main text of bigger ones takes minutes): save the article's "
            "text, or only the article's HTML, instead") in output


def test_html_shape_counts_as_a_browser_nests():
    assert markup.html_shape("<p>a<p>b<p>c") == (3, 5)  # html, body, p: unclosed <p>s close
    assert markup.html_shape("<ul><li>a<li>b</ul>") == (4, 5)
    assert markup.html_shape("") == (0, 0)


def fastest(read, text: str) -> float:
    """Best of three CPU times of `read(text)`, refusals included."""
    times = []
    for _ in range(3):
        start = time.process_time()
        with contextlib.suppress(KbgenError):  # a refusal is as good as a result here
            read(text, "x")
        times.append(time.process_time() - start)
    return min(times)


@pytest.mark.parametrize(("reader", "make", "size"), [
    (markup.read_html, lambda n: "<p>x</p>" + "<time" * n, 4_000),
    (markup.read_html, lambda n: "<p>x</p>" + "<h1" * n, 16_000),
    (markup.read_html, lambda n: "<p>x</p><h1>" + "<" * n + "</h1>", 16_000),
    (markup.read_markdown, lambda n: "---\ntitle: T\n---\n" + "![" * n, 4_000),
])
def test_hostile_markup_is_read_in_linear_time(reader, make, size):
    """These were quadratic: a regex scanned to the end of the text from every `<time`."""
    small, large = fastest(reader, make(size)), fastest(reader, make(4 * size))
    assert large < 8 * small + 0.05, (small, large)  # 4x the input; quadratic was 16x
