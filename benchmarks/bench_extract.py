"""Extraction speed, as ratios against baselines measured in the same run.

    python benchmarks/bench_extract.py [--repeat N] [--root DIR]

(a) the seed sources (content/sources) tokenized by a bare `spacy.blank("en")`,
    against kbgen's extraction of the same sources (no cache): what the registry's
    patterns, gates and provenance cost over tokenizing alone;
(b) one ~20k-word document tokenized whole, against the same text tokenized in its
    paragraphs, which is how kbgen feeds spaCy (see kbgen/extract/text.py); also
    through kbgen's whole written-source pipeline (sentencizer, ruler, gate).

Every timing is the best of N runs, each with a freshly built pipeline so spaCy's
tokenizer cache never carries over from one run to the next. Absolute seconds
depend on the machine; the ratios are the figures to compare.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from anywhere without installing kbgen

import spacy  # noqa: E402

from kbgen.check import load_content  # noqa: E402
from kbgen.extract import extract, pipeline  # noqa: E402
from kbgen.paragraphs import spans as paragraphs  # noqa: E402
from kbgen.project import Project  # noqa: E402

TARGET_WORDS = 20_000


def best(repeat: int, setup: Callable[[], object], run: Callable[[object], object]) -> float:
    """Best wall time of `run(setup())` over `repeat` runs; setup is not timed."""
    times = []
    for _ in range(repeat):
        state = setup()
        start = time.perf_counter()
        run(state)
        times.append(time.perf_counter() - start)
    return min(times)


def long_document(texts: list[str], words: int = TARGET_WORDS) -> list[str]:
    """Whole paragraphs of the seed bodies, in order, until about `words` words."""
    out, count = [], 0
    while count < words:
        for body in texts:
            for _, para in paragraphs(body):
                out.append(para)
                count += len(para.split())
                if count >= words:
                    return out
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--root", type=Path, default=REPO, help="project root (content/)")
    args = parser.parse_args()

    content = load_content(Project(args.root))
    sources, registry = content.sources, content.registry
    texts = [s.body for s in sources]
    chars = sum(len(s.title) + len(s.body) for s in sources)
    words = sum(len(t.split()) for t in texts)

    # (a) bare tokenization vs kbgen extraction of the same sources
    def tokenize_all(nlp):
        for s in sources:
            nlp(s.title)
            nlp(s.body)

    bare = best(args.repeat, lambda: spacy.blank("en"), tokenize_all)
    build = best(
        args.repeat,
        lambda: None,
        lambda _: (pipeline.build(registry, spoken=False), pipeline.build(registry, spoken=True)),
    )
    kbgen = best(args.repeat, lambda: None, lambda _: extract(sources, registry))

    # (b) one ~20k-word document: whole vs paragraph-sized pieces
    pieces = long_document(texts)
    whole_text = "\n\n".join(pieces)
    doc_words = len(whole_text.split())
    rows_b = []
    for label, make in (
        ("spacy.blank", lambda: spacy.blank("en")),
        ("kbgen tokenizer", pipeline.blank),
    ):
        whole = best(args.repeat, make, lambda nlp: nlp.make_doc(whole_text))
        split = best(args.repeat, make, lambda nlp: [nlp.make_doc(p) for p in pieces])
        rows_b.append((label, whole, split))

    def full():
        return pipeline.build(registry, spoken=False)

    whole = best(args.repeat, full, lambda nlp: nlp(whole_text))
    split = best(args.repeat, full, lambda nlp: list(nlp.pipe(pieces)))
    rows_b.append(("kbgen full pipeline", whole, split))

    print(
        f"seed sources: {len(sources)} sources, {words:,} words, {chars:,} characters; "
        f"registry: {len(registry)} entities; best of {args.repeat}"
    )
    print()
    print(f"{'(a) seed sources':44} {'seconds':>9} {'ratio':>8}")
    print(f"{'bare spacy.blank(en) tokenization':44} {bare:9.3f} {1:8.1f}x")
    print(f"{'kbgen extract() (2 pipelines built, no cache)':44} {kbgen:9.3f} {kbgen / bare:8.1f}x")
    print(f"{'  of which: building the 2 pipelines':44} {build:9.3f} {build / bare:8.1f}x")
    print(
        f"{'  kbgen extract() minus pipeline builds':44} {kbgen - build:9.3f} "
        f"{(kbgen - build) / bare:8.1f}x"
    )
    print()
    print(
        f"(b) one document of {doc_words:,} words, {len(whole_text):,} characters, "
        f"{len(pieces)} paragraphs"
    )
    print(f"{'processed by':20} {'whole (s)':>10} {'pieces (s)':>11} {'whole/pieces':>13}")
    for label, whole, split in rows_b:
        print(f"{label:20} {whole:10.3f} {split:11.3f} {whole / split:12.2f}x")


if __name__ == "__main__":
    main()
