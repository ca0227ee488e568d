"""Shared test plumbing: golden files, a throwaway project, the repository's own content.

Golden files live under tests/golden/ and are compared byte for byte; run
`pytest --update-goldens` to rewrite them deliberately after a reviewed change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite golden files with the current output instead of comparing")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """golden(name, text): compare `text` with tests/golden/<name>, or rewrite it."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"no golden file {path}: run pytest --update-goldens"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path} (pytest --update-goldens to accept)"

    return check


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty kbgen project (content/sources, content/entities) in a temp dir."""
    for sub in ("content/sources", "content/entities", "content/pages"):
        (tmp_path / sub).mkdir(parents=True)
    return tmp_path


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of this repository's content and site config, safe to build in."""
    dest = tmp_path / "repo"
    dest.mkdir()
    shutil.copytree(REPO / "content", dest / "content")
    for name in ("mkdocs.yml",):
        if (REPO / name).exists():
            shutil.copy(REPO / name, dest / name)
    if (REPO / "overrides").exists():
        shutil.copytree(REPO / "overrides", dest / "overrides")
    return dest
