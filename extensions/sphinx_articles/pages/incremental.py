"""Keep incremental builds equal to clean ones.

A page that lists articles shows data from other files.  While reading, each
document records which site data it used (``use``); after the next
discovery, documents whose recorded data changed are read again
(``env-get-outdated``).  Pages whose navigation (parents, prev/next, sidebar)
changed are written again (``env-get-updated``).
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


def list_data(site: Site, section: str | None, category: str | None, limit: int, sort: str) -> list:
    return [card_data(site, d) for d in select(site, section, category, limit, sort)]


def related_data(site: Site, docname: str) -> list:
    article = site.articles.get(docname)
    return [card_data(site, d) for d in related(site, article)] if article else []


QUERIES: dict[str, Callable[..., Any]] = {
    "page": page_data,
    "trail": trail_data,
    "list": list_data,
    "related": related_data,
    "route": lambda site, path, docname: find_route(site.routes, path, docname),
}


def digest(value: Any) -> str:
    return hashlib.sha1(repr(value).encode()).hexdigest()


def use(env: BuildEnvironment, kind: str, *args: Any) -> None:
    """Record that the document being read shows ``QUERIES[kind](site, *args)``."""
    value = QUERIES[kind](env.articles_site, *args)
    env.articles_deps.setdefault(env.docname, {})[kind, args] = digest(value)


def outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    app.__dict__["_articles_removed"] = set(removed)
    site = env.articles_site
    stale = []
    for docname, used in env.articles_deps.items():
        if docname in removed or docname in changed:
            continue
        if any(digest(QUERIES[kind](site, *args)) != old for (kind, args), old in used.items()):
            stale.append(docname)
    return stale


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
        app.__dict__["_articles_written"] = page_records(app).get(record_key(app), {})
    return app.__dict__["_articles_written"]


def page_records(app: Sphinx) -> dict[str, dict[str, str]]:
    try:
        records = json.loads((Path(app.doctreedir) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}


def record_key(app: Sphinx) -> str:
    return str(Path(app.outdir).resolve())


def record_pages(app: Sphinx) -> None:
    """Remember every page now in the output folder (see ``removed_docs``)."""
    recorded = written_pages(app)
    first = next(iter(recorded), None)
    if recorded.keys() == app.env.all_docs.keys() and (first is None or recorded[first] == page_file(app, first)):
        return  # the same pages, named by the same builder: a path for each would cost O(pages)
    pages = {d: page_file(app, d) for d in sorted(app.env.all_docs)}
    records = page_records(app)
    if records.get(record_key(app)) == pages:
        return
    records[record_key(app)] = pages
    path = Path(app.doctreedir) / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def page_file(app: Sphinx, docname: str) -> str:
    return page_path(app, docname).relative_to(Path(app.outdir)).as_posix()


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
    app.connect("build-finished", delete_removed_pages)
