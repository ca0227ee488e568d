"""`kbgen build`: content in, a published site out.

One recipe, gather-then-write: everything is loaded, extracted and generated in
memory before a single file is written, so invalid content fails the build with
the previous site intact and every page sees the same data.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable
from dataclasses import dataclass

from kbgen.check import Content, load_content
from kbgen.errors import os_errors
from kbgen.extract import extract
from kbgen.graph.build import build_graph
from kbgen.graph.export import render as export_graph
from kbgen.model import Page
from kbgen.project import Project
from kbgen.site import render
from kbgen.site.context import SiteContext
from kbgen.site.generators import generate_all
from kbgen.site.writer import write_pages
from kbgen.workspace import build_lock, check_work_folders

Progress = Callable[[str, int, int], None]  # (stage, done, total)
EXPORTS = {"json": "graph.json", "graphml": "graph.graphml", "gexf": "graph.gexf"}


@dataclass(frozen=True)
class BuildReport:
    sources: int
    entities: int
    mentions: int
    pages: int
    seconds: float
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        return (
            f"built site/: {self.sources} sources, {self.entities} entities, "
            f"{self.mentions} mentions, {self.pages} pages in {self.seconds:.1f} s"
        )


def generate(
    project: Project,
    content: Content,
    *,
    ner_model: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[Page], SiteContext]:
    """Everything up to the pages in memory: extraction, graph, generators."""
    # Extract mentions; unchanged sources come from the cache.
    extraction = extract(
        content.sources,
        content.registry,
        cache_dir=project.cache,
        ner_model=ner_model,
        progress=(lambda d, t: progress("extract", d, t)) if progress else None,
    )
    # Tie sources and entities together.
    graph = build_graph(content.sources, content.registry, extraction.mentions)
    # Generate every page in memory, exports included.
    ctx = SiteContext.make(
        content.sources, content.registry, extraction.mentions, graph, content.comparisons
    )
    exports = [Page(name, export_graph(graph, fmt)) for fmt, name in EXPORTS.items()]
    # content/pages/ as check loaded and validated it (no links, Markdown in UTF-8)
    return generate_all(ctx, [*exports, *content.pages]), ctx


def _epoch(content: Content) -> int:
    """The newest source's date as the site's timestamp (sitemap, gzip headers), so
    output never depends on the clock; clamped to what a gzip header can hold."""
    newest = max((s.date for s in content.sources), default=None)
    epoch = calendar.timegm(newest.timetuple()) if newest else 0
    return min(max(epoch, 0), 2**32 - 1)


def build(
    project: Project,
    *,
    strict: bool = False,
    ner_model: str | None = None,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BuildReport:
    start = time.perf_counter()
    # Refuse links or files where kbgen's work folders go, before anything is touched.
    check_work_folders(project)
    render.check_config(project.mkdocs_yml)
    # One build at a time in a project: a second one waits here for the first.
    with os_errors("kbgen build"), build_lock(project, on_wait):
        # Load and validate all content; any problem stops here, before any output.
        content = load_content(project)
        pages, ctx = generate(project, content, ner_model=ner_model, progress=progress)
        # Write the pages into the staging docs dir (unchanged bytes are left alone).
        if progress:
            progress("write", 0, len(pages))
        write_pages(pages, project.staging)
        # Render with MkDocs into a fresh dir, check links, swap it in as site/.
        if progress:
            progress("render", 0, 1)
        warnings = render.publish(
            project.mkdocs_yml,
            project.staging,
            project.site,
            project.work,
            strict=strict,
            epoch=_epoch(content),
        )
    return BuildReport(
        len(content.sources),
        len(content.registry),
        len(ctx.mentions),
        len(pages),
        time.perf_counter() - start,
        tuple(warnings),
    )
