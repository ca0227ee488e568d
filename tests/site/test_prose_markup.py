"""kbgen's markup in a source body: mention links, `#p-N` and `#t-N` anchors.

A mention inside code stays code (no link; kbgen's `<a class="kb-m" ...>` used to show
there as text), a mention inside a tag's attribute leaves the attribute as written
(it used to garble the tag), and a source cannot set kbgen's ids or `kb-` classes to
imitate its anchors. Unit tests call `render_body` directly; the last test builds a
tiny site to check the same in the published page.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sitekit as kit
from sitekit import Built

from kbgen.build import build
from kbgen.model import Mention, Source
from kbgen.paragraphs import spans as paragraphs
from kbgen.project import Project
from kbgen.site import prose
from kbgen.site.links import check_site


def _render(body: str, timestamps: str | None = None) -> str:
    """The body rendered with every "GPT-4o" in it a mention, as extraction would find
    it where nothing masks it (long or multi-line tags, code)."""
    starts = [offset for offset, _ in paragraphs(body)]
    mentions = [
        Mention("gpt-4o", "s", m.start(), m.end(), m[0], m[0], m.start(),
                max(i for i, start in enumerate(starts) if start <= m.start()))
        for m in re.finditer("GPT-4o", body)
    ]
    source = Source(id="s", title="T", date=dt.date(2024, 1, 1), type="podcast", body=body,
                    path="s.md", timestamps=timestamps)
    return str(prose.render_body(source, mentions, "sources/s/",
                                 {"gpt-4o": "entities/gpt-4o/"}, {"gpt-4o": "GPT-4o"}))


def _links(doc: kit.Doc) -> list[kit.Element]:
    return [e for e in doc.elements if e.tag == "a" and e.get("class") == "kb-m"]


CODE = {
    "fenced with backticks": "```\nprint('GPT-4o')\n```",
    "fenced with tildes": "~~~python\nmodel = 'GPT-4o'\n~~~",
    "indented": "    model = 'GPT-4o'",
    "inline code span": "Call `GPT-4o` by name.",
    "fenced, with a blank line": "```\nfirst = 1\n\nmodel = 'GPT-4o'\n```",
}


@pytest.mark.parametrize("case", CODE)
def test_a_mention_in_code_stays_code(case: str) -> None:
    out = _render(f"GPT-4o is here.\n\n{CODE[case]}\n\nThe end.")
    doc = kit.parse_fragment(out)
    assert len(_links(doc)) == 1  # the one in prose
    code = re.search(r"<code>(.*?)</code>", out, re.S)
    assert code and "GPT-4o" in code[1] and "<a" not in code[1].replace('<a class="kb-p"', "")
    assert "kb-m" not in doc.text and "&lt;a" not in out


def test_a_paragraph_inside_a_code_block_keeps_a_working_anchor() -> None:
    """The middle paragraph of a fenced block with blank lines is paragraph 2: its
    anchor is an element (an empty link inside the code), not markup shown as text."""
    out = _render("Intro.\n\n```\nfirst\n\nsecond GPT-4o\n```\n\nAfter.")
    doc = kit.parse_fragment(out)
    assert {"p-0", "p-2", "p-3"} <= doc.ids
    assert "Paragraph" not in doc.text and "kb-p" not in doc.text
    assert "first\n\nsecond GPT-4o" in re.sub(r"<a [^>]*></a>", "", out)


def test_a_timestamp_inside_code_keeps_its_anchor_and_its_text() -> None:
    out = _render("[00:00:05] Hello.\n\n```\nlog\n\n[00:00:09] GPT-4o said\n```",
                  timestamps="offset")
    doc = kit.parse_fragment(out)
    assert {"t-5", "t-9"} <= doc.ids
    assert "[00:00:09] GPT-4o said" in re.sub(r"<a [^>]*></a>", "", out)
    assert [e.get("class") for e in doc.elements if e.get("id") == "t-5"] == ["kb-ts"]


@pytest.mark.parametrize("html", [
    "<!-- a comment\n\nGPT-4o inside it\n\n-->",
    "<script>\nlet a;\n\nGPT-4o();\n</script>",
    "An unclosed <textarea>\n\nGPT-4o in it",
    "A <title>x\n\nGPT-4o</title>",
    '<div title="x\n\nGPT-4o y">\n\nz</div>',
])
def test_anchors_survive_raw_html_that_swallows_paragraphs(html: str) -> None:
    """Paragraphs inside a comment, a script, a text area or a tag still get their
    anchor (just before it); kbgen's markup never shows as text."""
    body = f"Intro.\n\n{html}\n\nLast GPT-4o."
    out = _render(body)
    doc = kit.parse_fragment(out)
    assert {f"p-{i}" for i in range(len(paragraphs(body)))} - doc.ids <= {"p-1"}
    assert "kb-" not in doc.text and "Paragraph" not in doc.text and "kbn" not in out


ATTRIBUTES = {
    "img alt": ('<img src="https://example.com/x.png" alt="GPT-4o logo">', "img", "alt",
                "GPT-4o logo"),
    "link title": ('<a title="About GPT-4o" href="https://example.com/">site</a>', "a",
                   "title", "About GPT-4o"),
    "abbr title": ('<abbr title="GPT-4o">4o</abbr>', "abbr", "title", "GPT-4o"),
    "Markdown image": ("![GPT-4o](https://example.com/x.png)", "img", "alt", "GPT-4o"),
    "multi-line tag": ('<img src="https://example.com/x.png"\n  alt="GPT-4o logo">', "img",
                       "alt", "GPT-4o logo"),
}


