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

from sphinx_articles import patches
from sphinx_articles.patches import (
    docutils_settings,
    fast_discovery,
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
    toc_collector,
    toctree_ancestors,
    tolerant_decoding,
)  # fmt: skip

from conftest import REPO, ROOTS

PATCHES = [
    docutils_settings, fast_discovery, packed_tocs, parallel_builds, project_class, remote_image_location,
    search_index_update, search_page_names, sitemap_dirhtml, sitemap_queue, sitemap_unchanged, theme_empty_check,
    theme_escaping, theme_page_toc, toc_collector, toctree_ancestors, tolerant_decoding,
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
