"""Work done once per build, not once per page (see README "Speed").

A real build of the basic root runs in a fresh Python with counters around
the library calls that used to repeat for every page; the counts, not
timings, are checked.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from jinja2 import DictLoader, Environment

from conftest import REPO, ROOTS

CORPUS = REPO.parent / "shared" / "corpus"

PROBE = r"""
import collections, gc, json, multiprocessing, sys
import docutils.frontend
from sphinx.cmd.build import build_main
from sphinx.jinja2glue import BuiltinTemplateLoader

option_parsers = [0]
stock_init = docutils.frontend.OptionParser.__init__
def counting_init(self, *args, **kwargs):
    option_parsers[0] += 1
    stock_init(self, *args, **kwargs)
docutils.frontend.OptionParser.__init__ = counting_init

renders = collections.Counter()
during = []
stock_render = BuiltinTemplateLoader.render
def counting_render(self, template, context):
    renders[template] += 1
    during.append((gc.get_threshold(), gc.get_freeze_count() > 0, len(multiprocessing.active_children())))
    return stock_render(self, template, context)
BuiltinTemplateLoader.render = counting_render

source, first, second = sys.argv[1:4]
results = []
for outdir in (first, second):
    option_parsers[0] = 0; renders.clear(); during.clear()
    code = build_main(["-b", "html", "-q", "-c", sys.argv[4], source, outdir])
    results.append({
        "code": code, "option_parsers": option_parsers[0], "renders": dict(renders),
        "threshold_during": during[0][0], "frozen_during": during[0][1],
        "child_processes": max(d[2] for d in during),
        "threshold_after": gc.get_threshold(), "frozen_after": gc.get_freeze_count() > 0,
    })
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """Two builds of the basic root in one process, as a watcher would run them."""
    out = tmp_path_factory.mktemp("probe")
    command = [sys.executable, "-c", PROBE, str(ROOTS / "test-basic"), str(out / "one"), str(out / "two"), str(REPO)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = json.loads(result.stdout.strip().splitlines()[-1])
    assert first["code"] == second["code"] == 0
    return first, second


def test_docutils_settings_are_built_once_not_per_document(probe):
    first, _ = probe
    pages = first["renders"]["page.html"]
    assert pages >= 10
    # Sphinx's builder, the first document read, MyST, the writer, and
    # Sphinx's cached new_document() for the pages left out of the search
    # (the listing pages): not one per document.
    assert first["option_parsers"] <= 5


def test_theme_components_that_always_show_are_not_rendered_to_check(probe):
    renders = probe[0]["renders"]
    pages = renders["page.html"] + renders.get("genindex.html", 0) + renders.get("search.html", 0)
    # The header buttons always render markup: shown by the page, never test-rendered.
    assert "article-header-buttons.html" not in renders
    assert "navbar-logo.html" not in renders
    # The page's table of contents may be empty: still checked, once per page.
    assert renders["page-toc.html"] == pages


TOC_PROBE = r"""
import json, sys
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main
from sphinx.jinja2glue import BuiltinTemplateLoader

pages, different = [0], []
stock_render = BuiltinTemplateLoader.render
def comparing_render(self, template, context):
    ours = context.get("generate_toc_html")
    if template == "page.html" and ours is not None:
        pages[0] += 1
        dom = lambda html: BeautifulSoup(str(html), "html.parser").decode()
        if dom(ours()) != dom(ours.theme()):
            different.append([context["pagename"], str(ours()), str(ours.theme())])
    return stock_render(self, template, context)
BuiltinTemplateLoader.render = comparing_render

confdir, *pairs = sys.argv[1:]
for source, outdir in zip(pairs[::2], pairs[1::2]):
    assert build_main(["-b", "html", "-q", "-c", confdir, source, outdir]) == 0
print(json.dumps({"pages": pages[0], "different": different}))
"""


def test_page_toc_matches_the_theme_on_every_page(tmp_path):
    """Our TOC markup against pydata-sphinx-theme's, as parsed documents."""
    sources = [ROOTS / "test-basic", ROOTS / "test-links", ROOTS / "test-nuxt", REPO / "source"]
    if CORPUS.is_dir():
        sources.append(CORPUS)
    pairs = [str(p) for i, source in enumerate(sources) for p in (source, tmp_path / str(i))]
    command = [sys.executable, "-c", TOC_PROBE, str(REPO), *pairs]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["pages"] >= 40
    assert report["different"] == []


def test_page_toc_html():
    from sphinx_articles.patches.theme_page_toc import page_toc_html

    toc = (
        '<ul>\n<li><a class="reference internal" href="#">Title</a><ul>\n'
        '<li><a class="reference internal" href="#a">A &amp; B</a><ul>\n'
        '<li><a class="reference internal" href="#b">B</a></li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n'
    )
    assert page_toc_html(toc, 1) == (
        '<ul class="pst-show_toc_level nav section-nav flex-column">\n'
        '<li class="toc-h2 nav-item toc-entry"><a class="reference internal nav-link" href="#a">A &amp; B</a>'
        '<ul class="nav section-nav flex-column">\n'
        '<li class="toc-h3 nav-item toc-entry"><a class="reference internal nav-link" href="#b">B</a></li>\n'
        "</ul>\n</li>\n</ul>"
    )
    assert page_toc_html('<ul>\n<li><a class="reference internal" href="#">Title</a></li>\n</ul>\n', 2) == ""
    two_tops = page_toc_html('<ul>\n<li><a href="#x">X</a></li>\n<li><a href="#y">Y</a></li>\n</ul>\n', 2)
    assert two_tops.count('class="toc-h1 nav-item toc-entry"') == 2 and two_tops.endswith("</ul>\n")


def test_collector_is_tuned_during_a_build_and_frozen_after(probe):
    first, second = probe
    default = tuple(first["threshold_after"])
    assert default[0] < first["threshold_during"][0]
    assert first["frozen_after"] and not second["frozen_during"]  # the next build releases them
    assert tuple(second["threshold_after"]) == default


def test_sitemap_collects_without_a_server_process(probe):
    # sphinx-sitemap starts a multiprocessing manager for its page queue.
    assert probe[0]["child_processes"] == 0


@pytest.mark.parametrize(
    ("source", "always"),
    [
        ('<div class="buttons">{% for b in buttons %}{{ b }}{% endfor %}</div>', True),
        ('{% from "m.html" import f with context %}\n<nav>{{ f() }}</nav>', True),
        ("{% if toc %}<nav>{{ toc }}</nav>{% endif %}", False),
        ("{% set toc = make() %}\n  \n{{ toc }}\n", False),
        ("{% block body %}<div></div>{% endblock %}", False),
        ('{% extends "base.html" %}<div></div>', False),
        ("{% if x %}", False),  # a broken template is checked, not trusted
    ],
)
def test_always_renders_markup(source, always):
    from sphinx_articles.patches.theme_empty_check import always_renders_markup

    environment = Environment(loader=DictLoader({"t.html": source, "m.html": "", "base.html": ""}))
    assert always_renders_markup(environment, "t.html") is always


def _toctree_env():
    from types import SimpleNamespace

    includes = {"index": ["news/index", "events/index"], "news/index": ["news/a", "news/b"],
                "events/index": ["events/c", "news/a"], "loop": ["loop"]}  # fmt: skip
    rebuild: dict[str, set[str]] = {}
    for page, children in includes.items():
        for child in children:
            rebuild.setdefault(child, set()).add(page)
    return SimpleNamespace(
        toctree_includes={k: list(v) for k, v in includes.items()}, files_to_rebuild=rebuild,
        tocs={}, toc_secnumbers={}, toc_fignumbers={}, toc_num_entries={}, glob_toctrees=set(), numbered_toctrees=set(),
    )  # fmt: skip


@pytest.mark.parametrize("docname", ["news/index", "events/index", "index", "news/a", "loop", "absent"])
def test_toc_collector_clears_a_document_as_sphinx_does(docname):
    from sphinx.environment.collectors.toctree import TocTreeCollector

    from sphinx_articles.patches.toc_collector import IncludesTocTreeCollector

    stock, ours = _toctree_env(), _toctree_env()
    TocTreeCollector().clear_doc(None, stock, docname)
    IncludesTocTreeCollector().clear_doc(None, ours, docname)
    assert ours.files_to_rebuild == stock.files_to_rebuild
    assert ours.toctree_includes == stock.toctree_includes


def test_remembered_ancestors_equal_sphinx_ones():
    import sphinx.environment.adapters.toctree as adapter

    from sphinx_articles.patches import toctree_ancestors as toctrees

    toctrees.install()
    env = _toctree_env()
    toctrees.remember_parents(None, env)
    try:
        for docname in ["news/a", "news/b", "events/c", "index", "loop", "absent"]:
            ours = adapter._get_toctree_ancestors(env.toctree_includes, docname)
            assert list(ours) == list(adapter._get_toctree_ancestors.stock(env.toctree_includes, docname))
    finally:
        toctrees.forget_parents(None, env, [])
