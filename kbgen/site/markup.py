"""Safe output: everything a page says about a source or an entity passes through here.

Source text is untrusted and so, for safety's sake, are registry names. Markdown
renderers pass raw HTML through and MkDocs injects page titles unescaped, so
values are escaped for both languages at once (`md`): HTML special characters
become entities and Markdown punctuation is backslash-escaped, so a title like
`[x](javascript:...)` or `<img onerror=...>` shows as text. Templates are Jinja2
with autoescape on (it is off by default for non-HTML file names like `.md.j2`).
"""

from __future__ import annotations

import functools
import posixpath
import re
from importlib import resources

import jinja2
import yaml
from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")
_TAG_SAFE = re.compile(r"[^A-Za-z0-9 .+#-]")


def md(text: object) -> Markup:
    """Text for a Markdown or HTML context: HTML-escaped, Markdown-escaped."""
    escaped = str(escape(str(text)))
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    # a leading "1." or "-" would start a list in a heading or a table cell
    escaped = re.sub(r"^(\d+)\.", r"\1\\.", escaped)
    return Markup(escaped.replace("\n", " "))


def title(text: str) -> str:
    """A page title for front matter: MkDocs puts it into <title> and the nav raw."""
    return str(escape(" ".join(text.split())))


def tag(text: str) -> str:
    """A tag as the tags plugin will print it: plain characters only."""
    return _TAG_SAFE.sub("", text).strip()[:40]


def url_of(path: str) -> str:
    """Site URL of a docs path: 'entities/gpt-4o.md' -> 'entities/gpt-4o/'."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    if path.endswith(".md"):
        return path[:-3] + "/"
    return path


def rel(from_url: str, to_url: str) -> str:
    """Relative href between two directory-style site URLs (anchors kept)."""
    target, _, anchor = to_url.partition("#")
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    out = posixpath.relpath(target or ".", base or ".") if target else ""
    if target.endswith("/") and out and not out.endswith("/"):
        out += "/"
    if out == "./":
        out = ""
    return out + (f"#{anchor}" if anchor else "") or "./"


def front_matter(meta: dict) -> str:
    """Front matter of a generated page. The navigation sidebar is hidden: the nav holds
    only section pages, so it would be a near-empty column beside every page."""
    meta = {**meta, "hide": ["navigation", *meta.get("hide", [])]}
    return (
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n"
    )


@functools.cache
def environment() -> jinja2.Environment:
    """The template environment, built once: compiling templates per page was most of
    page generation's time."""
    loader = jinja2.FileSystemLoader(str(resources.files("kbgen.site").joinpath("templates")))
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    return env
