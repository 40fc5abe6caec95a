"""Keep incremental builds equal to clean ones.

A page that lists articles shows data from other files.  While reading, each
document records which site data it used (``use``); after the next
discovery, documents whose recorded data changed are read again
(``env-get-outdated``).  Listings (cards, 相關文章) are made when a page is
written (``late_listings.py``): when only what its cards say changed, not
which covers its doctree holds (``page_doctree``, ``list_doctree``), the
page is only written again.  Pages whose navigation (parents, prev/next,
sidebar) changed are written again too (``env-get-updated``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..content.site import ARCHIVE, Site, find_route, index_doc, related, select, shown_articles


def card_data(site: Site, docname: str) -> tuple:
    article = site.articles[docname]
    return (
        docname, article.title, article.published, article.authors,
        article.description, article.cover, trail_data(site, docname),
    )  # fmt: skip


def trail_data(site: Site, docname: str) -> list[tuple[str, str]]:
    article = site.articles.get(docname)
    if article is None:
        return []
    return [(page.docname, page.title) for page in site.category_trail(article)]


def page_data(site: Site, docname: str, home_latest: int, section_latest: int) -> Any:
    page = site.pages.get(docname)
    if page is None:
        return None
    children = [(d, site.pages[d].title, len(site.pages[d].articles)) for d in page.children if d in site.pages]
    listed = shown_articles(site, page, home_latest, section_latest)
    indexes = [(i.docname, i.title) for i in site.indexes()] if page.kind == "home" else []
    years = page_data(site, index_doc(ARCHIVE), 0, 0) if page.kind == "home" else None  # the home's archive links
    subsections = [(d, site.pages[d].title, len(site.pages[d].articles)) for d in page.subsections]
    return (page.title, page.children, children, [card_data(site, d) for d in listed], indexes, years, subsections)


def page_doctree_data(site: Site, docname: str, home_latest: int, section_latest: int) -> Any:
    """What a generated page's doctree holds: its title, its place in the
    navigation, and its cards' covers (the images Sphinx collects while
    reading); the cards themselves are made when it is written."""
    page = site.pages.get(docname)
    if page is None:
        return None
    shown = shown_articles(site, page, home_latest, section_latest)
    return (page.title, page.in_navigation, page.children, covers(site, shown))


def list_data(site: Site, section: str | None, category: str | None, limit: int, sort: str) -> list:
    return [card_data(site, d) for d in select(site, section, category, limit, sort)]


def list_doctree_data(site: Site, section: str | None, category: str | None, limit: int, sort: str) -> list:
    """What an ``article-list`` leaves in the doctree: its cards' covers."""
    return covers(site, select(site, section, category, limit, sort))


def covers(site: Site, docnames: list[str]) -> list[tuple[str, str]]:
    return [(docname, site.articles[docname].cover) for docname in docnames]


def related_data(site: Site, docname: str) -> list:
    article = site.articles.get(docname)
    return [card_data(site, d) for d in related(site, article)] if article else []


QUERIES: dict[str, Callable[..., Any]] = {
    "page": page_data,
    "page_doctree": page_doctree_data,
    "trail": trail_data,
    "list": list_data,
    "list_doctree": list_doctree_data,
    "related": related_data,
    "route": lambda site, path, docname: find_route(site.routes, path, docname),
}


