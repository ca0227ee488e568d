"""`kbgen check`: validate all content and report every problem at once."""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.content.comparisons import Comparison, load_comparisons
from kbgen.content.registry import Registry, load_registry
from kbgen.content.sources import load_sources
from kbgen.errors import ContentError, Problem
from kbgen.model import Source
from kbgen.project import Project


@dataclass(frozen=True)
class Content:
    """Everything under content/, validated."""

    sources: tuple[Source, ...]
    registry: Registry
    comparisons: tuple[Comparison, ...] = ()


def collect(project: Project) -> tuple[Content, list[Problem]]:
    """Load sources and registry; return what is valid plus every problem."""
    sources, problems = load_sources(project.sources, project.root)
    registry, registry_problems = load_registry(project.entities, project.root)
    comparisons, comparison_problems = load_comparisons(project.comparisons, registry, project.root)
    return (
        Content(sources, registry, comparisons),
        problems + registry_problems + comparison_problems,
    )


def load_content(project: Project) -> Content:
    """Load and validate everything, or raise ContentError listing every problem."""
    content, problems = collect(project)
    if problems:
        raise ContentError(problems)
    return content
