"""Atom feeds: one for the site, one per section, one per category page.

Each feed sits beside its page, named after it: ``index.xml`` (the whole
site), ``news/index.xml`` (a section), ``news/_category/<name>.xml`` (a
category, nested ones too); the same names for the ``html`` and ``dirhtml``
builders.  A feed holds the page's newest ``articles_feed_length`` articles
(``by_newest``) with title, link, date, author, summary (``description``,
else the body's first paragraph), the cover as an enclosure and, with
``articles_feed_content``, the article's body.  Written with ``feedgen``,
which escapes every value; characters XML cannot hold are dropped first.

Only for the HTML site and only with ``html_baseurl`` (feeds need absolute
URLs).  Feeds are made at ``build-finished`` in the main process from the
site on the environment, so parallel and incremental builds give the same
bytes as a clean build; a feed file is rewritten only when its bytes change
(a feed's ``updated`` is its newest entry's date, never the build's time).

Pages announce their feeds with ``<link rel="alternate">`` (the site's, plus
the page's section and categories, or a listing page's own); listing pages
also show a link (``feed_link_node``, label ``articles_labels["feed"]``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import mimetypes
import os
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote, urljoin

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..content.article import Article, cut
from ..content.site import Page, Site, by_newest
from ..markup import assets
from ..pages.discovery import is_web_builder
from ..pages.incremental import digest, remove_empty_folders, removed_docs
from ..pages.state import keep_per_document, site_of
from .output import file_digest, write_if_changed

logger = logging.getLogger(__name__)

SUFFIX = ".xml"
FEED_TYPE = "application/atom+xml"
GENERATOR = "sphinx-articles"
CACHE = "articles-feeds"  # rendered bodies for articles_feed_content, under the doctree folder
SUMMARY_LIMIT = 300  # characters of a first paragraph used as a summary
# Articles without a date: a fixed moment, so their feeds stay byte-identical.
UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# The pages with a feed; any other kind of page (should the site get more)
# has none, and no 訂閱 link.
FEED_KINDS = {"home", "section", "category"}
# Builders with format "html" that make no site of pages to subscribe to.
NOT_A_SITE = {"singlehtml", "json", "pickle"}
# Characters an XML 1.0 document cannot hold (lxml refuses them).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SKIPPED = (
    nodes.title, nodes.table, nodes.raw, nodes.image, nodes.figure, nodes.field_list, nodes.literal_block,
    nodes.comment, nodes.system_message, nodes.footnote, nodes.citation, nodes.substitution_definition,
    addnodes.only, addnodes.toctree,
)  # fmt: skip


# -- when and where ------------------------------------------------------------


def enabled(builder, config) -> bool:
    """Feeds are made for the HTML site (``html``, ``dirhtml``) with a base URL."""
    return is_site(builder) and bool(config.html_baseurl)


def is_site(builder) -> bool:
    return is_web_builder(builder) and builder.name not in NOT_A_SITE


def has_feed(site: Site, docname: str) -> bool:
    page = site.pages.get(docname)
    return page is not None and page.kind in FEED_KINDS


def feed_pages(site: Site) -> list[Page]:
    return [page for page in site.pages.values() if page.kind in FEED_KINDS]


def feed_uri(docname: str) -> str:
    """The feed of page *docname*, relative to the site root, percent-encoded."""
    return quote(docname) + SUFFIX


def absolute(config, uri: str) -> str:
    """*uri* (relative to the site root) made absolute, percent-encoded once
    (as ``sitemap.py`` spells page URLs)."""
    return config.html_baseurl + quote(unquote(uri), safe="/")


def page_url(app: Sphinx, docname: str) -> str:
    return absolute(app.config, app.builder.get_target_uri(docname))


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def feed_title(app: Sphinx, site: Site, page: Page) -> str:
    """``project`` for the site; ``section › category — project`` for the rest."""
    project = app.config.project or ""
    if page.kind == "home":
        return project or page.title
    names = []
    if page.section:
        section = site.pages.get(site.section_doc(page.section))
        names.append(section.title if section else page.section)
    names += [site.pages[site.category_pages[page.section, page.category[: depth + 1]]].title
              for depth in range(len(page.category))]  # fmt: skip
    title = " › ".join(names) or page.title
    return f"{title} — {project}" if project else title


def announced(site: Site, pagename: str) -> list[str]:
    """The feeds a page names in its head: the site's, and an article's
    section and categories, or a listing page's own.  O(depth), not O(site)."""
    feeds = [site.root_doc]
    article = site.articles.get(pagename)
    if article is not None:
        feeds.append(site.section_doc(article.section))
        feeds += [page.docname for page in site.category_trail(article)]
    else:
        feeds.append(pagename)
    return [docname for docname in dict.fromkeys(feeds) if has_feed(site, docname)]


