"""The small project the page generators are tested on, and its pages made without MkDocs.

It is the tiny project of `sitekit` (TINY_SOURCES, TINY_ENTITIES, left as they are for
the tests that build it) plus what makes each ordering and grouping rule of the pages
visible, so that breaking one changes the output:

- sources in 2023 and 2024 and dated facts back to 2021, one known only to the year
  (the timeline's years and months, newest first; "month unknown" closing its year);
- an entity quoted six times in one source, twice in one sentence (quotes grouped
  per source, one quote per sentence, those past the fourth folded under "more");
- neighbours of OpenAI with different co-mention counts, in an order that is not
  the alphabetical one, and a tie broken by registry relations (related entities);
- the o1 family (o1-mini, o1-preview) and four OpenAI models (the automatic
  family and developer comparisons);
- a live blog with clock times beside the recording with offsets.

`generate_pages` runs the build's recipe up to the pages in memory — load, extract
(no cache), graph, `SiteContext`, `generate_all` — in about two seconds.
"""

from __future__ import annotations

from pathlib import Path

from sitekit import ABOUT, TINY_ENTITIES, TINY_SOURCES, write_project

from kbgen.check import load_content
from kbgen.extract import extract
from kbgen.graph.build import build_graph
from kbgen.model import Page
from kbgen.project import Project
from kbgen.site.context import SiteContext
from kbgen.site.generators import generate_all

MORE_SOURCES = {
    "2023/devday-2023.md": """\
        ---
        id: devday-2023
        title: OpenAI DevDay 2023 roundup
        date: 2023-11-06
        type: newsletter
        publisher: Example Weekly
        url: https://example.com/devday-2023
        ---

        Sam Altman opened the first OpenAI developer day in San Francisco.

        OpenAI said ChatGPT now has a hundred million weekly users.

        Sam Altman thanked the OpenAI team for a busy year.

        Sam Altman also spoke about OpenAI and its partners.
        """,
    "2024/o1-notes.md": """\
        ---
        id: o1-notes
        title: Notes on o1-preview and o1-mini
        date: 2024-09-13
        type: blog
        url: https://example.com/o1-notes
        ---

        GPT-4o is still the default model, and GPT-4o is fast.

        The o1-preview model beats GPT-4o on hard maths. The o1-mini model is cheaper than GPT-4o.

        OpenAI says o1-mini and o1-preview think before they answer.

        For writing, GPT-4o keeps its place.

        Many users will stay with GPT-4o.

        The price of GPT-4o did not change.
        """,
    "2024/liveblog.md": """\
        ---
        id: liveblog
        title: Live from an OpenAI event
        date: 2024-10-01
        type: liveblog
        timestamps: clock
        timezone: America/Los_Angeles
        ---

        [09:58] Waiting for the keynote to start.

        [10:02] Sam Altman is on stage to talk about OpenAI.

        [10:15] A demo of o1-preview.
        """,
}

MORE_ENTITIES = {
    "o1-mini": """\
        name: o1-mini
        type: model
        facts:
          developer: {value: openai, source: "https://openai.com/o1-mini/"}
          release_date: {value: "2024-09-12", source: "https://openai.com/o1-mini/"}
          family: {value: o1, source: "https://openai.com/o1-mini/"}
        ---
        o1-mini is a small reasoning model.
        """,
    "o1-preview": """\
        name: o1-preview
        type: model
        facts:
          developer: {value: openai, source: "https://openai.com/o1-preview/"}
          release_date: {value: "2024-09-12", source: "https://openai.com/o1-preview/"}
          family: {value: o1, source: "https://openai.com/o1-preview/"}
        ---
        o1-preview is the first preview of o1.
        """,
    "chatgpt": """\
        name: ChatGPT
        type: product
        facts:
          organization: {value: openai, source: "https://openai.com/chatgpt/"}
          launch_date: {value: "2022-11-30", source: "https://openai.com/index/chatgpt/"}
        ---
        ChatGPT is OpenAI's chat assistant.
        """,
    "anthropic": """\
        name: Anthropic
        type: org
        facts:
          founded: {value: "2021", source: "https://www.anthropic.com/company"}
        ---
        Anthropic is an AI lab that no source here mentions.
        """,
}

SOURCES = {**TINY_SOURCES, **MORE_SOURCES}
ENTITIES = {**TINY_ENTITIES, **MORE_ENTITIES}


def make_project(root: Path) -> Path:
    """The fixture project on disk under `root` (content/ and the site config)."""
    return write_project(root, sources=SOURCES, entities=ENTITIES, pages={"about.md": ABOUT})


def generate_pages(root: Path) -> tuple[list[Page], SiteContext]:
    """Every generated page of the project at `root`, exactly as `kbgen.build.generate`
    makes them but without the cache, the exports or hand-written pages."""
    content = load_content(Project(root))
    extraction = extract(content.sources, content.registry, cache_dir=None)
    graph = build_graph(content.sources, content.registry, extraction.mentions)
    ctx = SiteContext.make(
        content.sources, content.registry, extraction.mentions, graph, content.comparisons
    )
    return generate_all(ctx), ctx
