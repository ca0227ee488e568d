"""`kbgen serve`: a live preview for editors.

MkDocs' server watches the staging docs and reloads the browser; kbgen watches
`content/` and regenerates the staging docs when an editor saves a file. Invalid
content is reported in the terminal and the last good pages stay up, so a typo in
front matter never takes the preview down.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from kbgen.build import generate
from kbgen.check import load_content
from kbgen.errors import KbgenError, os_errors
from kbgen.project import Project
from kbgen.site import render
from kbgen.site.writer import write_pages
from kbgen.workspace import build_lock, check_work_folders

POLL_SECONDS = 1.0


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under root: cheap enough to poll every second."""
    out = {}
    for path in root.rglob("*"):
        if path.is_file():
            stat = path.stat()
            out[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return out


def regenerate(project: Project) -> str:
    """Regenerate the staging docs; returns a one-line status for the terminal."""
    start = time.perf_counter()
    check_work_folders(project)
    with os_errors("kbgen serve"), build_lock(project):  # a `kbgen build` may run meanwhile
        content = load_content(project)
        pages, _ = generate(project, content)
        report = write_pages(pages, project.staging)
    return (
        f"regenerated {report.written} page(s), removed {report.removed} "
        f"in {time.perf_counter() - start:.1f} s"
    )


def watch(project: Project, stop: threading.Event) -> None:
    seen = snapshot(project.content)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(project.content)
        if now == seen:
            continue
        seen = now
        try:
            print(f"kbgen: {regenerate(project)}", file=sys.stderr)
        except KbgenError as exc:
            print(
                f"kbgen: content has problems; the preview keeps the last good pages\n{exc}",
                file=sys.stderr,
            )


def serve(project: Project, *, host: str, port: int) -> None:
    print(f"kbgen: {regenerate(project)}", file=sys.stderr)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, stop), daemon=True)
    watcher.start()
    try:
        render.serve(project.mkdocs_yml, project.staging, host=host, port=port)
    finally:
        stop.set()
