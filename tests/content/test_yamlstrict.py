"""yamlstrict: YAML 1.2 core scalars, line numbers, and never an exception on any text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.content import yamlstrict
from kbgen.errors import Problem

# Pieces of YAML syntax, so that generated text reaches the composer and the builder
# (plain random text mostly stops at the scanner).
YAML_BITS = st.sampled_from([
    "a", "key", ": ", ":", "-", "- ", "\n", "  ", "\t", "[", "]", "{", "}", ",", "'", '"',
    "&x ", "*x", "!!python/name:os.system ", "!tag ", "!!str ", "<<: ", "? ", "|", ">",
    "#", "---", "...", "%YAML 1.1", "NO", "yes", "1.10", "2024-13-45", "~", "null", "0x1F",
    "\ufeff", "\x85", "\u2028", "\\", "é", "🤖",
])
ANY_TEXT = st.one_of(st.text(), st.lists(YAML_BITS, max_size=60).map("".join))
FAST = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ANY_TEXT, st.integers(min_value=0, max_value=10))
def test_parse_never_raises(text, offset):
    parsed, problems = yamlstrict.parse(text, "x.md", line_offset=offset)
    assert parsed is None or isinstance(parsed, yamlstrict.Parsed)
    assert all(isinstance(p, Problem) and p.path == "x.md" for p in problems)
    assert all(p.line is None or p.line > offset for p in problems)
    if parsed is None:
        assert problems, "a refused document must say why"


@pytest.mark.parametrize(("text", "value"), [
    ("NO", "NO"), ("yes", "yes"), ("on", "on"), ("Off", "Off"), ("y", "y"),
    ("true", True), ("False", False), ("~", None), ("null", None),
    ("42", 42), ("-7", -7), ("0x1F", "0x1F"), ("1_000", "1_000"), ("1.5", 1.5),
    ("2024-05-15", "2024-05-15"), ("2024-13-45", "2024-13-45"), ("12:30", "12:30"),
    ("'true'", "true"), ('"42"', "42"),
])
def test_scalars_follow_the_yaml_12_core_schema(text, value):
    parsed, problems = yamlstrict.parse(f"v: {text}\n", "x.md")
    assert problems == []
    assert parsed.data == {"v": value}
    assert type(parsed.data["v"]) is type(value)


def test_lines_are_file_lines():
    parsed, _ = yamlstrict.parse("id: x\ntags:\n  - a\n  - b\n", "x.md", line_offset=1)
    assert parsed.line("id") == 2
    assert parsed.line("tags", 1) == 5
    assert parsed.line("missing") == 2  # falls back to the mapping itself


@pytest.mark.parametrize("text", [
    "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 3000)),
    "- " * 3000 + "x",
    "[" * 5000 + "]" * 5000,
])
def test_deep_nesting_is_a_problem_not_a_recursion_error(text):
    parsed, problems = yamlstrict.parse(text, "x.md")
    assert parsed is None
    assert "nested more than 64 levels deep" in problems[0].message


def test_nesting_up_to_the_limit_is_fine():
    parsed, problems = yamlstrict.parse("v: " + "[" * 63 + "]" * 63, "x.md")  # 64 with v
    assert problems == [] and parsed is not None


def test_merge_key_is_refused():
    _, problems = yamlstrict.parse("a: 1\n<<: {b: 2}\n", "x.md")
    assert "merge keys (<<) are not supported" in problems[0].message
    assert problems[0].line == 2


def test_more_than_one_document_is_refused():
    parsed, problems = yamlstrict.parse("a: 1\n--- # more\nb: 2\n", "x.md")
    assert parsed is None
    assert problems[0].message.endswith("only one YAML document is allowed: remove the extra '---'")
