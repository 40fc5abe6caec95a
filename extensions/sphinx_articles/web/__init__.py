"""The web site: HTML builder, meta tags, sidebar, search, sitemap.

``builder``: Sphinx's HTML builder with the site's speedups; ``meta``:
``<meta>`` tags and JSON-LD from front matter; ``sidebar``: the section
navigation; ``neighbours``: 上一篇 / 下一篇 within a category; ``search``:
Traditional-Chinese search with a compiled segmenter;
``sitemap``: every page with its ``<lastmod>`` handed to sphinx-sitemap;
``theme_weight``: the theme's stylesheet and icons cut to what pages use;
``redirects``: pages (and ``_redirects``) leading from old paths to pages;
``feeds``: Atom feeds of the site, its sections and categories;
``output``: generated files written only when they change;
``design_assets``: sphinx-design's files only on pages with tabs or cards.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

from . import builder, design_assets, feeds, meta, neighbours, redirects, search, sidebar, sitemap, theme_weight

STATIC = Path(__file__).parent.parent / "static"


def setup(app: Sphinx) -> None:
    builder.setup(app)
    meta.setup(app)
    sidebar.setup(app)
    neighbours.setup(app)
    search.setup(app)
    sitemap.setup(app)
    theme_weight.setup(app)
    redirects.setup(app)
    feeds.setup(app)
    design_assets.setup(app)
    app.add_css_file("articles.css")
    app.connect("builder-inited", copy_static)


def copy_static(app: Sphinx) -> None:
    """Copied, not added to ``html_static_path``: changing a config value
    would make Sphinx see a changed configuration on every build.  Done at
    the start, so the EPUB builder finds the file when it packs the book.
    ``force``: Sphinx keeps an existing file that differs, so an upgraded
    extension's stylesheet never reached a site built before."""
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        for name in ("articles.css", search.SEARCH_SCRIPT, search.SEARCH_STYLES):
            copy_asset_file(STATIC / name, static, force=True)
