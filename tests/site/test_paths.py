"""No writes outside the output dir, whatever a path says (RELIABILITY.md, guarantee 4)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sitekit as kit

from kbgen.build import build
from kbgen.errors import ContentError, KbgenError
from kbgen.model import Page
from kbgen.project import Project
from kbgen.site.writer import safe_target, write_pages


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    return root


@pytest.mark.parametrize("path", [
    "../x.md", "../../etc/passwd", "a/../../x.md", "a/../b.md", "..", "/etc/passwd.md",
    "/abs/x.md", "a\\b.md", "..\\..\\x.md", "C:\\x.md", "", ".",
])
def test_safe_target_refuses(staging: Path, path: str) -> None:
    with pytest.raises(KbgenError, match="refusing to write page"):
        safe_target(staging, path)


@pytest.mark.parametrize("path", ["index.md", "entities/gpt-4o.md", "a/b/c/d.md",
                                  "graph.json", "./sources/x.md"])
def test_safe_target_allows_plain_relative_paths(staging: Path, path: str) -> None:
    target = safe_target(staging, path)
    assert target.resolve().is_relative_to(staging.resolve())
    assert target.name == path.rsplit("/", 1)[-1]


def test_safe_target_refuses_a_symlinked_dir_escaping_the_staging_dir(staging: Path) -> None:
    outside = staging.parent / "outside"
    outside.mkdir()
    (staging / "entities").symlink_to(outside, target_is_directory=True)
    with pytest.raises(KbgenError, match="resolves outside"):
        safe_target(staging, "entities/gpt-4o.md")


def test_safe_target_refuses_a_sibling_with_the_same_prefix(staging: Path) -> None:
    """docs-evil/ starts with 'docs' but is not inside docs/: no string-prefix check."""
    sibling = staging.parent / (staging.name + "-evil")
    sibling.mkdir()
    (staging / "x").symlink_to(sibling, target_is_directory=True)
    with pytest.raises(KbgenError, match="resolves outside"):
        safe_target(staging, "x/page.md")


def test_safe_target_refuses_a_symlinked_file_pointing_outside(staging: Path) -> None:
    outside = staging.parent / "victim.txt"
    outside.write_text("precious")
    (staging / "page.md").symlink_to(outside)
    with pytest.raises(KbgenError, match="resolves outside"):
        safe_target(staging, "page.md")
    assert outside.read_text() == "precious"


def test_safe_target_allows_a_symlink_that_stays_inside(staging: Path) -> None:
    (staging / "real").mkdir()
    (staging / "alias").symlink_to(staging / "real", target_is_directory=True)
    assert safe_target(staging, "alias/x.md").resolve() == (staging / "real" / "x.md").resolve()


def test_write_pages_writes_nothing_outside(staging: Path) -> None:
    before = sorted(p.name for p in staging.parent.iterdir())
    with pytest.raises(KbgenError):
        write_pages([Page("ok.md", "fine"), Page("../escaped.md", "evil")], staging)
    assert not (staging.parent / "escaped.md").exists()
    assert sorted(p.name for p in staging.parent.iterdir()) == before


def test_write_pages_leaves_unchanged_files_alone(staging: Path) -> None:
    pages = [Page("a.md", "one"), Page("b/c.md", b"two")]
    assert write_pages(pages, staging).written == 2
    stamp = (staging / "a.md").stat().st_mtime_ns
    os.utime(staging / "a.md", ns=(stamp - 10**9, stamp - 10**9))
    report = write_pages([Page("a.md", "one")], staging)
    assert (report.written, report.unchanged, report.removed) == (0, 1, 1)
    assert (staging / "a.md").stat().st_mtime_ns == stamp - 10**9
    assert not (staging / "b").exists()  # the stale page and its empty dir are gone


# -- ids with traversal never get that far: the loader refuses them ------------------------

@pytest.mark.parametrize("bad_id", ["../../etc", "../x", "/etc/passwd", "a/b", "x\\y", "..",
                                    "GPT-4o", "con"])
def test_source_id_with_traversal_is_refused_by_the_loader(tmp_path: Path, bad_id: str) -> None:
    root = kit.make_tiny(tmp_path / "p", sources={"2024/evil.md": f"""\
        ---
        id: {bad_id!r}
        title: Evil
        date: 2024-01-01
        type: blog
        ---

        Text about GPT-4o.
        """})
    with pytest.raises(ContentError) as info:
        build(Project(root))
    assert any(p.path == "content/sources/2024/evil.md" and p.line == 2
               and "'id' must be a slug" in p.message for p in info.value.problems), \
        str(info.value)
    assert not (root / "site").exists()
    assert not (root / ".kbgen" / "docs").exists()  # refused before anything was written
    assert not (tmp_path / "etc").exists()


def test_entity_id_with_traversal_is_refused_by_the_loader(tmp_path: Path) -> None:
    root = kit.make_tiny(tmp_path / "p")
    (root / "content" / "entities" / "openai.md").write_text(
        "---\nid: ../../openai\nname: OpenAI\ntype: org\n---\nAn org.\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        build(Project(root))
    assert any(p.path == "content/entities/openai.md" for p in info.value.problems)
    assert not (root / "site").exists()


def test_build_writes_only_site_and_its_work_dir(tiny_project: Path) -> None:
    """`build` never writes under content/ (editors' files) nor beside the project."""
    parent_before = sorted(p.name for p in tiny_project.parent.iterdir())
    content_before = kit.snapshot(tiny_project / "content")
    config_before = (tiny_project / "mkdocs.yml").read_bytes()
    build(Project(tiny_project))
    assert kit.snapshot(tiny_project / "content") == content_before
    assert (tiny_project / "mkdocs.yml").read_bytes() == config_before
    assert sorted(p.name for p in tiny_project.parent.iterdir()) == parent_before
    assert sorted(p.name for p in tiny_project.iterdir()) == [
        ".kbgen", "content", "mkdocs.yml", "overrides", "site"]
