"""Pandoc-flavoured Markdown (Substack exports) into clean, portable Markdown.

Pandoc keeps what it cannot express as fenced divs (`::: {.tweet attrs=...}`),
bracketed spans (`[x]{.cls}`), attribute blocks after links and images, and
backslash escapes for characters that are only special to pandoc (`\\'`, `\\$`).
Python-Markdown understands none of it, so a post rendered as-is shows raw JSON.
Here the divs are parsed into a tree (tolerating unclosed and misnested fences),
and each kind is turned into what a reader expects: tweets become attributed
quotes, footnotes become Markdown footnotes, embeds without content disappear,
and any other wrapper is unwrapped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

MAX_DEPTH = 50
_FENCE = re.compile(r"^(:{3,})\s*(.*?)\s*$")
_CLASSES = re.compile(r"(?:^|[\s{])\.([\w-]+)")
_ATTRS_JSON = re.compile(r'attrs="((?:[^"\\]|\\.)*)"')
# Wrappers whose content is page chrome, not the author's text.
_DROP = re.compile(
    r"subscri|button|share|paywall|footer-|ufi|header-avatar|embed|"
    r"video-wrapper|photo|poll|install-substack",
    re.I,
)


@dataclass
class Div:
    fence: str = ""  # the opening line's attribute text ('' for the root)
    children: list[str | Div] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        head = self.fence.strip("{} ")
        if head and not head.startswith((".", "#")) and "=" not in head.split()[0]:
            return [head.split()[0]]  # `::: tweet-text` is shorthand for a class
        return _CLASSES.findall(self.fence)

    def attrs(self) -> dict:
        """The JSON in `attrs="..."`: its text values and `photos` (exports may be damaged)."""
        m = _ATTRS_JSON.search(self.fence)
        if not m:
            return {}
        try:
            value = json.loads(m[1].encode().decode("unicode_escape"))
        except (ValueError, UnicodeDecodeError):
            try:
                value = json.loads(m[1].replace('\\"', '"'))
            except ValueError:
                return {}
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(v, str) or k == "photos"}


def parse_divs(text: str) -> Div:
    """Fenced divs as a tree; unclosed divs close at the end of the text.

    Past MAX_DEPTH nested divs, further fences (and as many closing ones) are dropped:
    the tree is walked recursively, and real exports nest a handful of levels.
    """
    root = Div()
    stack = [root]
    too_deep = 0
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if m and m[2] and len(stack) > MAX_DEPTH:
            too_deep += 1
        elif m and m[2]:
            div = Div(m[2])
            stack[-1].children.append(div)
            stack.append(div)
        elif m and too_deep:
            too_deep -= 1
        elif m:
            if len(stack) > 1:
                stack.pop()  # a stray closing fence at the top level is dropped
        else:
            stack[-1].children.append(line)
    return root


def _text_of(div: Div) -> str:
    return "\n".join(c if isinstance(c, str) else _text_of(c) for c in div.children).strip()


def _find(div: Div, cls: str) -> Div | None:
    for child in div.children:
        if isinstance(child, Div):
            if cls in child.classes:
                return child
            found = _find(child, cls)
            if found:
                return found
    return None


def _tweet(div: Div) -> list[str]:
    attrs = div.attrs()
    text = (attrs.get("full_text") or "").strip()
    if not text and (inner := _find(div, "tweet-text")):
        text = _text_of(inner)
    name = (attrs.get("name") or "").strip()
    handle = (attrs.get("username") or "").strip()
    url = attrs.get("url") or ""
    when = ""
    try:
        posted = dt.datetime.strptime(attrs.get("date", ""), "%a %b %d %H:%M:%S %z %Y")
        when = f"{posted:%B} {posted.day}, {posted.year}"
    except ValueError:
        pass
    if not text:
        text = "[image]" if attrs.get("photos") else "[media]"
    who = " ".join(p for p in (name, f"(@{handle})" if handle else "") if p) or "a tweet"
    tail = f"[{when or 'tweet'}]({url})" if url.startswith("https://") else when
    quoted = [f"> {ln}" if ln.strip() else ">" for ln in text.split("\n")]
    return [*quoted, ">", f"> — {who}{', ' + tail if tail else ''}", ""]


def _footnote(div: Div, notes: list[tuple[str, str]]) -> None:
    number = None
    for child in div.children:
        if isinstance(child, str) and (m := re.match(r"\[(\d+)\]\(#footnote-anchor-\d+\)", child)):
            number = m[1]
    content = _find(div, "footnote-content")
    body = _text_of(content) if content else ""
    if number and body:
        notes.append((number, body))


def render_divs(div: Div, notes: list[tuple[str, str]]) -> list[str]:
    """Flatten the tree to Markdown lines, collecting footnotes into `notes`."""
    out: list[str] = []
    for child in div.children:
        if isinstance(child, str):
            out.append(child)
            continue
        classes = child.classes
        if "tweet" in classes:
            out += ["", *_tweet(child)]
        elif "footnote" in classes:
            _footnote(child, notes)
        elif any(_DROP.search(c) for c in classes):
            continue
        else:
            out += render_divs(child, notes)
    return out


_SPAN = re.compile(r"(?<![!\\])\[([^\[\]\n]*)\]\{[^{}\n]*\}")
_ATTR_BLOCK = re.compile(
    r"(?<=[\])])\{(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+))"
    r"(?:\s+(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+)))*\}"
)
_FOOTNOTE_REF = re.compile(r"\[(\d+)\]\(#footnote-\d+\)")
_EMPTY_LINK = re.compile(r"(?<!!)\[\s*\]\([^)\s]*\)")
# The alt text stops at an unescaped bracket, so a run of `![` is scanned once, not
# once per `![` (which was quadratic).
_IMAGE = re.compile(r"!\[((?:[^\][\\]|\\.)*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_ESCAPES = re.compile(r"\\([\'\"$@~^|<>])")


def _image(m: re.Match) -> str:
    alt = re.sub(r"\.(png|jpe?g|gif|webp)$", "", m[1].replace("\\@", "@").strip(), flags=re.I)
    if not alt or alt.lower() in ("image", "img", "photo", "picture"):
        return ""
    return f"*[Image: {alt}]*"


def clean_inline(text: str) -> str:
    """Pandoc inline syntax to plain Markdown (runs after divs are flattened)."""
    text = _FOOTNOTE_REF.sub(r"[^\1]", text)
    text = _ATTR_BLOCK.sub("", text)
    text = _SPAN.sub(r"\1", text)
    text = _IMAGE.sub(_image, text)
    text = _EMPTY_LINK.sub("", text)
    text = _ESCAPES.sub(r"\1", text)
    text = re.sub(r" \\?--- ?| \\-- ", " — ", text)
    if not re.search(r"\\\][(\[]", text):  # unescaping must not create a link
        text = text.replace("\\[", "[").replace("\\]", "]")
    return text


def tidy(text: str) -> str:
    """Uniform whitespace: list markers, raw <div> wrappers, blank lines, final newline."""
    lines = []
    for line in text.split("\n"):
        if re.fullmatch(r"\s*</?div[^>]*>\s*", line):
            continue
        line = re.sub(r"^(\s*)([-*+]|\d+\.)\s{2,}(?=\S)", r"\1\2 ", line.rstrip())
        if re.fullmatch(r"-{4,}|\*{3,}|_{3,}", line.strip()):
            line = "* * *"
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    # Rules left from removed wrappers: no rule twice in a row, none at either end.
    text = re.sub(r"(\* \* \*\n\n)+(?=\* \* \*)", "", text)
    text = re.sub(r"^(\* \* \*\n*)+|(\n*\* \* \*)+$", "", text)
    return text + "\n"


def to_markdown(body: str) -> str:
    """A pandoc-exported body as clean Markdown, footnotes appended at the end."""
    notes: list[tuple[str, str]] = []
    flat = "\n".join(render_divs(parse_divs(body), notes))
    out = clean_inline(flat)
    if notes:
        defs = []
        for number, note in notes:
            paras = [clean_inline(p.strip()) for p in re.split(r"\n\s*\n", note) if p.strip()]
            first, rest = paras[0], paras[1:]
            defs.append(f"[^{number}]: {first}" + "".join(f"\n\n    {p}" for p in rest))
        out = out.rstrip() + "\n\n" + "\n\n".join(defs)
    return tidy(out)
