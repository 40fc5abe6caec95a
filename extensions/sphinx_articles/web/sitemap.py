"""Feed sphinx-sitemap every page with ``<lastmod>``: an article's
modification date (``updatedAt``), else its publication date.

sphinx-sitemap lists only the pages written in this run (an incremental build
would drop the rest) and takes dates from git.  Just before it writes the
file, the queue it collected is replaced by one entry per document (the
queue, ``app.sitemap_links``, is its documented hand-over point; see
``patches/sitemap_queue.py`` for the queue's kind).
"""

from __future__ import annotations

import queue
from urllib.parse import quote, unquote

from sphinx.application import Sphinx

from ..content.site import Site
from ..pages.state import site_of


def complete(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    site = site_of(app.env)
    if exception or links is None or site is None or app.builder.format != "html":
        return
    from sphinx_sitemap import is_excluded

    entries = {_url(link): date for link, date in _drain(links)}  # keeps genindex, search, ...
    for docname in app.env.all_docs:
        entries[_url(app.builder.get_target_uri(docname))] = lastmod(site, docname)
    complete_links: queue.Queue = queue.Queue()
    for link in sorted(entries):
        if not is_excluded(link, app.config.sitemap_excludes):
            complete_links.put((link, entries[link]))
    app.sitemap_links = complete_links


def _url(link: str) -> str:
    """One spelling per page: percent-encoded, as sitemaps require."""
    return quote(unquote(link), safe="/")


def _drain(links):
    while True:
        try:
            yield links.get_nowait()
        except queue.Empty:
            return


def lastmod(site: Site, docname: str) -> str | None:
    """An article's (modification) date; for a listing page, its most
    recently changed article's."""
    article = site.articles.get(docname)
    if article is not None:
        return w3c_date(article.modified_text)
    page = site.pages.get(docname)
    members = (
        site.articles.values()
        if page and page.kind == "home"
        else [site.articles[d] for d in (page.articles if page else [])]
    )
    dated = [a for a in members if a.modified]
    return w3c_date(max(dated, key=lambda a: a.modified).modified_text) if dated else None


def w3c_date(text: str) -> str | None:
    """Sitemaps need a time zone with a time; drop a time without one."""
    if len(text) > 10 and not (text.endswith("Z") or "+" in text[10:] or "-" in text[10:]):
        return text[:10]
    return text or None


def normalise_base_url(app: Sphinx, config) -> None:
    """sphinx-sitemap joins ``html_baseurl`` and the page without a slash."""
    if config.html_baseurl and not config.html_baseurl.endswith("/"):
        config.html_baseurl += "/"


def setup(app: Sphinx) -> None:
    app.connect("config-inited", normalise_base_url)
    app.connect("build-finished", complete, priority=400)  # before sphinx-sitemap writes
