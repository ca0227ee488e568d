"""Hand-written pages are checked by `kbgen check`, and build publishes what check loaded.

`content/pages/` is published as it is, so a link there published its target:
`env.txt -> /proc/self/environ` put the build's environment (secrets included) into
`site/env.txt`, and `x.md -> /etc/hostname` became a page. A Markdown page that is
not UTF-8 stopped MkDocs with a traceback after check had said ok.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.build import build
from kbgen.check import collect
from kbgen.errors import ContentError
from kbgen.project import Project

from .checking import check, refused, write

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00binary"


def _symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError):
        pytest.skip("this file system cannot make symbolic links")


def test_pages_are_loaded_by_check_and_built_from_there(project):
    write(project, "about.md", "# About\n\nHand-written.\n", where="pages")
    write(project, "img/logo.png", PNG, where="pages")
    write(project, ".DS_Store", b"\x00\x00\x00\x01Bud1", where="pages")
    content, problems = collect(Project(project))
    assert problems == []
    assert [(p.path, p.content) for p in content.pages] == [
        ("about.md", b"# About\n\nHand-written.\n"),
        ("img/logo.png", PNG),  # binary files are copied byte for byte
    ]
    assert check(project).exit_code == 0


def test_a_link_to_the_environment_is_refused(project):
    _symlink(project / "content/pages/env.txt", Path("/proc/self/environ"))
    refused(project, "content/pages/env.txt: pages must be regular files, not symbolic links: "
                     "copy the file here instead")
    assert collect(Project(project))[0].pages == ()


def test_a_markdown_link_to_a_system_file_is_refused(project):
    _symlink(project / "content/pages/x.md", Path("/etc/hostname"))
    refused(project, "content/pages/x.md: pages must be regular files, not symbolic links")


def test_a_linked_folder_of_pages_is_refused(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n", encoding="utf-8")
    _symlink(project / "content/pages/docs", outside)
    refused(project, "content/pages/docs: symbolic links are not followed")


def test_build_refuses_a_linked_page_before_writing_anything(project):
    (project / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")  # build checks it first
    _symlink(project / "content/pages/env.txt", Path("/proc/self/environ"))
    with pytest.raises(ContentError) as failed:
        build(Project(project))
    assert "content/pages/env.txt: pages must be regular files" in str(failed.value)
    assert not (project / "site").exists()


def test_a_markdown_page_that_is_not_utf8(project):
    write(project, "about.md", "# About\n\nCaf\u00e9 cr\u00e8me\n".encode("cp1252"), where="pages")
    refused(project, "content/pages/about.md:3: not UTF-8 (byte 0xe9); the file is probably "
                     "Windows-1252 or Latin-1: re-save it as UTF-8")


def test_a_utf16_markdown_page(project):
    write(project, "about.md", "# About\n".encode("utf-16"), where="pages")
    refused(project, "content/pages/about.md:1: the file is UTF-16: re-save it as UTF-8")


def test_non_markdown_pages_may_hold_any_bytes(project):
    write(project, "notes.txt", "caf\u00e9".encode("cp1252"), where="pages")
    write(project, "empty.md", b"", where="pages")  # MkDocs renders an empty page fine
    assert check(project).exit_code == 0
