"""YAML for content files, with the traps of PyYAML closed.

PyYAML alone is silent or dangerous on inputs editors really produce: duplicate keys
keep the last value, `NO` becomes False and `1.10` becomes 1.1, `2024-13-45` raises
ValueError (not YAMLError), tags construct objects, and a few hundred bytes of
anchors expand to gigabytes. So content is parsed in two steps: PyYAML's *composer*
builds the node tree (cheap, no construction, no alias expansion), then `_Builder`
turns nodes into plain values under rules an editor can predict:

- only the YAML 1.2 core scalars: true/false, null, decimal int and float; every
  other plain scalar, dates included, stays text (callers validate dates);
- no tags, anchors, aliases or merge keys;
- a key may appear once per mapping;
- at most MAX_DEPTH levels of nesting (deeper would overflow the composer's recursion).

Every value keeps the line it came from, so messages point at `path:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kbgen.errors import Problem

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
MAX_DEPTH = 64  # front matter is a few levels deep; PyYAML's composer recurses per level
_STD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

Path = tuple[str | int, ...]


@dataclass
class Parsed:
    """Plain values plus the 1-based file line of every key path."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    # As written, for plain scalars read as numbers or booleans: 1.10 is 1.1 once loaded,
    # so a message that says "quote it" must quote what the editor typed.
    texts: dict[Path, str] = field(default_factory=dict)

    def line(self, *path: str | int) -> int | None:
        """Line of the deepest known prefix of `path` (the key itself if present)."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return None


class _Builder:
    def __init__(self, display: str, line_offset: int):
        self.display = display
        self.offset = line_offset
        self.lines: dict[Path, int] = {}
        self.texts: dict[Path, str] = {}
        self.problems: list[Problem] = []

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.display, self.line_of(node), message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.lines.setdefault(path, self.line_of(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if not isinstance(node, yaml.ScalarNode):  # the composer makes only these three
            raise TypeError(f"internal error: unexpected YAML node {node!r}")
        value = self._scalar(node)
        if value is not None and not isinstance(value, str):
            self.texts[path] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be plain text, not a list or mapping")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "merge keys (<<) are not supported: write the keys out")
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in out:
                first = self.lines.get(key_path)
                self.problem(
                    key_node,
                    f"duplicate key '{key}' (first at line {first}): "
                    "YAML would silently keep only the last one; "
                    "remove one of them",
                )
                continue
            self.lines[key_path] = self.line_of(key_node)
            out[key] = self.build(value_node, key_path)
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        if node.style:  # quoted or block scalar: always text
            return text
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        return text


def _check_events(text: str, display: str, offset: int) -> list[Problem]:
    """Refuse anchors, aliases and tags before anything is composed or expanded."""
    problems: list[Problem] = []
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark  # the parser marks every event; the stubs allow None
        line = mark.line + 1 + offset if mark is not None else None
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:  # refuse before compose() recurses past Python's limit
                return [
                    *problems,
                    Problem(
                        display,
                        line,
                        f"values are nested more than "
                        f"{MAX_DEPTH} levels deep: flatten the structure",
                    ),
                ]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                Problem(
                    display,
                    line,
                    f"YAML alias '*{event.anchor}' is not "
                    "allowed in content: write the value out in full",
                )
            )
        anchor = getattr(event, "anchor", None)
        if anchor and not isinstance(event, yaml.AliasEvent):
            problems.append(
                Problem(
                    display,
                    line,
                    f"YAML anchor '&{anchor}' is not "
                    "allowed in content: remove it and write values out",
                )
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in _STD_TAGS and tag != "!":
            problems.append(
                Problem(
                    display,
                    line,
                    f"YAML tag '{tag}' is not allowed in "
                    "content: remove it (quote the value if it is text)",
                )
            )
    return problems


def _yaml_error(exc: yaml.YAMLError, display: str, offset: int) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 + offset if mark else None
    what = getattr(exc, "problem", None) or str(exc)
    hint = "check indentation, colons and quotes"
    if "\\t" in what or "\t" in what:
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    elif "mapping values are not allowed" in what:
        hint = "a value contains ': ' — put the whole value in quotes"
    elif "another document" in what:  # PyYAML: "but found another document"
        hint = "only one YAML document is allowed: remove the extra '---'"
    return Problem(display, line, f"invalid YAML ({what}): {hint}")


def parse(text: str, display: str, line_offset: int = 0) -> tuple[Parsed | None, list[Problem]]:
    """Parse one YAML document strictly; `line_offset` shifts lines to file lines.

    Returns (None, problems) when the text is not usable at all; otherwise the parsed
    value and any problems that were found along the way (e.g. a duplicate key).
    """
    try:
        problems = _check_events(text, display, line_offset)
        if problems:
            return None, problems
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, display, line_offset)]
    if node is None:
        return Parsed(None), []
    builder = _Builder(display, line_offset)
    data = builder.build(node, ())
    return Parsed(data, builder.lines, builder.texts), builder.problems