# -- announcing them -------------------------------------------------------------


def add_link_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    site = site_of(app.env)
    if site is None or not enabled(app.builder, app.config):
        return
    here = app.builder.get_target_uri(pagename)
    tags = "".join(
        f'\n<link rel="alternate" type="{FEED_TYPE}" title="{escape(feed_title(app, site, site.pages[docname]))}"'
        f' href="{escape(relative_uri(here, feed_uri(docname)))}" />'
        for docname in announced(site, pagename)
    )
    context["metatags"] = context.get("metatags", "") + tags


class FeedLink(nodes.General, nodes.Element):
    """The visible link to a listing page's feed; its ``href`` is made when
    the page is written (relative to the page's URL, which differs between
    the ``html`` and ``dirhtml`` builders), and it is left out when no feed
    is made."""


def feed_link_node(docname: str, label: str) -> FeedLink:
    """``訂閱（Atom）`` for a listing page; put it inside ``web_only`` (the
    books have no feeds).  ``no-search``: not a word of the page's own."""
    reference = nodes.reference(label, label, refuri=feed_uri(docname), internal=True)
    paragraph = nodes.paragraph("", "", reference, classes=["article-feed", "no-search"])
    return FeedLink("", paragraph, feed=docname, classes=["no-search"])


def visit_feed_link(translator, node: FeedLink) -> None:
    builder = translator.builder
    site = site_of(builder.env)
    if site is None or not enabled(builder, builder.config) or not has_feed(site, node["feed"]):
        raise nodes.SkipNode
    href = relative_uri(builder.get_target_uri(builder.current_docname), feed_uri(node["feed"]))
    for reference in node.findall(nodes.reference):
        reference["refuri"] = href


def depart_feed_link(translator, node: FeedLink) -> None:
    pass


# -- summaries, collected while reading -------------------------------------------


def collect_summary(app: Sphinx, doctree: nodes.document) -> None:
    """The first paragraph of an article's body (its summary when it has no
    ``description``), kept on the environment: feeds are made after writing,
    from every article, including the ones this build did not read."""
    site = site_of(app.env)
    docname = app.env.docname
    if site is not None and docname in site.articles:
        app.env.articles_feed_summaries[docname] = first_paragraph(doctree)


def first_paragraph(doctree: nodes.Node) -> str:
    """The text of the first paragraph with any, after the article's header
    (byline, cover, facts: classes ``article-*``); tables, raw HTML and
    images are not looked into.  Cut at SUMMARY_LIMIT characters."""
    for paragraph in _paragraphs(doctree):
        text = " ".join(_text(paragraph).split())
        if text:
            return cut(text, SUMMARY_LIMIT)
    return ""


def _paragraphs(node: nodes.Element) -> Iterable[nodes.paragraph]:
    for child in node.children:
        if not isinstance(child, nodes.Element) or isinstance(child, SKIPPED):
            continue
        if any(name.startswith("article-") or name == "no-search" for name in child.get("classes", ())):
            continue
        if isinstance(child, nodes.paragraph):
            yield child
        else:
            yield from _paragraphs(child)


def _text(node: nodes.Element) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, nodes.Text):
            parts.append(str(child))
        elif isinstance(child, nodes.Element) and not isinstance(child, (nodes.raw, nodes.image)):
            parts.append(_text(child))
    return "".join(parts)


# -- bodies, kept when pages are written (articles_feed_content) ---------------------


def cache_file(app: Sphinx, docname: str) -> Path:
    """Per builder: the links in a body are absolute, and page URLs differ
    between ``html`` and ``dirhtml``."""
    name = hashlib.sha1(docname.encode("utf-8", "surrogatepass")).hexdigest()
    return Path(app.doctreedir) / CACHE / app.builder.name / f"{name}.html"


