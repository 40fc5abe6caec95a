"""Sphinx's discovery of the source files, made with strings.

Sphinx (checked against 9.0.0-9.0.4: ``Project.discover`` and
``Project.path2doc`` in ``sphinx/project.py``, ``get_matching_files`` and
``compile_matchers`` in ``sphinx/util/matching.py``) makes six ``Path``
objects per source file to find it and name its page, and matches each
name against each pattern in turn: 1.1 s of the 1.35 s of discovery at
4,000 articles.  ``discover`` is a copy of ``Project.discover`` (the same
files in the same order, the same page names and warnings) with paths as
text, one ``Path`` per document, and each pattern list compiled into one
regular expression.  ``pages/discovery.py`` (``ArticlesProject.discover``)
calls ``find_sources``.  No upstream issue yet.

A copy goes stale without a sound, so ``applies()`` compares the source of
each function it copies or relies on (``_SOURCES``) with the source it was
copied from: one digest each, the same in 9.0.0-9.0.4.  When one differs
or is gone, or the source cannot be read, ``find_sources`` runs Sphinx's
own ``Project.discover``: the same result, slower.  After an upgrade that
changed one, bring the copy in line and add the new digest.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import sphinx.project as sphinx_project
import sphinx.util.matching as sphinx_matching
import sphinx.util.osutil as sphinx_osutil
from sphinx.locale import __
from sphinx.project import Project
from sphinx.util import logging

logger = logging.getLogger("sphinx.project")  # Sphinx's warnings, from Sphinx's logger

# What the copies mirror or rely on: the digest of each one's source (Sphinx 9.0.0-9.0.4).
_SOURCES: dict[str, frozenset[str]] = {
    "Project.discover": frozenset({"43d0d333976f6ee2"}),
    "Project.path2doc": frozenset({"7acc45527b3bbca6"}),
    "get_matching_files": frozenset({"cb77e7f75ae46465"}),
    "compile_matchers": frozenset({"58d6d4c64ed0492b"}),
    "_unicode_nfc": frozenset({"74363219be6dd8f0"}),
    "path_stabilize": frozenset({"744b23687ed8bc57"}),
    "canon_path": frozenset({"56a587636f6d2088"}),
}


def _installed() -> dict[str, object]:
    project = getattr(sphinx_project, "Project", None)
    return {
        "Project.discover": getattr(project, "discover", None),
        "Project.path2doc": getattr(project, "path2doc", None),
        "get_matching_files": getattr(sphinx_matching, "get_matching_files", None),
        "compile_matchers": getattr(sphinx_matching, "compile_matchers", None),
        "_unicode_nfc": getattr(sphinx_matching, "_unicode_nfc", None),
        "path_stabilize": getattr(sphinx_osutil, "path_stabilize", None),
        "canon_path": getattr(sphinx_osutil, "canon_path", None),
    }


@functools.cache  # by the function object: one replaced is read again
def digest(function: object) -> str | None:
    """A digest of *function*'s source text (``None``: no source to read)."""
    try:
        source = textwrap.dedent(inspect.getsource(function))  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def stale() -> list[str]:
    """The names in ``_SOURCES`` whose installed source is not one copied from."""
    installed = _installed()
    return [name for name, digests in _SOURCES.items() if digest(installed[name]) not in digests]


def applies(app: object = None) -> bool:
    return not stale() and isinstance(getattr(sphinx_project, "EXCLUDE_PATHS", None), list)


def find_sources(project: Project, exclude_paths: Iterable[str], include_paths: Iterable[str]) -> set[str]:
    """``Project.discover``: the copy below when it applies, else Sphinx's own."""
    if applies():
        return discover(project, exclude_paths, include_paths)
    return Project.discover(project, exclude_paths, include_paths)


def discover(project: Project, exclude_paths: Iterable[str], include_paths: Iterable[str]) -> set[str]:
    """Sphinx's ``Project.discover``: the same files, page names and warnings,
    made with strings."""
    project.docnames.clear()
    project._path_to_docname.clear()
    project._docname_to_path.clear()
    srcdir = os.fspath(project.srcdir)
    excluded = [*exclude_paths, *sphinx_project.EXCLUDE_PATHS]
    for filename in matching_files(project.srcdir, include_paths, excluded):
        docname = source_docname(project, filename)
        if not docname:
            continue
        if docname in project.docnames:
            files = [str(f.relative_to(project.srcdir)) for f in project.srcdir.glob(f"{docname}.*")]
            logger.warning(
                __('multiple files found for the document "%s": %s\nUse %r for the build.'),
                docname,
                ", ".join(files),
                project.doc2path(docname, absolute=True),
                once=True,
            )
        elif os.access(os.path.join(srcdir, filename), os.R_OK):
            project.docnames.add(docname)
            path = Path(filename)
            project._path_to_docname[path] = docname
            project._docname_to_path[docname] = path
        else:
            logger.warning(__("Ignored unreadable document %r."), filename, location=docname)
    return project.docnames


def source_docname(project: Project, filename: str) -> str | None:
    """``Project.path2doc`` of a file ``matching_files`` just found
    (relative, NFC, ``/``, in no mapping yet)."""
    name = filename.rpartition("/")[2]
    for suffix in project.source_suffix:
        if name.endswith(suffix):
            return filename.removesuffix(suffix)
    return None


def matching_files(srcdir: str | os.PathLike[str], include: Iterable[str], exclude: Iterable[str]) -> Iterator[str]:
    """Sphinx's ``get_matching_files``: the same files in the same order,
    each pattern list one regular expression, paths as text."""
    root_dir = Path(srcdir).resolve()
    excluded = one_matcher(exclude)
    included = one_matcher(include)
    for root, dirs, files in os.walk(root_dir, followlinks=True):
        relative = os.path.relpath(root, root_dir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in sorted(files):
            entry = unicodedata.normalize("NFC", prefix + name)
            if included(entry) and not excluded(entry):
                yield entry
        dirs[:] = [name for name in sorted(dirs) if not excluded(unicodedata.normalize("NFC", prefix + name))]


def one_matcher(patterns: Iterable[str]) -> Callable[[str], object]:
    """Whether any of the glob *patterns* matches, as ``compile_matchers`` each."""
    sources = [matcher.__self__.pattern for matcher in sphinx_matching.compile_matchers(patterns)]  # type: ignore[attr-defined]
    if not sources:
        return lambda _text: None
    return re.compile("|".join(f"(?:{source})" for source in sources)).match
