"""Sphinx's TOC collector, forgetting a document in time proportional to it.

Sphinx 9 (checked against 9.0.0-9.0.4, ``sphinx/environment/collectors/
toctree.py``): ``TocTreeCollector.clear_doc``, run before each document is
read, scans every entry of ``env.files_to_rebuild`` to drop the document,
which makes a build quadratic in the number of articles (a category page's
toctree lists all its articles).  The entries that hold the document are
those of the children it includes, which ``env.toctree_includes`` lists.
Profiled at 1,000 and 2,000 articles, this and ``toctree_ancestors`` were the
two costs growing faster than the site (1.2 -> 5.3 s profiled; ~20 s at
4,000 articles).  No upstream issue yet.

The stock collector is disabled and this subclass enabled in its place.
Should Sphinx register another collector class, nothing is replaced and
Sphinx's own runs.
"""

from __future__ import annotations

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


def _stock_collectors(app: Sphinx) -> list[TocTreeCollector]:
    found = []
    for listener in app.events.listeners.get("env-purge-doc", ()):
        collector = getattr(listener.handler, "__self__", None)
        if type(collector) is TocTreeCollector:
            found.append(collector)
    return found


def applies(app: Sphinx) -> bool:
    return bool(_stock_collectors(app)) or any(
        isinstance(getattr(listener.handler, "__self__", None), IncludesTocTreeCollector)
        for listener in app.events.listeners.get("env-purge-doc", ())
    )


def setup(app: Sphinx) -> None:
    for collector in _stock_collectors(app):
        collector.disable(app)
        IncludesTocTreeCollector().enable(app)