def keep_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """An incremental build writes only the changed pages, but a feed lists
    unchanged ones too: each article's body, as the feed shows it, is kept
    in a file when its page is written (in whichever process writes it)."""
    site = site_of(app.env)
    if not app.config.articles_feed_content or site is None or pagename not in site.articles:
        return
    if not enabled(app.builder, app.config):
        return
    write_if_changed(cache_file(app, pagename), feed_body(context.get("body", ""), page_url(app, pagename)).encode())


def feed_body(body: str, url: str) -> str:
    """The article's HTML without what the entry already says (the title,
    the byline) or what is not the article's (相關文章, ¶ anchors), with
    every link and image made absolute against the page's URL *url*."""
    from lxml import html  # feedgen's own dependency

    if not body.strip():
        return ""
    root = html.fragment_fromstring(body, create_parent="div")
    dropped = root.xpath(
        "(.//h1)[1] | .//a[contains(concat(' ', @class, ' '), ' headerlink ')]"
        " | .//*[contains(concat(' ', @class, ' '), ' article-related ')]"
        " | .//*[contains(concat(' ', @class, ' '), ' article-byline ')]"
    )
    for element in dropped:
        element.drop_tree()
    root.make_links_absolute(url, resolve_base_href=False, handle_failures="discard")
    return html.tostring(root, encoding="unicode")


