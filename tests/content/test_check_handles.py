"""`handles:` in entity files: written as on the profile URL, each on one entity."""

from __future__ import annotations

from kbgen.content.registry import load_registry

from .checking import check, refused, write


def entity(project, entity_id: str, front: str) -> None:
    write(project, f"{entity_id}.md", f"---\n{front}---\nAn entity.\n", where="entities")


def test_handles_are_loaded(project):
    entity(project, "sam-altman", "name: Sam Altman\ntype: person\n"
           "handles: [sama, sama.bsky.social]\n")
    result = check(project)
    assert result.exit_code == 0, result.output
    registry, problems = load_registry(project / "content" / "entities")
    assert problems == []
    assert registry.require("sam-altman").handles == ("sama", "sama.bsky.social")


def test_a_handle_on_two_entities_is_refused_with_its_line(project):
    entity(project, "sam-altman", "name: Sam Altman\ntype: person\nhandles: [sama]\n")
    entity(project, "sam-a", "name: Sam A\ntype: person\n\nhandles:\n  - foo\n  - Sama\n")
    refused(project, "content/entities/sam-altman.md:4: handle 'sama' is also a handle of "
                     "'sam-a' (content/entities/sam-a.md, as 'Sama'): a handle belongs to one "
                     "entity; remove it from one of them")


def test_a_handle_with_an_at_sign_is_refused(project):
    entity(project, "sam-altman", "name: Sam Altman\ntype: person\nhandles: [\"@sama\"]\n")
    refused(project, "content/entities/sam-altman.md:4: handle '@sama': write it without '@'")


def test_a_url_is_not_a_handle(project):
    entity(project, "sam-altman", "name: Sam Altman\ntype: person\n"
                                  "handles: [\"https://x.com/sama\"]\n")
    refused(project, "content/entities/sam-altman.md:4: handle 'https://x.com/sama' is not a "
                     "handle")


def test_handles_must_be_a_list(project):
    entity(project, "sam-altman", "name: Sam Altman\ntype: person\nhandles: sama\n")
    refused(project, "content/entities/sam-altman.md:4: 'handles' must be a list")
