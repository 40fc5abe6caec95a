"""Find the articles before Sphinx reads them, and add the generated pages.

Sphinx only reads files it found in the source folder.  The home, section
and category pages must exist as documents (so they sit in toctrees, get
prev/next links and a sitemap entry) without being written into the
editors' folder, which may be read-only.  So :class:`ArticlesProject` adds
them as *virtual documents*: tiny sources kept under the doctree folder.

Discovery also reads every article's front matter once (cached by file
size and mtime across builds), because the category pages must be known
before reading starts.

The files themselves are found as Sphinx finds them
(``patches/fast_discovery.py``: a faster copy of its code, or its own).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import __
from sphinx.project import EXCLUDE_PATHS, Project
from sphinx.util import logging
from sphinx.util.matching import Matcher

from ..content import article as article_mod
from ..content import frontmatter, names
from ..content import site as site_mod
from ..report import warn
from .incremental import same

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

GENERATED_SOURCE = "```{article-page}\n```\n"
VIRTUAL_FOLDER = "articles-generated"


class ArticlesProject(Project):
    """Sphinx's :class:`~sphinx.project.Project` plus generated pages."""

    app: Sphinx | None = None

    def discover(self, exclude_paths=(), include_paths=("**",)) -> set[str]:
        from ..patches import fast_discovery  # here: the patches import this module

        fast_discovery.find_sources(self, exclude_paths, include_paths)  # Sphinx's discover, made faster
        walked = _walk(self.srcdir, Matcher([*exclude_paths, *EXCLUDE_PATHS]))
        self._add_line_break_names(walked.line_break_paths)
        self._rename_control_characters()
        self._shorten_long_names()
        hidden = [d for d, path in self._docname_to_path.items() if is_hidden_name(os.fspath(path))]
        for docname in hidden:
            self.withdraw(docname)
        self.skipped = {"hidden": len(hidden), "data": walked.data_files, "settings": walked.settings_files}
        self.route_clashes = self._use_routes()
        if self.app is not None:
            site = catalogue(self.app, self, walked.folders)
            self._add_virtual_pages(site, Path(self.app.doctreedir) / VIRTUAL_FOLDER, web_only=not is_web(self.app))
            site.routes = site_mod.route_table(
                self.docnames, {d: p.as_posix() for d, p in self._docname_to_path.items() if not p.is_absolute()}
            )
        return self.docnames

    def _use_routes(self) -> list[tuple[Path, str, list[Path]]]:
        """Each page is named by its Nuxt route: ``N.`` prefixes of files and
        folders removed (``docs/1.intro/2.install.md`` is ``docs/intro/install``).
        Files with the same route (``1.foo.md``, ``foo.md``) are all published:
        the one with fewest prefixes (then the first in numeric order) gets the
        route, the others keep their file name's prefix (in the route's folder).  One pass over the names; returns
        each clashing file with its route and the other files."""
        by_route: dict[str, list[str]] = {}
        for docname in sorted(self.docnames):
            by_route.setdefault(names.route(docname), []).append(docname)
        clashes = []
        for route, docnames in by_route.items():
            if len(docnames) > 1:
                docnames.sort(key=lambda d: (names.prefixed_parts(d), site_mod.natural_key(d)))
            paths = [self._docname_to_path[d] for d in docnames]
            if docnames[0] != route and route not in self.docnames:
                self._rename(docnames[0], route)
            for other in docnames[1:]:  # in the route's folder, under its own file name
                folder, name = posixpath.split(other)
                renamed = posixpath.join(names.route(folder), name) if folder else name
                if renamed != other and renamed not in self.docnames:
                    self._rename(other, renamed)
            if len(paths) > 1:
                clashes += [(path, route, [p for p in paths if p != path]) for path in paths]
        return clashes

    def path2doc(self, filename):
        """The page name of a source file, renamed ones too (MyST's links to
        ``2.installation.md`` ask with an absolute path)."""
        path = Path(filename)
        if path.is_absolute():
            try:
                path = path.relative_to(self.srcdir)
            except ValueError:
                return super().path2doc(filename)
        return self._path_to_docname.get(path) or super().path2doc(filename)

    def withdraw(self, docname: str) -> None:
        """Not a page: Sphinx neither reads nor lists it, so it is in no output."""
        self.docnames.discard(docname)
        path = self._docname_to_path.pop(docname, None)
        self._path_to_docname.pop(path, None)

    def _add_line_break_names(self, paths: list[Path]) -> None:
        """Sphinx matches paths with regular expressions whose ``.`` stops at
        a line break, so a file in a file or folder whose name holds one is
        never found: its article would be lost without a word.  It gets a page
        name without the line break (the article warns about its file name)."""
        for path in paths:
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


