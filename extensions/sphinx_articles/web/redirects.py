"""Redirect pages from old paths, and ``_redirects`` for hosts that read it.

The old paths: each page's ``redirect_from`` (front matter) and the
redirects file (``articles_redirects_file``: a YAML mapping of old path to
new path; ``oldnews/: news/`` maps every page below a folder).  Each is
checked (``content/redirects.py``) and reported, never fatal, as an
``articles.redirect`` warning at its line: a path that is no path of this
site, one that names a page (a redirect never replaces a page), or one
another page claimed first.

At the end of an ``html`` or ``dirhtml`` build (after the pages of removed
articles are deleted, ``pages/incremental.py``), each old path gets a page
(``old/path.html`` and ``old/path/index.html`` with ``html``, so both
``/old/path`` and ``/old/path/`` work on any static host;
``old/path/index.html`` with ``dirhtml``), written by sphinx-reredirects
with the site's template (``static/redirect.html``: ``noindex``, a
canonical and a visible link; the target is a percent-encoded relative URL,
so it cannot end an attribute or a script).  ``_redirects`` lists every
spelling of each old path as a 301 (Netlify, Cloudflare Pages).

What was written is recorded in the doctree folder, so a redirect that is
gone is deleted by the next build, unless the file changed since (a page
took its place).  The cost is one pass over the redirects per build, none
per page (``articles_extensionless`` aside, which is one per page).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..content import frontmatter
from ..content.redirects import host_rules, is_folder_rule, old_path, shown
from ..labels import label_set
from ..pages.incremental import remove_empty_folders
from ..pages.state import site_of
from ..report import warn
from .output import write_if_changed

BUILDERS = ("html", "dirhtml")
TEMPLATE = Path(__file__).parent.parent / "static" / "redirect.html"  # zh_TW; redirect-<set>.html for the others
RECORD = "articles-redirects.json"  # in the doctree folder
HOST_FILE = "_redirects"
HOST_HEADER = "# Moved pages (redirect_from, articles_redirects_file), written by sphinx_articles\n"
SAFE_URI = re.compile(r"[A-Za-z0-9._~/%-]*")


@dataclass
class Claim:
    """An old path and the page it leads to, with where it was written."""

    source: str  # as written
    target: str  # docname
    location: Any  # (docname, line) or "file:line"
    path: str | None = None  # already normalised (a folder rule's)
    generic: bool = False  # from a folder rule: a page or an explicit claim wins, silently


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx_reredirects")
    app.connect("config-inited", use_site_template)
    app.connect("build-finished", write_redirects, priority=700)  # after delete_removed_pages (500)


def use_site_template(app: Sphinx, config) -> None:
    """sphinx-reredirects' own template puts the target into an attribute
    and a script as it is, and has no canonical link nor ``noindex``."""
    if not config.redirect_html_template_file:
        language = label_set(config.language)
        template = TEMPLATE if language == "zh_TW" else TEMPLATE.with_name(f"redirect-{language}.html")
        config.redirect_html_template_file = str(template)  # the same every build: no config change


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    site = site_of(app.env)
    if exception or site is None or app.builder.name not in BUILDERS:
        return
    redirects = Redirects(app)
    for claim in page_claims(app, site):
        redirects.add(claim)
    for claim in file_claims(app):
        redirects.add(claim)
    pages = redirects.pages()
    if app.config.articles_extensionless and app.builder.name == "html":
        pages.update(extensionless_pages(app))
    Output(app).update(pages, host_file(app, redirects))


def page_claims(app: Sphinx, site) -> Iterator[Claim]:
    for docname in sorted(site.documents):
        record = site.documents[docname]
        if record.redirect_from and docname in app.env.all_docs:  # a draft left out: no target
            for source in record.redirect_from:
                yield Claim(source, docname, (docname, record.line("redirect_from")))


def file_claims(app: Sphinx) -> Iterator[Claim]:
    """The redirects file's entries, in its order."""
    name = app.config.articles_redirects_file
    if not name:
        return
    path = Path(app.confdir, name)
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as error:
        warn(f"cannot read the redirects file: {error.strerror}", f"{path}:1", "redirect")
        return
    loaded = frontmatter.load(text, first_line=1)
    for problem in loaded.problems:
        warn(problem.message.replace("front matter", "the redirects file"), f"{path}:{problem.line}", "redirect")
    for source, target in loaded.data.items():
        location = f"{path}:{loaded.lines.get(source, 1)}"
        if not isinstance(target, str):
            warn(f"no redirect from {shown(source)}: its new place should be a path", location, "redirect")
        elif is_folder_rule(source, target) and (claims := folder_claims(app, source, target, location)):
            yield from claims
        elif (docname := page_named(app, target)) is not None:
            yield Claim(source, docname, location)
        else:
            warn(f"no redirect from {shown(source)}: {shown(target)} is no page of the site", location, "redirect")


