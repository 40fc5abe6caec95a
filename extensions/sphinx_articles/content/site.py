"""The site's structure, derived from every article's front matter.

Sections are folders, categories belong to a section, and each of the home,
section and category pages has a docname (generated unless an editor wrote
one).  Everything is plain data so it pickles with the environment.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .article import Article, label_key
from .names import prefix_number, route_part, safe_name

RELATED = 3  # how many articles of the same category an article page suggests

# Folders of the generated archive, author and tag pages.  Editors' files
# and folders starting with "_" are never pages, so these names are free.
ARCHIVE, AUTHORS, TAGS = "_archive", "_authors", "_tags"
UNDATED = "undated"
NAVIGATION_KINDS = {"home", "section", "category"}  # what the toctrees and the sidebar hold
DEFAULT_TITLES = {
    "archive": "文章彙整", "year": "{year} 年", "month": "{year} 年 {month} 月",
    "undated": "未註明日期", "all_authors": "所有作者", "all_tags": "所有標籤",
}  # fmt: skip


@dataclass
class Page:
    """A home, section or category page and what its toctree holds."""

    docname: str
    title: str
    kind: str  # NAVIGATION_KINDS, or "year", "author", "tag" and their indexes "years", "authors", "tags"
    section: str
    category: tuple[str, ...] = ()  # keys of the category path
    children: list[str] = field(default_factory=list)  # toctree, in order
    articles: list[str] = field(default_factory=list)  # every article below
    newest: list[str] = field(default_factory=list)  # a category's RELATED + 1 newest articles
    in_sidebar: bool = True  # False: a folder whose _dir.yml says ``navigation: false``
    subsections: list[str] = field(default_factory=list)  # a section's nearest sections in subfolders

    @property
    def in_navigation(self) -> bool:
        """Home, section and category pages; the archive, author and tag
        pages are reached by links only (never a sidebar of O(articles))."""
        return self.kind in NAVIGATION_KINDS


@dataclass
class Folder:
    """What a folder's ``_dir.yml`` (or ``.navigation.yml``) says."""

    title: str = ""
    order: float | None = None
    hidden: bool = False


@dataclass
class Site:
    root_doc: str
    documents: dict[str, Article] = field(default_factory=dict)  # every .md file
    articles: dict[str, Article] = field(default_factory=dict)  # the non-index ones
    pages: dict[str, Page] = field(default_factory=dict)
    category_pages: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)
    # A document's place among its siblings: its file's N. prefix (see order_key)
    orders: dict[str, tuple[int, int]] = field(default_factory=dict)
    routes: dict[str, str] = field(default_factory=dict)  # Nuxt route (no slashes): page, see route_table

    def sequence_key(self, article: Article) -> tuple[Any, ...]:
        return by_sequence(article, self.orders.get(article.docname, NO_PREFIX))

    def newest_key(self, article: Article) -> tuple[Any, ...]:
        return by_newest(article, self.orders.get(article.docname, NO_PREFIX))

    def page_for_category(self, section: str, labels: tuple[str, ...]) -> Page:
        keys = tuple(label_key(label) for label in labels)
        return self.pages[self.category_pages[section, keys]]

    def category_trail(self, article: Article) -> list[Page]:
        """The category pages from the section down to the article."""
        return [
            self.page_for_category(article.section, article.category[: depth + 1])
            for depth in range(len(article.category))
        ]

    def sections(self) -> list[Page]:
        return [self.pages[d] for d in self.pages[self.root_doc].children if self.pages[d].kind == "section"]

    def section_doc(self, section: str) -> str:
        """The page of a folder: ``<folder>/index``; the home page for the top."""
        return posixpath.join(section, "index") if section else self.root_doc

    def indexes(self) -> list[Page]:
        """The archive's, the authors' and the tags' index pages that exist."""
        return [self.pages[d] for d in (index_doc(ARCHIVE), index_doc(AUTHORS), index_doc(TAGS)) if d in self.pages]


