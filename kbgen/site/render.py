"""MkDocs, used as a library: the only module of kbgen that imports mkdocs.

kbgen generates Markdown before the site build instead of running as an MkDocs
plugin (MkDocs 2.0 drops plugins; Zensical reads the same mkdocs.yml but runs no
custom Python), so this module is the whole integration: build the staging docs
into a fresh directory, check its links, and only then swap it into place, so a
failed or interrupted build leaves the previous site untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from kbgen.errors import KbgenError
from kbgen.site.links import check_site


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _config(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(
            config_file=str(config_file),
            docs_dir=str(docs_dir),
            site_dir=str(site_dir),
            strict=strict,
        )
    except ConfigurationError as exc:
        raise KbgenError(f"{config_file.name}: {exc}") from None
    except FileNotFoundError:
        raise KbgenError(
            f"{config_file} not found: kbgen build needs the site config "
            "(mkdocs.yml) at the project root"
        ) from None


def render(
    config_file: Path, docs_dir: Path, out_dir: Path, *, strict: bool, epoch: int
) -> tuple[list[str], str]:
    """Run the MkDocs build into `out_dir`; returns MkDocs' warnings and the site's URL path."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    counter = _Counter()
    log = logging.getLogger("mkdocs")
    log.addHandler(counter)
    previous = log.level
    log.setLevel(logging.WARNING)
    try:
        # SOURCE_DATE_EPOCH pins the dates MkDocs writes (sitemap), for identical output.
        with _env(SOURCE_DATE_EPOCH=str(epoch)):
            config = _config(config_file, docs_dir, out_dir, strict)
            build(config)
    except (Abort, MkDocsException) as exc:
        details = "\n".join(counter.messages[-20:])
        raise KbgenError(f"MkDocs failed: {exc}\n{details}".rstrip()) from None
    finally:
        log.removeHandler(counter)
        log.setLevel(previous)
    return counter.messages, urlsplit(config.site_url or "/").path or "/"


def publish(
    config_file: Path, docs_dir: Path, site_dir: Path, work_dir: Path, *, strict: bool, epoch: int
) -> list[str]:
    """Build into a fresh directory, validate links, then swap it in as `site_dir`."""
    fresh = work_dir / "site-next"
    old = work_dir / "site-old"
    if old.is_dir() and not site_dir.exists():
        old.rename(site_dir)  # a crash mid-swap left the last good site aside: restore it
    for path in (fresh, old):
        shutil.rmtree(path, ignore_errors=True)
    warnings, base_path = render(config_file, docs_dir, fresh, strict=strict, epoch=epoch)
    broken = check_site(fresh, base_path)
    if broken:
        listing = "\n".join(broken[:50]) + (
            f"\n... and {len(broken) - 50} more" if len(broken) > 50 else ""
        )
        if strict:
            shutil.rmtree(fresh, ignore_errors=True)
            raise KbgenError(
                f"{len(broken)} broken internal link(s); the previous site "
                f"was left as it was:\n{listing}"
            )
        warnings += [f"broken link: {b}" for b in broken]
    if site_dir.exists():
        site_dir.rename(old)
    try:
        fresh.rename(site_dir)
    except BaseException:  # Ctrl-C or an OS error between the two renames: put it back
        if old.is_dir() and not site_dir.exists():
            old.rename(site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return warnings


def serve(config_file: Path, docs_dir: Path, *, host: str, port: int) -> None:
    """MkDocs' live-reloading server over the staging docs (it watches them itself)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(
        config_file=str(config_file),
        docs_dir=str(docs_dir),
        dev_addr=f"{host}:{port}",
        livereload=True,
    )
