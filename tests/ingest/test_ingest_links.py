"""`kbgen ingest` never writes through a link, and never echoes control characters raw.

Before: with `content/sources/2024 -> /somewhere`, ingest wrote the new source into
/somewhere; a file named with ESC or a newline was echoed as it is, so a crafted
name could recolour, clear or forge lines on the editor's terminal.
"""

from __future__ import annotations

from pathlib import Path

from .running import ingest, written

POST = "---\ntitle: A post\ndate: 2024-06-01\n---\n\nGPT-4o again.\n"


def test_ingest_refuses_a_linked_year_folder(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "somewhere"
    outside.mkdir()
    (project / "content" / "sources" / "2024").symlink_to(outside)
    raw = tmp_path / "post.md"
    raw.write_text(POST)
    result = ingest(project, raw, "--type", "blog")
    assert result.exit_code == 1, result.output
    assert "content/sources/2024 is a symbolic link" in result.output
    assert "Nothing was written" in result.output
    assert list(outside.iterdir()) == []


def test_ingest_refuses_a_linked_sources_folder(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "somewhere"
    outside.mkdir()
    (project / "content" / "sources").rmdir()
    (project / "content" / "sources").symlink_to(outside)
    raw = tmp_path / "post.md"
    raw.write_text(POST)
    result = ingest(project, raw, "--type", "blog")
    assert result.exit_code == 1, result.output
    assert "is a symbolic link" in result.output
    assert list(outside.iterdir()) == []


def test_control_characters_in_file_names_are_escaped(project: Path, tmp_path: Path) -> None:
    raw = tmp_path / "evil\x1b[2J\x07name.md"
    raw.write_text(POST)
    result = ingest(project, raw, "--type", "blog")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[2J\\x07" in result.output  # shown, as an escape
    # such a name cannot go into the source's origin (the graph exports can't hold it)
    assert result.exit_code == 1 and written(project) == []