def fill(template: str, **values: int) -> str:
    """``{year} 年`` with the year in it; other braces stay as written."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def index_doc(folder: str) -> str:
    return posixpath.join(folder, "index")


def author_doc(author: str) -> str:
    return posixpath.join(AUTHORS, safe_name(label_key(author)))


def tag_doc(tag: str) -> str:
    return posixpath.join(TAGS, safe_name(label_key(tag)))


NO_PREFIX = (1, 0)


def order_key(name: str) -> tuple[int, int]:
    """A file or folder name's place from its ``N.`` prefix: numeric (2
    before 10), before names without one."""
    number = prefix_number(name)
    return NO_PREFIX if number is None else (0, number)


def by_sequence(article: Article, prefix: tuple[int, int] = NO_PREFIX) -> tuple[Any, ...]:
    """``sequence``, then date, then the file's ``N.`` prefix, then the name."""
    return (
        article.sequence is None,
        article.sequence or 0,
        article.published or dt.date.max,
        prefix,
        article.docname,
    )


def by_newest(article: Article, prefix: tuple[int, int] = NO_PREFIX) -> tuple[Any, ...]:
    """Newest first, then the file's ``N.`` prefix, then the name."""
    published = article.published or dt.date.min
    return (-published.toordinal(), prefix, article.docname)


def is_article(docname: str) -> bool:
    """``index`` files are the editors' own home and section pages."""
    return posixpath.basename(docname) != "index"


def build(
    documents: dict[str, Article],
    root_doc: str,
    section_titles: dict[str, str],
    home_title: str,
    titles: dict[str, str] | None = None,
    sources: dict[str, str] | None = None,
    folders: dict[str, Folder] | None = None,
) -> Site:
    """Arrange the articles among *documents* into sections and categories,
    and file them by year, author and tag (*titles*: see DEFAULT_TITLES).

    *sources* are the documents' files (``docs/1.intro/2.install.md``), whose
    ``N.`` prefixes order pages and folders; *folders* what ``_dir.yml``
    files say, by folder route (``articles_sections`` wins over their titles)."""
    sources = sources or {}
    folders = folders or {}
    articles = {d: a for d, a in documents.items() if is_article(d)}
    page_titles = {d: a.title for d, a in documents.items() if not is_article(d)}
    site = Site(root_doc=root_doc, documents=documents, articles=articles)
    site.orders = {d: order_key(posixpath.basename(path)) for d, path in sources.items()}
    by_section: dict[str, list[Article]] = defaultdict(list)
    for article in articles.values():
        by_section[article.section].append(article)
    for docname in page_titles:
        by_section.setdefault(posixpath.dirname(docname), [])
    folder_paths = {posixpath.dirname(d): posixpath.dirname(path) for d, path in sources.items()}
    home = Page(root_doc, page_titles.get(root_doc) or home_title, "home", "")
    site.pages[root_doc] = home
    for section in _ordered_sections(by_section, section_titles, folder_paths, folders):
        members = by_section[section]
        if section:
            docname = site.section_doc(section)
            folder = folders.get(section, Folder())
            title = page_titles.get(docname) or section_titles.get(section) or folder.title or section
            page = Page(docname, title, "section", section, in_sidebar=not folder.hidden)
            site.pages[docname] = page
        else:
            page = home
        page.articles = [a.docname for a in sorted(members, key=site.newest_key)]
        page.children = _add_categories(site, page, members)
        if section:
            home.children.append(page.docname)
    for docname in home.children:
        child = site.pages[docname]
        parent = _parent_section(site, child.section) if child.kind == "section" else None
        if parent is not None:
            parent.subsections.append(docname)
    titles = {**DEFAULT_TITLES, **(titles or {})}
    _add_archive(site, titles)
    _add_groups(site, AUTHORS, "author", titles["all_authors"], lambda a: [p.name for p in a.authors])
    _add_groups(site, TAGS, "tag", titles["all_tags"], lambda a: list(a.tags))
    return site


