"""Run `kbgen ingest` on a temp project and look at what it wrote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.content.sources import load_sources

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw"


@dataclass(frozen=True)
class Ran:
    exit_code: int
    output: str


def kbgen(project: Path, command: str, *args: str | Path) -> Ran:
    """`kbgen COMMAND --root project ARGS`; fails the test on a traceback or a crash."""
    result = CliRunner().invoke(main, [command, "--root", str(project), *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"kbgen {command} crashed: {result.exception!r}")
    assert "Traceback" not in result.output
    return Ran(result.exit_code, result.output)


def ingest(project: Path, *args: str | Path) -> Ran:
    return kbgen(project, "ingest", *args)


def written(project: Path) -> list[str]:
    """Every file under content/sources, as sorted POSIX paths relative to it."""
    root = project / "content" / "sources"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def ingested(project: Path, fixture: str, *options: str) -> tuple[str, str]:
    """Ingest one fixture; return (its path under content/sources, its text).

    Also checks that the one written source loads under the strict loader.
    """
    result = ingest(project, RAW / fixture, *options)
    assert result.exit_code == 0, result.output
    (rel,) = written(project)
    text = (project / "content/sources" / rel).read_text(encoding="utf-8")
    sources, problems = load_sources(project / "content/sources", project)
    assert problems == [] and len(sources) == 1
    return rel, text


def body_of(text: str) -> str:
    """A source file's body, below its front matter."""
    return text.split("\n---\n", 1)[1]
