"""sphinx-sitemap's file left as it is when its entries did not change.

sphinx-sitemap (checked against 2.8.0-2.9.0) writes the whole sitemap at
``build-finished`` with ElementTree (``create_sitemap``), every build: 0.6 s
of a one-article incremental build at 4,000 articles.  ``web/sitemap.py``
puts the complete list of entries in its queue just before; when that list
and everything else ``create_sitemap`` reads (``inputs``) are those of the
last build and the file still holds the bytes it wrote then, it calls
``skip_next`` and the listener here, which took the place of
``create_sitemap``'s (same priority), does not call it.  Should
sphinx-sitemap's listener not be found (renamed, moved), nothing is replaced
and the sitemap is written every build, as stock.  An empty queue would
also stop ``create_sitemap``, but it then says "No pages generated", and what
it does with one is its own business.  No upstream issue: a sitemap that is
not rewritten is this site's need (it lists every page itself).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FLAG = "_articles_sitemap_unchanged"
INSTALLED = "_articles_sitemap_skippable"


def installed(app: Sphinx) -> bool:
    """Whether a sitemap can be left unwritten in this application."""
    return bool(app.__dict__.get(INSTALLED))


def inputs(app: Sphinx) -> tuple[Any, ...]:
    """What ``create_sitemap`` reads besides its queue (2.8.0 has no ``sitemap_indent``)."""
    import sphinx_sitemap

    config = app.config
    return (
        getattr(sphinx_sitemap, "__version__", ""),
        config.site_url, config.html_baseurl, config.sitemap_url_scheme, config.language, config.version,
        sphinx_sitemap.get_locales(app), config.sitemap_filename, getattr(config, "sitemap_indent", None),
        str(app.outdir),
    )  # fmt: skip


def skip_next(app: Sphinx) -> None:
    """This build's sitemap is the file already there: do not write it."""
    app.__dict__[FLAG] = True


def stock_listener(app: Sphinx):
    import sphinx_sitemap

    stock = getattr(sphinx_sitemap, "create_sitemap", None)
    if not hasattr(sphinx_sitemap, "get_locales"):  # inputs() could not say what the file depends on
        return None
    for listener in app.events.listeners.get("build-finished", []):
        if stock is not None and listener.handler is stock:
            return listener
    return None


def install(app: Sphinx) -> None:
    listener = stock_listener(app)
    if listener is None or not hasattr(listener, "priority"):
        return
    stock = listener.handler

    def create_sitemap(app: Sphinx, exception) -> None:
        if app.__dict__.pop(FLAG, False) and not exception:
            logger.info(f"sphinx-sitemap: {app.config.sitemap_filename} unchanged")
            return
        stock(app, exception)

    create_sitemap.stock = stock  # type: ignore[attr-defined]
    app.disconnect(listener.id)
    app.connect("build-finished", create_sitemap, priority=listener.priority)
    app.__dict__[INSTALLED] = True


def applies(app: Sphinx | None = None) -> bool:
    import sphinx_sitemap

    if not callable(getattr(sphinx_sitemap, "create_sitemap", None)):
        return False
    if app is None:
        return True
    return any(
        getattr(listener.handler, "stock", None) is sphinx_sitemap.create_sitemap
        for listener in app.events.listeners.get("build-finished", [])
    )


def setup(app: Sphinx) -> None:
    install(app)  # sphinx_sitemap is set up before the patches (sphinx_articles.setup)
