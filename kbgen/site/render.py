"""MkDocs, used as a library: the only module of kbgen that imports mkdocs.

kbgen generates Markdown before the site build instead of running as an MkDocs
plugin (MkDocs 2.0 drops plugins; Zensical reads the same mkdocs.yml but runs no
custom Python), so this module is the whole integration: build the staging docs
into a fresh directory, check its links, and only then swap it into place, so a
failed or interrupted build leaves the previous site untouched.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kbgen.errors import KbgenError
from kbgen.site.links import check_site
from kbgen.workspace import remove

if TYPE_CHECKING:  # mkdocs is imported only when a build runs
    from mkdocs.config.defaults import MkDocsConfig


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _env(**values: str) -> Iterator[None]:
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


def _config(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool) -> MkDocsConfig:
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


# Where pages are staged and the site is written is kbgen's decision (its work
# folders are checked and swapped as a whole), so mkdocs.yml must not say it too:
# a value there would be silently overridden.
OWNED_KEYS = ("docs_dir", "site_dir")


def check_config(config_file: Path) -> None:
    """Refuse a missing or unreadable mkdocs.yml, or one that sets kbgen's folders,
    before any work is done (not after extraction, in MkDocs' words)."""
    from mkdocs.utils import yaml_load

    try:
        with open(config_file, "rb") as fh:
            raw = yaml_load(fh)
    except FileNotFoundError:
        raise KbgenError(
            f"{config_file.name} not found at the project root: kbgen build needs the "
            "site config (copy mkdocs.yml from an existing kbgen project)"
        ) from None
    except Exception as exc:  # yaml's errors, a directory, an unreadable file
        raise KbgenError(f"{config_file.name}: cannot be read as YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise KbgenError(f"{config_file.name}: must be a mapping of settings")
    owned = [key for key in OWNED_KEYS if key in raw]
    if owned:
        raise KbgenError(
            f"{config_file.name}: remove {' and '.join(owned)}: kbgen stages the pages in "
            ".kbgen/docs and publishes site/ itself, so a value here would be ignored"
        )


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
    """Build into a fresh directory, validate links, then swap it in as `site_dir`.

    Whatever happens — an error, Ctrl-C, a full disk — the fresh directory is removed
    and `site_dir` is the previous site or the complete new one, never half of one.
    """
    fresh = work_dir / "site-next"
    old = work_dir / "site-old"
    if old.is_dir() and not os.path.lexists(site_dir):
        old.rename(site_dir)  # a crash mid-swap left the last good site aside: restore it
    for path in (fresh, old):
        remove(path)
    try:
        warnings, base_path = render(config_file, docs_dir, fresh, strict=strict, epoch=epoch)
        broken = check_site(fresh, base_path)
        if broken:
            listing = "\n".join(broken[:50]) + (
                f"\n... and {len(broken) - 50} more" if len(broken) > 50 else ""
            )
            if strict:
                raise KbgenError(
                    f"{len(broken)} broken internal link(s); the previous site "
                    f"was left as it was:\n{listing}"
                )
            warnings += [f"broken link: {b}" for b in broken]
        swap(fresh, site_dir, old)
    finally:
        remove(fresh)  # the half-built site, or after a swap the previous one
        if os.path.lexists(site_dir):
            remove(old)  # (never the only copy of the last good site)
    return warnings


def swap(fresh: Path, site_dir: Path, aside: Path) -> None:
    """Put `fresh` in place of `site_dir` with no moment at which `site_dir` is missing.

    Where the kernel can exchange two paths atomically (Linux renameat2), one call
    does it and `fresh` then holds the previous site; elsewhere two renames, and a
    crash between them leaves the previous site at `aside`, restored by the next build.
    """
    if not os.path.lexists(site_dir):
        fresh.rename(site_dir)
        return
    if _exchange(fresh, site_dir):
        return
    site_dir.rename(aside)
    try:
        fresh.rename(site_dir)
    except BaseException:  # Ctrl-C or an OS error between the two renames: put it back
        if aside.is_dir() and not os.path.lexists(site_dir):
            aside.rename(site_dir)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (renameat2 RENAME_EXCHANGE); False where unsupported."""
    func = _renameat2()
    if func is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if func(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # old kernel or a file system without exchange: fall back
    raise OSError(err, os.strerror(err), str(b))


@cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def serve(config_file: Path, docs_dir: Path, *, host: str, port: int) -> None:
    """MkDocs' live-reloading server over the staging docs (it watches them itself)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(
        config_file=str(config_file),
        docs_dir=str(docs_dir),
        dev_addr=f"{host}:{port}",
        livereload=True,
    )
