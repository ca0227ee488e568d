"""mkdocs.yml is checked before any work: missing, unreadable, or setting kbgen's folders.

Before, a missing mkdocs.yml failed only after extraction, in MkDocs' words, and
`docs_dir`/`site_dir` in it were silently overridden by kbgen's own folders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kbgen.build
from kbgen.build import build
from kbgen.errors import KbgenError
from kbgen.project import Project


@pytest.fixture
def no_extraction(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("extraction ran before the config was checked")

    monkeypatch.setattr(kbgen.build, "extract", fail)


def test_a_missing_config_is_reported_before_any_work(tiny_project: Path, no_extraction) -> None:
    (tiny_project / "mkdocs.yml").unlink()
    with pytest.raises(KbgenError, match=r"mkdocs\.yml not found at the project root"):
        build(Project(tiny_project))
    assert not (tiny_project / "site").exists()


@pytest.mark.parametrize("key", ["docs_dir: docs", "site_dir: public"])
def test_a_config_that_sets_kbgens_folders_is_refused(
    tiny_project: Path, no_extraction, key: str
) -> None:
    config = tiny_project / "mkdocs.yml"
    config.write_text(config.read_text() + f"\n{key}\n")
    with pytest.raises(KbgenError, match=rf"remove {key.split(':')[0]}: kbgen stages"):
        build(Project(tiny_project))


def test_a_config_that_is_not_yaml_is_refused(tiny_project: Path, no_extraction) -> None:
    (tiny_project / "mkdocs.yml").write_text("site_name: [unclosed\n")
    with pytest.raises(KbgenError, match=r"mkdocs\.yml: cannot be read as YAML"):
        build(Project(tiny_project))


def test_the_repository_config_sets_neither() -> None:
    from kbgen.site.render import check_config

    check_config(Path(__file__).resolve().parents[2] / "mkdocs.yml")
