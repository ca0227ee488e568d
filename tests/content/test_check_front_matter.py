"""`kbgen check` on source front matter an editor got wrong: one case of RELIABILITY.md each.

Every case asserts the `path:line: message` the editor sees and a failing exit; the
helpers in `checking` also fail the test on any traceback.
"""

from __future__ import annotations

import time

from kbgen.content.sources import load_sources

from .checking import KEYS, check, refused, source_text, write

P = "content/sources/x.md"


def test_a_valid_source_passes(project):
    write(project, "x.md", source_text("x"))
    result = check(project)
    assert result.exit_code == 0
    assert result.output == "ok: 1 sources, 0 entities\n"


def test_bom_before_front_matter_is_still_read(project):
    write(project, "x.md", b"\xef\xbb\xbf" + source_text("x", "subtitle: After a BOM\n").encode())
    assert check(project).exit_code == 0
    (source,), _ = load_sources(project / "content/sources")
    assert source.subtitle == "After a BOM"  # python-frontmatter would have dropped it


def test_bom_keeps_line_numbers(project):
    write(project, "x.md", b"\xef\xbb\xbf" + source_text("x", "titel: Typo\n").encode())
    refused(project, f"{P}:6: unknown key 'titel'")


def test_unclosed_front_matter(project):
    write(project, "x.md", "---\nid: x\ntitle: A title\n\nThe body starts here.\n")
    refused(project, f"{P}:1: front matter is not closed: add a line '---' after the last key")


def test_no_front_matter(project):
    write(project, "x.md", "# Just Markdown\n\nNo front matter at all.\n")
    refused(project, f"{P}:1: no front matter: the file must start with a line '---'")


def test_duplicate_key(project):
    write(project, "x.md", source_text("x", "title: Second title\n"))
    refused(project, f"{P}:6: duplicate key 'title' (first at line 3): YAML would silently "
                     "keep only the last one; remove one of them")


def test_python_tag_is_refused_and_never_run(project, tmp_path):
    marker = tmp_path / "PWNED"
    write(project, "x.md", source_text(
        "x", f'subtitle: !!python/object/apply:os.system ["touch {marker}"]\n'))
    refused(project, f"{P}:6: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
                     "is not allowed in content")
    assert not marker.exists()


def test_alias_bomb_is_refused_fast(project):
    levels = [f'a0: &a0 ["{"lol" * 3}"' + ', "lol"' * 8 + "]"]
    for n in range(1, 10):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        levels.append(f"a{n}: &a{n} [{refs}]")
    write(project, "x.md", "---\n" + "\n".join(levels) + "\n---\nBody\n")
    start = time.monotonic()
    result = refused(project, f"{P}:2: YAML anchor '&a0' is not allowed in content",
                     f"{P}:3: YAML alias '*a0' is not allowed in content")
    assert time.monotonic() - start < 5
    assert len(result.output) < 50_000  # reported, not expanded


def test_front_matter_that_is_a_list(project):
    write(project, "x.md", "---\n- id: x\n- title: A title\n---\nBody\n")
    refused(project, f"{P}:2: front matter is a list; it must be a mapping of keys to values")


def test_front_matter_that_is_a_scalar(project):
    write(project, "x.md", "---\nA title without a key\n---\nBody\n")
    refused(project, f"{P}:2: front matter is a single value; it must be a mapping")


def test_missing_required_fields_are_all_listed(project):
    write(project, "x.md", "---\nid: x\n---\nBody\n")
    result = refused(project, f"{P}:2: missing required key 'title'",
                     f"{P}:2: missing required key 'date' (YYYY-MM-DD)",
                     f"{P}:2: missing required key 'type'")
    assert result.lines[-1] == "3 problems found."


def test_empty_front_matter(project):
    write(project, "x.md", "---\n---\nBody\n")
    refused(project, f"{P}: missing required key 'id'", f"{P}: missing required key 'title'")


