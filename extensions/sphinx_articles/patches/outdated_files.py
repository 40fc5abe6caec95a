"""Which source files changed and which pages are older than their
sources, told with strings and one ``stat`` per file.

Sphinx (checked against 9.0.0-9.0.4): before each build
``BuildEnvironment.get_outdated_files`` asks ``_has_doc_changed`` about every
document.  Each call makes ``Path`` objects for the document, its doctree and
each dependency, and an image that a thousand articles show (a shared
cover) is looked at a thousand times: 0.16 s of every rebuild at 4,000
articles, growing with the archive.  Here the same questions are asked with
strings, and each file's time is read once per build.  The answer is the
same (``tests/test_patches.py`` compares it with Sphinx's own).  No upstream
issue yet.

The HTML builder's ``get_outdated_docs`` compares each page with its source
the same way (``Path`` objects for both): ``OutdatedPages``, a builder
mixin, does it with strings for the ``html`` builder, whose output path is
``outdir/<page><out_suffix>``; any other builder, or a ``.buildinfo`` that
no longer matches, runs Sphinx's own method.

The dependencies themselves are kept as Sphinx keeps them (``Path``
objects), but equal ones are made one object after reading
(``share_dependency_paths``), so the pickled environment holds each once.

``get_outdated_files`` is replaced on ``BuildEnvironment``.  When the
configuration changed (everything is read again) Sphinx's own method runs;
should Sphinx rename ``_has_doc_changed`` or change either method's
signature, Sphinx's own methods run.
"""

from __future__ import annotations

import inspect
import os
import stat
from collections.abc import Callable

import sphinx.builders.html
import sphinx.environment
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)
BuildInfo = getattr(sphinx.builders.html, "BuildInfo", None)

STOCK_SIGNATURE = ["self", "config_changed"]


class FileTimes(dict):
    """Modification time of each file asked about, as Sphinx counts it
    (microseconds, to the next one up); None when it is not a readable file."""

    def __missing__(self, path: str) -> int | None:
        try:
            found = os.stat(path)
        except OSError:
            found = None
        time = -(found.st_mtime_ns // -1_000) if found is not None and stat.S_ISREG(found.st_mode) else None
        self[path] = time
        return time


def get_outdated_files(env: BuildEnvironment, config_changed: bool) -> tuple[set[str], set[str], set[str]]:
    """(added, changed, removed) document names, as Sphinx's own method
    (whose place on ``BuildEnvironment`` this function takes)."""
    if config_changed:
        return get_outdated_files.stock(env, config_changed)
    removed = env.all_docs.keys() - env.found_docs
    added: set[str] = set()
    changed: set[str] = set()
    times = FileTimes()
    doctrees = os.fspath(env.doctreedir)
    source = source_paths(env)
    for docname in env.found_docs:
        if docname not in env.all_docs:
            added.add(docname)
        elif reason := why_changed(env, docname, doctrees, times, source):
            logger.debug("[build target] changed %r: %s", docname, reason)
            changed.add(docname)
    return added, changed, removed


def why_changed(
    env: BuildEnvironment, docname: str, doctrees: str, times: FileTimes, source_path: Callable[[str], str]
) -> str | None:
    if docname in env.reread_always:
        return "re-read forced"
    if not os.path.isfile(os.path.join(doctrees, f"{docname}.doctree")):
        return "doctree file does not exist"
    read = env.all_docs[docname]
    source = times[source_path(docname)]
    if source is None or source > read:  # Sphinx: an unreadable source is an error later; read it again
        return "source is newer"
    for dependency in env.dependencies.get(docname, ()):
        time = times[os.fspath(dependency)]
        if time is None:
            return f"dependency {os.fspath(dependency)!r} is missing"
        if time > read:
            return f"dependency {os.fspath(dependency)!r} is newer"
    return None


class OutdatedPages:
    """Mixin for an HTML builder: Sphinx's ``get_outdated_docs`` with strings."""

    def get_outdated_docs(self):
        templates = getattr(self, "templates", None)
        template_time = int(templates.newest_template_mtime() * 10**6) if templates else 0
        times = FileTimes()
        outdir, suffix = os.fspath(self.outdir), self.out_suffix  # type: ignore[attr-defined]
        build_info = times[os.path.join(outdir, ".buildinfo")]
        if not _pages_are_files(self) or not _build_info_matches(self) or template_time > (build_info or 0):
            yield from super().get_outdated_docs()  # type: ignore[misc]  # it logs why all are written
            return
        env = self.env  # type: ignore[attr-defined]
        source_path = source_paths(env)
        for docname in env.found_docs:
            if docname not in env.all_docs:
                yield docname
                continue
            source = times[source_path(docname)]
            if source is None:
                continue  # as Sphinx: the source is gone
            written = times[os.path.join(outdir, docname + suffix)] or 0
            if max(source, template_time) > written:
                yield docname


def source_paths(env: BuildEnvironment) -> Callable[[str], str]:
    """``env.doc2path`` as a string, without making two ``Path`` objects a document."""
    known = getattr(env.project, "_docname_to_path", {})
    srcdir = os.fspath(env.srcdir)

    def source_path(docname: str) -> str:
        relative = known.get(docname)
        return os.fspath(env.doc2path(docname)) if relative is None else os.path.join(srcdir, os.fspath(relative))

    return source_path


def share_dependency_paths(app: Sphinx, env: BuildEnvironment) -> None:
    """Make equal dependency paths one object.  A cover that 1,000 articles
    show is 1,000 equal ``Path`` objects, each pickled with the environment
    and made again when it is loaded (0.12 s of every rebuild at 4,000
    articles); shared, the pickle holds it once."""
    shared: dict = {}
    for docname, paths in env.dependencies.items():
        env.dependencies[docname] = {shared.setdefault(path, path) for path in paths}


def _pages_are_files(builder) -> bool:
    """``outdir/<page><out_suffix>``, Sphinx's ``html`` builder's own paths."""
    return (
        BuildInfo is not None
        and isinstance(builder, StandaloneHTMLBuilder)
        and type(builder).get_output_path is StandaloneHTMLBuilder.get_output_path
    )


def _build_info_matches(builder) -> bool:
    """Sphinx's own method handles a missing or different ``.buildinfo`` (it
    logs, keeps a backup and rewrites every page)."""
    try:
        return builder.build_info == BuildInfo.load(builder.outdir / ".buildinfo")
    except (OSError, ValueError):
        return False


def applies(app: Sphinx | None = None) -> bool:
    if BuildInfo is None or not hasattr(StandaloneHTMLBuilder, "get_output_path"):
        return False
    method = getattr(BuildEnvironment, "get_outdated_files", None)
    if method is get_outdated_files:
        method = get_outdated_files.stock
    return (
        hasattr(sphinx.environment, "_has_doc_changed")
        and method is not None
        and list(inspect.signature(method).parameters) == STOCK_SIGNATURE
    )


def install() -> None:
    if BuildEnvironment.get_outdated_files is get_outdated_files or not applies():
        return
    get_outdated_files.stock = BuildEnvironment.get_outdated_files  # type: ignore[attr-defined]
    BuildEnvironment.get_outdated_files = get_outdated_files  # type: ignore[method-assign]


def setup(app: Sphinx) -> None:
    install()
    app.connect("env-updated", share_dependency_paths)
