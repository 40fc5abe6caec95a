"""Sphinx extension: a community news site from Nuxt Content-style Markdown.

Each Markdown file is an article whose YAML front matter (title, category,
publishedAt, ...) becomes its title, byline, metadata and place in the
navigation.  Folders are sections; each category gets a page.  See the
README for the front-matter schema and the configuration values.

The subpackages follow the pipeline: ``content`` (front matter, articles,
the site; no Sphinx) → ``pages`` (Sphinx documents) → ``markup`` (what
editors write in bodies) → ``web`` and ``books`` (outputs).  ``patches``
holds every change to another package's internals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    # Imported here, so that ``content`` can be imported without Sphinx.
    from . import books, config, markup, memory, pages, patches, web

    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("sphinx_design")  # tabs and cards of MDC components
    config.setup(app)
    memory.setup(app)
    patches.setup(app)
    pages.setup(app)
    markup.setup(app)
    web.setup(app)
    books.setup(app)
    return {
        "version": __version__,
        # 2: feed summaries kept on the environment, feed links on listing pages;
        # 3: late listings; 4: listing pages written again, not read again
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
