"""A build never reads, writes or deletes anything outside the project through a link.

Each case is one a pull request can carry to CI: a committed symbolic link where
kbgen keeps its work folders (`.kbgen/…`, `site/`) or in the theme's overrides.
Before the fix, `.kbgen/docs -> ../../somewhere` made the writer's cleanup delete
every file under the target, and a linked `.kbgen/site-next` let MkDocs build into
it. Now the build refuses, names the link and says what to remove — and the files
at the target are untouched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sitekit as kit
from click.testing import CliRunner
from sitekit import Built

from kbgen import cli
from kbgen.build import build
from kbgen.errors import KbgenError
from kbgen.project import Project


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project, with files a careless cleanup would delete."""
    victim = tmp_path / "somewhere"
    (victim / "deep").mkdir(parents=True)
    (victim / "precious.txt").write_text("keep me")
    (victim / "deep" / "also.txt").write_text("keep me too")
    return victim


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _run(root: Path):
    return CliRunner().invoke(cli.main, ["build", "-q", "--root", str(root)])


@pytest.mark.parametrize("folder", [".kbgen", ".kbgen/docs", ".kbgen/cache",
                                    ".kbgen/cache/extract", "site"])
def test_a_linked_work_folder_is_refused_and_its_target_untouched(
    tiny_built: Built, outside: Path, folder: str
) -> None:
    before = kit.snapshot(outside)
    link = tiny_built.root / folder
    if folder == ".kbgen":
        os.rename(link, tiny_built.root / "kbgen-work-aside")
    else:
        _remove(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(outside, link.parent))
    result = _run(tiny_built.root)
    assert result.exit_code == 1, result.output
    assert f"{folder} is a symbolic link" in result.output
    assert f"rm {folder}" in result.output  # says what to do
    assert "Traceback" not in result.output
    assert kit.snapshot(outside) == before


def test_linked_site_next_is_unlinked_not_built_into(tiny_built: Built, outside: Path) -> None:
    """`.kbgen/site-next` and `site-old` are kbgen's scratch: whatever is there is removed
    (a link only unlinked), MkDocs builds into a fresh real directory, and site/ never
    becomes a link."""
    before = kit.snapshot(outside)
    for name in ("site-next", "site-old"):
        (tiny_built.root / ".kbgen" / name).symlink_to(outside)
    build(Project(tiny_built.root))
    assert kit.snapshot(outside) == before
    site = tiny_built.root / "site"
    assert site.is_dir() and not site.is_symlink()
    assert (site / "entities" / "gpt-4o" / "index.html").is_file()
    assert not os.path.lexists(tiny_built.root / ".kbgen" / "site-next")


def test_a_link_inside_the_staging_folder_is_removed_not_followed(
    tiny_built: Built, outside: Path
) -> None:
    before = kit.snapshot(outside)
    staging = tiny_built.root / ".kbgen" / "docs"
    _remove(staging / "entities")
    (staging / "entities").symlink_to(outside)  # a page directory replaced by a link
    (staging / "stray").symlink_to(outside / "precious.txt")  # a stale page that is a link
    build(Project(tiny_built.root))
    assert kit.snapshot(outside) == before
    assert (staging / "entities").is_dir() and not (staging / "entities").is_symlink()
    assert not os.path.lexists(staging / "stray")
    assert (tiny_built.site / "entities" / "gpt-4o" / "index.html").is_file()


@pytest.mark.parametrize("folder", [".kbgen/docs", ".kbgen/cache", "site"])
def test_a_file_where_a_work_folder_goes_is_refused(tiny_built: Built, folder: str) -> None:
    path = tiny_built.root / folder
    _remove(path)
    path.write_text("not a folder")
    result = _run(tiny_built.root)
    assert result.exit_code == 1, result.output
    assert f"{folder} exists but is not a directory" in result.output
    assert "Traceback" not in result.output
    path.unlink()  # what the message says to do: then the build works
    assert _run(tiny_built.root).exit_code == 0


def test_a_link_in_the_theme_overrides_is_refused(tiny_built: Built) -> None:
    """MkDocs copies custom_dir's files into the site: a link would publish its target."""
    (tiny_built.root / "overrides" / "env.txt").symlink_to("/proc/self/environ")
    with pytest.raises(KbgenError, match=r"overrides/env\.txt is a symbolic link"):
        build(Project(tiny_built.root))
    assert not (tiny_built.site / "env.txt").exists()


def test_a_linked_lock_file_is_refused(tiny_built: Built, outside: Path) -> None:
    before = kit.snapshot(outside)
    _remove(tiny_built.root / ".kbgen" / "build.lock")
    (tiny_built.root / ".kbgen" / "build.lock").symlink_to(outside / "precious.txt")
    with pytest.raises(KbgenError, match=r"build\.lock is a symbolic link"):
        build(Project(tiny_built.root))
    assert kit.snapshot(outside) == before


@pytest.mark.parametrize("command", ["graph", "entities"])
def test_commands_that_fill_the_cache_refuse_a_linked_cache(
    tiny_built: Built, outside: Path, command: str
) -> None:
    before = kit.snapshot(outside)
    cache = tiny_built.root / ".kbgen" / "cache"
    _remove(cache)
    cache.symlink_to(outside)
    result = CliRunner().invoke(cli.main, [command, "--root", str(tiny_built.root)])
    assert result.exit_code == 1, result.output
    assert ".kbgen/cache is a symbolic link" in result.output
    assert kit.snapshot(outside) == before
