"""The `kbgen` command: parses options and calls the library, nothing more."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kbgen.errors import ContentError, os_failure, printable
from kbgen.project import find_project

if TYPE_CHECKING:  # imported where used, so that `kbgen --help` starts fast
    from kbgen.check import Content
    from kbgen.extract import Extraction

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project root (the directory holding content/). Default: found from the cwd.",
)


def _extracted(root: Path | None, ner_model: str | None) -> tuple[Content, Extraction]:
    """Validated content and its (cached) extraction, or exit with the problems."""
    from kbgen.check import load_content
    from kbgen.extract import extract
    from kbgen.workspace import check_work_folders

    project = find_project(root)
    check_work_folders(project)  # the cache is written: never through a link
    content = load_content(project)
    result = extract(
        content.sources, content.registry, cache_dir=project.cache, ner_model=ner_model
    )
    return content, result


def _say(text: str, *, err: bool = False) -> None:
    """Echo kbgen's words; control characters from file names or content are escaped."""
    click.echo("\n".join(printable(line) for line in text.split("\n")), err=err)


class _Commands(click.Group):
    """kbgen's commands; an OSError nobody expected still ends as one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            name = ctx.invoked_subcommand or ctx.info_name
            raise os_failure(exc, f"kbgen {name}") from exc


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kbgen")
def main() -> None:
    """Turn AI-news sources into a knowledge base with provenance."""


@main.command()
@root_option
def check(root: Path | None) -> None:
    """Validate content/ (sources and entity registry); list every problem."""
    from kbgen.check import collect

    content, problems = collect(find_project(root))
    if problems:
        raise ContentError(problems)
    click.echo(f"ok: {len(content.sources)} sources, {len(content.registry)} entities")


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)


class _OneOf(click.ParamType):
    """A choice that says "use one of ..." (and lists them in --help) when it is wrong."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices
        self.name = "|".join(choices)

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        if value in self.choices:
            return str(value)
        self.fail(f"use one of {', '.join(self.choices)}", param, ctx)


