"""Pictures drawn at build time as inline SVG: no script, works offline, every node a link.

Node links use `xlink:href`: mkdocs-material's instant navigation re-assigns
`el.href` on every `[href]` element, which throws on SVG links (their href is
read-only), and the `[href]` selector does not match the namespaced attribute.

Layouts are computed here, deterministically (a radial layout for an entity's
neighbourhood, a seeded and rounded spring layout for the graph page), so two
builds draw the same picture. Colours come from CSS classes (`kb-node--model`),
so the light and dark palettes both apply.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    type: str
    href: str
    size: float = 1.0  # 0..1, relative importance
    title: str = ""


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    weight: float = 1.0  # 0..1
    dashed: bool = False  # a registry relation rather than a co-mention
    title: str = ""


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _label(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _draw(
    nodes: dict[str, tuple[Node, float, float, float]],
    edges: Sequence[Edge],
    width: int,
    height: int,
    caption: str,
) -> Markup:
    parts = [
        f'<svg class="kb-graph" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">',
        f"<title>{escape(caption)}</title>",
    ]
    for e in edges:
        if e.a not in nodes or e.b not in nodes:
            continue
        _, x1, y1, _ = nodes[e.a]
        _, x2, y2, _ = nodes[e.b]
        cls = "kb-edge kb-edge--relation" if e.dashed else "kb-edge"
        stroke = _f(1 + 5 * e.weight)
        parts.append(
            f'<line class="{cls}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" '
            f'y2="{_f(y2)}" stroke-width="{stroke}">'
            + (f"<title>{escape(e.title)}</title>" if e.title else "")
            + "</line>"
        )
    for node, x, y, r in nodes.values():
        anchor = "middle"
        dy = r + 13
        parts.append(
            f'<a xlink:href="{escape(node.href)}" class="kb-node kb-node--{escape(node.type)}">'
            f"<title>{escape(node.title or node.label)}</title>"
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}"/>'
            f'<text x="{_f(x)}" y="{_f(y + dy)}" text-anchor="{anchor}">'
            f"{escape(_label(node.label))}</text></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def neighbourhood(
    center: Node, neighbours: Sequence[tuple[Node, Edge]], width: int = 680, height: int = 440
) -> Markup:
    """The entity in the middle, its neighbours on a ring, ordered by type then weight."""
    cx, cy = width / 2, height / 2
    placed: dict[str, tuple[Node, float, float, float]] = {center.key: (center, cx, cy, 20.0)}
    ring = sorted(neighbours, key=lambda ne: (ne[0].type, -ne[1].weight, ne[0].label))
    n = max(len(ring), 1)
    rx, ry = width / 2 - 90, height / 2 - 50
    for i, (node, _) in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        placed[node.key] = (node, x, y, 6 + 8 * node.size)
    caption = f"{center.label} and the {len(ring)} entities most connected to it"
    return _draw(placed, [e for _, e in ring], width, height, caption)


def network(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    positions: dict[str, tuple[float, float]],
    width: int = 900,
    height: int = 640,
    caption: str = "",
) -> Markup:
    """Nodes at given positions in [-1, 1]², scaled into the picture."""
    pad = 60
    placed = {}
    for node in nodes:
        px, py = positions[node.key]
        x = pad + (px + 1) / 2 * (width - 2 * pad)
        y = pad / 2 + (py + 1) / 2 * (height - 1.5 * pad)
        placed[node.key] = (node, x, y, 5 + 13 * node.size)
    return _draw(placed, edges, width, height, caption)


def timeline_bars(
    counts: Sequence[tuple[str, int]], width: int = 560, height: int = 96, caption: str = ""
) -> Markup:
    """Mentions per month as bars, first and last month labelled."""
    if not counts:
        return Markup("")
    top = max(c for _, c in counts) or 1
    n = len(counts)
    gap = 2
    bar = max(3.0, (width - 20 - gap * (n - 1)) / n)
    bar = min(bar, 48.0)
    used = n * bar + gap * (n - 1)
    x0 = (width - used) / 2
    base = height - 22
    parts = [
        f'<svg class="kb-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(caption)}</title>",
        f'<line class="kb-axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/>',
    ]
    for i, (month, count) in enumerate(counts):
        h = (base - 8) * count / top
        x = x0 + i * (bar + gap)
        parts.append(
            f'<rect class="kb-bar" x="{_f(x)}" y="{_f(base - h)}" width="{_f(bar)}" '
            f'height="{_f(h)}"><title>{escape(month)}: {count} '
            f"mention{'s' if count != 1 else ''}</title></rect>"
        )
    parts.append(
        f'<text class="kb-axis-label" x="{_f(x0)}" y="{height - 6}">{escape(counts[0][0])}</text>'
    )
    if n > 1:
        parts.append(
            f'<text class="kb-axis-label" x="{_f(x0 + used)}" y="{height - 6}" '
            f'text-anchor="end">{escape(counts[-1][0])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last inclusive."""
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out
