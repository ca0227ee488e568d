"""Where a kbgen project keeps things, resolved once from its root directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen.errors import KbgenError


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def sources(self) -> Path:
        return self.content / "sources"

    @property
    def entities(self) -> Path:
        return self.content / "entities"

    @property
    def pages(self) -> Path:
        return self.content / "pages"

    @property
    def comparisons(self) -> Path:
        return self.content / "comparisons.yaml"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    @property
    def work(self) -> Path:
        """kbgen's own folder: staging docs, cache, the next site, the build lock."""
        return self.root / ".kbgen"

    @property
    def cache(self) -> Path:
        return self.work / "cache"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def staging(self) -> Path:
        return self.work / "docs"


def find_project(start: Path | None = None) -> Project:
    """The nearest directory at or above `start` that has a `content/` directory."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "content").is_dir():
            return Project(candidate)
    raise KbgenError(
        f"no kbgen project here: {here} has no content/ directory (nor do its "
        "parents). Run kbgen from the project root or pass --root DIR."
    )
