"""Feed sphinx-sitemap every page with ``<lastmod>``: an article's
modification date (``updatedAt``), else its publication date.

sphinx-sitemap lists only the pages written in this run (an incremental build
would drop the rest) and takes dates from git.  Just before it writes the
file, the queue it collected is replaced by one entry per document (the
queue, ``app.sitemap_links``, is its documented hand-over point; see
``patches/sitemap_queue.py`` for the queue's kind).

When that list, and the rest of what sphinx-sitemap reads, is the last
build's and the file still holds the bytes written then (a digest of each
is kept in ``articles-sitemap.json`` in the doctree folder), the file is not
written again (``patches/sitemap_unchanged.py``): an edit costs no
ElementTree of every page.
"""

from __future__ import annotations

import json
import queue
from pathlib import Path
from urllib.parse import quote, unquote

from sphinx.application import Sphinx

from ..content.site import Site
from ..pages.incremental import digest
from ..pages.state import site_of
from ..patches import sitemap_unchanged
from .output import file_digest

STATE = "articles-sitemap.json"  # in the doctree folder: {builder: [inputs digest, file digest]}
INPUTS = "_articles_sitemap_inputs"


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
    listed = [(link, entries[link]) for link in sorted(entries) if not is_excluded(link, app.config.sitemap_excludes)]
    for item in listed:
        complete_links.put(item)
    app.sitemap_links = complete_links
    if sitemap_unchanged.installed(app):
        inputs = digest((listed, sitemap_unchanged.inputs(app)))
        app.__dict__[INPUTS] = inputs
        if listed and _recorded(app) == [inputs, _file_digest(app)]:
            sitemap_unchanged.skip_next(app)


def record(app: Sphinx, exception: Exception | None) -> None:
    """After sphinx-sitemap: what the file now holds, and from which inputs."""
    inputs = app.__dict__.pop(INPUTS, None)
    if inputs is None:
        return
    state = _state(app)
    digest = None if exception else _file_digest(app)
    if digest is None:
        state.pop(app.builder.name, None)
    else:
        state[app.builder.name] = [inputs, digest]
    path = Path(app.doctreedir) / STATE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    except OSError:
        pass


def _state(app: Sphinx) -> dict:
    try:
        state = json.loads((Path(app.doctreedir) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _recorded(app: Sphinx):
    return _state(app).get(app.builder.name)


def _file_digest(app: Sphinx) -> str | None:
    return file_digest(Path(app.outdir) / app.config.sitemap_filename)


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
    newest, newest_date = None, None
    for member in members:  # the first of the most recently modified: max(), without a call per article
        date = member.updated or member.published
        if date is not None and (newest_date is None or date > newest_date):
            newest, newest_date = member, date
    return w3c_date(newest.modified_text) if newest is not None else None


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
    app.connect("build-finished", record, priority=600)  # after
