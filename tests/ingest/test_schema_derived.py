"""The source schema is declared once (`SOURCE_FIELDS`); everything else follows it.

A key added to the schema must reach the `Draft` readers fill, the file ingest
writes, the `Source` the loader builds and, when it has a flag, a `kbgen ingest`
option and `Overrides`. Each test here fails when one of those is left behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from kbgen.cli import ingest as ingest_command
from kbgen.content import textfile
from kbgen.content.sources import SOURCE_FIELDS, parse_source
from kbgen.ingest import front_matter, render
from kbgen.ingest.draft import OPTION_FIELDS, Draft, Overrides
from kbgen.model import Source

from .running import ingested

NAMES = [f.name for f in SOURCE_FIELDS]
# Keys the editor cannot type: they come from the file's format or from ingest itself.
NO_OPTION = {"timestamps", "language", "origin"}

# A value of the right kind for every key a draft carries.
SAMPLE = {
    "title": "A title", "subtitle": "A subtitle", "date": dt.date(2024, 5, 13),
    "date_kind": "event", "type": "liveblog", "url": "https://example.com/post",
    "authors": ("Ann Editor", "Bo Writer"), "publisher": "A Publisher",
    "timestamps": "clock", "timezone": "America/Los_Angeles", "language": "fr",
    "tags": ("launch", "api"),
}


def test_every_key_has_an_option_or_is_known_not_to():
    assert {f.name for f in SOURCE_FIELDS if not f.option} == NO_OPTION
    assert [f.option for f in OPTION_FIELDS] == [
        "--id", "--title", "--subtitle", "--date", "--date-kind", "--type", "--url",
        "--author", "--publisher", "--timezone", "--tag"]


def test_draft_overrides_and_source_follow_the_schema():
    assert {f.name for f in fields(Draft) if f.name != "body"} == set(NAMES) - {"id", "origin"}
    assert {f.name for f in fields(Overrides)} == {f.name for f in OPTION_FIELDS}
    assert set(NAMES) <= {f.name for f in fields(Source) if f.init}
    assert set(SAMPLE) == set(NAMES) - {"id", "origin"}, "give the new key a sample value"


def test_ingest_options_are_the_schema_options():
    params = {p.name: p for p in ingest_command.params}
    for f in OPTION_FIELDS:
        assert params[f.name].opts == [f.option], f.name
        assert getattr(params[f.name], "multiple", None) == (f.kind == "text_list"), f.name
        help_text = getattr(params[f.name], "help", None) or ""
        assert f.doc[:1].upper() + f.doc[1:] in help_text, f.name


def test_every_key_is_written_and_loaded_back():
    meta = front_matter("a-title", Draft(body="Some text.", **SAMPLE), "post.md", "0" * 64)
    assert list(meta) == NAMES
    tf, problems = textfile.split(render(meta, "Some text."), "post.md")
    assert tf is not None and problems == []
    source, problems = parse_source(tf, "post.md")
    assert problems == [] and source is not None
    for name, value in SAMPLE.items():
        assert getattr(source, name) == value, name
    assert source.id == "a-title" and source.origin is not None


def test_every_option_reaches_the_written_source(project):
    _, text = ingested(project, "hugo-front-matter.md", "--id", "an-id", "--title", "T",
                       "--subtitle", "S", "--date", "2024-01-02", "--date-kind", "event",
                       "--type", "blog", "--url", "https://example.com/x", "--author", "A",
                       "--publisher", "P", "--timezone", "Europe/Paris", "--tag", "t")
    head = text.split("\n---\n")[0]
    for line in ("id: an-id", "title: T", "subtitle: S", "date: 2024-01-02", "date_kind: event",
                 "type: blog", "url: https://example.com/x", "- A", "publisher: P",
                 "timezone: Europe/Paris", "- t"):
        assert f"\n{line}\n" in head + "\n", line
