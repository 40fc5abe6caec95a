"""The section sidebar: every section and category, the page's own marked.

Made once per output folder as a template whose "current" and "open" slots
are filled per page, so a page costs the length of the HTML, not a pass over
the site.
"""

from __future__ import annotations

import posixpath
import re
from html import escape

from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.osutil import relative_uri

from ..content.site import Site
from ..pages.state import site_of

# Placeholders in the sidebar template: \0doc\0 takes "current", \1doc\1 "open".
MARK = re.compile(r"([\x00\x01])([^\x00\x01]*)\1")
FILLS = {"\x00": " current active", "\x01": " open"}


def add_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    site = site_of(app.env)
    if site is None or not hasattr(app.builder, "get_target_uri"):
        return
    # Links differ only by the folder of the page's URL; a made-up page name
    # in that folder keeps a link to the page itself from becoming "#".
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    cache: dict[tuple[int, str], Sidebar] = app.__dict__.setdefault("_articles_sidebar_cache", {})
    key = (id(site), folder)
    if key not in cache:
        base = posixpath.join(folder, "-")
        cache[key] = Sidebar(_sidebar_template(site, lambda d: relative_uri(base, app.builder.get_target_uri(d))))
    context["articles_sidebar"] = cache[key].render(ancestors(site, pagename))


class Sidebar:
    """The sidebar HTML with its "current" slots located once.

    Each page fills the few slots of its own ancestors, so a page costs the
    length of the HTML, not a pass over every section and category.
    """

    def __init__(self, template: str) -> None:
        parts, self.slots, offset = [], {}, 0
        for piece, kind, docname in _split_marks(template):
            parts.append(piece)
            offset += len(piece)
            if docname is not None:
                self.slots.setdefault(docname, []).append((offset, FILLS[kind]))
        self.html = "".join(parts)

    def render(self, current: list[str]) -> str:
        fills = sorted(fill for docname in set(current) for fill in self.slots.get(docname, ()))
        pieces, start = [], 0
        for offset, text in fills:
            pieces += [self.html[start:offset], text]
            start = offset
        pieces.append(self.html[start:])
        return "".join(pieces)


def _split_marks(template: str):
    start = 0
    for match in MARK.finditer(template):
        yield template[start : match.start()], match.group(1), match.group(2)
        start = match.end()
    yield template[start:], None, None


def ancestors(site: Site, pagename: str) -> list[str]:
    """The page and the navigation pages above it."""
    article = site.articles.get(pagename)
    if article is not None:
        section = site.pages.get(site.section_doc(article.section))
        trail = [page.docname for page in site.category_trail(article)]
        return [pagename, *trail, *([section.docname] if section else [])]
    page = site.pages.get(pagename)
    if page is None or not page.in_navigation:
        return [pagename]
    keys = page.category
    found = [site.category_pages[page.section, keys[:depth]] for depth in range(1, len(keys) + 1)]
    return [pagename, *found, site.section_doc(page.section)]


def _sidebar_template(site: Site, url) -> str:
    """The sidebar's HTML with ``\\0docname\\0`` where "current" may go."""
    home = site.pages[site.root_doc]
    items = "".join(_item(site, d, url, 1) for d in home.children if site.pages[d].in_sidebar)
    return (
        '<nav class="bd-links bd-docs-nav articles-nav" aria-label="Main">'
        '<div class="bd-toc-item navbar-nav active">'
        f'<ul class="nav bd-sidenav bd-sidenav__home-link"><li class="toctree-l1\x00{home.docname}\x00">'
        f'<a class="reference internal" href="{escape(url(home.docname))}">{escape(home.title)}</a></li></ul>'
        f'<ul class="nav bd-sidenav">{items}</ul></div></nav>'
    )


def _item(site: Site, docname: str, url, level: int) -> str:
    page = site.pages[docname]
    children = [d for d in page.children if d in site.pages]
    link = f'<a class="reference internal" href="{escape(url(docname))}">{escape(page.title)}</a>'
    mark = f"\x00{docname}\x00"
    if not children:
        return f'<li class="toctree-l{level}{mark}">{link}</li>'
    inner = "".join(_item(site, child, url, level + 1) for child in children)
    # The ▸ toggle's name for screen readers (axe: summary-name); the
    # theme's <summary> holds only a decorative icon.
    label = escape(str(_("Categories of %(title)s")) % {"title": page.title})
    return (
        f'<li class="toctree-l{level} has-children{mark}">{link}'
        f'<details\x01{docname}\x01><summary aria-label="{label}"><span class="toctree-toggle" role="presentation">'
        '<i class="fa-solid fa-chevron-down"></i></span></summary>'
        f"<ul>{inner}</ul></details></li>"
    )


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_sidebar)
