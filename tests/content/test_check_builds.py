"""What `kbgen check` accepts, `kbgen build` builds; what build can't build, check refuses.

Each refusal here was a traceback in `kbgen build` after `kbgen check` said ok: a
control character in a title (lxml in the GraphML export), a date after 2106 (the
gzip header of the sitemap), a paragraph over a million characters (spaCy E088).
Each must now be refused by check with `path:line`, exit 1 and no traceback. The
last test builds a tiny project full of values at the edge of what is accepted.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kbgen.build import build
from kbgen.content.chars import paragraph_spans
from kbgen.limits import MAX_PARAGRAPH_CHARS
from kbgen.project import Project

from .checking import KEYS, check, refused, source_text, write

REPO = Path(__file__).resolve().parents[2]
S = "content/sources/x.md"
E = "content/entities/example-labs.md"


def source_file(front: str, body: str = "Body text.\n") -> str:
    """A source whose front matter is exactly `front` (the four keys are not added)."""
    return f"---\n{front}---\n{body}"


def entity(project: Path, front: str, body: str = "A lab.\n") -> None:
    write(project, "example-labs.md", f"---\n{front}---\n{body}", where="entities")


# -- control characters ---------------------------------------------------------------

# (extra front-matter line, its line in the file, the key named in the message)
SOURCE_FIELDS = [
    ('subtitle: "a\\x01b"\n', 6, "'subtitle'"),
    ('authors: [Jane, "Jo\\vhn"]\n', 6, "item 2 of 'authors'"),
    ('publisher: "The\\x1bNews"\n', 6, "'publisher'"),
    ('tags: ["launch\\x7f"]\n', 6, "item 1 of 'tags'"),
    ('url: "https://example.com/\\x01"\n', 6, "'url'"),
    ('timezone: "Europe\\x85Paris"\n', 6, "'timezone'"),
]


def test_a_control_character_in_a_title(project):
    write(project, "x.md", source_file(KEYS.format(id="x").replace("A title", '"a\\x0bb"')))
    refused(project, f"{S}:3: 'title' contains the control character U+000B (character 2): "
                     "remove it; the graph exports cannot hold it")


@pytest.mark.parametrize(("extra", "line", "key"), SOURCE_FIELDS)
def test_a_control_character_in_any_text_field_of_a_source(project, extra, line, key):
    write(project, "x.md", source_text("x", extra))
    refused(project, f"{S}:{line}: {key} contains the control character U+")


def test_a_lone_surrogate_from_a_yaml_escape(project):
    write(project, "x.md", source_text("x", 'subtitle: "half \\ud800 a pair"\n'))
    refused(project, f"{S}:6: 'subtitle' contains the control character U+D800")


def test_control_characters_in_a_body_name_the_first_line(project):
    body = "First paragraph.\n\nA form\x0cfeed here.\n\nAnd\x1b[31m an escape.\n"
    write(project, "x.md", source_text("x", body=body))
    # body starts on line 7: "A form\x0cfeed" is line 9, column 7
    result = refused(project, f"{S}:9: control character U+000C at column 7: remove it "
                              "(1 more line with one)")
    assert "\x1b" not in result.output and "\x0c" not in result.output


@pytest.mark.parametrize(
    ("front", "body", "line", "message"),
    [
        ('name: "Example\\x01Labs"\ntype: org\n', "A lab.\n", 2, "'name' contains the control"),
        ("name: Example Labs\ntype: org\naliases: [\"Ex\\x02Labs\"]\n", "A lab.\n", 4,
         "'aliases' contains the control character U+0002"),
        ("name: Example Labs\ntype: org\naliases: [{text: \"E\\x03L\", case: exact}]\n",
         "A lab.\n", 4, "'text' contains the control character U+0003"),
        ("name: Example Labs\ntype: org\nasr_aliases: [\"exam\\x04pull labs\"]\n", "A lab.\n",
         4, "'asr_aliases' contains the control character U+0004"),
        ("name: Example Labs\ntype: org\n", "A lab.\n\nFounded\x05 in 2020.\n", 7,
         "control character U+0005 at column 8"),
    ],
)
def test_control_characters_in_an_entity(project, front, body, line, message):
    entity(project, front, body)
    refused(project, f"{E}:{line}: {message}")


# -- text with nothing to see ---------------------------------------------------------

@pytest.mark.parametrize(
    "title",
    ["\\u200b\\u200b", "\\u200e\\u200f", "\\ufeff", "\\u2060\\u00ad", "\\u3164", "\\u0301"],
)
def test_a_title_of_only_invisible_characters(project, title):
    write(project, "x.md", source_file(KEYS.format(id="x").replace("A title", f'"{title}"')))
    refused(project, f"{S}:3: 'title' has no visible character (only blank or zero-width "
                     "ones), which gives an invisible link: write real text")


def test_an_entity_name_of_only_zero_width_characters(project):
    entity(project, 'name: "\\u200b"\ntype: org\n')
    refused(project, f"{E}:2: 'name' has no visible character")


# -- dates ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2204-05-13", "'date' is 2204-05-13, after 2100-12-31: is 2204 a typo?"),
        ("2107-01-01", "'date' is 2107-01-01, after 2100-12-31: is 2107 a typo?"),
        ("9999-12-31", "'date' is 9999-12-31, after 2100-12-31: is 9999 a typo?"),
        ("1899-12-31", "'date' is 1899-12-31, before 1900-01-01: is 1899 a typo?"),
        ("0001-01-01", "'date' is 0001-01-01, before 1900-01-01: is 1 a typo?"),
    ],
)
def test_a_source_date_outside_the_range(project, date, message):
    write(project, "x.md", source_text("x").replace("2024-05-15", date))
    refused(project, f"{S}:4: {message}")


def test_a_fact_date_far_in_the_future(project):
    entity(project, 'name: Example Labs\ntype: org\nfacts:\n  founded: {value: "2204", '
                    'source: "https://example.com/"}\n')
    refused(project, f"{E}:5: 'founded' is 2204, after 2100-12-31: is 2204 a typo?")


def test_old_founding_dates_are_still_facts(project):
    entity(project, 'name: Example Labs\ntype: org\nfacts:\n  founded: {value: "1861", '
                    'source: "https://example.com/"}\n')
    assert check(project).exit_code == 0


# -- paragraph length -----------------------------------------------------------------

def test_a_paragraph_over_the_limit_is_refused_at_its_line(project):
    long = "word " * (MAX_PARAGRAPH_CHARS // 5 + 1)  # one line, just over the limit
    body = f"Intro.\n\n{long}\nsame paragraph\n\nShort.\n\n{long}\n"
    write(project, "x.md", source_text("x", body=body))
    result = refused(project, f"{S}:9: this paragraph is {len(long) + 15:,} characters; the "
                              f"limit is {MAX_PARAGRAPH_CHARS:,}: split it with blank lines",
                     f"{S}:14: this paragraph is")
    assert len([ln for ln in result.lines if "this paragraph is" in ln]) == 2


def test_a_paragraph_at_the_limit_is_accepted(project):
    body = "x" * (MAX_PARAGRAPH_CHARS - 1) + "\n"  # the paragraph keeps its newline
    write(project, "x.md", source_text("x", body=body))
    assert check(project).exit_code == 0


def test_single_newlines_do_not_split_paragraphs(project):
    """A 1.1 MB page saved as text with single newlines is one paragraph to spaCy."""
    body = "A line of a page saved as text.\n" * (MAX_PARAGRAPH_CHARS // 32 + 10)
    write(project, "x.md", source_text("x", body=body))
    refused(project, f"{S}:7: this paragraph is")


@pytest.mark.parametrize(
    "body",
    [
        "one\n\ntwo\n \t\nthree",
        "\n\n\nlead\n\n\n\ntrail\n\n",
        "a\nb\n  \n\nc  \n\t\n d\n",
        "[00:00:05] x\n\n[00:01:00] y\n",
        "",
        "   \n\n  \n",
    ],
)
def test_check_cuts_paragraphs_exactly_as_extraction_does(body):
    from kbgen.paragraphs import spans as paragraphs

    assert paragraph_spans(body) == [(start, len(text)) for start, text in paragraphs(body)]


# -- the same id twice ------------------------------------------------------------------

def test_two_entities_with_the_same_id_in_subfolders_name_both_files(project):
    write(project, "a/example-labs.md", "---\nname: Example Labs\ntype: org\n---\nA.\n",
          where="entities")
    write(project, "b/example-labs.md", "---\nname: Example Labs Two\ntype: org\n---\nB.\n",
          where="entities")
    result = refused(project, "content/entities/b/example-labs.md:2: id 'example-labs' is "
                              "already used by content/entities/a/example-labs.md")
    assert "1 problem found." in result.output


# -- values at the edge build -----------------------------------------------------------

EDGE_SOURCES = {
    "1900/first.md": source_file(
        'id: first-day\ntitle: "\U0001f916 Robots \u200f\u05e9\u05dc\u05d5\u05dd \u2014 '
        'caf\u00e9"\ndate: 1900-01-01\ntype: blog\nsubtitle: "tab\\tinside"\n'
        "tags: [\"\U0001f680\", \"\u0645\u0631\u062d\u0628\u0627\"]\n",
        "Example Labs opened its doors.\n\n" + "word " * 2_000 + "\n"),
    "2100/last.md": source_file(
        "id: last-day\ntitle: \"Example Labs \u200d\U0001f468\u200d\U0001f4bb\"\n"
        "date: 2100-12-31\ntype: blog\n",
        "Next year's DevDay and last year's DevDay at Example Labs.\n"),
}
EDGE_ENTITIES = {
    "example-labs.md": 'name: "Example Labs \u200f"\ntype: org\n',
    "devday.md": "name: Example DevDay\ntype: event\naliases: [DevDay]\n",
    "devday-2100.md": 'name: Example DevDay 2100\ntype: event\nfacts:\n  series: {value: '
                      'devday, source: "https://example.com/"}\n  date: {value: "2100-12", '
                      'source: "https://example.com/"}\n',
}


def test_values_at_the_edge_of_what_check_accepts_build(tmp_path):
    root = tmp_path / "edge"
    for rel, text in EDGE_SOURCES.items():
        write(root, rel, text)
    for rel, front in EDGE_ENTITIES.items():
        write(root, rel, f"---\n{front}---\nAn entity.\n", where="entities")
    write(root, "about.md", "# About \U0001f916\n", where="pages")
    result = check(root)
    assert result.exit_code == 0, result.output
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")

    report = build(Project(root))

    assert report.sources == 2
    graph = json.loads((root / "site/graph.json").read_text(encoding="utf-8"))
    titles = {n.get("title") for n in graph["nodes"]}
    assert "\U0001f916 Robots \u200f\u05e9\u05dc\u05d5\u05dd \u2014 caf\u00e9" in titles
    assert (root / "site/graph.graphml").stat().st_size > 0
    assert (root / "site/about/index.html").exists()


class _Scanned(str):
    """A body that adds up how many characters `str.count` looks at."""

    scanned = 0

    def count(self, sub, start=None, end=None):  # type: ignore[override]
        lo = 0 if start is None else start
        hi = len(self) if end is None else end
        type(self).scanned += max(0, hi - lo)
        return str.count(self, sub, lo, hi)


def test_checking_a_body_is_linear_in_its_size():
    """Lines are counted forward once, never from the top for every finding."""
    from kbgen.content.chars import body_problems

    def scanned(lines: int) -> int:
        body = _Scanned("word\x0b word\n\n" * lines)
        _Scanned.scanned = 0
        (problem,) = body_problems(body, 1, "x.md")
        assert f"({lines - 1} more lines with one)" in problem.message
        return _Scanned.scanned

    small, large = scanned(2_000), scanned(8_000)
    assert small > 0
    assert large < 8 * small, (small, large)  # quadratic would be 16 times