DATA_SUFFIXES = (".yml", ".yaml", ".json", ".csv")  # Nuxt Content's data files: never pages
FOLDER_SETTINGS = ("_dir.yml", ".navigation.yml")  # a folder's title and order


@dataclass
class Walked:
    line_break_paths: list[Path] = field(default_factory=list)
    data_files: int = 0
    settings_files: int = 0
    folders: dict[str, site_mod.Folder] = field(default_factory=dict)  # folder route: its settings


def _walk(srcdir: Path, excluded: Matcher) -> Walked:
    """One walk over the content folder: files Sphinx cannot find (a line
    break in their name), data files (counted), folder settings (read).
    Other files (the articles) cost a look at their name only."""
    walked = Walked()
    for root, folders, files in os.walk(srcdir):
        relative = Path(root).relative_to(srcdir)
        prefix = f"{relative.as_posix()}/" if relative.parts else ""
        folders[:] = sorted(name for name in folders if not name.startswith(".") and not excluded(prefix + name))
        broken_folder = names.LINE_BREAKS.search(str(relative))
        for name in sorted(files):
            broken = broken_folder or names.LINE_BREAKS.search(name)
            if not (broken or name in FOLDER_SETTINGS or name.lower().endswith(DATA_SUFFIXES)):
                continue  # an article, an image: nothing to record
            if excluded(prefix + name):
                continue
            path = relative / name
            if broken:
                walked.line_break_paths.append(path)
            if name in FOLDER_SETTINGS and not is_hidden(relative):
                folder = names.route(relative.as_posix()) if relative.parts else ""
                walked.folders[folder] = folder_settings(srcdir / path, walked.folders.get(folder))
                walked.settings_files += 1
            elif name.lower().endswith(DATA_SUFFIXES):
                walked.data_files += 1
    return walked


def folder_settings(path: Path, earlier: site_mod.Folder | None) -> site_mod.Folder:
    """``title``, ``navigation.title``, ``navigation: false``, ``order`` of a
    ``_dir.yml`` or ``.navigation.yml`` (both in one folder: merged)."""
    data = frontmatter.load(read_text(path), 1).data
    navigation = data.get("navigation")
    nav = navigation if isinstance(navigation, dict) else {}
    folder = earlier or site_mod.Folder()
    title = nav.get("title") or data.get("navigation.title") or data.get("title")
    if isinstance(title, (str, int, float)) and str(title).strip():
        folder.title = str(title).strip()
    order = nav.get("order", data.get("navigation.order", data.get("order")))
    if isinstance(order, (str, int, float)) and not isinstance(order, bool):
        try:
            folder.order = float(order)  # YAML numbers are read as text (frontmatter.py)
        except ValueError:
            pass
    if navigation is False or data.get("navigation.hidden") is True or nav.get("hidden") is True:
        folder.hidden = True
    return folder


def is_hidden(path: Path) -> bool:
    """Nuxt Content renders no file or folder whose name starts with ``_``
    or ``.`` (partials, data); neither does this site."""
    return any(part.startswith(("_", ".")) for part in path.parts)


def is_hidden_name(path: str) -> bool:
    """``is_hidden`` of a relative path given as text (``os.fspath``)."""
    return any(part.startswith(("_", ".")) for part in path.split(os.sep) if part)


def is_web(app: Sphinx) -> bool:
    builder = getattr(app, "builder", None)
    return builder is None or is_web_builder(builder)


def is_web_builder(builder) -> bool:
    """An HTML builder that is not the EPUB's (a book, not a site)."""
    return getattr(builder, "format", "") == "html" and not getattr(builder, "name", "").startswith("epub")


