"""Fixtures for the site tests.

`full_build` builds a fresh copy of the repository's content once per session
(~30 s) and every test about the real site shares it. When a selected test also
asks for `twin_build` (the determinism check), a second fresh copy is built at the
same time by `python -m kbgen build` in a subprocess with another hash seed,
another time zone and files created in reverse order, so the two builds overlap
instead of adding up.

Targeted cases build tiny projects (`tiny_project`): two sources, four entities,
the repository's mkdocs.yml and overrides/, in a temp dir; each builds in ~2 s.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sitekit as kit
from sitekit import Built, make_tiny

from kbgen.build import build
from kbgen.project import Project

TWIN_ENV = {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati"}  # UTC+14
_TWIN = pytest.StashKey[tuple[subprocess.Popen, Path, Path]]()
_SERVER = pytest.StashKey[kit.SiteServer]()


@contextlib.contextmanager
def _environ(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _twin_env(site_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TWIN_ENV, KBGEN_SITE_URL=site_url)
    if os.environ.get("PYTHONHASHSEED") == TWIN_ENV["PYTHONHASHSEED"]:
        env["PYTHONHASHSEED"] = "1717"
    if os.environ.get("TZ") == TWIN_ENV["TZ"]:
        env["TZ"] = "America/St_Johns"
    return env


def _start_twin(base: Path, site_url: str) -> tuple[subprocess.Popen, Path, Path]:
    root = kit.copy_repo(base / "twin", reverse=True)
    log = base / "twin.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kbgen", "build", "-q", "--root",
                                 str(root)], env=_twin_env(site_url), stdout=out,
                                stderr=subprocess.STDOUT, cwd=base)
    return proc, root, log


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """This repository's content, built once per session into a temp copy.

    Its site_url is the address `full_site_url` serves it at (a free local port).
    """
    base = tmp_path_factory.mktemp("full")
    server = request.config.stash[_SERVER] = kit.SiteServer(base / "repo" / "site")
    wants_twin = any("twin_build" in getattr(item, "fixturenames", ())
                     for item in request.session.items)
    if wants_twin:
        request.config.stash[_TWIN] = _start_twin(base, server.url)
    try:
        root = kit.copy_repo(base / "repo")
        with _environ(KBGEN_SITE_URL=server.url):
            report = build(Project(root))
        yield Built(root, report)
    finally:
        server.close()
        if wants_twin:
            proc = request.config.stash[_TWIN][0]
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def full_site_url(full_build: Built, request: pytest.FixtureRequest) -> str:
    """The full build, served over HTTP at its own site_url."""
    return request.config.stash[_SERVER].start()


@pytest.fixture(scope="session")
def twin_build(full_build: Built, request: pytest.FixtureRequest) -> Path:
    """The site of the second, independent build of the repository (see module doc)."""
    proc, root, log = request.config.stash[_TWIN]
    try:
        code = proc.wait(timeout=300)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("the second build did not finish in 300 s")
    assert code == 0, f"python -m kbgen build failed ({code}):\n{log.read_text()}"
    return root / "site"


# -- tiny projects ----------------------------------------------------------------------

@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A tiny valid project (not yet built) in a temp dir."""
    return make_tiny(tmp_path / "tiny")


@pytest.fixture(scope="session")
def _tiny_template(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_tiny(tmp_path_factory.mktemp("tiny-template") / "tiny")
    return Built(root, build(Project(root)))


@pytest.fixture
def tiny_built(_tiny_template: Built, tmp_path: Path) -> Built:
    """The tiny project after one good build (site/ holds a good site), a private copy."""
    dest = tmp_path / "tiny"
    shutil.copytree(_tiny_template.root, dest, symlinks=True)
    return Built(dest, _tiny_template.report)
