"""Find the articles before Sphinx reads them, and add the generated pages.

Sphinx only reads files it found in the source folder.  The home, section
and category pages must exist as documents (so they sit in toctrees, get
prev/next links and a sitemap entry) without being written into the
editors' folder, which may be read-only.  So :class:`ArticlesProject` adds
them as *virtual documents*: tiny sources kept under the doctree folder.

Discovery also reads every article's front matter once (cached by file
size and mtime across builds), because the category pages must be known
before reading starts.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import __
from sphinx.project import EXCLUDE_PATHS, Project
from sphinx.util import logging
from sphinx.util.matching import Matcher

from ..content import article as article_mod
from ..content import names
from ..content import site as site_mod

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

GENERATED_SOURCE = "```{article-page}\n```\n"
VIRTUAL_FOLDER = "articles-generated"


class ArticlesProject(Project):
    """Sphinx's :class:`~sphinx.project.Project` plus generated pages."""

    app: Sphinx | None = None

    def discover(self, exclude_paths=(), include_paths=("**",)) -> set[str]:
        super().discover(exclude_paths, include_paths)
        self._add_line_break_names(exclude_paths)
        self._rename_control_characters()
        self._shorten_long_names()
        for docname in [d for d in self.docnames if is_hidden(self._docname_to_path[d])]:
            self.withdraw(docname)
        if self.app is not None:
            site = catalogue(self.app, self)
            self._add_virtual_pages(site, Path(self.app.doctreedir) / VIRTUAL_FOLDER, web_only=not is_web(self.app))
        return self.docnames

    def withdraw(self, docname: str) -> None:
        """Not a page: Sphinx neither reads nor lists it, so it is in no output."""
        self.docnames.discard(docname)
        path = self._docname_to_path.pop(docname, None)
        self._path_to_docname.pop(path, None)

    def _add_line_break_names(self, exclude_paths) -> None:
        """Sphinx matches paths with regular expressions whose ``.`` stops at
        a line break, so a file in a file or folder whose name holds one is
        never found: its article would be lost without a word.  It gets a page
        name without the line break (the article warns about its file name)."""
        excluded = Matcher([*exclude_paths, *EXCLUDE_PATHS])
        for path in _paths_with_line_breaks(self.srcdir, excluded):
            docname = self.path2doc(path)
            if docname is None or not os.access(self.srcdir / path, os.R_OK):
                continue
            docname = names.without_control_characters(docname)
            self.docnames.add(docname)
            self._docname_to_path[docname] = path
            self._path_to_docname[path] = docname

    def _rename_control_characters(self) -> None:
        """Other control characters Sphinx finds, but a page name holding one
        breaks LaTeX labels: such a page gets a name without them, like a
        line break's (the article warns about its file name)."""
        for docname in [d for d in self.docnames if names.CONTROL.search(d)]:
            self._rename(docname, names.without_control_characters(docname))

    def _rename(self, docname: str, new: str) -> None:
        path = self._docname_to_path.pop(docname)
        self.docnames.discard(docname)
        self.docnames.add(new)
        self._docname_to_path[new] = path
        self._path_to_docname[path] = new

    def _shorten_long_names(self) -> None:
        """Sphinx writes ``<name>.doctree``: a source file whose name leaves
        no room for that suffix would stop the build, so its page gets a
        shorter name (the article warns, see ``article.file_name_problems``)."""
        for docname in [d for d in self.docnames if names.too_long(d)]:
            self._rename(docname, names.shortened(docname))

    def _add_virtual_pages(self, site: site_mod.Site, folder: Path, web_only: bool) -> None:
        for docname, page in site.pages.items():
            if docname in self.docnames:
                continue  # an editor wrote this page
            if web_only and not page.in_navigation:
                continue  # archive, author and tag pages: for browsing, not for the books
            path = folder / f"{docname}.md"
            if not path.is_file() or path.read_text(encoding="utf-8") != GENERATED_SOURCE:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(GENERATED_SOURCE, encoding="utf-8")
            self.docnames.add(docname)
            self._docname_to_path[docname] = path
            self._path_to_docname[path] = docname

    def doc2path(self, docname: str, absolute: bool):
        """A generated page's relative path is the one it would have in the
        source folder: Sphinx puts it in the public search index, and takes
        the source suffix from it."""
        path = super().doc2path(docname, absolute)
        if not absolute and Path(path).is_absolute():
            return type(path)(f"{docname}.md")
        return path

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("app", None)
        return state


