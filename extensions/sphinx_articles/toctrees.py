"""Sphinx's toctree bookkeeping in time proportional to a page, not the site.

Two Sphinx 9 helpers walk every toctree entry of the site for each page,
which makes a build quadratic in the number of articles (a category page's
toctree lists all its articles):

- the TOC collector's ``clear_doc``, run before each document is read,
  scans every entry of ``env.files_to_rebuild`` to drop the document;
  the entries that hold it are those of the children it includes, which
  ``env.toctree_includes`` lists;
- ``_get_toctree_ancestors``, called for each page written (by
  pydata-sphinx-theme and Sphinx's ``toctree()``), rebuilds the map from
  each entry to its parent.  The toctrees do not change while pages are
  written, so the map is made once when reading ends (``env-updated``).

Profiled at 1,000 and 2,000 articles, these were the two costs growing
faster than the site (1.2 -> 5.3 s profiled; ~20 s at 4,000 articles).
"""

from __future__ import annotations

from collections.abc import Set

import sphinx.environment.adapters.toctree as toctree_adapter
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector


class IncludesTocTreeCollector(TocTreeCollector):
    """Sphinx's TOC collector; ``clear_doc`` visits only the document's own entries."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        for child in env.toctree_includes.pop(docname, ()):
            parents = env.files_to_rebuild.get(child)
            if parents is not None:
                parents.discard(docname)
                if not parents:
                    del env.files_to_rebuild[child]
        env.tocs.pop(docname, None)
        env.toc_secnumbers.pop(docname, None)
        env.toc_fignumbers.pop(docname, None)
        env.toc_num_entries.pop(docname, None)
        env.glob_toctrees.discard(docname)
        env.numbered_toctrees.discard(docname)


def replace_toc_collector(app: Sphinx) -> None:
    for listener in list(app.events.listeners.get("env-purge-doc", ())):
        collector = getattr(listener.handler, "__self__", None)
        if type(collector) is TocTreeCollector:
            collector.disable(app)
            IncludesTocTreeCollector().enable(app)


# The parent of each toctree entry, made when reading ends.
_parents: dict = {"of": None, "map": {}}


def remember_parents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    parent: dict[str, str] = {}
    for page, children in env.toctree_includes.items():
        parent |= dict.fromkeys(children, page)
    _parents.update(of=env.toctree_includes, map=parent)
    return []


def forget_parents(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _parents.update(of=None, map={})


def install_ancestors() -> None:
    stock = getattr(toctree_adapter, "_get_toctree_ancestors", None)
    if stock is None or hasattr(stock, "stock"):
        return

    def ancestors(toctree_includes: dict[str, list[str]], docname: str) -> Set[str]:
        if toctree_includes is not _parents["of"]:
            return stock(toctree_includes, docname)
        parent, found, current = _parents["map"], [], docname
        while current in parent and current not in found:  # as Sphinx: stop at a cycle
            found.append(current)
            current = parent[current]
        return dict.fromkeys(found).keys()

    ancestors.stock = stock
    toctree_adapter._get_toctree_ancestors = ancestors
