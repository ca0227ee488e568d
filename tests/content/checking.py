"""Run `kbgen check` on a temp project and look at what an editor would see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main

# The four required keys of a source, to build files that differ in one respect.
KEYS = "id: {id}\ntitle: A title\ndate: 2024-05-15\ntype: blog\n"


@dataclass(frozen=True)
class Checked:
    exit_code: int
    output: str

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()


def check(project: Path) -> Checked:
    """`kbgen check --root project`; fails the test on a traceback or a crash."""
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"kbgen check crashed: {result.exception!r}")
    assert "Traceback" not in result.output
    return Checked(result.exit_code, result.output)


def source_text(source_id: str = "a-source", extra: str = "", body: str = "Body text.\n") -> str:
    return f"---\n{KEYS.format(id=source_id)}{extra}---\n{body}"


def write(project: Path, name: str, content: str | bytes, where: str = "sources") -> Path:
    path = project / "content" / where / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def refused(project: Path, *expected: str) -> Checked:
    """Check fails, and each expected text is (part of) one line of the report."""
    result = check(project)
    assert result.exit_code != 0, result.output
    for text in expected:
        assert any(text in line for line in result.lines), (
            f"{text!r} not in the report:\n{result.output}")
    return result
