"""上一篇 / 下一篇: the neighbouring articles of the same category.

Sphinx links each page to the previous and next page of the whole toctree:
the first article of a category led to its category page, the last one to
the next category or section.  A reader of a news article expects the
previous and next *articles* of its category, and nothing on listing pages
(the sidebar and breadcrumbs lead there).  The neighbours kept are the
page's toctree neighbours (the builder's ``relations``, made once per build)
when they are articles of the same category, so a page costs two lookups,
and incremental builds already rewrite a page whose neighbours change
(``pages/incremental.py`` compares the toctree relations).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..pages.state import site_of


def same_category_only(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    site = site_of(app.env)
    if site is None:
        return
    article = site.articles.get(pagename)
    if article is None:
        if pagename in site.pages:  # home, section and category pages
            context["prev"] = context["next"] = None
        return
    _parent, before, after = getattr(app.builder, "relations", {}).get(pagename, (None, None, None))
    for key, other in (("prev", before), ("next", after)):
        neighbour = site.articles.get(other) if other else None
        if neighbour is None or (neighbour.section, neighbour.category) != (article.section, article.category):
            context[key] = None


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", same_category_only)
