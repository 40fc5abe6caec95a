"""The ``article-list`` directive, and ``article-page`` for generated pages."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..content.site import ARCHIVE, SORTS, Site, index_doc, latest, select
from ..content.site import Page as SitePage
from ..labels import fill_month
from ..web import feeds
from . import incremental, late_listings, nodes_factory
from .late_listings import WEB_ONLY


def web_only(*content: nodes.Node) -> addnodes.only:
    return addnodes.only("", *content, expr=WEB_ONLY)


class ArticleList(SphinxDirective):
    """List articles as cards, e.g. on an editor's own home or section page.

    ```{article-list}
    :section: city
    :category: 智慧城市
    :limit: 5
    :sort: newest
    ```
    """

    option_spec = {
        "section": directives.unchanged,
        "category": directives.unchanged,
        "limit": directives.nonnegative_int,
        "sort": lambda value: directives.choice(value, tuple(SORTS)),
    }

    def run(self) -> list[nodes.Node]:
        spec = (
            self.options.get("section"),
            self.options.get("category"),
            self.options.get("limit", 0),
            self.options.get("sort", "newest"),
        )
        incremental.use(self.env, "list", *spec)
        incremental.use(self.env, "list_doctree", *spec)
        return [web_only(late_listings.pending(self.env.app, "list", *spec))]


def listed(app, docname: str, section: str | None, category: str | None, limit: int, sort: str) -> list[nodes.Node]:
    """An ``article-list``'s cards (made when the page is written)."""
    site: Site = app.env.articles_site
    return [nodes_factory.card_list(app, site, select(site, section, category, limit, sort), docname)]


class ArticlePage(SphinxDirective):
    """The body of a generated home, section or category page."""

    def run(self) -> list[nodes.Node]:
        return PageContent(self.env).run(self.env.docname)


class PageContent:
    """What a generated page shows; also added to an editor's ``index.md``
    that shows nothing of its own (a redirect stub, an empty body)."""

    def __init__(self, env) -> None:
        self.env = env
        self.config = env.config

    def run(self, docname: str) -> list[nodes.Node]:
        """While reading: what the page will show, pending, and its feed link."""
        site: Site = self.env.articles_site
        page = site.pages[docname]
        for kind in ("page", "page_doctree"):
            incremental.use(
                self.env, kind, docname, self.config.articles_home_latest, self.config.articles_section_latest
            )
        # A reader's search finds the articles, not the pages listing them.
        self.env.metadata[docname]["nosearch"] = ""
        if not page.in_navigation:
            self.env.metadata[docname]["orphan"] = ""  # reached by links, in no toctree
        pending = late_listings.pending(self.env.app, "page")
        return [web_only(pending, feeds.feed_link_node(docname, self.config.articles_labels["feed"]))]

    def content(self, docname: str) -> list[nodes.Node]:
        """What the page shows (made when it is written)."""
        site: Site = self.env.articles_site
        page = site.pages.get(docname)
        if page is None:
            return []
        render = {
            "home": self.home, "section": self.section, "category": self.category,
            "year": self.year, "author": self.newest, "tag": self.newest,
            "years": self.index, "authors": self.index, "tags": self.index,
        }[page.kind]  # fmt: skip
        return render(site, page)

    def home(self, site: Site, page) -> list[nodes.Node]:
        result = self.section(site, page) if page.articles else []
        app, limit = self.env.app, self.config.articles_home_latest
        for section in site.sections():
            heading = nodes.rubric(classes=["article-section-heading"])
            heading += nodes_factory.doc_link(section.docname, section.title, page.docname)
            result += [heading, nodes_factory.card_list(app, site, latest(section, limit), page.docname)]
        return result + self.index_links(site, page)

    def index_links(self, site: Site, page: SitePage) -> list[nodes.Node]:
        """The home page's way to every article: by year, author and tag."""
        if not site.indexes():
            return []
        heading = nodes.rubric(classes=["article-section-heading"])
        heading += nodes.Text(self.config.articles_labels["archive"])
        result: list[nodes.Node] = [heading]
        archive = site.pages.get(index_doc(ARCHIVE))
        if archive is not None:
            result.append(
                nodes_factory.page_links(site, archive.children, page.docname, self.config.articles_labels, inline=True)
            )
        links = nodes.paragraph(classes=["article-index-links"])
        for number, index in enumerate(site.indexes()):
            if number:
                links += nodes.inline(" · ", " · ", classes=["article-byline-sep"])
            links += nodes_factory.doc_link(index.docname, index.title, page.docname)
        return [*result, links]

    def section(self, site: Site, page) -> list[nodes.Node]:
        categories = [d for d in page.children if d in site.pages and site.pages[d].kind == "category"]
        labels = self.config.articles_labels
        result: list[nodes.Node] = []
        if page.subsections:  # docs/ lists docs/getting-started/, docs/guide/, … (Nuxt's nested folders)
            result.append(nodes_factory.page_links(site, page.subsections, page.docname, self.config.articles_labels))
        if categories:
            result += [
                nodes.rubric(labels["categories"], labels["categories"]),
                nodes_factory.page_links(site, categories, page.docname, labels),
            ]
        result += [
            nodes.rubric(labels["latest"], labels["latest"]),
            nodes_factory.card_list(
                self.env.app, site, latest(page, self.config.articles_section_latest), page.docname
            ),
        ]
        return result

    def category(self, site: Site, page) -> list[nodes.Node]:
        subcategories = [d for d in page.children if d in site.pages]
        result: list[nodes.Node] = []
        if subcategories:
            result.append(nodes_factory.page_links(site, subcategories, page.docname, self.config.articles_labels))
        result.append(nodes_factory.card_list(self.env.app, site, page.articles, page.docname, style="list"))
        return result

    def year(self, site: Site, page: SitePage) -> list[nodes.Node]:
        """A year's articles, newest first, under a heading per month."""
        months: dict[int, list[str]] = {}
        for docname in page.articles:
            published = site.articles[docname].published
            months.setdefault(published.month if published else 0, []).append(docname)
        result: list[nodes.Node] = []
        for month, docnames in months.items():
            if month:
                year = site.articles[docnames[0]].published.year
                title = fill_month(self.config.articles_labels["month"], year, month)
                result.append(nodes.rubric(title, title, classes=["article-month"]))
            result.append(nodes_factory.card_list(self.env.app, site, docnames, page.docname, style="list"))
        return result

    def newest(self, site: Site, page: SitePage) -> list[nodes.Node]:
        return [nodes_factory.card_list(self.env.app, site, page.articles, page.docname, style="list")]

    def index(self, site: Site, page: SitePage) -> list[nodes.Node]:
        return [nodes_factory.page_links(site, page.children, page.docname, self.config.articles_labels)]


late_listings.MAKERS["list"] = listed
late_listings.MAKERS["page"] = lambda app, docname: PageContent(app.env).content(docname)


def setup(app) -> None:
    app.add_directive("article-list", ArticleList)
    app.add_directive("article-page", ArticlePage)
    app.connect("missing-reference", nodes_factory.unlinked_in_books)
