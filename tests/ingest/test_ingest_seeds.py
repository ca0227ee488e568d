"""The five raw seeds, ingested by .ci/ingest-seeds, give content/sources/ byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def seeds_dir() -> Path:
    """KBGEN_SEEDS, or ../shared/seeds next to the repository."""
    return Path(os.environ.get("KBGEN_SEEDS") or REPO.parent / "shared" / "seeds")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_seeds_reproduce_content_sources(repo_copy, tmp_path):
    seeds = seeds_dir()
    if not (seeds / "000_b9ab6a0496f7223f.txt").is_file():
        pytest.skip(f"no raw seeds at {seeds} (set KBGEN_SEEDS to the seeds directory)")
    # The script calls `kbgen`; make that this checkout, whatever is installed.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "kbgen"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kbgen "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO),
                                                       os.environ.get("PYTHONPATH")]))}
    shutil.rmtree(repo_copy / "content" / "sources")
    (repo_copy / "content" / "sources").mkdir()

    run = subprocess.run(["bash", str(REPO / ".ci" / "ingest-seeds"), str(seeds)],
                         cwd=repo_copy, env=env, capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    expected = tree(REPO / "content" / "sources")
    got = tree(repo_copy / "content" / "sources")
    assert sorted(got) == sorted(expected)
    for name, content in expected.items():
        assert got[name] == content, f"content/sources/{name} differs from the seed ingest"
