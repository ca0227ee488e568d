"""`kbgen check`: validate all content and report every problem at once.

`collect` is the single loader of `content/`: `kbgen build` builds exactly the
`Content` it returns (hand-written pages included), so what check accepts is what
build builds, and build never reads a file check did not look at.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.content import walk
from kbgen.content.comparisons import Comparison, load_comparisons
from kbgen.content.pages import load_pages
from kbgen.content.registry import Registry, load_registry
from kbgen.content.sources import load_sources
from kbgen.errors import ContentError, Problem
from kbgen.model import Page, Source
from kbgen.project import Project


@dataclass(frozen=True)
class Content:
    """Everything under content/, validated."""

    sources: tuple[Source, ...]
    registry: Registry
    comparisons: tuple[Comparison, ...] = ()
    pages: tuple[Page, ...] = ()  # content/pages/, published as they are


def collect(project: Project) -> tuple[Content, list[Problem]]:
    """Load sources, registry, comparisons and pages; return what is valid plus every problem."""
    folder = walk.check_folder(project.content, project.root)
    if folder:  # content/ is a link or a file: nothing under it is read
        return Content((), Registry(())), folder
    sources, problems = load_sources(project.sources, project.root)
    registry, registry_problems = load_registry(project.entities, project.root)
    comparisons, comparison_problems = load_comparisons(project.comparisons, registry, project.root)
    pages, page_problems = load_pages(project.pages, project.root)
    return (
        Content(sources, registry, comparisons, pages),
        problems + registry_problems + comparison_problems + page_problems,
    )


def load_content(project: Project) -> Content:
    """Load and validate everything, or raise ContentError listing every problem."""
    content, problems = collect(project)
    if problems:
        raise ContentError(problems)
    return content