def digest(value: Any) -> str:
    return hashlib.sha1(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


def use(env: BuildEnvironment, kind: str, *args: Any) -> None:
    """Record that the document being read shows ``QUERIES[kind](site, *args)``."""
    value = QUERIES[kind](env.articles_site, *args)
    env.articles_deps.setdefault(env.docname, {})[kind, args] = digest(value)


def outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The documents to read again: those whose recorded site data changed.

    Each recorded digest is that of the query on the site of the build that
    read the document (a document is read again whenever it changes), so a
    query none of whose inputs changed since that site has the same digest:
    only the queries that may show a change (``Changes``) are computed, each
    once however many documents ask it."""
    app.__dict__["_articles_removed"] = set(removed)
    site = env.articles_site
    before = app.__dict__.pop("_articles_before", None)
    changes = Changes(before[0], before[1], site) if before is not None else None
    app.__dict__["_articles_changes"] = changes
    skipped = set(added) | set(changed) | set(removed)
    read_again = changed_uses(env, changes, skipped, lambda kind: kind not in WRITTEN_AGAIN)
    return [docname for docname, _query, _new in read_again]


# Queries whose change needs the page written again, not read again (what
# they show is made when the page is written).
WRITTEN_AGAIN = frozenset({"related", "page", "list"})


def changed_uses(env: BuildEnvironment, changes: Changes | None, skipped: set[str], wanted: Callable[[str], bool]):
    """(document, query, new digest) for the first recorded query of each
    document (not in *skipped*) whose digest changed, among the queries of
    a *wanted* kind that may show a change."""
    if changes is not None and changes.none:
        return
    site, digests = env.articles_site, {}
    for docname, used in env.articles_deps.items():
        if docname in skipped:
            continue
        for query, old in used.items():
            if not wanted(query[0]) or (changes is not None and not changes.may_change(*query)):
                continue
            new = digests.get(query)
            if new is None:
                kind, args = query
                new = digests[query] = digest(QUERIES[kind](site, *args))
            if new != old:
                yield docname, query, new
                break


def written_again(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents not read again whose listings (相關文章, cards) changed:
    written again, and their record brought up to date."""
    changes = app.__dict__.pop("_articles_changes", None)
    stale = []
    for docname, query, new in changed_uses(env, changes, set(), WRITTEN_AGAIN.__contains__):
        env.articles_deps[docname][query] = new
        stale.append(docname)
    return stale


class Changes:
    """What differs between the site of the last build and this one, to tell
    which queries may give another result (``may_change``: never False for
    one that does; the tests compare incremental builds with clean ones)."""

    def __init__(self, old: Site, old_routes: dict[str, str], new: Site) -> None:
        self.new = new
        self.routes = old_routes != new.routes
        if old is new:
            self.pages: set[str] = set()
            self.cards: set[str] = set()
            self.any = False
        else:
            self.pages = {d for d in old.pages.keys() | new.pages.keys() if old.pages.get(d) != new.pages.get(d)}
            # an article's card: its own fields and its category pages' names and titles
            articles = old.articles.keys() | new.articles.keys()
            self.cards = {d for d in articles if not same(old.articles.get(d), new.articles.get(d))}
            both = old.category_pages.keys() | new.category_pages.keys()
            moved = {key for key in both if old.category_pages.get(key) != new.category_pages.get(key)}
            for site in (old, new):
                self.pages.update(site.category_pages[key] for key in moved if key in site.category_pages)
            for site in (old, new):
                for docname in self.pages:
                    page = site.pages.get(docname)
                    if page is not None and page.kind == "category":
                        self.cards.update(page.articles)
            self.any = bool(self.pages or self.cards or moved or old.orders != new.orders)
        self.none = not self.any and not self.routes

    def may_change(self, kind: str, args: tuple) -> bool:
        if kind == "route":
            return self.routes
        if not self.any:
            return False
        if kind == "trail":
            return args[0] in self.cards
        if kind == "related":
            return self._related(args[0])
        if kind in ("page", "page_doctree"):
            return self._page(*args)
        return True  # "list", and any other: whenever anything changed

    def _related(self, docname: str) -> bool:
        article = self.new.articles.get(docname)
        if docname in self.cards or article is None or not article.category:
            return docname in self.cards  # unchanged and in no category: no related articles, before or now
        page = self.new.category_trail(article)[-1]  # the same page before: the article's card is unchanged
        return page.docname in self.pages or not self.cards.isdisjoint(page.newest)

    def _page(self, docname: str, home_latest: int, section_latest: int) -> bool:
        page = self.new.pages.get(docname)
        if docname in self.pages or page is None or page.kind == "home":
            return True  # (the home page shows every section, the indexes and the years)
        if not self.pages.isdisjoint(page.children) or not self.pages.isdisjoint(page.subsections):
            return True
        return not self.cards.isdisjoint(shown_articles(self.new, page, home_latest, section_latest))


def same(old: Any, new: Any) -> bool:
    return old is new or old == new  # the same object, unless the environment was pickled in parts


def navigation_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents whose sidebar, breadcrumbs or prev/next links changed."""
    signatures = navigation_signatures(env)
    previous = getattr(env, "articles_nav", {})
    env.articles_nav = signatures
    if previous.get(None) != signatures.get(None):
        return sorted(env.all_docs)  # the sidebar changed everywhere
    return sorted(d for d, signature in signatures.items() if d and previous.get(d) != signature)


def navigation_signatures(env: BuildEnvironment) -> dict[str | None, Any]:
    site: Site = env.articles_site
    titles = {d: env.titles[d].astext() for d in env.titles}
    relations = env.collect_relations()
    sidebar = [
        (p.docname, p.title, p.in_sidebar, [c for c in p.children if c in site.pages])
        for p in site.pages.values()
        if p.in_navigation
    ]
    signatures: dict[str | None, Any] = {None: digest(sidebar)}
    for docname, (parent, prev, nxt) in relations.items():
        chain = []
        while parent:
            chain.append((parent, titles.get(parent)))
            parent = relations.get(parent, (None,))[0]
        signatures[docname] = digest((chain, prev, titles.get(prev), nxt, titles.get(nxt)))
    return signatures


RECORD = "articles-pages.json"  # in the doctree folder: the pages in each output folder


def removed_docs(app: Sphinx) -> set[str]:
    """The documents whose pages left the site: those this build found
    removed (recorded by ``outdated``) and those whose pages the last
    complete build wrote into this output folder and that are no longer
    documents.  The record is needed because Sphinx's removed documents
    are those of the environment: a fresh one (``-E``, a failed build, a
    new version of Sphinx or of this extension, a moved source folder) has
    none, and one shared by two builders (``-M html``, ``-M dirhtml``)
    tells only the first of them."""
    found = app.__dict__.get("_articles_removed", set())
    return found | (set(written_pages(app)) - set(app.env.all_docs))


def written_pages(app: Sphinx) -> dict[str, str]:
    """Each document whose page the last complete build wrote into this
    output folder, with the page's path there (read once: ``record_pages``
    replaces the record at the end of this build)."""
    if "_articles_written" not in app.__dict__:
        entry = page_records(app).get(record_key(app), {})
        if isinstance(entry, dict) and isinstance(entry.get("pages"), dict):
            app.__dict__["_articles_written_by"] = entry.get("builder")
            entry = entry["pages"]
        app.__dict__["_articles_written"] = entry if isinstance(entry, dict) else {}
    return app.__dict__["_articles_written"]


def page_records(app: Sphinx) -> dict[str, Any]:
    """Per output folder: the builder (class, page suffix) and its pages
    (before 2026-12 just the pages)."""
    if "_articles_records" not in app.__dict__:
        try:
            records = json.loads((Path(app.doctreedir) / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            records = {}
        app.__dict__["_articles_records"] = records if isinstance(records, dict) else {}
    return app.__dict__["_articles_records"]


def record_key(app: Sphinx) -> str:
    return str(Path(app.outdir).resolve())


def record_pages(app: Sphinx) -> None:
    """Remember every page now in the output folder (see ``removed_docs``).
    A page's path depends on its name, the builder's class and its page
    suffix only: the last record's paths are kept when those are the same,
    so only new documents cost a path."""
    outdir = Path(app.outdir)
    builder = [f"{type(app.builder).__module__}.{type(app.builder).__qualname__}", app.builder.out_suffix]
    known = written_pages(app) if app.__dict__.get("_articles_written_by") == builder else {}
    pages = {}
    for docname in sorted(app.env.all_docs):
        page = known.get(docname)
        pages[docname] = page if page is not None else page_path(app, docname).relative_to(outdir).as_posix()
    records = page_records(app)
    entry = {"builder": builder, "pages": pages}
    if records.get(record_key(app)) == entry:
        return
    records[record_key(app)] = entry
    path = Path(app.doctreedir) / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def page_path(app: Sphinx, docname: str) -> Path:
    # news/n001.html, or news/n001/index.html with dirhtml (not the link,
    # get_target_uri: it is percent-encoded, and news/n001/ with dirhtml)
    return Path(app.builder.get_outfilename(docname))


def delete_removed_pages(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx leaves the pages of deleted articles (and of emptied
    categories, years, authors, tags and sections) in the output; a clean
    build would not have them, nor should the site."""
    if exception or app.builder.format != "html":
        return  # after a failed build the record stays: the next one removes them
    removed = removed_docs(app) - set(app.env.all_docs)
    outdir = Path(app.outdir)
    written = written_pages(app)
    for docname in removed:
        page = outdir / written[docname] if docname in written else page_path(app, docname)
        sources = outdir / "_sources" / docname
        for path in [page, *sources.parent.glob(sources.name + ".*")]:
            if path.is_file() and outdir.resolve() in path.resolve().parents:
                path.unlink()
                remove_empty_folders(path.parent, outdir)
    record_pages(app)


def remove_empty_folders(folder: Path, outdir: Path) -> None:
    """*folder* and its parents below *outdir*, as long as they are empty
    (dirhtml's news/n001/; a section whose last article went)."""
    while folder != outdir and outdir in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", outdated)
    app.connect("env-get-updated", navigation_changed)
    app.connect("env-get-updated", written_again)
    app.connect("build-finished", delete_removed_pages)
