"""`kbgen check` on what is in content/sources: ids that collide, odd names, stray files."""

from __future__ import annotations

import os

import pytest

from kbgen.content.sources import load_sources

from .checking import check, refused, source_text, write


def test_two_sources_with_the_same_id(project):
    write(project, "2024/a.md", source_text("same-id"))
    write(project, "2024/b.md", source_text("same-id"))
    refused(project, "content/sources/2024/b.md:2: id 'same-id' is already used by "
                     "content/sources/2024/a.md: ids must be unique (ignoring case); rename one")


def test_same_id_in_different_year_folders(project):
    write(project, "2023/x.md", source_text("same-id"))
    write(project, "2024/x.md", source_text("same-id"))
    refused(project, "content/sources/2024/x.md:2: id 'same-id' is already used by "
                     "content/sources/2023/x.md")


def test_id_differing_only_in_case(project):
    write(project, "a.md", source_text("same-id"))
    write(project, "b.md", source_text("Same-ID"))
    refused(project, "content/sources/b.md:2: 'id' must be a slug (lowercase letters, digits "
                     "and single hyphens): use 'same-id' instead of 'Same-ID'")


def test_id_differing_only_in_unicode_form(project):
    write(project, "a.md", source_text("file"))
    write(project, "b.md", source_text("\ufb01le"))  # the "fi" ligature
    refused(project, "content/sources/b.md:2: 'id' must be a slug", "use 'file' instead of")


def test_traversal_in_an_id(project):
    write(project, "x.md", source_text("../../etc/passwd"))
    refused(project, "content/sources/x.md:2: 'id' must be a slug", "use 'etc-passwd' instead")


def test_odd_file_names_still_load(project):
    write(project, "a source with spaces.md", source_text("spaces"))
    write(project, "\U0001f916 robots & r\u00e9sum\u00e9s.md", source_text("emoji"))
    write(project, "con.md", source_text("windows-reserved-name"))
    result = check(project)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 3 sources")


def test_non_markdown_file(project):
    write(project, "x.md", source_text("x"))
    write(project, "notes.txt", "raw notes an editor dropped here\n")
    refused(project, "content/sources/notes.txt: only Markdown sources (.md) belong in "
                     "content/sources: turn raw files into sources with `kbgen ingest FILE`")


def test_hidden_files_are_ignored(project):
    write(project, "x.md", source_text("x"))
    write(project, ".DS_Store", b"\x00\x00\x00\x01Bud1\x00\x00")
    write(project, ".x.md.swp", b"b0VIM 9.0\x00")
    assert check(project).exit_code == 0


def test_symlink(project, tmp_path):
    target = tmp_path / "elsewhere.md"
    target.write_text(source_text("elsewhere"), encoding="utf-8")
    try:
        os.symlink(target, project / "content/sources/link.md")
    except (OSError, NotImplementedError):
        pytest.skip("this file system cannot make symbolic links")
    refused(project, "content/sources/link.md: sources must be regular files, not symbolic "
                     "links: copy the file here instead")
    assert load_sources(project / "content/sources")[0] == ()
