"""Every patch of another package's internals still applies.

Each module of ``sphinx_articles.patches`` says what it changes and what
happens when the internal is gone (the stock behaviour comes back, silently).
This file is where that shows: after an upgrade that moved an internal, a
test here fails and names the patch to update or drop.
"""

from __future__ import annotations

import pkgutil
import queue
import shutil

import pytest
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from sphinx_articles import patches
from sphinx_articles.patches import (
    docutils_settings,
    fast_discovery,
    outdated_files,
    packed_tocs,
    parallel_builds,
    project_class,
    remote_image_location,
    search_index_update,
    search_page_names,
    sitemap_dirhtml,
    sitemap_queue,
    sitemap_unchanged,
    theme_empty_check,
    theme_escaping,
    theme_page_toc,
    title_text,
    toc_collector,
    toctree_ancestors,
    tolerant_decoding,
)  # fmt: skip

from conftest import REPO, ROOTS

PATCHES = [
    docutils_settings, fast_discovery, outdated_files, packed_tocs, parallel_builds, project_class,
    remote_image_location, search_index_update, search_page_names, sitemap_dirhtml, sitemap_queue,
    sitemap_unchanged, theme_empty_check, theme_escaping, theme_page_toc, title_text, toc_collector,
    toctree_ancestors, tolerant_decoding,
]  # fmt: skip


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A real Sphinx application for the example configuration, builder ready."""
    root = tmp_path_factory.mktemp("patches")
    shutil.copytree(ROOTS / "test-basic", root / "src")
    application = Sphinx(root / "src", REPO, root / "html", root / "doctrees", "html", status=None, warning=None)
    application.builder.prepare_writing(set())  # makes the search indexer
    return application


def test_every_patch_module_is_checked_here():
    found = {module.name for module in pkgutil.iter_modules(patches.__path__)}
    assert found == {module.__name__.rpartition(".")[2] for module in PATCHES}


@pytest.mark.parametrize("patch", PATCHES, ids=lambda module: module.__name__.rpartition(".")[2])
def test_patch_applies_to_the_installed_versions(app, patch):
    assert patch.applies(app), f"{patch.__name__} no longer applies: see its docstring"
    assert patch.__doc__ and "checked against" in " ".join(patch.__doc__.split()).lower()


def test_patches_are_installed(app):
    import myst_parser.mdit_to_docutils.base as myst_base
    import pydata_sphinx_theme.utils as theme_utils
    import sphinx.environment.adapters.toctree as toctree_adapter
    import sphinx.transforms.post_transforms.images as sphinx_images
    import sphinx.util.docutils as sphinx_docutils

    assert hasattr(sphinx_docutils._get_settings, "uncached")
    assert hasattr(myst_base.get_default_settings, "uncached")
    assert hasattr(toctree_adapter._get_toctree_ancestors, "stock")
    assert hasattr(theme_utils._update_and_remove_templates, "stock")
    assert hasattr(sphinx_images.ImageDownloader.handle, "stock")
    collectors = [getattr(listener.handler, "__self__", None) for listener in app.events.listeners["env-purge-doc"]]
    assert any(type(c) is toc_collector.IncludesTocTreeCollector for c in collectors)
    assert not any(type(c) is toc_collector.TocTreeCollector for c in collectors)
    assert type(app.env.project).__name__ == "ArticlesProject"
    assert app.env.settings["input_encoding"] == tolerant_decoding.CODEC
    assert isinstance(app.sitemap_links, queue.Queue)
    assert sitemap_unchanged.installed(app)
    assert type(app.builder.indexer) is search_index_update.UpdatingIndexBuilder
    assert type(app.env.tocs) is packed_tocs.PackedTocs
    assert isinstance(app.builder, parallel_builds.ParallelBuilder)
    assert toctree_adapter.clean_astext is title_text.clean_astext


def test_title_text_is_sphinx_clean_astext():
    from docutils import nodes

    text = nodes.Text
    titles = [
        nodes.title("", '社區 <b>消息</b> & "x"'),
        nodes.title("", "", text("前"), nodes.emphasis("", "強調"), text("後")),
        nodes.title("", "", text("圖"), nodes.image(uri="a.png", alt="替代文字"), text("尾")),
        nodes.title("", "", text("原始"), nodes.raw("", "<i>raw</i>", format="html"), text("尾")),
        nodes.title("", "", nodes.inline("", "", nodes.image(uri="b.png", alt="深"))),
    ]
    for title in titles:
        assert title_text.clean_astext(title) == title_text.stock(title), title
    assert title_text.clean_astext(titles[2]) == "圖尾" and titles[2][1]["alt"] == "替代文字"


def test_packed_tocs_unpickle_only_what_is_used():
    import pickle

    from docutils import nodes

    def toc(text):
        return nodes.bullet_list("", nodes.list_item("", nodes.paragraph(text=text)))

    loaded = pickle.loads(pickle.dumps(packed_tocs.PackedTocs({"a": toc("甲"), "b": toc("乙")})))
    assert loaded._values == {} and sorted(loaded) == ["a", "b"] and len(loaded) == 2 and "a" in loaded
    assert loaded["a"].astext() == "甲" and list(loaded._values) == ["a"]  # only "a" was unpickled
    loaded["a"][0][0][0] = nodes.Text("丙")  # changed in place, as Sphinx may: pickled again
    loaded["c"] = toc("丁")
    del loaded["b"]
    assert loaded.pop("missing", None) is None and "b" not in loaded
    again = pickle.loads(pickle.dumps(loaded))
    assert {name: again[name].astext() for name in again} == {"a": "丙", "c": "丁"}


def test_sitemap_is_left_unwritten_only_when_asked(app):
    (wrapper,) = [
        listener.handler for listener in app.events.listeners["build-finished"] if hasattr(listener.handler, "stock")
    ]
    sitemap = app.outdir / app.config.sitemap_filename
    sitemap.unlink(missing_ok=True)
    app.sitemap_links.put(("index.html", None))
    sitemap_unchanged.skip_next(app)
    wrapper(app, None)
    assert not sitemap.exists()
    wrapper(app, None)  # the request holds for one build only
    assert b"index.html" in sitemap.read_bytes()


def test_sitemap_unchanged_degrades_to_stock_without_the_listener():
    class Events:
        listeners = {"build-finished": []}  # sphinx-sitemap's listener not found

    class App:
        events = Events()

    application = App()
    sitemap_unchanged.install(application)
    assert not sitemap_unchanged.installed(application)


def test_outdated_files_tell_what_sphinx_tells(tmp_path):
    """The string-based check names the same added, changed and removed
    documents as Sphinx's own method, for each reason a document changes."""
    import os
    import time

    shutil.copytree(ROOTS / "test-basic", tmp_path / "src")
    src = tmp_path / "src"

    def built() -> Sphinx:
        application = Sphinx(src, REPO, tmp_path / "html", tmp_path / "doctrees", "html", status=None, warning=None)
        application.build(False)
        return application

    def answers(application: Sphinx) -> tuple:
        env, builder = application.env, application.builder
        env.find_files(application.config, builder)
        assert outdated_files._pages_are_files(builder) and outdated_files._build_info_matches(builder)  # not stock
        pages = set(builder.get_outdated_docs()), set(StandaloneHTMLBuilder.get_outdated_docs(builder))
        assert pages[0] == pages[1]
        ours = outdated_files.get_outdated_files(env, False), pages[0]
        stock = outdated_files.get_outdated_files.stock(env, False), pages[1]
        return ours, stock

    application = built()
    ours, stock = answers(application)
    assert ours == stock == ((set(), set(), set()), set())

    later = time.time_ns() + 10 * 10**9
    os.utime(src / "news" / "park.md", ns=(later, later))  # a source newer than its reading
    os.utime(src / "images" / "news" / "lamp.png", ns=(later, later))  # a dependency newer
    (src / "images" / "news" / "road-2.png").unlink()  # a dependency gone
    (tmp_path / "doctrees" / "events" / "cleanup.doctree").unlink()  # a doctree gone
    (src / "events" / "lecture.md").unlink()  # a document gone
    (src / "events" / "new.md").write_text("---\ntitle: 新\n---\n\n新文章。\n", encoding="utf-8")
    (tmp_path / "html" / "events" / "workshop.html").unlink()  # a page gone
    application = Sphinx(src, REPO, tmp_path / "html", tmp_path / "doctrees", "html", status=None, warning=None)
    ours, stock = answers(application)
    assert ours == stock
    (added, changed, removed), pages = ours
    assert {"events/new", "events/workshop", "news/park"} <= pages and "news/lamp" not in pages
    assert isinstance(application.builder, outdated_files.OutdatedPages)
    assert "events/new" in added and removed == {"events/lecture"}
    assert {"news/park", "news/lamp", "news/road", "events/cleanup"} <= changed
    assert BuildEnvironment.get_outdated_files is outdated_files.get_outdated_files  # installed


