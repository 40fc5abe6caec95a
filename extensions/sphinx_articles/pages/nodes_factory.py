"""Docutils nodes for article headers, listings and generated toctrees.

Built as nodes (not HTML strings) so HTML, LaTeX and EPUB all get them, and
so every front-matter value is escaped by the writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from docutils import nodes
from sphinx import addnodes

from .. import report
from ..content.article import Article, Author
from ..content.names import url_quoted
from ..content.site import ARCHIVE, AUTHORS, TAGS, Site, author_doc, tag_doc
from ..markup import assets

SEPARATOR = " › "
WEB_PAGES = "html and not epub"  # avatars: remote images the PDF and EPUB would have to fetch


def labels(app) -> dict[str, str]:
    return app.config.articles_labels


def doc_link(docname: str, text: str, refdoc: str) -> addnodes.pending_xref:
    """A link to another document, resolved for whichever builder runs."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + docname,
        refdoc=refdoc, refexplicit=True, refwarn=True,
    )  # fmt: skip
    ref += nodes.inline(text, text)
    return ref


def hidden_toctree(docname: str, children: list[str]) -> nodes.compound:
    toctree = addnodes.toctree(
        parent=docname, entries=[(None, child) for child in children], includefiles=list(children),
        maxdepth=-1, glob=False, hidden=True, includehidden=False, titlesonly=True,
        caption=None, numbered=0, rawentries=[],
    )  # fmt: skip
    return nodes.compound("", toctree, classes=["toctree-wrapper"])


def image(app, article: Article, uri: str, classes: list[str], warn: bool = False) -> nodes.image | None:
    """An image node for one of *article*'s front-matter images, or None when
    it cannot be used (with a warning at the ``image:`` line when *warn*)."""
    found = _resolved(app, uri, article.docname)
    if found.problem:
        if warn:
            report.warn(f"cover image: {found.problem}", (article.docname, article.line("image")), "image")
        return None
    alt = article.image_alts.get(uri, article.title)
    node = nodes.image(uri=found.uri, alt=alt, classes=classes, loading="lazy")
    node["articles_resolved"] = True
    return node


def _resolved(app, uri: str, docname: str) -> assets.Resolved:
    """``assets.resolve``, once per build for each image (of each article,
    when relative to it): a cover is shown on many listing pages."""
    resolved = app.builder.__dict__.setdefault("_articles_resolved_images", {})
    key = uri, "" if assets.is_site_absolute(uri) else docname
    if key not in resolved:
        resolved[key] = assets.resolve(app, uri, docname=docname)
    return resolved[key]


def article_header(app, site: Site, article: Article) -> list[nodes.Node]:
    """Byline, source link, cover, gallery and facts, in reading order."""
    text = labels(app)
    header: list[nodes.Node] = [byline(app, site, article, article.docname, avatars=True)]
    if article.tags:
        header.append(tag_links(app, article))
    if article.link:
        para = nodes.paragraph(classes=["article-source"])
        para += nodes.Text(f"{text['link']}{text['colon']}")
        para += nodes.reference(article.link, article.link, refuri=url_quoted(article.link))
        header.append(para)
    pictures = [image(app, article, uri, ["article-cover"], warn=True) for uri in article.images]
    if pictures and pictures[0] is not None:
        header.append(pictures[0])
    gallery = [pic for pic in pictures[1:] if pic is not None]
    if gallery:
        header.append(nodes.container("", *gallery, classes=["article-gallery"]))
    if shown_facts := article.facts:
        header.append(facts(shown_facts, text))
    return header


def byline(app, site: Site, article: Article, refdoc: str, avatars: bool = False) -> nodes.paragraph:
    """``作者 · 日期 · 類別`` with the authors and the categories linked to
    their pages; *avatars*: each author's avatar before the name (web pages,
    the article's own header)."""
    text = labels(app)
    para = nodes.paragraph(classes=["article-byline"])
    parts: list[list[nodes.Node]] = []
    if article.authors:
        warned = [not avatars]  # one missing-avatar warning per file at most
        names: list[nodes.Node] = [_label(text, "author")]
        for index, person in enumerate(article.authors):
            if index:
                names.append(nodes.Text(text["list_separator"]))
            names.append(author_node(app, article, person, refdoc, warned if avatars else None))
        parts.append(names)
    if article.published:
        day = article.published.isoformat()
        parts.append([_label(text, "date"), nodes.inline(day, day, classes=["article-date"])])
    trail: list[nodes.Node] = [_label(text, "category")]
    for depth, page in enumerate(site.category_trail(article)):
        if depth:
            trail.append(nodes.Text(SEPARATOR))
        trail.append(doc_link(page.docname, page.title, refdoc))
    parts.append(trail)
    for index, part in enumerate(parts):
        if index:
            para += nodes.inline(" · ", " · ", classes=["article-byline-sep"])
        para.extend(part)
    return para


