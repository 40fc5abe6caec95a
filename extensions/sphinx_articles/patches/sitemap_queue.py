"""sphinx-sitemap's page queue kept in the main process.

sphinx-sitemap (checked against 2.8.0-2.9.0) collects the pages written in
``app.sitemap_links``, a multiprocessing manager's queue: a server process,
and a round trip per page.  ``web/sitemap.py`` lists every document itself
just before the sitemap is written, so the pages other processes write need
not be collected: the queue is swapped for an in-process one, which still
collects the pages the main process writes beside the documents (genindex,
search).  Should sphinx-sitemap stop making ``app.sitemap_links``, nothing is
swapped.  No upstream issue: the manager is right for sphinx-sitemap's own
design.
"""

from __future__ import annotations

import queue
from pathlib import Path

from sphinx.application import Sphinx


def collect_in_process(app: Sphinx) -> None:
    if getattr(app, "sitemap_links", None) is not None and app.builder.format == "html":
        app.sitemap_links = queue.Queue()  # the manager shuts down with its last proxy


def applies(app: Sphinx | None = None) -> bool:
    import sphinx_sitemap

    return "sitemap_links" in Path(sphinx_sitemap.__file__).read_text(encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", collect_in_process, priority=600)  # after sphinx-sitemap's
