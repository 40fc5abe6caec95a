"""Shape each parsed document: one title section, the article header, assets.

Runs as a docutils transform, before Sphinx collects titles, images and
downloads, so everything downstream (navigation, search, copying of files)
sees the result.  All front-matter text enters the tree as ``Text`` nodes:
the writers escape it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..content.site import Site, related
from ..markup import assets, rawblocks, rawcomponents, rawlinks, rawrepair
from . import incremental, late_listings, nodes_factory
from .listing import PageContent
from .state import site_of


class ArticleDocument(SphinxTransform):
    default_priority = 300

    def apply(self, **kwargs) -> None:
        site = site_of(self.env)
        docname = self.env.docname
        if site is None or (docname not in site.documents and docname not in site.pages):
            return
        # First: a heading's <a href=""> must not stop its merge into the title.
        rawcomponents.prepare(self.document)  # <NuxtImg/> closed as Vue closes it, before html5lib reads it
        rawrepair.repair(self.document, docname)
        page = site.pages.get(docname)
        record = site.documents.get(docname)
        title = page.title if page else record.title
        section = wrap_in_title_section(self.document, title)
        if docname in site.articles:
            incremental.use(self.env, "trail", docname)
            insert_header(self.app, section, site, record)
            incremental.use(self.env, "related", docname)  # a change has the page written again
            section += late_listings.pending(self.app, "related")
        if page is not None and page.in_navigation:
            if record is not None and shows_nothing(section, record):
                section += PageContent(self.env).run(docname)  # the folder's listing, as if generated
            section += nodes_factory.hidden_toctree(docname, _not_yet_listed(self.document, page.children))
        rawcomponents.convert(self.document)  # <nuxt-link>, <nuxt-img>, … before links and images are resolved
        rawlinks.convert(self.document)
        assets.resolve_in_document(self.app, self.document, docname)
        rawblocks.convert(self.document, self.config.html_baseurl or "", self.config.articles_labels)


def wrap_in_title_section(document: nodes.document, title: str) -> nodes.section:
    """Put the whole body under one section titled *title*.

    A leading heading that repeats the title is merged into it, so the page
    never shows the title twice; any other heading stays below it.
    """
    section = nodes.section()
    section += nodes.title(title, title)
    body = list(document.children)
    lead = _leading_section(body)
    if lead is not None and _same_text(lead[0].astext(), title):
        index = body.index(lead)
        section["ids"], section["names"] = lead["ids"], lead["names"]
        body[index : index + 1] = lead.children[1:]
    else:
        section["names"].append(nodes.fully_normalize_name(title))
    document.clear()
    document += section
    section.extend(body)
    if not section["ids"]:
        document.note_implicit_target(section)
    return section


def shows_nothing(section: nodes.section, record) -> bool:
    """An editor's ``index.md`` with no body besides its title, or a stub
    Nuxt never shows (``navigation: false``, ``navigation.redirect``)."""
    navigation = record.extra.get("navigation")
    if navigation is False or record.extra.get("navigation.redirect") or record.extra.get("redirect"):
        return True
    if isinstance(navigation, dict) and navigation.get("redirect"):
        return True
    return all(isinstance(node, (nodes.title, nodes.target, nodes.comment)) for node in section.children)


def _leading_section(body: list[nodes.Node]) -> nodes.section | None:
    for node in body:
        if isinstance(node, nodes.section):
            return node
        if not isinstance(node, (nodes.target, nodes.comment, nodes.substitution_definition)):
            return None
    return None


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _not_yet_listed(document: nodes.document, children: list[str]) -> list[str]:
    """An editor's own toctree wins; the rest is attached hidden."""
    listed = {entry for toctree in document.findall(addnodes.toctree) for entry in toctree["includefiles"]}
    return [child for child in children if child not in listed]


def insert_header(app, section: nodes.section, site: Site, record) -> None:
    header = nodes_factory.article_header(app, site, record)
    section[1:1] = header


def setup(app) -> None:
    app.add_transform(ArticleDocument)


def related_articles(app, docname: str) -> list[nodes.Node]:
    """相關文章: the newest articles of the same category (made when the
    page is written)."""
    site: Site = app.env.articles_site
    record = site.articles.get(docname)
    docnames = related(site, record) if record is not None else []
    if not docnames:
        return []
    heading = nodes.rubric(text=nodes_factory.labels(app)["related"], classes=["article-related-heading"])
    listing = nodes_factory.card_list(app, site, docnames, docname, style="list")
    # no-search: Sphinx does not index it (other articles' words are not this page's)
    return [nodes.container("", heading, listing, classes=["article-related", "no-search"])]


late_listings.MAKERS["related"] = related_articles
