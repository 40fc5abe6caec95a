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


def init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "articles_deps"):
        app.env.articles_deps = {}


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", init_env)