def _source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One `kbgen ingest` option per source key that has a flag, from `SOURCE_FIELDS`.

    The option's value arrives under the key's name (`--author` fills `authors`); its
    help is the key's `doc`. The schema is needed when the command is defined, so
    `kbgen --help` loads it; it is light (no spaCy, no MkDocs).
    """
    from kbgen.ingest.draft import OPTION_FIELDS

    for f in reversed(OPTION_FIELDS):  # decorators apply bottom-up: keep the schema's order
        kind: click.ParamType | None = None
        if f.kind == "date":
            kind = _Date()
        elif f.kind == "choice":
            kind = _OneOf(f.choices)
        choices = f"one of {', '.join(f.choices)}" if f.choices else ""
        what = "; ".join(part for part in (f.doc, choices) if part)
        command = click.option(
            f.option,
            f.name,
            type=kind,
            metavar=f.name.upper() if f.kind == "choice" else None,
            multiple=f.kind == "text_list",
            help=what[:1].upper() + what[1:] + ".",
        )(command)
    return command


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_source_options
@click.option(
    "--format", "fmt", help="Skip detection: subtitles, whisper, youtube, html, markdown, text."
)
@click.option("--force", is_flag=True, help="Overwrite an existing source / ingest a file again.")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@root_option
def ingest(
    files: tuple[Path, ...],
    fmt: str | None,
    force: bool,
    dry_run: bool,
    root: Path | None,
    **values: Any,
) -> None:
    """Turn raw FILES (posts, pages, transcripts, captions) into sources in content/sources/."""
    # `values`: one entry per source key that has an option (see `_source_options`).
    from kbgen import ingest as ingest_lib
    from kbgen.ingest.draft import Overrides

    given: dict[str, Any] = {
        k: tuple(v) if isinstance(v, (tuple, list)) else v for k, v in values.items()
    }
    overrides = Overrides(**given)
    project = find_project(root)
    planned = ingest_lib.plan(list(files), overrides, project, force=force, fmt_name=fmt)
    if dry_run:
        for item in planned:
            rel = item.dest.relative_to(project.root).as_posix()
            if item.action == "duplicate":
                _say(item.describe(project.root))
                continue
            head, _, body = item.text.partition("\n---\n")
            paragraphs = len([b for b in body.split("\n\n") if b.strip()])
            _say(
                f"would {'create' if item.action == 'create' else 'replace'} {rel} "
                f"({item.format}, {paragraphs} paragraphs, {len(body)} characters):"
            )
            _say(head + "\n---")
        return
    ingest_lib.write(planned, project)
    for item in planned:
        _say(item.describe(project.root))


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "graphml", "gexf"]),
    default="json",
    show_default=True,
    help="Export format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; default: standard output.",
)
@click.option("--ner-model", help="Also run this spaCy pipeline (name or path) for candidates.")
@root_option
def graph(fmt: str, output: Path | None, ner_model: str | None, root: Path | None) -> None:
    """Export the knowledge graph (graph.json contract, GraphML or GEXF)."""
    from kbgen.graph.build import build_graph
    from kbgen.graph.export import render

    content, result = _extracted(root, ner_model)
    text = render(build_graph(content.sources, content.registry, result.mentions), fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({fmt})", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on any warning, including a broken internal link or anchor.",
)
@click.option("--ner-model", help="Also run this spaCy pipeline (name or path) for candidates.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary line.")
@root_option
def build(strict: bool, ner_model: str | None, quiet: bool, root: Path | None) -> None:
    """Build the site into site/ (with graph.json, GraphML and GEXF at its root)."""
    from kbgen.build import build as build_site
    from kbgen.progress import reporter

    try:
        project = find_project(root)
        with reporter(enabled=not quiet) as progress:
            report = build_site(
                project,
                strict=strict,
                ner_model=ner_model,
                progress=progress,
                on_wait=lambda message: _say(message, err=True),
            )
    except KeyboardInterrupt:
        click.echo("interrupted: the previous site/ was left as it was", err=True)
        sys.exit(130)
    for warning in report.warnings:
        _say(f"warning: {warning}", err=True)
    click.echo(report.summary())


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@root_option
def serve(host: str, port: int, root: Path | None) -> None:
    """Preview the site, regenerating pages whenever content/ changes."""
    from kbgen.serve import serve as serve_site

    serve_site(find_project(root), host=host, port=port)


@main.command()
@click.option(
    "--candidates",
    is_flag=True,
    help="List model-like names the sources use that the registry lacks.",
)
@click.option("--type", "etype", help="Only entities of this type.")
@click.option("--ner-model", help="Also report names a spaCy pipeline (name or path) finds.")
@root_option
def entities(candidates: bool, etype: str | None, ner_model: str | None, root: Path | None) -> None:
    """List registry entities with their mention counts, or candidates to add."""
    from collections import Counter, defaultdict

    content, result = _extracted(root, ner_model)
    if candidates:
        counts = Counter(c.text for c in result.candidates)
        where: defaultdict[str, set[str]] = defaultdict(set)
        for c in result.candidates:
            where[c.text].add(c.source)
        if not counts:
            click.echo("no candidates: every model-like name in the sources is in the registry")
            return
        click.echo(
            f"{len(counts)} name(s) the registry does not know "
            "(add content/entities/<id>.md, or an alias to an existing entity):"
        )
        for text, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower())):
            click.echo(f"  {text!r:36} {n:4}x  in {', '.join(sorted(where[text]))}")
        return
    mentions = Counter(m.entity for m in result.mentions)
    for entity in content.registry:
        if etype and entity.type != etype:
            continue
        click.echo(f"{entity.id:40} {entity.type:8} {mentions.get(entity.id, 0):5}  {entity.name}")