def page_named(app: Sphinx, target: str) -> str | None:
    """The page a new path names (``news/n001``, ``/news/n001.html``,
    ``news/n001/``, ``news/n001.md``, ``news/`` for its section page)."""
    new = old_path(target.strip().removesuffix(".md"))
    docs = app.env.all_docs
    if not new.problem:
        for docname in (new.path, f"{new.path}/index") if new.path else (app.config.root_doc,):
            if docname in docs:
                return docname
    return None


def folder_claims(app: Sphinx, source: str, target: str, location: Any) -> list[Claim]:
    """``oldnews/: news/``: every page below ``news/``, from its place below
    ``oldnews/`` (empty when ``news/`` has no pages: then it names a page)."""
    old, new = old_path(source), old_path(target)
    if old.problem or new.problem or not new.path:
        return []
    prefix = new.path + "/"
    claims = []
    for docname in sorted(d for d in app.env.all_docs if d.startswith(prefix)):
        rest = docname[len(prefix) :]
        rest = "" if rest == "index" else rest.removesuffix("/index")
        path = f"{old.path}/{rest}" if rest and old.path else rest or old.path
        claims.append(Claim(source, docname, location, path=path, generic=True))
    return claims


class Redirects:
    """Old paths and their pages, checked as they come: the first claim of
    an old path wins."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.docs = app.env.all_docs
        builder = app.builder
        indices = {entry[0] for entry in getattr(builder, "domain_indices", ())}
        self.other_pages = {"search", "genindex", *app.config.html_additional_pages, *indices}
        self.claims: dict[str, Claim] = {}

    def add(self, claim: Claim) -> None:
        if claim.path is None:
            checked = old_path(claim.source)
            if checked.problem:
                return self.refuse(claim, checked.problem)
            path = checked.path
        else:
            path = claim.path
        page = self.page_at(path)
        if page is not None:
            if not claim.generic:
                self.refuse(claim, f"it is the page {page!r}, and a redirect never replaces a page")
            return
        if path.split("/")[0].startswith("_"):
            return self.refuse(claim, f"{path.split('/')[0]!r} is the build's own folder")
        first = self.claims.get(path)
        if first is None:
            self.claims[path] = claim
        elif first.target != claim.target and not claim.generic:
            self.refuse(claim, f"it already leads to {first.target!r} ({self.where(first)})")

    def refuse(self, claim: Claim, reason: str) -> None:
        warn(f"no redirect from {shown(claim.source)}: {reason}", claim.location, "redirect")

    def where(self, claim: Claim) -> str:
        if isinstance(claim.location, tuple):
            docname, line = claim.location
            return f"{self.app.env.doc2path(docname, False)}:{line}"
        return str(claim.location)

    def page_at(self, path: str) -> str | None:
        """The page (or the builder's own page, ``search``) *path* names."""
        if not path:
            return self.app.config.root_doc
        for docname in (path, f"{path}/index"):
            if docname in self.docs or docname in self.other_pages:
                return docname
        return None

    def pages(self) -> dict[str, tuple[str, Any]]:
        """Output file -> (URL of the target relative to it, where claimed)."""
        builder = self.app.builder
        suffix = builder.out_suffix
        pages = {}
        for path, claim in self.claims.items():
            files = (
                [f"{path}{suffix}", f"{path}/index{suffix}"] if builder.name == "html" else [f"{path}/index{suffix}"]
            )
            for file in files:
                pages[file] = (link(file, builder.get_target_uri(claim.target)), claim.location)
        return pages


def link(file: str, target_uri: str) -> str:
    """*target_uri* relative to *file*: percent-encoded (Sphinx's page URIs
    are), so it is safe in an attribute and a script string alike."""
    uri = relative_uri(file, target_uri) or "./"
    return uri if SAFE_URI.fullmatch(uri) else quote(uri, safe="/%")


def extensionless_pages(app: Sphinx) -> dict[str, tuple[str, Any]]:
    """``articles_extensionless`` (html builder): ``news/n001/index.html``
    leading to ``news/n001.html``, so ``/news/n001`` (Nuxt's URL) works on a
    static host that serves folders' index.html."""
    builder, docs = app.builder, app.env.all_docs
    pages = {}
    for docname in docs:
        if docname == app.config.root_doc or docname.endswith("/index") or f"{docname}/index" in docs:
            continue
        file = f"{docname}/index{builder.out_suffix}"
        pages[file] = (link(file, builder.get_target_uri(docname)), (docname, 1))
    return pages


def host_file(app: Sphinx, redirects: Redirects) -> str:
    """``_redirects``: the site's own (from ``html_extra_path``) first, then
    a 301 for every spelling of every old path, to the page's URL path."""
    own = "".join(own_host_files(app))
    base = urlparse(app.config.html_baseurl).path or "/"
    base += "" if base.endswith("/") else "/"
    lines = []
    for path in sorted(redirects.claims):
        target = base + app.builder.get_target_uri(redirects.claims[path].target)
        lines += host_rules(base, path, target)
    if not lines:
        return own
    return own + ("\n" if own and not own.endswith("\n") else "") + HOST_HEADER + "".join(f"{line}\n" for line in lines)


def own_host_files(app: Sphinx) -> Iterator[str]:
    for extra in app.config.html_extra_path:
        path = Path(app.confdir, extra)
        path = path / HOST_FILE if path.is_dir() else path
        if path.name == HOST_FILE and path.is_file():
            yield path.read_text(encoding="utf-8", errors="replace")


class Output:
    """The files written, with the record of them (in the doctree folder)."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.outdir = Path(app.outdir)
        self.record_file = Path(app.doctreedir) / RECORD
        self.key = str(self.outdir.resolve())
        try:
            self.records = json.loads(self.record_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.records = {}
        self.old: dict[str, list] = self.records.get(self.key, {})
        self.new: dict[str, list] = {}

    def update(self, pages: dict[str, tuple[str, Any]], host_text: str) -> None:
        for file in set(self.old) - set(pages) - ({HOST_FILE} if host_text else set()):
            self.delete(file)
        self.write_pages(pages)
        self.write_host_file(host_text)
        if self.new or self.old:
            self.records[self.key] = self.new
            self.record_file.write_text(json.dumps(self.records, sort_keys=True), encoding="utf-8")

    def write_pages(self, pages: dict[str, tuple[str, Any]]) -> None:
        from sphinx_reredirects import Reredirects

        writer = Reredirects(self.app)
        template = self.stamp(Path(self.app.srcdir, self.app.config.redirect_html_template_file or "-"))
        for file, (uri, location) in sorted(pages.items()):
            recorded = self.old.get(file)
            if recorded is None or recorded[:2] != [uri, template] or recorded[2] != self.stamp(self.outdir / file):
                try:
                    writer.create_redirects({file: uri})
                except OSError as error:
                    warn(f"cannot write the redirect page {file!r}: {error.strerror}", location, "redirect")
                    continue
            self.new[file] = [uri, template, self.stamp(self.outdir / file)]

    def write_host_file(self, text: str) -> None:
        path = self.outdir / HOST_FILE
        if not text:
            return
        write_if_changed(path, text.encode("utf-8"))
        self.new[HOST_FILE] = ["", "", self.stamp(path)]

    def delete(self, file: str) -> None:
        """A file written before and no longer wanted, unless it changed
        since (a page, or the site's own ``_redirects``, took its place)."""
        path = self.outdir / file
        if self.old[file][2] == self.stamp(path) and self.outdir in path.resolve().parents:
            path.unlink()
            remove_empty_folders(path.parent, self.outdir)

    @staticmethod
    def stamp(path: Path) -> list[int] | None:
        try:
            status = os.stat(path)
        except OSError:
            return None
        return [status.st_size, status.st_mtime_ns]