def test_title_that_is_a_list(project):
    write(project, "x.md", "---\nid: x\ntitle: [a, b]\ndate: 2024-05-15\ntype: blog\n---\nB\n")
    refused(project, f"{P}:3: 'title' must be text, not a list")


def test_tags_as_one_comma_string(project):
    write(project, "x.md", source_text("x", 'tags: "a, b"\n'))
    refused(project, f"{P}:6: 'tags' must be a list, not one string: write tags: [a, b]")


def test_impossible_date(project):
    write(project, "x.md", "---\nid: x\ntitle: T\ndate: 2024-13-45\ntype: blog\n---\nBody\n")
    refused(project, f"{P}:4: 'date' is 2024-13-45, which is not a real date: "
                     "check the month and day")


def test_date_in_another_format(project):
    write(project, "x.md", "---\nid: x\ntitle: T\ndate: May 15, 2024\ntype: blog\n---\nBody\n")
    refused(project, f"{P}:4: 'date' must be a date written YYYY-MM-DD, not 'May 15, 2024'")


def test_yaml_11_booleans_stay_text(project):
    # Under YAML 1.1 (PyYAML's default) these would be False, True and False.
    write(project, "x.md", "---\nid: x\ntitle: NO\ndate: 2024-05-15\ntype: blog\n"
                           "subtitle: yes\npublisher: off\n---\nBody\n")
    assert check(project).exit_code == 0
    (source,), _ = load_sources(project / "content/sources")
    assert (source.title, source.subtitle, source.publisher) == ("NO", "yes", "off")


def test_yaml_12_boolean_in_a_text_field_says_to_quote_it(project):
    write(project, "x.md", "---\nid: x\ntitle: true\ndate: 2024-05-15\ntype: blog\n---\nB\n")
    refused(project, f"{P}:3: 'title' must be text but YAML read a true/false value (true): "
                     "put the value in quotes")


def test_number_in_a_text_field_is_quoted_as_typed(project):
    # YAML reads 1.10 as 1.1 and 007 as 7: the hint must not change the editor's text.
    write(project, "x.md", source_text("x", "subtitle: 1.10\npublisher: 007\n"))
    refused(project, f"{P}:6: 'subtitle' must be text but YAML read a number (1.10): put the "
                     'value in quotes, e.g. subtitle: "1.10"',
            f'{P}:7: \'publisher\' must be text but YAML read a number (007): put the value '
            'in quotes, e.g. publisher: "007"')


def test_unknown_key_suggests_the_near_one(project):
    write(project, "x.md", "---\nid: x\ntitel: T\ndate: 2024-05-15\ntype: blog\n---\nBody\n")
    refused(project, f"{P}:3: unknown key 'titel': did you mean 'title'?",
            f"{P}:2: missing required key 'title'")


def test_unknown_type_suggests_the_near_one(project):
    write(project, "x.md", "---\nid: x\ntitle: T\ndate: 2024-05-15\ntype: podcsat\n---\nB\n")
    refused(project, f"{P}:5: 'type' is 'podcsat': did you mean 'podcast'?")


def test_tab_indentation(project):
    write(project, "x.md", source_text("x", "origin:\n\tfile: raw.txt\n"))
    refused(project, f"{P}:7: invalid YAML (found character '\\t' that cannot start any token): "
                     "YAML does not allow tabs for indentation: indent with spaces")


def test_deeply_nested_value(project):
    nested = "tags: " + "[" * 500 + "]" * 500 + "\n"
    write(project, "x.md", f"---\n{KEYS.format(id='x')}{nested}---\nBody\n")
    refused(project, f"{P}:6: values are nested more than 64 levels deep")


def test_every_broken_file_is_reported_in_one_run(project):
    write(project, "a.md", "---\nid: a\n")
    write(project, "b.md", source_text("b", "titel: x\n"))
    write(project, "c.md", source_text("c"))
    result = refused(project, "content/sources/a.md:1: front matter is not closed",
                     "content/sources/b.md:6: unknown key 'titel'")
    assert result.lines[-1] == "2 problems found."
