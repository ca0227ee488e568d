"""Content is never dropped with exit 0, and never read through a link.

An unreadable year folder used to give "ok: 0 sources", a `content/entities` that
was a file gave 0 entities, a linked year folder was skipped without a word and a
linked entity file was read wherever it pointed. Each is now a problem naming the
path; an unreadable comparisons.yaml is a problem too, in check and in build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.check import collect
from kbgen.cli import main
from kbgen.content import walk
from kbgen.project import Project

from .checking import check, refused, source_text, write

ENTITY = "---\nname: Example Labs\ntype: org\n---\nA lab.\n"
UNREADABLE = "cannot read this folder (Permission denied): its files would be left out"


def _symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError):
        pytest.skip("this file system cannot make symbolic links")


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make listing `denied` fail as chmod 000 does for a normal user (tests run as root)."""
    real = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(walk.os, "scandir", scandir)


def test_an_unreadable_year_folder_is_an_error(project, monkeypatch):
    write(project, "2023/a.md", source_text("a"))
    write(project, "2024/b.md", source_text("b"))
    _deny(monkeypatch, project / "content/sources/2024")
    refused(project, f"content/sources/2024: {UNREADABLE}")


def test_an_unreadable_entities_folder_is_an_error(project, monkeypatch):
    write(project, "example-labs.md", ENTITY, where="entities")
    _deny(monkeypatch, project / "content/entities")
    refused(project, f"content/entities: {UNREADABLE}")


def _no_dac_override() -> list[str] | None:
    """A command prefix under which chmod 000 really denies reading, or None.

    As a normal user, nothing is needed. As root, `setpriv` can drop the two
    capabilities that let root read anything (root stays root, so the interpreter
    under /root remains usable).
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_a_chmod_000_year_folder_really_fails_check(project):
    """The same as above end to end: a real permission error, a real `kbgen check`."""
    prefix = _no_dac_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 cannot deny root")
    write(project, "2024/b.md", source_text("b"))
    denied = project / "content/sources/2024"
    denied.chmod(0)
    try:
        listdir = f"import os; os.listdir({str(denied)!r})"
        probe = subprocess.run([*prefix, sys.executable, "-c", listdir], capture_output=True)
        if probe.returncode == 0 or (prefix and b"PermissionError" not in probe.stderr):
            pytest.skip("cannot drop the capability to read any folder here")
        result = subprocess.run([*prefix, sys.executable, "-m", "kbgen", "check", "--root",
                                 str(project)], capture_output=True, text=True)
    finally:
        denied.chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"content/sources/2024: {UNREADABLE}" in result.stderr


@pytest.mark.parametrize("folder", ["sources", "entities", "pages"])
def test_a_content_folder_that_is_a_file(project, folder):
    (project / "content" / folder).rmdir()
    (project / "content" / folder).write_text("not a folder\n", encoding="utf-8")
    refused(project, f"content/{folder}: this must be a folder but it is a file")


def test_content_itself_linked_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sources").mkdir(parents=True)
    (elsewhere / "sources" / "a.md").write_text(source_text("a"), encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    _symlink(root / "content", elsewhere)
    content, problems = collect(Project(root))
    assert content.sources == ()
    assert [str(p) for p in problems] == [f"content: {walk.LINKED_FOLDER}"]


def test_a_linked_year_folder_is_an_error(project, tmp_path):
    outside = tmp_path / "outside-2024"
    outside.mkdir()
    (outside / "a.md").write_text(source_text("a"), encoding="utf-8")
    _symlink(project / "content/sources/2024", outside)
    refused(project, "content/sources/2024: symbolic links are not followed: move the folder "
                     "here instead of linking it")


def test_a_linked_entity_file_is_refused_like_a_linked_source(project, tmp_path):
    outside = tmp_path / "example-labs.md"
    outside.write_text(ENTITY, encoding="utf-8")
    _symlink(project / "content/entities/example-labs.md", outside)
    result = refused(project, "content/entities/example-labs.md: entity files must be regular "
                              "files, not symbolic links: copy the file here instead")
    assert "0 entities" not in result.output
    assert len(collect(Project(project))[0].registry) == 0


def test_a_linked_entities_subfolder_is_an_error(project, tmp_path):
    outside = tmp_path / "models"
    outside.mkdir()
    (outside / "example-labs.md").write_text(ENTITY, encoding="utf-8")
    _symlink(project / "content/entities/models", outside)
    refused(project, f"content/entities/models: {walk.LINKED_FOLDER}")


def test_hidden_links_are_skipped_like_other_hidden_files(project):
    """Emacs keeps a dangling `.#name.md` link beside a file being edited."""
    write(project, "a.md", source_text("a"))
    _symlink(project / "content/sources/.#a.md", Path("root@host.1234:1700000000"))
    assert check(project).exit_code == 0


def test_a_pipe_in_sources_is_an_error_not_a_hang(project):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(project / "content/sources/feed.md")
    refused(project, "content/sources/feed.md: not a regular file (a pipe, socket or device)")


def _unreadable_comparisons(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / "content/comparisons.yaml"
    path.write_text("- {slug: a-vs-b, title: A vs B, entities: [a, b]}\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_unreadable_comparisons_in_check(project, monkeypatch):
    _unreadable_comparisons(project, monkeypatch)
    refused(project, "content/comparisons.yaml: cannot read the file (Permission denied): fix "
                     "its permissions")


def test_unreadable_comparisons_in_build(project, monkeypatch):
    (project / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")  # build checks it first
    _unreadable_comparisons(project, monkeypatch)
    result = CliRunner().invoke(main, ["build", "--root", str(project)])
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert ("content/comparisons.yaml: cannot read the file (Permission denied): fix its "
            "permissions") in result.output
    assert not (project / "site").exists()


def test_comparisons_that_are_a_folder_or_a_link(project, tmp_path):
    (project / "content/comparisons.yaml").mkdir()
    refused(project, "content/comparisons.yaml: this must be a file")
    (project / "content/comparisons.yaml").rmdir()
    outside = tmp_path / "secret.yaml"
    outside.write_text("- {slug: x, title: X, entities: [a, b]}\n", encoding="utf-8")
    _symlink(project / "content/comparisons.yaml", outside)
    refused(project, "content/comparisons.yaml: comparisons.yaml must be a regular file, not "
                     "a symbolic link")