def _paths_with_line_breaks(srcdir: Path, excluded: Matcher) -> list[Path]:
    found = []
    for root, folders, files in os.walk(srcdir):
        relative = Path(root).relative_to(srcdir)
        folders[:] = [name for name in folders if not excluded((relative / name).as_posix())]
        broken_folder = names.LINE_BREAKS.search(str(relative))
        for name in files:
            path = relative / name
            if (broken_folder or names.LINE_BREAKS.search(name)) and not excluded(path.as_posix()):
                found.append(path)
    return sorted(found)


def is_hidden(path: Path) -> bool:
    """Nuxt Content renders no file or folder whose name starts with ``_``
    or ``.`` (partials, data); neither does this site."""
    return any(part.startswith(("_", ".")) for part in path.parts)


def is_web(app: Sphinx) -> bool:
    builder = getattr(app, "builder", None)
    return builder is None or is_web_builder(builder)


def is_web_builder(builder) -> bool:
    """An HTML builder that is not the EPUB's (a book, not a site)."""
    return getattr(builder, "format", "") == "html" and not getattr(builder, "name", "").startswith("epub")


def is_generated(app: Sphinx, docname: str) -> bool:
    path = app.env.project._docname_to_path.get(docname)
    return path is not None and path.is_absolute()


def catalogue(app: Sphinx, project: Project) -> site_mod.Site:
    """Read the front matter of every Markdown document and build the site."""
    env = app.env
    config = app.config
    old_cache: dict = getattr(env, "articles_cache", {})
    cache = {}
    for docname in sorted(project.docnames):
        path = project.srcdir / project._docname_to_path[docname]
        if path.suffix != ".md":
            continue
        stat = path.stat()
        default = config.articles_default_category if site_mod.is_article(docname) else None
        stamp = (stat.st_mtime_ns, stat.st_size, default)  # what the parsed record depends on
        cached = old_cache.get(docname)
        if cached is None or cached[0] != stamp:
            source = project._docname_to_path[docname].as_posix()
            cached = (stamp, article_mod.read(docname, read_text(path), default, source))
        cache[docname] = cached
    env.articles_cache = cache
    documents = {docname: record for docname, (_stamp, record) in cache.items()}
    env.articles_unpublished = unpublished(documents, config)
    for docname in env.articles_unpublished:
        del documents[docname]
        project.withdraw(docname)
    site = site_mod.build(
        documents,
        root_doc=config.root_doc,
        section_titles=config.articles_sections,
        home_title=config.project,
        titles=config.articles_labels,
    )
    env.articles_site = site
    return site


def unpublished(documents: dict[str, article_mod.Article], config) -> list[str]:
    """Drafts (unless ``articles_drafts``) and, with ``articles_future`` off,
    articles dated after today: withdrawn before Sphinx sees them, without a
    word, so they are in no output."""
    today = dt.date.today()
    found = [
        docname
        for docname, record in documents.items()
        if (record.draft and not config.articles_drafts)
        or (not config.articles_future and record.published is not None and record.published > today)
    ]
    return sorted(found)


def report_unpublished(app: Sphinx, env, docnames: list[str]) -> None:
    """Said once Sphinx has said what it reads (not inside its own line)."""
    count = len(getattr(env, "articles_unpublished", ()))
    if count:
        logger.info(__("articles: %d draft or future-dated article(s) not published"), count)


def read_text(path: Path) -> str:
    """Decode like the reader does (see ``reading.py``): never raise."""
    return path.read_bytes().decode("utf-8-sig", errors="replace")
