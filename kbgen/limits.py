"""The documented limits of kbgen's input, in one place.

Every stage is meant to be linear in its input; where a library underneath is not
(spaCy refuses texts over `nlp.max_length`, Python-Markdown backtracks on some
inputs, lxml recurses on nesting), kbgen states a limit here and `kbgen check` and
`kbgen ingest` refuse input over it with a message, so a build never meets it.
"""

from __future__ import annotations

import datetime as dt

# A podcast transcript is ~0.3 MB; 16 MB is not one source.
MAX_SOURCE_BYTES = 16 * 1024 * 1024

# spaCy refuses texts over 1,000,000 characters (E088) and extraction runs per
# paragraph; a real paragraph is a few thousand characters at most.
MAX_PARAGRAPH_CHARS = 100_000

# Dates a source may carry. A year like 2204 is a typo, and the build stamps the
# newest date into gzip headers (which hold 1970..2106).
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)

# Nesting depth of HTML that ingest converts: nh3 (html5ever) slows down with the
# square of the depth, markdownify recurses once per level and libxml2 stops at 256.
MAX_HTML_DEPTH = 200

# HTML elements in a whole saved page: trafilatura's XPath queries slow down with
# their square (a real 1.8 MB page of 24,000 elements takes 6 s, 50,000 take 20 s).
MAX_HTML_ELEMENTS = 30_000