def author_node(app, article: Article, person: Author, refdoc: str, warned: list[bool] | None) -> nodes.inline:
    """An author's name, linked to their own page (``to``, an http(s) URL)
    or else to their author page; with the avatar when *warned* is given
    and the image exists (a missing one is warned once per file)."""
    author = nodes.inline(classes=["article-author"])
    if warned is not None and person.avatar:
        found = assets.resolve(app, person.avatar, docname=article.docname)
        if found.problem:
            if not warned[0]:
                where = (article.docname, article.line("authors" if "authors" in article.lines else "author"))
                report.warn(f"author's avatar: {found.problem}", where, "image")
                warned[0] = True
        else:
            avatar = nodes.image(uri=found.uri, alt="", classes=["article-avatar"], loading="lazy")
            avatar["articles_resolved"] = True
            author += addnodes.only("", avatar, expr=WEB_PAGES)
    if person.url:
        author += nodes.reference(person.name, person.name, refuri=url_quoted(person.url))
    else:
        author += doc_link(author_doc(person.name), person.name, refdoc)
    return author


def tag_links(app, article: Article) -> nodes.paragraph:
    """標籤：each tag linked to its page."""
    para = nodes.paragraph(classes=["article-tags"])
    para += _label(labels(app), "tags")
    for tag in article.tags:
        link = nodes.inline(classes=["article-tag"])
        link += doc_link(tag_doc(tag), tag, article.docname)
        para += link
    return para


WEB_ONLY_FOLDERS = tuple(f"/{folder}/" for folder in (ARCHIVE, AUTHORS, TAGS))


def unlinked_in_books(app, env, node, contnode) -> nodes.Node | None:
    """The archive, author and tag pages exist on the web site only: in the
    PDF and EPUB a byline's author or tag is plain text, not a dead link."""
    target = node.get("reftarget", "")
    if node.get("reftype") == "doc" and target.startswith(WEB_ONLY_FOLDERS) and target[1:] not in env.all_docs:
        return contnode
    return None


def _label(text: dict[str, str], key: str) -> nodes.inline:
    shown = text[key] + text["colon"]
    return nodes.inline(shown, shown, classes=["article-label"])


def facts(extra: dict[str, Any], words: dict[str, str]) -> nodes.field_list:
    field_list = nodes.field_list(classes=["article-facts"])
    for key, value in extra.items():
        shown = fact_text(value, words)
        field_list += nodes.field("", nodes.field_name(key, key), nodes.field_body("", nodes.paragraph(shown, shown)))
    return field_list


def fact_text(value: Any, words: dict[str, str]) -> str:
    """A front-matter value as text, in the site's language (*words*: its labels)."""
    if isinstance(value, list):
        return words["list_separator"].join(fact_text(item, words) for item in value)
    if isinstance(value, dict):
        return words["pair_separator"].join(f"{k}: {fact_text(v, words)}" for k, v in value.items())
    if value is None:
        return ""
    if value is True or value is False:
        return words["yes"] if value else words["no"]
    return str(value)


# While a page is read, a listing is made only for its images (``late_listings``).
_images_only: ContextVar[bool] = ContextVar("images_only", default=False)


@contextmanager
def images_only() -> Iterator[None]:
    """Cards made meanwhile hold their thumbnail only."""
    token = _images_only.set(True)
    try:
        yield
    finally:
        _images_only.reset(token)


def card(app, site: Site, article: Article, refdoc: str) -> nodes.container:
    """One listing entry: thumbnail, linked title, byline, description."""
    entry = nodes.container(classes=["article-card"])
    thumb = image(app, article, article.cover, ["article-thumb"]) if article.cover else None
    if thumb is not None:
        entry += thumb
    if _images_only.get():
        return entry
    body = nodes.container(classes=["article-card-body"])
    title = nodes.paragraph(classes=["article-card-title"])
    title += doc_link(article.docname, article.title, refdoc)
    body += title
    body += byline(app, site, article, refdoc)
    if article.description:
        body += nodes.paragraph(article.description, article.description, classes=["article-description"])
    entry += body
    return entry


def card_list(app, site: Site, docnames: list[str], refdoc: str, style: str = "cards") -> nodes.container:
    # no-search: other articles' words are not this page's (Sphinx skips it)
    listing = nodes.container(classes=["article-list", f"article-list-{style}", "no-search"])
    for docname in docnames:
        listing += card(app, site, site.articles[docname], refdoc)
    return listing


def page_links(
    site: Site, docnames: list[str], refdoc: str, words: dict[str, str], inline: bool = False
) -> nodes.bullet_list:
    """Links to category (or year, author, tag) pages, with how many articles
    each has (*words*: the labels, ``count``); *inline*: in a row, for the
    home page's years."""
    items = nodes.bullet_list(classes=["article-page-links", *(["article-page-links-inline"] if inline else [])])
    for docname in docnames:
        page = site.pages[docname]
        para = nodes.paragraph()
        para += doc_link(docname, page.title, refdoc)
        count = words["count"].replace("{count}", str(len(page.articles)))
        para += nodes.inline(count, count, classes=["article-count"])
        items += nodes.list_item("", para)
    return items