def is_generated(app: Sphinx, docname: str) -> bool:
    path = app.env.project._docname_to_path.get(docname)
    return path is not None and path.is_absolute()


def catalogue(app: Sphinx, project: Project, folders: dict[str, site_mod.Folder] | None = None) -> site_mod.Site:
    """Read the front matter of every Markdown document and build the site
    (*folders*: what ``_dir.yml`` files say, by folder route).

    A file whose size and mtime are those of the last build is not read
    again; a file read again whose front matter is unchanged (a body edit)
    keeps its record, and when no record and no input of the site changed,
    the site of the last build is kept (``incremental.py`` then finds that
    no listing changed without computing one)."""
    env = app.env
    config = app.config
    old_cache: dict = getattr(env, "articles_cache", {})
    previous: site_mod.Site | None = getattr(env, "articles_site", None)
    app.__dict__["_articles_before"] = (previous, previous.routes) if previous is not None else None
    srcdir = os.fspath(project.srcdir)
    default_category = config.articles_default_category
    cache = {}
    changed = False
    for docname in sorted(project.docnames):
        source = project._docname_to_path[docname].as_posix()
        if not is_markdown(source):
            continue
        stat = os.stat(os.path.join(srcdir, source))
        default = default_category if site_mod.is_article(docname) else None
        stamp = (stat.st_mtime_ns, stat.st_size, default, source)  # what the parsed record depends on
        cached = old_cache.get(docname)
        if cached is None or cached[0] != stamp:
            record = article_mod.read(docname, read_text(os.path.join(srcdir, source)), default, source)
            if cached is not None and cached[0][2:] == stamp[2:] and cached[1] == record:
                record = cached[1]  # a body edit: the same front matter
            else:
                changed = True
            cached = (stamp, record)
        cache[docname] = cached
    env.articles_cache = cache
    documents = {docname: record for docname, (_stamp, record) in cache.items()}
    env.articles_unpublished = unpublished(documents, config)
    for docname in env.articles_unpublished:
        del documents[docname]
        project.withdraw(docname)
    inputs = (config.root_doc, config.articles_sections, config.project, config.articles_labels, folders)
    if (
        previous is not None
        and not changed
        and getattr(env, "articles_site_inputs", None) == inputs
        and documents.keys() == previous.documents.keys()
        and all(same(previous.documents[docname], record) for docname, record in documents.items())
    ):
        return previous  # every record and every other input is the last build's: so is the site
    site = site_mod.build(
        documents,
        root_doc=config.root_doc,
        section_titles=config.articles_sections,
        home_title=config.project,
        titles=config.articles_labels,
        sources={docname: cache[docname][0][3] for docname in documents},
        folders=folders,
    )
    env.articles_site = site
    env.articles_site_inputs = inputs
    return site


def is_markdown(source: str) -> bool:
    """``Path(source).suffix == ".md"``."""
    name = source.rpartition("/")[2]
    return name.endswith(".md") and name.rfind(".") > 0


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
    skipped = getattr(env.project, "skipped", None)
    if skipped and (skipped["hidden"] or skipped["data"]):
        logger.info(
            __(
                "articles: %d file(s) not published as pages, as Nuxt Content does: "
                "%d Markdown file(s) with a _ or . name, %d data file(s) (.yml, .json, .csv); "
                "%d folder settings file(s) read (_dir.yml, .navigation.yml)"
            ),
            skipped["hidden"] + skipped["data"],
            skipped["hidden"],
            skipped["data"],
            skipped["settings"],
        )
    project = env.project
    for path, route, others in getattr(project, "route_clashes", ()):
        docname = project._path_to_docname.get(path)
        if docname is None:
            continue
        shown = ", ".join(repr(other.as_posix()) for other in others)
        warn(
            f"{path.as_posix()!r} has the same Nuxt route (/{route}) as {shown}; published as {docname!r}: "
            "rename one of them",
            (docname, 1),
            "filename",
        )


def read_text(path: str | os.PathLike[str]) -> str:
    """Decode like the reader does (see ``reading.py``): never raise."""
    with open(path, "rb") as file:
        return file.read().decode("utf-8-sig", errors="replace")
