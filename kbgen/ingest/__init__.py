"""`kbgen ingest`: raw files in, normalized sources under content/sources/ out.

Every file is planned before anything is written (detect, read, merge the editor's
options, validate against the source schema, decide the path), so a batch with one
bad file writes nothing. Ingest never overwrites a source unless forced, and
recognizes a raw file it has seen before by the sha256 in the sources' `origin`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter

from kbgen.content import textfile
from kbgen.content.sources import SOURCE_FIELDS, parse_source, source_files
from kbgen.errors import KbgenError, os_errors, printable
from kbgen.files import first_link, write_atomically
from kbgen.ingest import bounds, detect, rawtext
from kbgen.ingest.draft import Draft, Overrides, merge, missing_message
from kbgen.project import Project
from kbgen.slug import slugify

ID_MAX = 70


@dataclass(frozen=True)
class Planned:
    """What ingest will do with one raw file."""

    raw: Path
    format: str
    dest: Path  # absolute path of the source file
    text: str  # the complete file content
    action: str  # "create", "replace" or "duplicate"
    replaces: Path | None = None  # an older file of the same raw file, removed on --force

    def describe(self, root: Path) -> str:
        rel = self.dest.relative_to(root).as_posix()
        if self.action == "duplicate":
            return (
                f"{self.raw.name}: already ingested as {rel} (same sha256); nothing "
                "written. Use --force to ingest it again."
            )
        verb = {"create": "wrote", "replace": "replaced"}[self.action]
        return f"{self.raw.name} ({self.format}): {verb} {rel}"


def _existing(project: Project) -> tuple[dict[str, Path], dict[Path, str]]:
    """sha256 -> file, and file -> sha256, of sources already in content/sources/."""
    by_sha: dict[str, Path] = {}
    for path in source_files(project.sources):
        if path.suffix != ".md":
            continue
        tf, _ = textfile.read(path, path.name)
        origin = tf.meta.data.get("origin") if tf else None
        if isinstance(origin, dict) and isinstance(origin.get("sha256"), str):
            by_sha.setdefault(origin["sha256"], path)
    return by_sha, {p: s for s, p in by_sha.items()}


def front_matter(source_id: str, draft: Draft, raw_name: str, sha: str) -> dict:
    """The source's keys in the schema's order; empty values are left out.

    Derived from `SOURCE_FIELDS`: `id` and `origin` come from ingest, every other key
    from the draft attribute of the same name. The default date kind is not written.
    """
    meta: dict[str, Any] = {}
    for f in SOURCE_FIELDS:
        if f.name == "id":
            value: Any = source_id
        elif f.name == "origin":
            value = {"file": raw_name, "sha256": sha}
        else:
            value = getattr(draft, f.name)
        if f.kind == "text_list":
            value = list(value) or None
        if f.name == "date_kind" and value == "published":
            value = None
        if value is not None:
            meta[f.name] = value
    return meta


def render(meta: dict, body: str) -> str:
    post = frontmatter.Post(body.strip("\n"), **meta)
    return frontmatter.dumps(post, sort_keys=False, width=100) + "\n"


def plan_file(
    raw_path: Path,
    overrides: Overrides,
    project: Project,
    *,
    force: bool,
    fmt_name: str | None,
    by_sha: dict[str, Path],
) -> Planned:
    name = raw_path.name
    raw = bounds.read_raw(raw_path)  # refused unread when over the size limit
    sha = hashlib.sha256(raw).hexdigest()
    text = rawtext.decode(raw, name, detect.known_formats())
    if not bounds.visible(text):
        what = "empty" if not raw else "empty (it has only white space)"
        raise KbgenError(
            f"{name}: the file is {what}: there is nothing to ingest; check that it "
            "was saved completely"
        )
    fmt = detect.detect(text, name, fmt_name)
    draft = merge(bounds.cleaned(fmt.read(text, name), name), overrides)
    if msg := missing_message(draft, fmt.name):
        raise KbgenError(f"{name}: {msg}")
    if msg := bounds.date_problem(draft, name):
        raise KbgenError(msg)
    assert draft.title and draft.date is not None, "missing_message refused it otherwise"
    # "Episode title | Show Name #367": the show is the publisher, not part of the id.
    id_text = draft.title.split(" | ")[0] if " | " in draft.title else draft.title
    source_id = overrides.id or slugify(id_text, max_len=ID_MAX) or slugify(raw_path.stem)
    dest = project.sources / f"{draft.date:%Y}" / f"{draft.date.isoformat()}-{source_id}.md"
    content = render(front_matter(source_id, draft, name, sha), draft.body)
    bounds.check_output_size(content, name)
    tf, problems = textfile.split(content, dest.name)
    if tf is not None:
        _, problems = parse_source(tf, dest.name)
    if problems:
        raise KbgenError("\n".join(f"{name}: {p.message}" for p in problems))
    previous = by_sha.get(sha)
    if previous is not None and not force:
        return Planned(raw_path, fmt.name, previous, content, "duplicate")
    if dest.exists() and not force and dest != previous:
        rel = dest.relative_to(project.root).as_posix()
        raise KbgenError(
            f"{name}: {rel} already exists (made from another file): choose "
            "another id with --id, or replace it with --force"
        )
    action = "replace" if dest.exists() or previous is not None else "create"
    return Planned(
        raw_path,
        fmt.name,
        dest,
        content,
        action,
        replaces=previous if previous not in (None, dest) else None,
    )


def plan(
    paths: list[Path],
    overrides: Overrides,
    project: Project,
    *,
    force: bool = False,
    fmt_name: str | None = None,
) -> list[Planned]:
    """Plan every file; raise one KbgenError listing every file that cannot be ingested."""
    single = ("id", "title", "url", "subtitle")
    if len(paths) > 1 and any(getattr(overrides, k) for k in single):
        raise KbgenError(
            "--id, --title, --url and --subtitle describe one source: ingest "
            "the files one at a time when you use them"
        )
    if problems := bounds.option_problems(overrides):
        raise KbgenError("\n".join(problems) + "\nNothing was written.")
    by_sha, _ = _existing(project)
    planned: list[Planned] = []
    errors: list[str] = []
    for path in paths:
        try:
            item = plan_file(
                path, overrides, project, force=force, fmt_name=fmt_name, by_sha=by_sha
            )
        except KbgenError as exc:
            errors.append(str(exc))
            continue
        clash = next(
            (p for p in planned if p.dest == item.dest and item.action != "duplicate"), None
        )
        if clash:
            errors.append(
                f"{path.name}: would write the same file as {clash.raw.name} "
                f"({item.dest.name}): give one of them another --id"
            )
            continue
        planned.append(item)
    if errors:
        raise KbgenError("\n".join(errors) + "\nNothing was written.")
    return planned


def _no_link_on_the_way(dest: Path, project: Project) -> None:
    """Refuse to write through a symbolic link (a linked year folder points outside)."""
    link = first_link(project.root, dest)
    if link is not None:
        rel = printable(link.relative_to(project.root).as_posix())
        raise KbgenError(
            f"{rel} is a symbolic link: kbgen never writes through one (it could point "
            f"outside the project). Replace it with a real folder or file. Nothing was written."
        )


def write(planned: list[Planned], project: Project) -> None:
    """Write each planned source atomically (temp file, then rename).

    Every destination is checked before the first file is written, so a batch is
    refused whole; a full disk or a read-only folder is a one-line error, and the
    temp file of the source being written is removed.
    """
    for item in planned:
        if item.action != "duplicate":
            _no_link_on_the_way(item.dest, project)
    with os_errors("kbgen ingest"):
        for item in planned:
            if item.action == "duplicate":
                continue
            item.dest.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(item.dest, item.text.encode("utf-8"), prefix=".ingest-")
            if item.replaces is not None and item.replaces.exists():
                item.replaces.unlink()
