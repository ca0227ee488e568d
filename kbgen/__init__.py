"""kbgen: AI-news sources in, a knowledge base with provenance out.

The library is the product; `kbgen.cli` is a thin shell over it. The stages are
ingest (raw file -> content/sources/*.md), load (content -> typed values), extract
(spaCy -> mentions), graph (networkx), generate (pages in memory) and write/render.
"""

__version__ = "0.1.0"
