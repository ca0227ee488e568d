"""Helpers for the site tests: tiny projects on disk, parsed HTML, hashed trees, the
check for anything that could run as script, and a local HTTP server.

Tiny projects are written from dicts of text (front matter + body), with copies of
the repository's mkdocs.yml and overrides/, so they build exactly like the real site.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import http.server
import json
import re
import shutil
import textwrap
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kbgen.build import BuildReport

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Built:
    root: Path
    report: BuildReport

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, url: str) -> Path:
        """The HTML file of a site URL: 'entities/gpt-4o/' -> site/entities/gpt-4o/index.html."""
        path = self.site / url
        return path / "index.html" if url.endswith("/") or not url else path


def write_project(root: Path, *, sources: dict[str, str], entities: dict[str, str],
                  pages: dict[str, str] | None = None, comparisons: str | None = None) -> Path:
    """A project under `root`: content/ from the dicts (dedented), the site config copied.

    `sources` maps a path under content/sources/ to the whole file (front matter
    included); `entities` maps an entity id to its front matter (without the `---`
    lines) and, after a line `---`, its description.
    """
    for sub in ("content/sources", "content/entities", "content/pages"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for rel, text in sources.items():
        path = root / "content" / "sources" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for entity_id, text in entities.items():
        head, _, description = textwrap.dedent(text).partition("\n---\n")
        (root / "content" / "entities" / f"{entity_id}.md").write_text(
            f"---\nid: {entity_id}\n{head.strip()}\n---\n{description}", encoding="utf-8")
    for rel, text in (pages or {}).items():
        path = root / "content" / "pages" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    if comparisons is not None:
        (root / "content" / "comparisons.yaml").write_text(textwrap.dedent(comparisons),
                                                           encoding="utf-8")
    copy_site_config(root)
    return root


def copy_site_config(root: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if not (root / "overrides").exists():
        shutil.copytree(REPO / "overrides", root / "overrides")


def copy_repo(dest: Path, *, reverse: bool = False) -> Path:
    """The repository's content and site config (no cache, no site/) under `dest`.

    With `reverse`, files are created in reverse order, so directory listing order
    (on file systems that keep creation order) differs from a plain copy.
    """
    dest.mkdir(parents=True)
    files = sorted(p for p in (REPO / "content").rglob("*") if p.is_file())
    for src in reversed(files) if reverse else files:
        target = dest / src.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    copy_site_config(dest)
    return dest


# -- tiny projects (shared by conftest and tests) ----------------------------------------

TINY_SOURCES = {
    "2024/launch.md": """\
        ---
        id: launch
        title: OpenAI launches GPT-4o
        subtitle: A new flagship model.
        date: 2024-05-13
        type: blog
        url: https://example.com/launch
        authors: [Jane Doe]
        tags: [launch]
        ---

        OpenAI announced GPT-4o today.

        Sam Altman said GPT-4o is the best model OpenAI has made.

        The o1 model came later.
        """,
    "2024/podcast.md": """\
        ---
        id: podcast
        title: A podcast about o1
        date: 2024-09-20
        type: podcast
        url: https://www.youtube.com/watch?v=abc123
        timestamps: offset
        ---

        [00:00:05] Welcome to the show.

        [00:01:05] Sam Altman talks about o1 and GPT-4o.

        [00:02:10] That is all about o1.
        """,
}

TINY_ENTITIES = {
    "openai": """\
        name: OpenAI
        type: org
        ---
        OpenAI is an AI lab.
        """,
    "gpt-4o": """\
        name: GPT-4o
        type: model
        facts:
          developer: {value: openai, source: "https://openai.com/index/hello-gpt-4o/"}
          release_date: {value: "2024-05-13", source: "https://openai.com/index/hello-gpt-4o/"}
        ---
        GPT-4o is a multimodal model.
        """,
    "o1": """\
        name: o1
        type: model
        aliases: [{text: o1, not_before: [lookup, lookups]}]
        facts:
          developer: {value: openai, source: "https://openai.com/o1/"}
        ---
        o1 is a reasoning model.
        """,
    "sam-altman": """\
        name: Sam Altman
        type: person
        facts:
          organization: {value: openai, source: "https://openai.com/about/"}
        ---
        Sam Altman runs OpenAI.
        """,
}

ABOUT = """\
    # About

    A tiny test project. See the [entities](entities/index.md).
    """


def make_tiny(root: Path, *, sources: dict[str, str] | None = None,
              entities: dict[str, str] | None = None,
              pages: dict[str, str] | None = None) -> Path:
    """A tiny project at `root`; the dicts add to (or replace, key by key) the defaults."""
    return write_project(root, sources={**TINY_SOURCES, **(sources or {})},
                             entities={**TINY_ENTITIES, **(entities or {})},
                             pages={"about.md": ABOUT, **(pages or {})})



# -- the built tree -------------------------------------------------------------------

def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under `root`, by POSIX path."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes under `root` (directories too, as 'dir/': b''), by POSIX path."""
    out: dict[str, bytes] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        out[rel + "/" if p.is_dir() else rel] = b"" if p.is_dir() else p.read_bytes()
    return out


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    text: str = ""  # for <script>, <title>: the text inside

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)


