"""Sphinx extension: a community news site from Nuxt Content-style Markdown.

Each Markdown file is an article whose YAML front matter (title, category,
publishedAt, ...) becomes its title, byline, metadata and place in the
navigation.  Folders are sections; each category gets a page.  See the
README for the front-matter schema and the configuration values.
"""

from __future__ import annotations

from pathlib import Path

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

from . import collector, config, epub, html, incremental, latex, links, listing, metadata, project, reading, search, settings, sitemap, theme, toctrees, transforms

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_sitemap")
    config.register(app)
    settings.install()
    toctrees.install_ancestors()
    toctrees.replace_toc_collector(app)
    app.connect("env-before-read-docs", toctrees.forget_parents)
    app.connect("env-updated", toctrees.remember_parents)
    app.add_source_parser(links.ArticlesMystParser, override=True)
    app.add_node(
        addnodes.download_reference,
        override=True,
        html=(links.visit_download_reference, links.depart_download_reference),
    )
    app.connect("config-inited", collector.start_build)
    app.connect("config-inited", config.complete_labels)
    app.connect("config-inited", sitemap.normalise_base_url)
    app.connect("builder-inited", _init_env)
    app.connect("builder-inited", project.install)
    app.connect("builder-inited", reading.use_tolerant_decoding)
    app.add_search_language(search.SearchTraditionalChinese)
    app.connect("source-read", reading.strip_front_matter)
    app.add_transform(transforms.ArticleDocument)
    app.connect("doctree-read", metadata.store)
    app.add_directive("article-list", listing.ArticleList)
    app.add_directive("article-page", listing.ArticlePage)
    app.connect("env-get-outdated", incremental.outdated)
    app.connect("env-get-updated", incremental.navigation_changed)
    app.connect("env-purge-doc", incremental.purge)
    app.connect("env-merge-info", incremental.merge)
    app.connect("html-page-context", html.add_meta_tags)
    app.connect("html-page-context", html.add_sidebar)
    app.connect("html-page-context", html.hide_generated_source)
    app.connect("html-page-context", html.escape_page_title, priority=900)  # after the theme's
    app.connect("html-page-context", html.escape_page_name_in_script, priority=900)  # after the theme's
    app.connect("html-page-context", theme.toc_as_text, priority=600)  # after the theme's
    app.connect("build-finished", sitemap.complete, priority=400)  # before sphinx-sitemap writes
    app.connect("build-finished", incremental.delete_removed_pages)
    app.connect("build-finished", collector.end_build, priority=1000)  # last
    app.connect("builder-inited", _copy_static)
    app.connect("builder-inited", sitemap.collect_in_process, priority=600)  # after sphinx-sitemap's
    app.add_css_file("articles.css")
    app.add_builder(html.ArticlesHTMLBuilder, override=True)
    app.add_builder(epub.ArticlesEpub3Builder, override=True)
    app.add_post_transform(epub.XhtmlRawHtml)
    app.add_latex_package("sphinxarticles")
    app.add_post_transform(latex.BreakableRuns)
    app.connect("builder-inited", latex.prepare)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "articles_deps"):
        app.env.articles_deps = {}


def _copy_static(app: Sphinx) -> None:
    """Copied, not added to ``html_static_path``: changing a config value
    would make Sphinx see a changed configuration on every build.  Done at
    the start, so the EPUB builder finds the file when it packs the book."""
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        copy_asset_file(STATIC / "articles.css", static)
