"""Internal links and anchors: `kbgen build --strict` fails on a broken one, plain
`kbgen build` warns; and `links.check_site` on small hand-made HTML trees."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import sitekit as kit
from click.testing import CliRunner
from sitekit import Built

from kbgen import cli
from kbgen.site.links import check_site


def _build(root: Path, *args: str):
    return CliRunner().invoke(cli.main, ["build", "-q", "--root", str(root), *args])


def _add_page(root: Path, name: str, text: str) -> None:
    (root / "content" / "pages" / name).write_text(textwrap.dedent(text), encoding="utf-8")


# The broken link, how it is written in the hand-written page, and what the message
# must name (MkDocs checks Markdown links itself; kbgen checks raw HTML in the result).
BROKEN = {
    "markdown-missing-page": ("[gone](entities/no-such-entity.md)", "entities/no-such-entity.md"),
    "markdown-missing-anchor": ("[gpt](entities/gpt-4o.md#no-such-anchor)",
                                "entities/gpt-4o.md#no-such-anchor"),
    "html-missing-page": ('<a href="../entities/no-such-entity/">gone</a>',
                          "../entities/no-such-entity/"),
    "html-missing-anchor": ('<a href="../sources/launch/#p-99">p99</a>',
                            "../sources/launch/#p-99"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_strict_build_fails_on_a_broken_link_and_keeps_the_site(tiny_built: Built,
                                                                 case: str) -> None:
    link, href = BROKEN[case]
    before = kit.snapshot(tiny_built.site)
    _add_page(tiny_built.root, "notes.md", f"# Notes\n\nSee {link} for more.\n")
    result = _build(tiny_built.root, "--strict")
    assert result.exit_code == 1, result.output
    assert "notes" in result.output and href in result.output, result.output
    assert "Traceback" not in result.output
    assert kit.snapshot(tiny_built.site) == before


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_plain_build_warns_about_a_broken_link_and_publishes(tiny_built: Built,
                                                             case: str) -> None:
    link, href = BROKEN[case]
    _add_page(tiny_built.root, "notes.md", f"# Notes\n\nSee {link} for more.\n")
    result = _build(tiny_built.root)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert any(href in w for w in warnings), result.output
    assert tiny_built.page("notes/").is_file()


def test_strict_build_passes_with_good_links(tiny_built: Built) -> None:
    _add_page(tiny_built.root, "notes.md", """\
        # Notes

        [GPT-4o](entities/gpt-4o.md), [its facts](entities/gpt-4o.md#what-the-sources-say),
        <a href="../sources/launch/#p-1">a paragraph</a>, <a href="../graph.json">the graph</a>,
        <a href="#notes">here</a>.
        """)
    result = _build(tiny_built.root, "--strict")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert tiny_built.page("notes/").is_file()


def test_the_generated_tiny_site_has_no_broken_link(tiny_built: Built) -> None:
    assert tiny_built.report.warnings == ()
    assert check_site(tiny_built.site) == []


# -- check_site on hand-made trees --------------------------------------------------------

def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _page(body: str) -> str:
    return f"<!doctype html><html><body>{body}</body></html>"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return _tree(tmp_path / "site", {
        "index.html": _page('<h1 id="top">Home</h1>'),
        "a/index.html": _page('<p id="there">A</p><a name="legacy"></a>'),
        "café/index.html": _page("<p>accent</p>"),
        "graph.json": "{}",
        "assets/javascripts/bundle.js": "",
    })


def _problems(tree: Path, body: str, page: str = "index.html") -> list[str]:
    """Add `body` to the end of `page` (its anchors stay), then check the tree."""
    path = tree / page
    path.write_text(path.read_text().replace("</body>", body + "</body>"), encoding="utf-8")
    return check_site(tree)


@pytest.mark.parametrize("href", [
    "a/", "a/index.html", "a/#there", "a/#legacy", "#top", "./", "", "graph.json",
    "/a/", "/a/#there", "/", "caf%C3%A9/", "a/?q=1", "https://example.com/x#y",
    "mailto:a@example.com", "//cdn.example.com/x.js", "assets/javascripts/missing.js",
    "a/#",
])
def test_good_links(tree: Path, href: str) -> None:
    assert _problems(tree, f'<a href="{href}">x</a>') == []


@pytest.mark.parametrize(("href", "why"), [
    ("missing/", "no such page"),
    ("a/missing.html", "no such page"),
    ("/missing/", "no such page"),
    ("a/#nowhere", "no anchor #nowhere on a/index.html"),
    ("/a/#nowhere", "no anchor #nowhere on a/index.html"),
    ("#nowhere", "no anchor #nowhere on index.html"),
    ("../outside/", "points outside the site"),
])
def test_broken_links(tree: Path, href: str, why: str) -> None:
    assert _problems(tree, f'<a href="{href}">x</a>') == [f"index.html: {href} ({why})"]


def test_links_are_resolved_from_the_page_that_holds_them(tree: Path) -> None:
    problems = _problems(tree, '<a href="../#top">up</a><a href="../b/">b</a>'
                               '<a href="#there">self</a>', page="a/index.html")
    assert problems == ["a/index.html: ../b/ (no such page)"]


def test_svg_xlink_href_is_checked(tree: Path) -> None:
    body = ('<svg xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<a xlink:href="a/"><circle r="1"/></a>'
            '<a xlink:href="missing/"><circle r="1"/></a>'
            '<a xlink:href="a/#nowhere"><circle r="1"/></a></svg>')
    assert _problems(tree, body) == ["index.html: missing/ (no such page)",
                                     "index.html: a/#nowhere (no anchor #nowhere on a/index.html)"]


def test_only_links_count_not_other_href_attributes(tree: Path) -> None:
    """<link href> (stylesheets, alternates) are the theme's business, not a reader's link."""
    assert _problems(tree, '<link rel="stylesheet" href="assets/x.css">') == []


def test_every_problem_is_listed_in_page_order(tree: Path) -> None:
    _problems(tree, '<a href="../nope/">x</a>', page="a/index.html")
    problems = _problems(tree, '<a href="gone/">x</a><a href="a/#gone">y</a>')
    assert problems == ["a/index.html: ../nope/ (no such page)",
                        "index.html: gone/ (no such page)",
                        "index.html: a/#gone (no anchor #gone on a/index.html)"]


def test_root_relative_links_under_a_project_path(tree: Path) -> None:
    """On GitHub Pages a project site lives under /<repo>/: 404.html's links start with it."""
    body = '<a href="/kbgen/a/">ok</a><a href="/kbgen/a/#there">ok</a><a href="/kbgen/">ok</a>'
    assert _problems(tree, body) != []  # under "/" these point at a missing kbgen/ dir
    assert check_site(tree, "/kbgen/") == []
    assert check_site(tree, "kbgen") == []  # slashes are normalised


def test_root_relative_link_outside_the_project_path(tree: Path) -> None:
    assert _problems(tree, '<a href="/other/a/">x</a>') != []
    assert check_site(tree, "/kbgen/") == [
        "index.html: /other/a/ (outside the site's path /kbgen/)"]