# -- fast_discovery: the copies find what Sphinx finds ------------------------

TRICKY_FILES = [
    "index.md", "a.rst", "B.md", "b.md", "10.md", "2.md", "dup.md", "dup.rst", "v1.2.md", "a.b.c.rst",
    "file.rst.md", "x.md.rst", ".md", "x.md.txt", "notes.txt", "keep.tmp", "x.md.tmp", "Z.rst", "UPPER.MD",
    "_partial.md", ".hidden.md", ".#lock.md", "nested/.#lock.md", ".git/config.md", "_drafts/d.md",
    "nested/deep/er/page.md", "nested/deep/er/skip.md", "nested/_sources/copy.md", "nested/.secret/x.md",
    "nested/.secret.md", "drafts/d1.md", "drafts/sub/d2.md", "_build/out.md", "bundle.lproj/strings.md",
    "deep.lproj/x/y.md", "漢字/文章.md", "漢字/中文 名稱.rst", "漢字/.隱藏.md", "日本語/ひらがな.md",
    "café/crème.md", "cafe\u0301/e\u0301.md", "emoji😀.md", "[brackets].md", "star*name.md", "question?.md",
    "line\nbreak.md", "x.md\n", "tab\tname.md", "space name.md", "-dash.md", "~tilde.rst",
]  # fmt: skip
EXCLUDED = ["_build", "**/skip.md", "drafts/**", "*.tmp", "nested/.secret", "[!a-z]*.rst", "漢字/?隱藏.md"]
PATTERN_SETS = {
    "everything": ([], ["**"]),
    "excluded": (EXCLUDED, ["**"]),
    "included": (EXCLUDED, ["**.md", "漢字/*", "nested/**/*.md", "a.rst"]),
}


