"""The one way kbgen turns text into an id.

Ids are URLs (`entities/<id>/`, `sources/<id>/`), file names and graph keys at once,
so they must be lowercase ASCII, safe on every file system, and never able to
escape a directory: `slugify` is the only place they are made from free text, and
`is_slug` is how loaders check ids an editor typed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeGuard

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Characters that carry meaning in names and would otherwise vanish: GPT-3.5 must not
# collide with GPT-35, Claude+ with Claude, C# with C.
_SPELLED = {".": "-", "+": "-plus", "#": "-sharp", "&": "-and-", "@": "-at-"}
# Names reserved by Windows, which a repository cloned there could not check out.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
MAX_LEN = 80


def slugify(text: str, *, max_len: int = MAX_LEN) -> str:
    """Lowercase ASCII words joined by single hyphens; '' when nothing is left."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for char, word in _SPELLED.items():
        text = text.replace(char, word)
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    if len(text) > max_len:
        text = text[:max_len].rsplit("-", 1)[0] or text[:max_len]
    if text in _RESERVED:
        text += "-1"
    return text


def is_slug(text: object) -> TypeGuard[str]:
    """True for ids that `slugify` could have produced (and no longer than MAX_LEN)."""
    return (
        isinstance(text, str)
        and len(text) <= MAX_LEN
        and bool(_SLUG.match(text))
        and text not in _RESERVED
    )
