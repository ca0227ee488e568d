"""Faults of the machine, not the content: a full disk, read-only folders.

Each gives one line naming what failed and what to do, never a traceback; the
previous site stays byte for byte; no temp file or half-built site is left behind;
and once the fault is gone the next build works with no cleanup by hand. The disk
and the read-only folders are real (a small tmpfs, read-only bind mounts), which
needs root, as CI runs; elsewhere these tests skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sitekit as kit
from click.testing import CliRunner
from sitekit import Built

from kbgen import cli


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextmanager
def _mounted(*args: str, at: Path) -> Iterator[Path]:
    try:
        _mount(*args, str(at))
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount here (needs root): {exc}")
    try:
        yield at
    finally:
        subprocess.run(["umount", "-l", str(at)], check=False, capture_output=True)


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """`path` made read-only for everyone, root included, by a read-only bind mount."""
    with _mounted("--bind", str(path), at=path):
        _mount("-o", "remount,bind,ro", str(path))
        yield


def _build(root: Path):
    result = CliRunner().invoke(cli.main, ["build", "-q", "--root", str(root)])
    return result.exit_code, result.output


def _leftovers(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.name.endswith(".tmp") or p.name in ("site-next", "site-old"))


@pytest.fixture
def on_small_disk(tiny_built: Built, tmp_path: Path) -> Iterator[Path]:
    """The built tiny project (a ~3 MB site) copied onto its own 12 MB file system."""
    disk = tmp_path / "disk"
    disk.mkdir()
    with _mounted("-t", "tmpfs", "-o", "size=12m", "tmpfs", at=disk):
        root = disk / "tiny"
        shutil.copytree(tiny_built.root, root, symlinks=True)
        yield root


def _fill(root: Path, leave: int) -> Path:
    """Fill the disk holding `root` until `leave` bytes are free."""
    filler = root.parent / "filler"
    free = shutil.disk_usage(root).free
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(free - leave, 0))
    return filler


@pytest.mark.parametrize("free_kb", [0, 64, 512, 1536, 2560, 4096])
def test_a_full_disk_is_one_line_and_leaves_the_site_and_no_debris(
    on_small_disk: Path, free_kb: int
) -> None:
    root = on_small_disk
    # a changed source, so the build has pages, cache entries and a site to write
    path = root / "content" / "sources" / "2024" / "launch.md"
    path.write_text(path.read_text().replace("announced GPT-4o today", "announced GPT-4o now"))
    before = kit.snapshot(root / "site")
    filler = _fill(root, free_kb * 1024)
    code, output = _build(root)
    assert "Traceback" not in output
    if code != 0:
        assert code == 1
        assert "the disk is full: free some space" in output, output
        assert len(output.strip().splitlines()) == 1, output
        assert kit.snapshot(root / "site") == before
    assert _leftovers(root) == []
    filler.unlink()  # the fault goes away: the next build works without cleanup
    code, output = _build(root)
    assert code == 0, output
    assert "announced GPT-4o now" in kit.parse(root / "site/sources/launch/index.html").text


@pytest.mark.parametrize("folder", ["", ".kbgen", ".kbgen/docs", "site"])
def test_a_read_only_folder_is_one_line_and_leaves_the_site(
    tiny_built: Built, folder: str
) -> None:
    root = tiny_built.root
    path = root / "content" / "sources" / "2024" / "launch.md"
    path.write_text(path.read_text().replace("announced GPT-4o today", "announced GPT-4o now"))
    before = kit.snapshot(root / "site")
    with _read_only(root / folder):
        code, output = _build(root)
    assert code == 1, output
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) == 1, output
    assert "read-only" in output or "in use" in output, output
    assert kit.snapshot(root / "site") == before
    assert _leftovers(root) == []
    code, output = _build(root)
    assert code == 0, output


def test_ingest_into_a_read_only_folder_is_one_line(tiny_built: Built, tmp_path: Path) -> None:
    raw = tmp_path / "post.md"
    raw.write_text("---\ntitle: A post\ndate: 2024-06-01\n---\n\nGPT-4o again.\n")
    year = tiny_built.root / "content" / "sources" / "2024"
    before = sorted(os.listdir(year))
    with _read_only(year):
        result = CliRunner().invoke(cli.main, ["ingest", str(raw), "--type", "blog",
                                               "--root", str(tiny_built.root)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "kbgen ingest failed at" in result.output and "read-only" in result.output
    assert sorted(os.listdir(year)) == before  # nothing half-written