def _parent_section(site: Site, section: str) -> Page | None:
    """The section page of the nearest folder above *section* that has one."""
    folder = posixpath.dirname(section)
    while folder:
        page = site.pages.get(site.section_doc(folder))
        if page is not None and page.kind == "section":
            return page
        folder = posixpath.dirname(folder)
    return None


def route_key(path: str) -> str:
    """A route as the route table holds it: no slashes at the ends, no
    ``.html``, no ``/index`` (``/docs/x/`` and ``docs/x.html`` are ``docs/x``)."""
    path = path.strip("/").removesuffix(".html")
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")].rstrip("/")
    return path


def route_table(docnames: Iterable[str], sources: dict[str, str]) -> dict[str, str]:
    """Route → page for every page: its name (an ``index`` page is its
    folder's route), then, where free, the file's own path with its ``N.``
    prefixes (``docs/1.intro/2.install``), so a link written either way leads
    to the page.  Made once per build; a lookup is one dict access."""
    table: dict[str, str] = {}
    ordered = sorted(docnames)
    for docname in ordered:
        table[docname] = docname
    for docname in ordered:
        table.setdefault(route_key(docname), docname)
    for docname, path in sorted(sources.items()):
        stem = posixpath.splitext(path)[0]
        table.setdefault(stem, docname)
        table.setdefault(route_key(stem), docname)
    return table


def find_route(routes: dict[str, str], path: str, docname: str = "") -> str | None:
    """The page at a route *path* (no fragment or query, decoded): site-absolute
    (``/docs/x``), or relative to *docname*'s folder (``./x``, ``../guide/x``;
    for an index page also to its URL's parent, as a browser reads it)."""
    if path.startswith("/"):
        return routes.get(route_key(path))
    folder = posixpath.dirname(docname)
    bases = [folder]
    if posixpath.basename(docname) == "index":
        bases.append(posixpath.dirname(folder))
    for base in bases:
        joined = posixpath.normpath(posixpath.join("/", base, path))
        found = routes.get(route_key(joined))
        if found is not None:
            return found
    return None


def _add_archive(site: Site, titles: dict[str, str]) -> None:
    """A page per year (newest first), one for undated articles, and their index."""
    years: dict[int | None, list[Article]] = defaultdict(list)
    for article in site.articles.values():
        years[article.published.year if article.published else None].append(article)
    if not years:
        return
    index = Page(index_doc(ARCHIVE), titles["archive"], "years", "")
    for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
        name, title = (str(year), fill(titles["year"], year=year)) if year else (UNDATED, titles["undated"])
        page = Page(posixpath.join(ARCHIVE, name), title, "year", "")
        page.articles = [a.docname for a in sorted(years[year], key=site.newest_key)]
        site.pages[page.docname] = page
        index.children.append(page.docname)
    site.pages[index.docname] = index