def forget_body(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """A changed article is written again; a removed one must not linger."""
    for path in (Path(app.doctreedir) / CACHE).glob(f"*/{cache_file(app, docname).name}"):
        path.unlink(missing_ok=True)


# -- the feeds ------------------------------------------------------------------------


def _entry_class():
    """feedgen's entry, with the attributes of its links written: feedgen
    1.0.0 writes an entry's ``<link>`` with ``href`` only, so an enclosure
    lost ``rel``, ``type`` and ``length`` (lkiesow/python-feedgen#135)."""
    from feedgen.entry import FeedEntry

    class Entry(FeedEntry):
        def atom_entry(self, extensions=True):
            entry = super().atom_entry(extensions)
            elements = [child for child in entry if child.tag == "link"]
            for element, link in zip(elements, self.link() or []):
                for key in ("rel", "type", "hreflang", "title", "length"):
                    if link.get(key) and key not in element.attrib:
                        element.attrib[key] = str(link[key])
            return entry

    return Entry


def moment(article: Article, modified: bool = False) -> dt.datetime | None:
    """``publishedAt`` (or ``date``; *modified*: ``updatedAt`` when given) as
    a time-zone-aware moment: a date alone, or a time without a zone, is
    taken as UTC."""
    text = article.modified_text if modified else article.published_text
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def enclosure(app: Sphinx, article: Article) -> dict[str, str] | None:
    """The cover as an Atom enclosure link: absolute URL, size, type."""
    return _enclosure(app, article)[0]


def _enclosure(app: Sphinx, article: Article) -> tuple[dict[str, str] | None, str, str]:
    """The enclosure, and for a copied image its name in the source folder
    and its file (what ``Feeds.cover`` checks before using it again)."""
    if not article.cover:
        return None, "", ""
    found = assets.resolve(app, article.cover, docname=article.docname)
    if found.problem or not found.uri:
        return None, "", ""
    kind = mimetypes.guess_type(found.uri.split("?", 1)[0])[0] or "application/octet-stream"
    if found.uri.startswith("//"):
        return {"href": urljoin(app.config.html_baseurl, found.uri), "type": kind}, "", ""
    if found.uri.lower().startswith(("http://", "https://")):
        return {"href": found.uri, "type": kind}, "", ""
    if assets.REMOTE.match(found.uri):
        return None, "", ""  # data:, javascript:, ...: nothing to link
    relative, full = app.env.relfn2path(found.uri, article.docname)
    copied = app.env.images.get(relative)  # (documents, name in _images/)
    if copied is None:
        return None, "", ""
    try:
        size = Path(full).stat().st_size
    except OSError:
        return None, "", ""
    href = absolute(app.config, f"{app.builder.imagedir}/{copied[1]}")
    return {"href": href, "type": kind, "length": str(size)}, relative, full


# -- what each feed shows, and whether it changed ---------------------------------------

STATE = "feeds.json"  # beside the kept bodies: the last build's digests


def _format() -> str:
    """This module and feedgen: either changing may change every feed's bytes."""
    from importlib.metadata import version

    try:
        feedgen = version("feedgen")
    except Exception:  # noqa: BLE001 - not installed as a distribution: the module's file says it
        import feedgen as module

        feedgen = str(module.__file__)
    return hashlib.sha1(Path(__file__).read_bytes() + feedgen.encode()).hexdigest()


class Feeds:
    """Every feed of one build; each article's entry made once.

    A feed is rendered only when what it shows (``feed_data``: its own
    values and every entry's, exactly as feedgen gets them) differs from the
    last build's, or its file no longer holds the bytes written then; the
    digests are kept in ``feeds.json`` beside the kept bodies.  Working out
    what a feed shows costs a few dictionary look-ups per entry; the cover's
    enclosure (a path resolved through the file system) is kept from the
    last build while its article was not read again (Sphinx reads an article
    again when its cover file changes: the cover is an image of its page),
    the image keeps its name in ``_images/`` and its file its size."""

    def __init__(self, app: Sphinx, site: Site) -> None:
        self.app = app
        self.site = site
        self.config = app.config
        self.entry_class = None
        self.entries: dict[str, object] = {}
        self.entry_values: dict[str, tuple[dict, str]] = {}
        self.summaries: dict[str, str] = getattr(app.env, "articles_feed_summaries", {})
        self.state_file = Path(app.doctreedir) / CACHE / app.builder.name / STATE
        self.format = _format()
        state = self._load()
        self.last_feeds: dict[str, list[str]] = state.get("feeds", {})
        self.last_covers: dict[str, list] = state.get("covers", {})
        self.feeds: dict[str, list[str]] = {}
        self.covers: dict[str, list] = {}
        self.rendered = 0

    def _load(self) -> dict:
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) and state.get("format") == self.format else {}

    def save(self) -> None:
        state = {"format": self.format, "feeds": self.feeds, "covers": self.covers}
        try:
            write_if_changed(self.state_file, json.dumps(state, ensure_ascii=False).encode())
        except OSError:
            pass

    def newest(self, page: Page) -> list[Article]:
        pool = self.site.articles.values() if page.kind == "home" else [self.site.articles[d] for d in page.articles]
        limit = self.config.articles_feed_length
        return heapq.nsmallest(limit, pool, key=by_newest) if limit > 0 else sorted(pool, key=by_newest)

    def write(self, page: Page, path: Path) -> bool:
        """Render the feed of *page* into *path* unless it is the file there; True when written."""
        articles = self.newest(page)
        values = self.feed_data(page, articles)
        inputs = digest((values, [self.entry_data(article)[1] for article in articles]))
        output = file_digest(path)
        self.feeds[page.docname] = [inputs, output or ""]
        if output is not None and self.last_feeds.get(page.docname) == [inputs, output]:
            return False
        data = self.render(page, articles, values)
        self.rendered += 1
        self.feeds[page.docname] = [inputs, hashlib.sha1(data).hexdigest()]
        return write_if_changed(path, data)

    def feed_data(self, page: Page, articles: list[Article]) -> dict:
        config = self.config
        url = absolute(config, feed_uri(page.docname))
        dates = [self.entry_data(article)[0]["modified"] for article in articles]
        return {
            "id": url,
            "title": xml_text(feed_title(self.app, self.site, page)) or "-",  # feedgen refuses an empty one
            "alternate": page_url(self.app, page.docname),
            "author": xml_text(config.author or config.project) or "-",
            "language": config.language.replace("_", "-") if config.language else "",
            "updated": max((d for d in dates if d), default=UNDATED),
        }

    def render(self, page: Page, articles: list[Article], values: dict) -> bytes:
        from feedgen.feed import FeedGenerator

        feed = FeedGenerator()
        feed.id(values["id"])
        feed.title(values["title"])
        feed.link(href=values["id"], rel="self", type=FEED_TYPE)
        feed.link(href=values["alternate"], rel="alternate", type="text/html")
        feed.author({"name": values["author"]})
        if values["language"]:
            feed.language(values["language"])
        feed.generator(GENERATOR)
        feed.updated(values["updated"])
        for article in articles:
            feed.add_entry(self.entry(article), order="append")
        return feed.atom_str(pretty=True)

    def entry_data(self, article: Article) -> tuple[dict, str]:
        """What the entry of *article* shows, and its digest (made once a build)."""
        docname = article.docname
        if docname in self.entry_values:
            return self.entry_values[docname]
        authors = []
        for person in article.authors:
            if name := xml_text(person.name):
                authors.append({"name": name, **({"uri": xml_text(person.url)} if person.url else {})})
        summary = article.description or self.summaries.get(docname, "")
        body = read_text(cache_file(self.app, docname)) if self.config.articles_feed_content else ""
        values = {
            "url": page_url(self.app, docname),
            "title": xml_text(article.title) or "-",
            "published": moment(article),
            "modified": moment(article, modified=True),
            "authors": authors,
            "summary": xml_text(summary) if summary else None,
            "content": xml_text(body) if body else None,
            "enclosure": self.cover(article),
        }
        self.entry_values[docname] = values, digest(values)
        return self.entry_values[docname]

    def cover(self, article: Article) -> dict[str, str] | None:
        if not article.cover:
            return None
        app, docname = self.app, article.docname
        key = [article.cover, app.env.all_docs.get(docname), app.config.html_baseurl, app.builder.imagedir,
               str(app.srcdir), str(assets.public_dir(app))]  # fmt: skip
        last = self.last_covers.get(docname)
        if last is not None and last[0] == key and self._still_there(*last[1:]):
            self.covers[docname] = last
            return last[3]
        found, relative, full = _enclosure(app, article)
        if found is not None and relative:
            self.covers[docname] = [key, relative, full, found]
        return found

    def _still_there(self, relative: str, full: str, found: dict[str, str]) -> bool:
        """The image is still copied under the same name, its file has the same size."""
        copied = self.app.env.images.get(relative)
        if copied is None or found.get("href") != absolute(self.config, f"{self.app.builder.imagedir}/{copied[1]}"):
            return False
        try:
            return str(os.stat(full).st_size) == found.get("length")
        except OSError:
            return False

    def entry(self, article: Article):
        docname = article.docname
        if docname in self.entries:
            return self.entries[docname]
        if self.entry_class is None:
            self.entry_class = _entry_class()
        values = self.entry_data(article)[0]
        entry = self.entry_class()
        entry.id(values["url"])
        entry.title(values["title"])
        entry.link(href=values["url"], rel="alternate", type="text/html")
        if values["published"] is not None:
            entry.published(values["published"])
        entry.updated(values["modified"] or UNDATED)
        for author in values["authors"]:
            entry.author(author)
        if values["summary"] is not None:
            entry.summary(values["summary"])
        if values["content"] is not None:
            entry.content(values["content"], type="html")
        if values["enclosure"] is not None:
            entry.link(rel="enclosure", **values["enclosure"])
        self.entries[docname] = entry
        return entry


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    site = site_of(app.env)
    if exception or site is None or not is_site(app.builder):
        return
    if not app.config.html_baseurl:
        logger.info("no Atom feeds: html_baseurl is not set (feeds need absolute URLs)")
        return
    feeds = Feeds(app, site)
    outdir = Path(app.outdir)
    pages = feed_pages(site)
    written = sum(feeds.write(page, outdir / f"{page.docname}{SUFFIX}") for page in pages)
    feeds.save()
    removed = remove_stale(app, site)
    unchanged = len(pages) - feeds.rendered
    logger.info(f"Atom feeds: {len(pages)}, {written} written, {removed} removed, {unchanged} unchanged (not rendered)")


def remove_stale(app: Sphinx, site: Site) -> int:
    """Feeds of pages gone since the last build (an emptied category), as a
    clean build would not have them; only files this module wrote."""
    outdir = Path(app.outdir)
    count = 0
    for docname in removed_docs(app):
        if has_feed(site, docname):
            continue
        path = outdir / f"{docname}{SUFFIX}"
        if path.is_file() and outdir.resolve() in path.resolve().parents and _is_ours(path):
            path.unlink()
            remove_empty_folders(path.parent, outdir)  # a section or a category with subcategories gone
            count += 1
    return count


def _is_ours(path: Path) -> bool:
    return f"<generator>{GENERATOR}</generator>".encode() in path.read_bytes()


def setup(app: Sphinx) -> None:
    app.add_node(FeedLink, html=(visit_feed_link, depart_feed_link))
    keep_per_document(app, "articles_feed_summaries")
    app.connect("doctree-read", collect_summary)
    app.connect("env-purge-doc", forget_body)
    app.connect("html-page-context", add_link_tags)
    app.connect("html-page-context", keep_body)
    app.connect("build-finished", write_feeds)