@dataclass
class Doc:
    """A built page, parsed: every element with its attributes, the visible text."""

    path: Path
    elements: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag
                and all(e.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    @property
    def title(self) -> str:
        return next((e.text for e in self.elements if e.tag == "title"), "")

    @property
    def ids(self) -> set[str]:
        return {v for e in self.elements for k, v in e.attrs if k == "id" and v}


class _Parser(HTMLParser):
    _RAW = frozenset({"script", "style", "title", "textarea"})

    def __init__(self, doc: Doc) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.raw: Element | None = None

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.doc.elements.append(element)
        if tag in self._RAW:
            self.raw = element

    def handle_startendtag(self, tag, attrs):
        self.doc.elements.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        if self.raw is not None and tag == self.raw.tag:
            self.raw = None

    def handle_data(self, data):
        if self.raw is not None:
            self.raw.text += data
        else:
            self.doc.text_parts.append(data)


def parse(path: Path) -> Doc:
    """The parsed page (cached while the file is unchanged)."""
    stat = path.stat()
    return _parse(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _parse(path: Path, mtime_ns: int, size: int) -> Doc:
    doc = Doc(path)
    parser = _Parser(doc)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return doc


def parse_fragment(html: str) -> Doc:
    """A piece of HTML (a search index entry, part of a page), parsed."""
    doc = Doc(Path("<fragment>"))
    parser = _Parser(doc)
    parser.feed(html)
    parser.close()
    return doc


def paragraph_text(path: Path, anchor_id: str) -> str:
    """The text of the <p> that holds the element with id `anchor_id`."""
    html = path.read_text(encoding="utf-8")
    at = html.find(f'id="{anchor_id}"')
    assert at >= 0, f"no id={anchor_id} in {path}"
    return parse_fragment(html[html.rfind("<p", 0, at):html.find("</p>", at)]).text


# -- what a page may run -----------------------------------------------------------------

def _theme_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


@functools.lru_cache(maxsize=1)
def theme_inline_scripts() -> tuple[re.Pattern[str], ...]:
    """The inline scripts mkdocs-material's templates contain, as exact patterns.

    The only template expression inside them is a base URL ("../..", ".", "/"), so
    each `{{ ... }}` may match dots and slashes only; everything else must be
    byte-for-byte what the installed theme ships.
    """
    patterns = []
    for partial in sorted((_theme_templates() / "partials" / "javascripts").glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", partial.read_text(encoding="utf-8"),
                               re.S):
            parts = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile("[./]*".join(re.escape(p) for p in parts)))
    assert len(patterns) >= 3, "mkdocs-material's inline scripts were not found"
    return tuple(patterns)


def theme_script_problem(site: Path, page: Path, script: Element) -> str | None:
    """Why this <script> is not one of the theme's own, or None when it is."""
    attrs = dict(script.attrs)
    if "src" in attrs:
        if set(attrs) != {"src"}:
            return f"script with extra attributes {sorted(attrs)}"
        src = attrs["src"] or ""
        if "//" in src or ":" in src:
            return f"script from elsewhere: {src}"
        base = site if src.startswith("/") else page.parent
        target = (base / src.lstrip("/")).resolve()
        if not target.is_relative_to((site / "assets" / "javascripts").resolve()):
            return f"script outside assets/javascripts: {src}"
        shipped = _theme_templates() / target.relative_to(site.resolve())
        if not (target.is_file() and shipped.is_file()
                and target.read_bytes() == shipped.read_bytes()):
            return f"script {src} is not a file the theme ships"
        return None
    if attrs == {"id": "__config", "type": "application/json"}:
        try:
            json.loads(script.text)
        except ValueError:
            return "the theme's JSON config is not JSON"
        return None
    if attrs:
        return f"inline script with attributes {sorted(attrs)}"
    if any(p.fullmatch(script.text) for p in theme_inline_scripts()):
        return None
    return f"inline script not from the theme: {script.text[:120]!r}"


_URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "data", "poster",
              "srcset", "background", "cite", "longdesc", "manifest", "ping", "srcdoc"}
_ACTIVE_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}


def url_scheme(value: str) -> str:
    """The scheme a browser would see: control characters and whitespace removed."""
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", html_lib.unescape(value)).lower()
    m = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    return m[1] if m else ""


def active_content(site: Path) -> list[str]:
    """Everything in the built HTML that could run script, as 'page: what' lines."""
    problems = []
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        for e in parse(path).elements:
            if e.tag == "script":
                why = theme_script_problem(site, path, e)
                if why:
                    problems.append(f"{rel}: {why}")
            if e.tag in _ACTIVE_ELEMENTS:
                problems.append(f"{rel}: <{e.tag}> element")
            if e.tag == "meta" and (e.get("http-equiv") or "").lower() == "refresh":
                problems.append(f"{rel}: <meta http-equiv=refresh>")
            for name, value in e.attrs:
                scheme = url_scheme(value or "") if name in _URL_ATTRS else ""
                if name.startswith("on") or scheme in ("javascript", "vbscript", "data"):
                    problems.append(f"{rel}: <{e.tag} {name}={value!r}>")
                elif name == "style" and "javascript:" in (value or "").lower():
                    problems.append(f"{rel}: <{e.tag} style={value!r}>")
    return problems


# -- serving ----------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class SiteServer:
    """http.server for a directory, on a free local port chosen when it is made.

    The port is known (and held) before the site is built, so the build can use the
    URL as its site_url: mkdocs-material's instant navigation only takes over links
    whose host and port match the sitemap's.
    """

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread: threading.Thread | None = None
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> str:
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
        return self.url

    def close(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(5)
        self._server.server_close()
