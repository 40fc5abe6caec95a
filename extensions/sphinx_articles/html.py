"""HTML pages: ``<meta>`` tags from front matter, and the section sidebar."""

from __future__ import annotations

import posixpath
import re
from html import escape
from typing import Any

from docutils import nodes
from docutils.nodes import Node
from jinja2.utils import htmlsafe_json_dumps
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from . import parallel, project, search, theme
from .site import Site, record_of, site_of

# Placeholders in the sidebar template: \0doc\0 takes "current", \1doc\1 "open".
MARK = re.compile(r"([\x00\x01])([^\x00\x01]*)\1")
# Characters that end or break a JavaScript string quoted with ' in a <script>.
UNSAFE_IN_SCRIPT = re.compile(r"""['"\\<>&\n\r\u2028\u2029]""")
FILLS = {"\x00": " current active", "\x01": " open"}


class ArticlesHTMLBuilder(parallel.ParallelBuilder, StandaloneHTMLBuilder):
    """Sphinx's HTML builder, with the parallel changes of ``parallel.py``."""

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
        theme.install()  # the theme is loaded by now

    def load_indexer(self, docnames) -> None:
        search.install_url_safe_index(self.indexer)  # before the old index is read
        super().load_indexer(docnames)

    def template_never_empty(self, name: str) -> bool:
        """Whether template *name* renders markup on every page (``theme.py``)."""
        if name not in self._never_empty:
            environment = getattr(self.templates, "environment", None)
            self._never_empty[name] = environment is not None and theme.always_renders_markup(environment, name)
        return self._never_empty[name]

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        # About 36 links a page (navigation, breadcrumbs, cards), and
        # quoting a Chinese category name goes byte by byte.
        key = (docname, typ)
        uri = self._target_uris.get(key)
        if uri is None:
            uri = self._target_uris[key] = super().get_target_uri(docname, typ)
        return uri

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


def add_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    record = record_of(app.env, pagename)
    if record is None:
        return
    tags = list(record.meta)
    named = {name for name, _ in tags}
    if record.description:
        tags += [(n, record.description) for n in ("description", "og:description") if n not in named]
    og_image = record.extra.get("ogImage")
    if isinstance(og_image, str) and og_image.strip() and "og:image" not in named:
        tags.append(("og:image", og_image.strip()))
    context["metatags"] = context.get("metatags", "") + "".join(meta_tag(n, c) for n, c in tags)


def meta_tag(name: str, content: str) -> str:
    attribute = "property" if name.startswith("og:") else "name"
    return f'\n<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


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
    if page is None:
        return [pagename]
    keys = page.category
    found = [site.category_pages[page.section, keys[:depth]] for depth in range(1, len(keys) + 1)]
    return [pagename, *found, site.section_doc(page.section)]


def _sidebar_template(site: Site, url) -> str:
    """The sidebar's HTML with ``\\0docname\\0`` where "current" may go."""
    home = site.pages[site.root_doc]
    items = "".join(_item(site, d, url, 1) for d in home.children)
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
    return (
        f'<li class="toctree-l{level} has-children{mark}">{link}'
        f'<details\x01{docname}\x01><summary><span class="toctree-toggle" role="presentation">'
        '<i class="fa-solid fa-chevron-down"></i></span></summary>'
        f'<ul>{inner}</ul></details></li>'
    )



def hide_generated_source(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Generated pages have no source worth showing (and no real file name).

    sphinx-book-theme 1.4 writes the source's file name into its download
    button's ``href`` unescaped (``header_buttons/__init__.py``): a file
    named ``x"><img src=x onerror=…>.md`` ran script there (found by
    fuzzing).  Such pages get no source download (their editors are told to
    rename the file, ``articles.filename``)."""
    if project.is_generated(app, pagename) or UNSAFE_IN_SCRIPT.search(context.get("sourcename") or ""):
        context["sourcename"] = ""
        context["page_source_suffix"] = ""  # sphinx-book-theme's download button


def escape_page_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """sphinx-book-theme puts ``title.astext()`` into its print-only ``<h1>``
    unescaped; a ``<script>`` in a front-matter title would run there."""
    if "pagetitle" in context:
        context["pagetitle"] = escape(context["pagetitle"])


def escape_page_name_in_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """pydata-sphinx-theme (0.15–0.20 at least) writes the page name into an
    inline script between single quotes, unescaped (its ``__init__.py``:
    ``DOCUMENTATION_OPTIONS.pagename = '{pagename}';``); a file named
    ``it's.md`` breaks every script after it and a crafted name runs.  Not yet
    reported upstream; readthedocs/readthedocs.org#5757 was the same bug in
    Read the Docs' own injection.  The string is rewritten as a JSON literal
    with ``< > & '`` escaped (Jinja's ``tojson``); should the theme change
    its script, nothing matches and the page is left as the theme made it.
    """
    if not UNSAFE_IN_SCRIPT.search(pagename):
        return
    stock = f"DOCUMENTATION_OPTIONS.pagename = '{pagename}';"
    scripts = context.get("script_files") or []
    for index, script in enumerate(scripts):
        attributes = getattr(script, "attributes", None)
        if isinstance(attributes, dict) and attributes.get("body") == stock:
            body = f"DOCUMENTATION_OPTIONS.pagename = {htmlsafe_json_dumps(pagename)};"
            scripts[index] = type(script)(script.filename, priority=script.priority, **{**attributes, "body": body})
