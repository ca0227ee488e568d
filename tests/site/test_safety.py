"""Nothing from a source or the registry runs as script in the published site.

A tiny project whose source (title, subtitle, authors, publisher, tags, body,
speaker labels, timestamp paragraphs) and entity (name, alias, tags, facts,
description) carry every injection we know of is built for real; the built HTML
is then parsed and searched for anything that could execute. Each payload calls
alert(N) with its own N, so a failure names the payload that got through.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import hostile_content as hostile
import pytest
import sitekit as kit
from sitekit import ABOUT, Built

from kbgen.build import build
from kbgen.project import Project
from kbgen.site import markup, prose


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = kit.write_project(tmp_path_factory.mktemp("hostile") / "project",
                             sources=hostile.SOURCES, entities=hostile.ENTITIES,
                             pages={"about.md": ABOUT})
    return Built(root, build(Project(root)))


def _doc(built: Built, url: str) -> kit.Doc:
    return kit.parse(built.page(url))


# -- nothing runs -------------------------------------------------------------------------

def test_the_hostile_build_produced_every_page(hostile_site: Built) -> None:
    for url in ("sources/hostile/", "sources/plain/", "entities/evilcorp/", "entities/gpt-4o/",
                "timeline/", "sources/", "entities/", "graph/", "tags/", ""):
        assert hostile_site.page(url).is_file(), url


def test_no_script_element_but_the_themes(hostile_site: Built) -> None:
    site = hostile_site.site
    for path in kit.html_files(site):
        for script in (e for e in kit.parse(path).elements if e.tag == "script"):
            why = kit.theme_script_problem(site, path, script)
            assert why is None, f"{path.relative_to(site)}: {why}"


def test_nothing_active_anywhere(hostile_site: Built) -> None:
    """No on* attribute, no javascript:/data: URL, no iframe/object/embed, no meta refresh."""
    assert kit.active_content(hostile_site.site) == []


def test_no_payload_tag_survives_in_the_bytes(hostile_site: Built) -> None:
    """Belt and braces over the raw bytes: payload tags only ever appear escaped."""
    for path in kit.html_files(hostile_site.site):
        raw = path.read_text(encoding="utf-8").lower()
        for needle in ("<script>alert", "<img src=x", "<iframe", "<svg onload", "<b onclick",
                       "<span onmouseover", "<object", "<embed", '<form action="javascript'):
            assert needle not in raw, (path, needle)


def test_the_scanner_itself_catches_each_kind(tmp_path: Path) -> None:
    """The checks above fail on a page with any of these (so their silence means something)."""
    bad = {
        "inline.html": "<script>alert(1)</script>",
        "remote.html": '<script src="https://evil.example/x.js"></script>',
        "fake.html": '<script src="assets/javascripts/evil.js"></script>',
        "typed.html": '<script type="module">alert(1)</script>',
        "handler.html": "<p onclick=alert(1)>x</p>",
        "svg.html": "<svg onload=alert(1)></svg>",
        "js.html": '<a href="  JaVa&#x09;Script:alert(1)">x</a>',
        "xlink.html": '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        "data.html": '<img src="data:text/html;base64,PHNjcmlwdD4=">',
        "frame.html": '<iframe src="https://evil.example/"></iframe>',
        "object.html": '<object data="x.swf"></object>',
        "refresh.html": '<meta http-equiv="Refresh" content="0;url=https://evil.example/">',
        "form.html": '<form action="javascript:alert(1)"></form>',
    }
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "evil.js").write_text("alert(1)")
    for name, text in bad.items():
        (tmp_path / name).write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
    flagged = {line.split(":")[0] for line in kit.active_content(tmp_path)}
    assert flagged == set(bad)


# -- ...and the hostile text is still shown, as text ------------------------------------

def test_hostile_title_is_the_page_heading_and_title(hostile_site: Built) -> None:
    doc = _doc(hostile_site, "sources/hostile/")
    raw = doc.path.read_text(encoding="utf-8")
    h1 = kit.parse_fragment(raw[raw.index("<h1"):raw.index("</h1>")])
    assert h1.text.removesuffix("¶") == hostile.TITLE  # the permalink sign follows it
    assert [e.tag for e in h1.elements] == ["h1", "a"]  # the heading and its permalink only
    assert doc.title == f"{hostile.TITLE} - AI News Knowledge Base"


def test_hostile_title_is_in_the_header_and_listings(hostile_site: Built) -> None:
    """The header (nav bar topic) and the pages listing the source show the title as text."""
    page = _doc(hostile_site, "sources/hostile/")
    assert hostile.TITLE in page.text  # header topic + h1, as text
    for url, href in (("sources/", "hostile/"), ("timeline/", "../sources/hostile/"),
                      ("", "sources/hostile/"), ("entities/gpt-4o/", "../../sources/hostile/")):
        text = hostile_site.page(url).read_text(encoding="utf-8")
        link = f'<a href="{href}">{html.escape(hostile.TITLE, quote=False)}</a>'
        assert link in text.replace("&#x27;", "'").replace("&#34;", '"'), url


def test_hostile_title_in_search_index_is_text(hostile_site: Built) -> None:
    index = json.loads((hostile_site.site / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    entry = next(d for d in index["docs"] if d["location"] == "sources/hostile/")
    # material renders titles and texts as HTML: they must be text once parsed
    assert html.unescape(entry["title"]) == hostile.TITLE
    assert "<" not in entry["title"]
    for doc in index["docs"]:
        for key in ("title", "text"):
            for e in kit.parse_fragment(doc[key]).elements:
                assert e.tag not in ("script", "img", "iframe", "svg", "object", "embed"), doc
                assert not any(k.startswith("on") for k, _ in e.attrs), doc
                assert all(kit.url_scheme(v or "") not in ("javascript", "data")
                           for _, v in e.attrs), doc


def test_source_meta_is_shown_as_text(hostile_site: Built) -> None:
    text = _doc(hostile_site, "sources/hostile/").text
    for shown in ("<script>alert(5)</script>, <img src=x onerror=alert(6)>",  # authors
                  "</div><script>alert(7)</script>",  # publisher
                  "<iframe src=javascript:alert(3)></iframe></div></div> sub "
                  "[x](javascript:alert(4))"):  # subtitle
        assert shown in text


def test_tags_are_reduced_to_plain_words(hostile_site: Built) -> None:
    tags = [e for e in _doc(hostile_site, "sources/hostile/").elements
            if e.tag == "a" and e.get("class") == "md-tag"]
    names = {(e.get("href") or "").split("#tag:")[-1] for e in tags}
    assert names >= {"scriptalert8script", "x-onclickalert9", "div"}


def test_speaker_labels_and_timestamps_keep_anchors_lose_handlers(hostile_site: Built) -> None:
    doc = _doc(hostile_site, "sources/hostile/")
    assert {"t-5", "t-65", "p-0", "p-1"} <= doc.ids
    bold = doc.find("b")
    assert bold and all(b.attrs == [] for b in bold)
    assert "Sam: GPT-4o is here" in doc.text
    assert "Speaker Two" in doc.text
    assert "{onclick=alert(16)}" in doc.text  # attr-list syntax stays text, never an attribute


def test_entity_name_alias_and_facts_are_text(hostile_site: Built) -> None:
    name = "EvilCorp <script>alert(42)</script><img src=x onerror=alert(43)> {onclick=alert(61)}"
    doc = _doc(hostile_site, "entities/evilcorp/")
    assert doc.title.startswith(name)
    assert name in doc.text
    assert "<b onclick=alert(44)>Evil</b> Inc" in doc.text  # the alias, shown as text
    assert "</div><iframe src=javascript:alert(46)></iframe>" in doc.text  # a text fact
    assert "javascript:alert(47)" in doc.text  # a "website" fact: text, not a link
    assert not any("alert(" in (e.get("href") or "") for e in doc.elements)
    # the name is text wherever it is listed
    for url in ("entities/", "sources/plain/", "timeline/", "graph/", "entities/gpt-4o/"):
        assert name in _doc(hostile_site, url).text, url


def test_entity_description_is_sanitized_not_dropped(hostile_site: Built) -> None:
    doc = _doc(hostile_site, "entities/evilcorp/")
    assert "bad," in doc.text and "click" in doc.text and "here" in doc.text
    assert "alert(48)" not in doc.text  # a script's content is dropped with it


# -- the building blocks, directly --------------------------------------------------------

@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "A paragraph {onclick=alert(1)}",
    "</div></div><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<p style="background:url(javascript:alert(1))">x</p>',
])
def test_to_html_leaves_nothing_active(payload: str, tmp_path: Path) -> None:
    out = str(prose.to_html(payload))
    (tmp_path / "page.html").write_text(f"<html><body>{out}</body></html>", encoding="utf-8")
    assert kit.active_content(tmp_path) == [], out
    assert "style=" not in out


def test_to_html_drops_kbgen_anchors_and_classes_from_the_text() -> None:
    """Source text cannot imitate kbgen's anchors: only kbgen's own get kb- classes and ids."""
    out = str(prose.to_html('<a class="kb-p" id="p-3" href="#p-3"></a>x <span id="evil" '
                            'class="md-header kb-m">y</span>'))
    assert 'id="p-3"' not in out and "kb-" not in out
    assert 'id="evil"' not in out and "md-header" not in out


@pytest.mark.parametrize("text", [
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "Title {onclick=alert(1)}",
    "</div><script>alert(1)</script>", "# heading", "1. list", "*emph* `code` | pipe",
])
def test_md_escapes_for_markdown_and_html(text: str, tmp_path: Path) -> None:
    """md() output, rendered by Python-Markdown with MkDocs' extensions, is the text itself."""
    import markdown

    rendered = markdown.markdown(f"# {markup.md(text)}\n\n{markup.md(text)}",
                                 extensions=["attr_list", "md_in_html", "tables", "footnotes"])
    (tmp_path / "p.html").write_text(f"<html><body>{rendered}</body></html>", encoding="utf-8")
    assert kit.active_content(tmp_path) == []
    doc = kit.parse(tmp_path / "p.html")
    assert [e.tag for e in doc.elements] == ["html", "body", "h1", "p"], rendered
    assert doc.text == f"{text} {text}"
