"""Where the site lives during a build: on the Sphinx environment.

Discovery builds the ``Site`` and stores it as ``env.articles_site`` (it is
pickled with the environment, and sent to and merged from parallel readers
by ``incremental.py``).  Everything else finds it here.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..content.article import Article
from ..content.site import Site


def site_of(env: BuildEnvironment) -> Site | None:
    """The site built at discovery (None when nothing was discovered)."""
    return getattr(env, "articles_site", None)


def record_of(env: BuildEnvironment, docname: str) -> Article | None:
    """The parsed front matter of a Markdown document, if it is one."""
    site = site_of(env)
    return site.documents.get(docname) if site else None


def keep_per_document(app: Sphinx, attribute: str) -> None:
    """``env.<attribute>``: a dict of data per document, created at the start,
    purged when its document is read again and merged from parallel readers
    (Sphinx's convention, as ``sphinx.ext.todo`` does it)."""

    def create(app: Sphinx) -> None:
        if not hasattr(app.env, attribute):
            setattr(app.env, attribute, {})

    def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        getattr(env, attribute).pop(docname, None)

    def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        mine, theirs = getattr(env, attribute), getattr(other, attribute)
        mine.update((docname, theirs[docname]) for docname in docnames if docname in theirs)

    app.connect("builder-inited", create)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)


def setup(app: Sphinx) -> None:
    keep_per_document(app, "articles_deps")  # what each page showed (incremental.py)
