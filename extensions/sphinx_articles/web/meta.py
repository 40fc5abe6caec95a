"""What a page tells search engines and social sites: ``<meta>`` tags, JSON-LD.

From front matter: the editors' ``head.meta`` (which always wins), the
description, and for sharing the Open Graph tags (``og:type``, ``og:url``
= the canonical URL, ``og:site_name``, ``og:title``, ``og:image`` from
``ogImage`` or the cover, made absolute), ``article:published_time``,
``article:modified_time`` (``updatedAt``),
``twitter:card``, and a JSON-LD ``NewsArticle`` on article pages.  URLs are
absolute only with ``html_baseurl``; without it the tags that need one are
left out.  Every value is escaped for its place: attribute values with
``html.escape``, the JSON-LD with Jinja's ``htmlsafe_json_dumps`` (``<``,
``>``, ``&`` and ``'`` as ``\\u`` escapes, so no value can end the script).
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from jinja2.utils import htmlsafe_json_dumps
from sphinx.application import Sphinx

from ..content.article import Article
from ..pages.state import record_of, site_of

REMOTE = ("http://", "https://")


def add_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    record = record_of(app.env, pagename)
    site = site_of(app.env)
    page = site.pages.get(pagename) if site else None
    if record is None and page is None:
        return
    is_article = site is not None and pagename in site.articles
    tags = list(record.meta) if record else []
    named = {name for name, _ in tags}

    def add(name: str, content: str | None) -> None:
        if content and name not in named:
            tags.append((name, content))
            named.add(name)

    url = context.get("pageurl") or ""  # Sphinx's canonical URL, from html_baseurl
    title = record.title if record else page.title
    image = cover_url(record, doctree, url) if record else ""
    add("description", record.description if record else "")
    add("og:description", record.description if record else "")
    add("og:type", "article" if is_article else "website")
    add("og:title", title)
    add("og:url", url)
    add("og:site_name", app.config.project)
    add("og:image", image)
    if is_article and record.published_text:
        add("article:published_time", record.published_text)
    if is_article and record.updated_text:
        add("article:modified_time", record.updated_text)
    add("twitter:card", "summary_large_image" if "og:image" in named else "summary")
    head = "".join(meta_tag(name, content) for name, content in tags)
    if is_article:
        head += json_ld(news_article(app, record, url, dict(tags).get("og:image", image)))
    context["metatags"] = context.get("metatags", "") + head


def cover_url(record: Article, doctree: nodes.document | None, url: str) -> str:
    """``ogImage``, else the cover as the page shows it, made absolute
    against the page's URL *url*; "" when that cannot be done."""
    if record.og_image:
        return record.og_image
    for image in doctree.findall(nodes.image) if doctree is not None else ():
        if "article-cover" in image.get("classes", ()):
            uri = image["uri"]  # as written into the page (../_images/x.png)
            return uri if uri.startswith(REMOTE) else urljoin(url, uri) if url else ""
    return ""


def news_article(app: Sphinx, record: Article, url: str, image: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": record.title,
        "publisher": {"@type": "Organization", "name": app.config.project},
    }
    if url:
        data["url"] = data["mainEntityOfPage"] = url
    if record.published_text:
        data["datePublished"] = record.published_text
    if record.updated_text:
        data["dateModified"] = record.updated_text
    authors = [
        {"@type": "Person", "name": person.name, **({"url": person.url} if person.url else {})}
        for person in record.authors
    ]
    if authors:
        data["author"] = authors[0] if len(authors) == 1 else authors
    if record.description:
        data["description"] = record.description
    if image:
        data["image"] = [image]
    return data


def json_ld(data: dict[str, Any]) -> str:
    return f'\n<script type="application/ld+json">{htmlsafe_json_dumps(data)}</script>'


def meta_tag(name: str, content: str) -> str:
    attribute = "property" if name.startswith(("og:", "article:")) else "name"
    return f'\n<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta_tags)
