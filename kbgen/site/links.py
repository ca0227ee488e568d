"""Internal links and anchors of the rendered site, checked before it is published.

MkDocs validates links written in Markdown, not those inside raw HTML (quotes,
infoboxes, SVG pictures), so the built HTML itself is checked: every relative href
must reach a file of the new site, and every #anchor an id on the target page.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SKIP_PREFIXES = ("assets/", "search/")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name in ("href", "xlink:href") and value and tag == "a":
                self.links.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def check_site(site: Path, base_path: str = "/") -> list[str]:
    """Broken internal links as 'page: href (why)' lines; empty when all resolve.

    `base_path` is the path of the site URL ("/kbgen/" for a project's GitHub Pages
    site): root-relative links, which 404.html uses, start with it.
    """
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    parsed: dict[str, _Collector] = {}

    def get(rel: str) -> _Collector:
        if rel not in parsed:
            parsed[rel] = _parse(pages[rel])
        return parsed[rel]

    problems = []
    for rel in sorted(pages):
        for href in get(rel).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "//")):
                continue
            target_path = unquote(parts.path)
            base = posixpath.dirname(rel)
            if target_path.startswith("/"):  # root-relative (404.html uses these)
                if not (target_path + "/").startswith(base_path):
                    problems.append(f"{rel}: {href} (outside the site's path {base_path})")
                    continue
                target_path, base = target_path[len(base_path) :] or ".", ""
            if target_path:
                joined = posixpath.normpath(posixpath.join(base, target_path))
                if joined.startswith(".."):
                    problems.append(f"{rel}: {href} (points outside the site)")
                    continue
                if joined.startswith(_SKIP_PREFIXES):
                    continue
                candidates = [joined, posixpath.join(joined, "index.html")]
                target = next((c for c in candidates if c in pages or (site / c).is_file()), None)
                if target is None:
                    problems.append(f"{rel}: {href} (no such page)")
                    continue
            else:
                target = rel
            if (
                parts.fragment
                and target in pages
                and unquote(parts.fragment) not in get(target).ids
            ):
                problems.append(f"{rel}: {href} (no anchor #{parts.fragment} on {target})")
    return problems