@pytest.mark.parametrize("case", ATTRIBUTES)
def test_a_mention_in_an_attribute_leaves_the_tag_as_written(case: str) -> None:
    html, tag, attr, value = ATTRIBUTES[case]
    out = _render(f"See {html} and GPT-4o.")
    doc = kit.parse_fragment(out)
    theirs = [e for e in doc.find(tag) if e.get("class") != "kb-m"]
    assert [e.get(attr) for e in theirs if e.get(attr)] == [value]
    assert len(_links(doc)) == 1  # the mention in the text
    assert "&lt;" not in out and "&gt;" not in out and "kb-m" not in doc.text


def test_a_mention_in_link_text_is_not_a_link_inside_a_link() -> None:
    out = _render("Read [the GPT-4o post](https://example.com/) or <a href=\"https://x.org/\">"
                  "this GPT-4o page</a>.")
    doc = kit.parse_fragment(out)
    assert _links(doc) == []
    assert [e.get("href") for e in doc.find("a") if (e.get("href") or "").startswith("https")] \
        == ["https://example.com/", "https://x.org/"]
    assert "the GPT-4o post" in doc.text and "this GPT-4o page" in doc.text


def test_a_source_cannot_imitate_kbgen_anchors() -> None:
    body = "\n\n".join([
        "Zero.",
        'One <span id="p-3" class="kb-m kb-p">fake</span> <a id="t-5" class="kb-ts" '
        'href="#p-3">jump</a> <sup id="p-3" class="kb-x footnote-ref">3</sup>',
        '<div class="kb-source-body" id="p-2">Two</div>',
        "Three GPT-4o.",
    ])
    doc = kit.parse_fragment(_render(body))
    with_id = [e for e in doc.elements if e.get("id") == "p-3"]
    assert len(with_id) == 1 and with_id[0].get("class") == "kb-p"
    assert "t-5" not in doc.ids
    assert [e.get("id") for e in doc.elements if e.get("id") == "p-2"] == []  # a div: no anchor
    classes = {c for e in doc.elements for c in (e.get("class") or "").split()}
    assert classes == {"kb-p", "kb-m", "footnote-ref"}
    assert len(_links(doc)) == 1 and _links(doc)[0].get("href") == "../../entities/gpt-4o/"


def test_an_entity_description_cannot_use_kbgen_classes_or_ids() -> None:
    out = str(prose.to_html('<a class="kb-p" id="p-3" href="#p-3">x</a> '
                            '<span class="kb-m footnote">y</span>'))
    assert 'id="p-3"' not in out and "kb-" not in out and 'class="footnote"' in out


@pytest.mark.parametrize(("body", "shown"), [
    ("An unclosed [ bracket and [^ a note", "An unclosed [ bracket and [^ a note"),
    ("`[` in code, [ outside", "[ in code, [ outside"),
    ("A link [to a [b](https://example.com/a[b) here", "A link [to a b here"),
    ("Ends with x <a or <![CDATA[ y", "Ends with x <a or <![CDATA[ y"),
    ("Private \ufdd0 and \ufde5 characters", "Private \ufffd and \ufffd characters"),
])
def test_defused_text_shows_exactly_as_before(body: str, shown: str) -> None:
    """What kbgen swaps to keep Python-Markdown from backtracking never shows."""
    out = _render(body)
    assert kit.parse_fragment(out).text == shown
    assert not re.search("[\ufdd0-\ufdef]", out)


def test_mentions_timestamps_and_emphasis_render_as_before() -> None:
    out = _render("[00:01:05] **GPT-4o** is *here*, GPT-4o said.\n\n> GPT-4o quoted",
                  timestamps="offset")
    assert out.startswith(
        '<p><a class="kb-ts" id="t-65" href="#t-65" aria-label="at 00:01:05">00:01:05</a> '
        '<a class="kb-p" id="p-0" href="#p-0" aria-label="Paragraph 0"></a><strong>'
        '<a class="kb-m" href="../../entities/gpt-4o/" title="GPT-4o">GPT-4o</a></strong>')
    assert len(_links(kit.parse_fragment(out))) == 3


# -- the published page ------------------------------------------------------------------

HOSTILE_MARKUP = """\
    ---
    id: markup
    title: Code and markup about GPT-4o
    date: 2024-05-20
    type: blog
    ---

    OpenAI shipped GPT-4o.

    ```
    client.chat(model="GPT-4o")

    # GPT-4o again, after a blank line
    ```

    Inline `GPT-4o` code and an image <img src="https://example.com/x.png"
    alt="GPT-4o logo"> in a paragraph.

    <span id="p-5" class="kb-m">A fake anchor</span> before GPT-4o.

    The last paragraph is about GPT-4o.
    """


def test_the_published_source_page_shows_code_as_code(tmp_path: Path) -> None:
    root = kit.make_tiny(tmp_path / "p", sources={"2024/markup.md": HOSTILE_MARKUP})
    built = Built(root, build(Project(root)))
    page = built.page("sources/markup/")
    raw = page.read_text(encoding="utf-8")
    doc = kit.parse(page)
    assert "&lt;a class" not in raw and 'class="kb-m"' not in doc.text
    assert 'client.chat(model="GPT-4o")' in doc.text and "# GPT-4o again" in doc.text
    assert [e.get("alt") for e in doc.find("img") if e.get("alt")] == ["GPT-4o logo"]
    assert [e.get("class") for e in doc.elements if e.get("id") == "p-5"] == ["kb-p"]
    body_links = [e.get("title") for e in doc.elements if e.get("class") == "kb-m"]
    assert body_links == ["OpenAI", "GPT-4o", "GPT-4o", "GPT-4o"]  # none in code or a tag
    assert check_site(built.site) == []
