"""A failed or interrupted build leaves the last good site/ byte for byte as it was.

Each test starts from a tiny project that has been built once (a good site/), then
breaks the next build in a different place: invalid content (before anything is
written), an error or a Ctrl-C in the middle of the MkDocs step (after partial
output), and a failure between the two renames of the final swap.
"""

from __future__ import annotations

import pathlib
import shutil
from pathlib import Path

import pytest
import sitekit as kit
from click.testing import CliRunner
from sitekit import Built

from kbgen import cli
from kbgen.build import build
from kbgen.errors import ContentError, KbgenError
from kbgen.project import Project
from kbgen.site import render

BAD_SOURCE = """\
---
id: broken
title: Broken
date: 2024-13-45
type: blog
---

Text.
"""


def _run(root: Path, *args: str):
    return CliRunner().invoke(cli.main, ["build", "-q", "--root", str(root), *args])


def _partial_then(exc: BaseException):
    """A stand-in for render.render that writes half a site into out_dir, then fails."""
    def fake(config_file, docs_dir, out_dir, **kwargs):
        (out_dir / "entities").mkdir(parents=True)
        (out_dir / "index.html").write_text("<html>half a site</html>")
        (out_dir / "entities" / "index.html").write_text("<html>")
        raise exc
    return fake


def test_invalid_content_fails_and_keeps_the_site(tiny_built: Built) -> None:
    before = kit.snapshot(tiny_built.site)
    (tiny_built.root / "content" / "sources" / "2024" / "broken.md").write_text(BAD_SOURCE)
    with pytest.raises(ContentError) as info:
        build(Project(tiny_built.root))
    assert "content/sources/2024/broken.md:4:" in str(info.value)
    assert kit.snapshot(tiny_built.site) == before


def test_invalid_content_via_the_cli(tiny_built: Built) -> None:
    before = kit.snapshot(tiny_built.site)
    (tiny_built.root / "content" / "sources" / "2024" / "broken.md").write_text(BAD_SOURCE)
    result = _run(tiny_built.root)
    assert result.exit_code == 1, result.output
    assert "content/sources/2024/broken.md:4:" in result.output
    assert "Traceback" not in result.output
    assert kit.snapshot(tiny_built.site) == before


def test_content_change_does_reach_the_site(tiny_built: Built) -> None:
    """The control for the tests above: a good build does replace site/."""
    before = kit.snapshot(tiny_built.site)
    path = tiny_built.root / "content" / "sources" / "2024" / "launch.md"
    path.write_text(path.read_text().replace("announced GPT-4o today", "announced GPT-4o now"))
    build(Project(tiny_built.root))
    assert kit.snapshot(tiny_built.site) != before
    assert "announced GPT-4o now" in kit.parse(tiny_built.page("sources/launch/")).text


@pytest.mark.parametrize("exc", [KbgenError("MkDocs failed: boom"), OSError(28, "No space left"),
                                 RuntimeError("theme crashed")], ids=repr)
def test_failure_during_mkdocs_keeps_the_site(tiny_built: Built, monkeypatch, exc) -> None:
    before = kit.snapshot(tiny_built.site)
    monkeypatch.setattr(render, "render", _partial_then(exc))
    # an OSError (a full disk) reaches the CLI as a one-line KbgenError naming it
    with pytest.raises(KbgenError if isinstance(exc, OSError) else type(exc)) as info:
        build(Project(tiny_built.root))
    if isinstance(exc, OSError):
        assert "the disk is full" in str(info.value)
    assert kit.snapshot(tiny_built.site) == before
    # the half-built site is removed at once, not at the next build
    assert not (tiny_built.root / ".kbgen" / "site-next").exists()
    # and the next good build recovers, leaving no half-built directory behind
    monkeypatch.undo()
    build(Project(tiny_built.root))
    assert not (tiny_built.root / ".kbgen" / "site-next").exists()
    assert (tiny_built.site / "entities" / "gpt-4o" / "index.html").is_file()


def test_keyboard_interrupt_during_mkdocs_keeps_the_site(tiny_built: Built, monkeypatch) -> None:
    before = kit.snapshot(tiny_built.site)
    monkeypatch.setattr(render, "render", _partial_then(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build(Project(tiny_built.root))
    assert kit.snapshot(tiny_built.site) == before


def test_keyboard_interrupt_via_the_cli(tiny_built: Built, monkeypatch) -> None:
    before = kit.snapshot(tiny_built.site)
    monkeypatch.setattr(render, "render", _partial_then(KeyboardInterrupt()))
    result = _run(tiny_built.root)
    assert result.exit_code == 130
    assert "interrupted: the previous site/ was left as it was" in result.output
    assert kit.snapshot(tiny_built.site) == before


def test_mkdocs_error_via_the_cli(tiny_built: Built, monkeypatch) -> None:
    before = kit.snapshot(tiny_built.site)
    monkeypatch.setattr(render, "render", _partial_then(KbgenError("MkDocs failed: boom")))
    result = _run(tiny_built.root)
    assert result.exit_code == 1
    assert "MkDocs failed: boom" in result.output and "Traceback" not in result.output
    assert kit.snapshot(tiny_built.site) == before


def test_the_swap_leaves_no_moment_without_a_site(tiny_built: Built, monkeypatch) -> None:
    """A kill -9 can land between any two file-system calls of the swap: after every one
    of them site/ must be a complete site (one atomic exchange, not two renames)."""
    index = tiny_built.site / "index.html"
    seen: list[bool] = []
    real_rename, real_exchange = pathlib.Path.rename, render._exchange

    def rename(self, target):
        result = real_rename(self, target)
        seen.append(index.is_file())
        return result

    def exchange(a, b):
        result = real_exchange(a, b)
        seen.append(index.is_file())
        return result

    monkeypatch.setattr(pathlib.Path, "rename", rename)
    monkeypatch.setattr(render, "_exchange", exchange)
    build(Project(tiny_built.root))
    assert seen and all(seen), seen


def test_interrupt_between_the_two_renames_keeps_the_site(tiny_built: Built,
                                                          monkeypatch) -> None:
    """Where the kernel cannot exchange paths, site/ -> site-old, then site-next -> site/:
    a Ctrl-C between them must not lose site/."""
    monkeypatch.setattr(render, "_renameat2", lambda: None)
    before = kit.snapshot(tiny_built.site)
    fresh = tiny_built.root / ".kbgen" / "site-next"
    real_rename = pathlib.Path.rename

    def rename(self, target):
        if Path(self) == fresh:
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(pathlib.Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        build(Project(tiny_built.root))
    monkeypatch.undo()
    assert kit.snapshot(tiny_built.site) == before


def test_a_site_left_aside_by_a_crash_is_restored_not_deleted(tiny_built: Built,
                                                              monkeypatch) -> None:
    """If a crash (kill -9) left the good site in .kbgen/site-old and no site/, the next
    build puts it back even when that build fails, instead of deleting it."""
    before = kit.snapshot(tiny_built.site)
    shutil.move(tiny_built.site, tiny_built.root / ".kbgen" / "site-old")
    monkeypatch.setattr(render, "render", _partial_then(KbgenError("MkDocs failed: boom")))
    with pytest.raises(KbgenError):
        build(Project(tiny_built.root))
    assert kit.snapshot(tiny_built.site) == before