@pytest.fixture(scope="module")
def tricky_tree(tmp_path_factory):
    """Nested, hidden, excluded, Han, NFD, dotted and oddly named files, a
    folder and a file reached through symbolic links."""
    root = tmp_path_factory.mktemp("tricky")
    for name in TRICKY_FILES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# page\n", encoding="utf-8")
    (root / "linked").symlink_to(root / "漢字", target_is_directory=True)
    (root / "alias.md").symlink_to(root / "index.md")
    return root


@pytest.mark.parametrize("patterns", PATTERN_SETS.values(), ids=PATTERN_SETS.keys())
def test_fast_matching_finds_sphinx_files_in_sphinx_order(tricky_tree, patterns):
    from sphinx.project import EXCLUDE_PATHS
    from sphinx.util.matching import get_matching_files

    exclude, include = patterns[0] + EXCLUDE_PATHS, patterns[1]
    found = list(fast_discovery.matching_files(tricky_tree, include, exclude))
    assert found == list(get_matching_files(tricky_tree, include, exclude))
    assert len(found) > 10 and "漢字/文章.md" in found and "café/é.md" in found  # NFD on disk, NFC here


def _warnings_of(discover, project, exclude, include):
    """What *discover* logs, as (message, location) pairs."""
    import logging

    import sphinx.project

    records: list = []

    class Recorder(logging.Handler):
        def emit(self, record):
            records.append((record.getMessage(), getattr(record, "location", None)))

    handler = Recorder()
    loggers = {fast_discovery.logger.logger, sphinx.project.logger.logger}
    for logger in loggers:
        logger.addHandler(handler)
    try:
        discover(project, exclude, include)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    return records


