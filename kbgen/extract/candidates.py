"""Model-like names the registry does not know yet, reported to editors.

A release the registry lacks ("Claude 3.5 Sonnet" when only "Claude" exists) must
not vanish silently, nor be guessed into the graph: it is listed for an editor to
add. A candidate is a known model family (a registry model whose name has no
digits: Claude, Gemini, Llama, GPT ...) followed by a version and optional variant
words, where no registry entity covers exactly that span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbgen.content.registry import Registry

_VARIANTS = (
    r"mini|nano|micro|pro|turbo|flash|instruct|chat|preview|max|plus|large|small|"
    r"medium|lite|ultra|sonnet|opus|haiku|vision|coder|reasoning|thinking|"
    r"base|omni|scout|maverick|behemoth|experimental|exp"
)


@dataclass(frozen=True)
class Candidate:
    text: str
    source: str  # source id
    paragraph: int


def family_regex(registry: Registry) -> re.Pattern | None:
    families = {"GPT"}
    for entity in registry:
        if entity.type != "model":
            continue
        for name in (entity.name, *(a.text for a in entity.aliases if not a.asr)):
            if not any(c.isdigit() for c in name) and " " not in name and len(name) >= 3:
                families.add(name)
    if not families:
        return None
    alternation = "|".join(sorted((re.escape(f) for f in families), key=len, reverse=True))
    return re.compile(
        rf"\b(?:{alternation})(?:[- ]?v?\d+(?:\.\d+)*[a-z]?)"
        rf"(?:[- ](?:(?:{_VARIANTS})\b|\d+(?:\.\d+)?[BbMm]\b|\d+x\d+[Bb]\b))*",
        re.IGNORECASE,
    )


def find(
    pattern: re.Pattern | None, text: str, matched: set[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(start, end, text) of model-like names not exactly covered by a mention."""
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        span = (m.start(), m.end())
        if span in matched or not any(c.isdigit() for c in m.group(0)):
            continue
        if re.search(r"(?<![\d.])(19|20)\d\d(?![\d.])", m.group(0)):
            continue  # "DALL·E 2023-03-16" is a date, not a version
        out.append((m.start(), m.end(), m.group(0)))
    return out
