"""Sphinx's HTML builders with the site's speedups and parallel changes.

``html`` (``news/n001.html``) and ``dirhtml`` (``news/n001/``) are the same
builder here: one mixin, ``SiteBuilder``, holds every change, each with its
reason: titles rendered once, target URIs cached, templates not re-checked
on disk, the search index made URL-safe (``patches/search_page_names.py``) and
updated rather than made anew (``patches/search_index_update.py``),
the theme's empty check told which templates always render
(``patches/theme_empty_check.py``), and the parallel changes of
``patches/parallel_builds.py``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder

from ..patches import search_index_update, theme_empty_check
from ..patches.outdated_files import OutdatedPages
from ..patches.parallel_builds import ParallelBuilder


class SiteBuilder(OutdatedPages, ParallelBuilder):
    """Mixin for an HTML builder: the site's speedups, and the changes of
    ``parallel_builds.py`` and ``outdated_files.py``."""

    def init(self) -> None:
        super().init()
        self._rendered_titles: dict[int, tuple[Node, dict[str, str]]] = {}
        self._never_empty: dict[str, bool] = {}
        self._target_uris: dict[tuple[str, str | None], str] = {}

    def init_templates(self) -> None:
        super().init_templates()
        # Templates do not change during a build; by default Jinja checks the
        # file's time at every include (~50 per page with the book theme).
        environment = getattr(self.templates, "environment", None)
        if environment is not None:
            environment.auto_reload = False
        theme_empty_check.install()  # the theme is loaded by now

    def load_indexer(self, docnames) -> None:
        saved = Path(self.env.doctreedir, search_index_update.SAVED_NAME.format(builder=self.name))
        search_index_update.install(self.indexer, saved)  # before the old index is read
        super().load_indexer(docnames)

    def dump_search_index(self) -> None:
        super().dump_search_index()
        if isinstance(self.indexer, search_index_update.UpdatingIndexBuilder):
            self.indexer.save(self.outdir / self.searchindex_filename)

    def template_never_empty(self, name: str) -> bool:
        """Whether template *name* renders markup on every page (``theme_empty_check.py``)."""
        if name not in self._never_empty:
            environment = getattr(self.templates, "environment", None)
            self._never_empty[name] = environment is not None and theme_empty_check.always_renders_markup(
                environment, name
            )
        return self._never_empty[name]

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        # About 36 links a page (navigation, breadcrumbs, cards), and
        # quoting a Chinese category name goes byte by byte.
        key = (docname, typ)
        uri = self._target_uris.get(key)
        if uri is None:
            uri = self._target_uris[key] = self.uncached_target_uri(docname, typ)
        return uri

    def uncached_target_uri(self, docname: str, typ: str | None) -> str:
        return super().get_target_uri(docname, typ)

    def render_partial(self, node: Node | None) -> dict[str, str]:
        # Every page renders the titles of its parents and neighbours through
        # a docutils publisher: a section's title once for each of its
        # articles.  Titles do not change while pages are written, so each
        # is rendered once (per process); the node is kept with its result,
        # so its id cannot be reused by another node.
        if not isinstance(node, nodes.title):
            return super().render_partial(node)
        hit = self._rendered_titles.get(id(node))
        if hit is None or hit[0] is not node:
            hit = self._rendered_titles[id(node)] = (node, super().render_partial(node))
        return dict(hit[1])


class ArticlesHTMLBuilder(SiteBuilder, StandaloneHTMLBuilder):
    """``make html``: ``news/n001.html``."""


class ArticlesDirHTMLBuilder(SiteBuilder, DirectoryHTMLBuilder):
    """``make dirhtml``: ``news/n001/index.html``, linked as ``news/n001/``."""

    def uncached_target_uri(self, docname: str, typ: str | None) -> str:
        # Sphinx's html builder percent-encodes the page name in links, its
        # dirhtml builder does not (checked against Sphinx 9.0): a file
        # named with # or ? would cut the link.  Encoded here as there.
        return quote(super().uncached_target_uri(docname, typ))


def setup(app: Sphinx) -> None:
    app.add_builder(ArticlesHTMLBuilder, override=True)
    app.add_builder(ArticlesDirHTMLBuilder, override=True)