@pytest.mark.parametrize("suffixes", [(".rst", ".md"), (".md",), (".md", ".rst")], ids="-".join)
@pytest.mark.parametrize("patterns", PATTERN_SETS.values(), ids=PATTERN_SETS.keys())
def test_fast_discover_names_the_pages_as_sphinx(tricky_tree, patterns, suffixes):
    from sphinx.project import Project

    exclude, include = patterns
    stock, fast = Project(tricky_tree, suffixes), Project(tricky_tree, suffixes)
    stock_warnings = _warnings_of(Project.discover, stock, exclude, include)
    fast_warnings = _warnings_of(fast_discovery.discover, fast, exclude, include)
    assert fast.docnames == stock.docnames
    assert list(fast._docname_to_path.items()) == list(stock._docname_to_path.items())  # in the same order
    assert list(fast._path_to_docname.items()) == list(stock._path_to_docname.items())
    assert fast_warnings == stock_warnings
    if suffixes == (".rst", ".md") and not exclude:
        assert {"dup", "漢字/文章", "linked/文章", "alias", "file.rst", "x.md", "nested/deep/er/skip"} <= stock.docnames
        messages = " ".join(message for message, _location in stock_warnings)
        assert "multiple files found" in messages and "Ignored unreadable document 'café/é.md'" in messages


def test_fast_discovery_stands_down_when_sphinx_changes(monkeypatch):
    import sphinx.project
    import sphinx.util.matching

    assert fast_discovery.stale() == []

    def get_matching_files(dirname, include_patterns=("**",), exclude_patterns=()):
        yield from ()  # a Sphinx whose matching is not the one copied

    monkeypatch.setattr(sphinx.util.matching, "get_matching_files", get_matching_files)
    assert fast_discovery.stale() == ["get_matching_files"] and not fast_discovery.applies()
    monkeypatch.undo()
    assert fast_discovery.applies()
    monkeypatch.delattr(sphinx.project, "EXCLUDE_PATHS")
    assert not fast_discovery.applies()


def _built_site(root, monkeypatch, fast):
    """test-basic built in this process; with Sphinx's own discovery unless *fast*."""
    import sphinx.project

    calls = {"fast": 0, "stock": 0}
    fast_discover, stock_matching = fast_discovery.discover, sphinx.project.get_matching_files

    def fast_counted(*args, **kwargs):
        calls["fast"] += 1
        return fast_discover(*args, **kwargs)

    def stock_counted(*args, **kwargs):  # what Project.discover calls (the copy does not)
        calls["stock"] += 1
        return stock_matching(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(fast_discovery, "discover", fast_counted)
        patched.setattr(sphinx.project, "get_matching_files", stock_counted)
        if not fast:
            patched.setattr(fast_discovery, "applies", lambda app=None: False)
        outdir, doctrees = root.parent / "html", root.parent / "doctrees"
        application = Sphinx(root, REPO, outdir, doctrees, "html", status=None, warning=None)
        calls.update(fast=0, stock=0)  # a fresh environment's first discovery is Sphinx's, before builder-inited
        application.build()
    assert (calls["fast"] > 0, calls["stock"] > 0) == (fast, not fast)
    project = application.env.project
    assert type(project).__name__ == "ArticlesProject"
    pages = sorted(path.relative_to(outdir).as_posix() for path in outdir.rglob("*.html"))
    sources = {docname: path.as_posix() for docname, path in project._docname_to_path.items() if not path.is_absolute()}
    return project.docnames, sources, pages


def test_discovery_falls_back_to_sphinx_with_the_same_site(tmp_path, monkeypatch):
    fast_root, stock_root = tmp_path / "fast" / "src", tmp_path / "stock" / "src"
    for root in (fast_root, stock_root):
        shutil.copytree(ROOTS / "test-basic", root)
    fast = _built_site(fast_root, monkeypatch, fast=True)
    stock = _built_site(stock_root, monkeypatch, fast=False)
    assert stock == fast
    docnames, _sources, pages = stock
    assert {"index", "news/index", "events/index"} <= docnames  # generated pages, not files in the source folder
    assert not (stock_root / "news" / "index.md").exists()
    assert {"index.html", "news/index.html", "events/index.html"} <= set(pages)
    assert any(name.startswith("news/_category/") for name in pages)
