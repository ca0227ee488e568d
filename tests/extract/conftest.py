"""Fixtures that run extraction over the small registries built with `kb`.

Building a pipeline costs ~0.2 s (spaCy reloads its tokenizer exceptions), most
of the time of a one-sentence test; pipelines are reused for equal registries
(same fingerprint), as one `extract()` run reuses one pipeline for every source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from kbgen.content.registry import Registry
from kbgen.extract import extract, pipeline
from kbgen.model import Mention, Source

from .kb import source


@pytest.fixture(scope="package", autouse=True)
def _reuse_pipelines():
    built: dict[tuple, object] = {}
    build = pipeline.build

    def reuse(registry: Registry, *, spoken: bool, **kw):
        if kw:  # a test's own producers: build as asked
            return build(registry, spoken=spoken, **kw)
        key = (pipeline.fingerprint(registry), spoken, pipeline.PRODUCERS)
        if key not in built:
            built[key] = build(registry, spoken=spoken)
        return built[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "build", reuse)
        yield


@pytest.fixture
def found() -> Callable[..., list[tuple[str, str]]]:
    """found(text, registry, **source_fields) -> [(entity id, surface)] in the body."""

    def run(text: str, reg: Registry, **kw) -> list[tuple[str, str]]:
        result = extract([source(text, **kw)], reg)
        return [(m.entity, m.surface) for m in result.mentions if m.paragraph >= 0]

    return run


@pytest.fixture
def mentions() -> Callable[..., list[Mention]]:
    """mentions(sources, registry) -> every Mention, title and body, in order."""

    def run(sources: Source | Sequence[Source], reg: Registry) -> list[Mention]:
        batch = [sources] if isinstance(sources, Source) else list(sources)
        return list(extract(batch, reg).mentions)

    return run
