"""The page-type registry: `@generator("timeline")` makes a page type part of the site.

Built-in page types register themselves exactly like a new one would (spaCy's
`Language.factory` pattern), so adding a page type is a one-file change: write a
module with a decorated function `(SiteContext) -> Iterable[Page]` and list it in
`MODULES`. Generators are pure; `generate_all` runs them in name order and refuses
two pages that would land on the same URL.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from kbgen.errors import KbgenError
from kbgen.model import Page
from kbgen.site.context import SiteContext
from kbgen.site.markup import url_of

Generator = Callable[[SiteContext], Iterable[Page]]
GENERATORS: dict[str, Generator] = {}
MODULES = ("entity", "source", "timeline", "compare", "indexes", "graphpage")


def generator(name: str) -> Callable[[Generator], Generator]:
    def register(fn: Generator) -> Generator:
        if name in GENERATORS and GENERATORS[name] is not fn:
            raise KbgenError(f"two page generators are called '{name}'")
        GENERATORS[name] = fn
        return fn

    return register


def load_builtin() -> None:
    for module in MODULES:
        importlib.import_module(f"kbgen.site.{module}")


def generate_all(ctx: SiteContext, extra: Iterable[Page] = ()) -> list[Page]:
    load_builtin()
    pages: list[Page] = list(extra)
    for name in sorted(GENERATORS):
        pages.extend(GENERATORS[name](ctx))
    owners: dict[str, str] = {}
    for page in pages:
        url = url_of(page.path)
        if url in owners:
            raise KbgenError(
                f"two pages would be published at '{url}': {owners[url]} and "
                f"{page.path}; rename one (e.g. a hand-written page in "
                "content/pages/ that shadows a generated one)"
            )
        owners[url] = page.path
    return sorted(pages, key=lambda p: p.path)
