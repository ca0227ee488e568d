"""The registry cross-check stays linear in the number of aliases (issue 7, "Slow input").

`kbgen check` took 2.1 / 3.1 / 7.2 / 24.1 s for 2k / 4k / 8k / 16k aliases on one
entity: the line of every alias was found by re-listing all of the entity's aliases.
The cost is measured here as reads of alias attributes, which any implementation
pays per alias it looks at, so the test does not depend on the machine's speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from kbgen.content.crosscheck import cross_check
from kbgen.content.yamlstrict import Parsed
from kbgen.model import Alias, Entity, EntityId

from .checking import refused, write


@dataclass(frozen=True)
class CountedAlias(Alias):
    """An alias that counts every attribute read on it (in a class-level counter)."""

    reads: ClassVar[list[int]] = [0]

    def __getattribute__(self, name: str):
        if not name.startswith("__"):
            type(self).reads[0] += 1
        return super().__getattribute__(name)


def alias_reads(count: int) -> int:
    """Attribute reads on aliases while cross-checking one entity with `count` aliases."""
    aliases = tuple(CountedAlias(f"Zorbex Model {i}") for i in range(count // 2)) + tuple(
        CountedAlias(f"Zorbex Modal {i}", asr=True) for i in range(count - count // 2)
    )
    entity = Entity(EntityId("zorbex"), "Zorbex", "model", aliases, path="zorbex.md")
    lines = {("aliases", i): 10 + i for i in range(count)}
    CountedAlias.reads[0] = 0
    problems = cross_check([entity], {"zorbex": Parsed({}, lines)})
    assert problems == []
    return CountedAlias.reads[0]


def test_alias_cross_check_is_linear_in_the_number_of_aliases():
    small, large = alias_reads(500), alias_reads(2000)
    # 4x the aliases: linear work grows 4x; the old check grew 16x.
    assert large < 6 * small, (small, large)


def test_asr_alias_clash_names_the_asr_aliases_line(project):
    """Plain aliases are numbered first, then asr_aliases: the line must stay right."""
    write(project, "gpt-4.md", "---\nname: GPT-4\ntype: model\n---\nA model.\n", where="entities")
    write(project, "gpt-4o.md", "---\nname: GPT-4o\ntype: model\naliases: [GPT4o, Omnimodel]\n"
          "asr_aliases:\n  - GPT for oh\n  - GPT 4\n---\nA model.\n", where="entities")
    refused(project, "content/entities/gpt-4o.md:7: 'GPT 4' is also a name or alias of "
                     "'gpt-4' (content/entities/gpt-4.md, as 'GPT-4'): a surface form must "
                     "belong to one entity; remove it from one of them")
