"""Two builds of one project at once: the second waits, and the site is never half-built.

Before the lock, a second `kbgen build` started a second after the first left an
incomplete site/ (no assets, no graph files) in 3 of 11 trials, both exiting 0.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import sitekit as kit

from kbgen.project import Project
from kbgen.workspace import build_lock

WAITING = "waiting for another kbgen build of this project to finish"


def _start(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kbgen", "build", "-q", "--root", str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _complete(site: Path) -> None:
    for rel in ("index.html", "graph.json", "graph.graphml", "graph.gexf",
                "entities/gpt-4o/index.html", "sitemap.xml", "search/search_index.json"):
        assert (site / rel).is_file(), f"site/{rel} is missing"
    assert any((site / "assets").rglob("*.css")), "site/assets has no stylesheet"


def test_a_second_build_waits_for_the_first(tiny_project: Path, tmp_path: Path) -> None:
    log = tmp_path / "second.log"
    with build_lock(Project(tiny_project)), log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "build", "-q", "--root", str(tiny_project)],
            stdout=subprocess.DEVNULL, stderr=err, text=True,
        )
        deadline = time.monotonic() + 120
        while WAITING not in log.read_text() and proc.poll() is None:
            assert time.monotonic() < deadline, "the second build neither waited nor ended"
            time.sleep(0.1)
        time.sleep(1.0)  # had it not blocked, it would be building now
        assert proc.poll() is None, f"the second build did not wait:\n{log.read_text()}"
        assert not (tiny_project / "site").exists(), "it built while the lock was held"
    assert proc.wait(timeout=180) == 0, log.read_text()
    assert "(pid " in log.read_text()
    _complete(tiny_project / "site")


def test_two_builds_started_together_both_succeed_with_a_complete_site(
    tiny_project: Path, tmp_path: Path
) -> None:
    reference = kit.make_tiny(tmp_path / "reference")
    assert subprocess.run([sys.executable, "-m", "kbgen", "build", "-q", "--root",
                           str(reference)], capture_output=True).returncode == 0
    for _trial in range(2):
        first = _start(tiny_project)
        time.sleep(0.5)
        second = _start(tiny_project)
        for proc in (first, second):
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            assert "Traceback" not in err
        _complete(tiny_project / "site")
        assert kit.tree_digest(tiny_project / "site") == kit.tree_digest(reference / "site")