def _add_groups(site: Site, folder: str, kind: str, title: str, labels_of: Callable[[Article], list[str]]) -> None:
    """A page per author (or tag), named like category pages, and their index."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in site.articles.values():
        for label in labels_of(article):
            groups[label_key(label)].append(article)
    if not groups:
        return
    index = Page(index_doc(folder), title, kind + "s", "")
    for key, members in sorted(groups.items(), key=lambda item: natural_key(item[0])):
        label = _most_common(label for a in members for label in labels_of(a) if label_key(label) == key)
        page = Page(posixpath.join(folder, safe_name(key)), label, kind, "")
        page.articles = [a.docname for a in sorted(members, key=site.newest_key)]
        site.pages[page.docname] = page
        index.children.append(page.docname)
    site.pages[index.docname] = index


def _ordered_sections(
    by_section: dict[str, list[Article]], titles: dict[str, str], paths: dict[str, str], folders: dict[str, Folder]
) -> list[str]:
    """``articles_sections`` first, in its order; then folder by folder, each
    by its ``_dir.yml`` order or ``N.`` prefix (numeric), then its name."""

    def key(section: str) -> list[tuple[Any, ...]]:
        parts = paths.get(section, section).split("/")
        result = []
        for depth, part in enumerate(parts):
            name = route_part(part)
            folder = folders.get("/".join(route_part(p) for p in parts[: depth + 1]))
            order: tuple[Any, ...] = order_key(part)
            if folder is not None and folder.order is not None:
                order = (0, folder.order)
            result.append((*order, natural_key(name)))
        return result

    configured = [s for s in titles if s in by_section]
    rest = sorted((s for s in by_section if s not in titles), key=key)
    if "" in rest:  # the home page's own articles come first
        rest.remove("")
        configured.insert(0, "")
    return configured + rest


def _add_categories(site: Site, parent: Page, members: list[Article], depth: int = 0) -> list[str]:
    """Create the category pages for *members* below *parent*; return its children."""
    groups: dict[str, list[Article]] = defaultdict(list)
    direct: list[Article] = []
    for article in members:
        if len(article.category) > depth:
            groups[label_key(article.category[depth])].append(article)
        else:
            direct.append(article)
    children = [a.docname for a in sorted(direct, key=site.sequence_key)]
    # Categories in natural label order (1.2 before 1.10): stable, so adding
    # or moving an article does not reorder the sidebar on every page.
    for key, group in sorted(groups.items(), key=lambda item: natural_key(item[0])):
        label = _most_common(a.category[depth] for a in group)
        path = (*parent.category, key)
        folder = parent.docname if depth else posixpath.join(parent.section, "_category")
        docname = posixpath.join(folder, safe_name(key))
        page = Page(docname, label, "category", parent.section, path)
        page.articles = [a.docname for a in sorted(group, key=site.sequence_key)]
        page.newest = [a.docname for a in sorted(group, key=site.newest_key)[: RELATED + 1]]
        site.pages[docname] = page
        site.category_pages[parent.section, path] = docname
        page.children = _add_categories(site, page, group, depth + 1)
        children.append(docname)
    return children


def natural_key(text: str) -> list[tuple[int, int, str]]:
    """Digits by value (``2`` before ``10``), compared as text: a label may
    hold more digits than Python converts to an int."""
    key = []
    for part in re.split(r"(\d+)", text):
        if part.isdigit():
            digits = part.lstrip("0")
            key.append((0, len(digits), digits))
        elif part:
            key.append((1, 0, part))
    return key


def _most_common(labels: Iterable[str]) -> str:
    counts = Counter(labels)
    return min(counts, key=lambda label: (-counts[label], label))


def related(site: Site, article: Article) -> list[str]:
    """The newest articles of *article*'s category, itself left out: at most
    RELATED, picked from a list made once per build, not from the category."""
    if not article.category:
        return []
    page = site.category_trail(article)[-1]
    return [docname for docname in page.newest if docname != article.docname][:RELATED]


def latest(page: Page, limit: int) -> list[str]:
    """A page's first *limit* articles, newest first (0: all of them)."""
    return page.articles[:limit] if limit > 0 else page.articles


def shown_articles(site: Site, page: Page, home_latest: int, section_latest: int) -> list[str]:
    """The articles a generated page shows as cards, in order."""
    if page.kind in {"category", "year", "author", "tag"}:
        return page.articles
    if page.kind in {"years", "authors", "tags"}:
        return []
    shown = latest(page, section_latest)
    if page.kind == "home":
        shown = shown + [d for section in site.sections() for d in latest(section, home_latest)]
    return shown


SORTS = {"newest": by_newest, "sequence": by_sequence}


def select(
    site: Site, section: str | None = None, category: str | None = None, limit: int = 0, sort: str = "newest"
) -> list[str]:
    """Docnames of the articles in *section* and/or *category*, sorted."""
    pool = list(site.articles.values())
    if section is not None:
        pool = [a for a in pool if a.section == section.strip("/")]
    if category:
        key = label_key(category)
        pool = [a for a in pool if key in {label_key(label) for label in a.category}]
    pool.sort(key=site.newest_key if sort == "newest" else site.sequence_key)
    return [a.docname for a in pool[: limit or None]]
