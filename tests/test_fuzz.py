"""Hostile front matter and file names are safe in every output: fuzzed.

What is proven, for sites Hypothesis makes up (``fuzz_site.py``: one or two
section folders of articles whose every front-matter field, extra key and
file or folder name is attacker-controlled text, written as YAML the way
editors' tools write it), each built with the real ``sphinx-build``:

* the build succeeds (exit 0, no traceback) and publishes every article;
* ``sitemap.xml`` is XML with an escaped ``<loc>`` for every article, and
  ``searchindex.js`` is JSON that lists every article;
* no YAML tag runs code (``!!python/object/apply:os.system``);
* no page carries script brought in by a value (``html5lib``: a payload's
  canary as code in an inline ``<script>`` or an ``on…`` handler, or a
  ``javascript:`` URL where one runs: ``href``, ``action``, frames);
* every page, opened in headless Chromium from a local HTTP server, raises
  no dialog, throws no uncaught script error and leaves the canary
  ``window.__pwned`` unset; the search page finds every article and shows
  the hostile titles without running them;
* a LaTeX build compiles with xelatex to a PDF with no ``!`` error in the
  log, and an EPUB build passes ``epubcheck``.

Runs are deterministic (``derandomize``) and bounded: ``FUZZ_EXAMPLES``
(default 50) HTML sites, ``FUZZ_LATEX_EXAMPLES`` (default 3) PDFs,
``FUZZ_EPUB_EXAMPLES`` (default 2) EPUBs.
A failing example is left on disk (its path is printed with the
falsifying example) for reproducing by hand.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis.control import currently_in_test_context

import fuzz_site
from conftest import BASEURL, Build, build

HTML_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
LATEX_EXAMPLES = int(os.environ.get("FUZZ_LATEX_EXAMPLES", "3"))
NO_SEARCH = {"no-search", "nosearch"}
EPUB_EXAMPLES = int(os.environ.get("FUZZ_EPUB_EXAMPLES", "2"))
# FUZZ_SHRINK=0: report failures as found, without Hypothesis's shrinking
# (each shrinking step is a build; a failing run then ends sooner).
PHASES = [p for p in Phase if p is not Phase.shrink or os.environ.get("FUZZ_SHRINK", "1") != "0"]
FUZZ_SETTINGS = dict(
    phases=PHASES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example, HealthCheck.filter_too_much,
    ],
)  # fmt: skip
TEX_TOOLS = ("xelatex", "latexmk", "make")


# -- fixtures ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module (Debian's, never a download)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install playwright")
    if not Path(fuzz_site.CHROMIUM).is_file():
        pytest.skip(f"{fuzz_site.CHROMIUM} missing: apt-get install chromium")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=fuzz_site.CHROMIUM, args=fuzz_site.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server():
    site_server = fuzz_site.SiteServer()
    yield site_server
    site_server.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# -- the checks, one assertion each (Hypothesis tells distinct failures apart) --


def build_site(site: fuzz_site.SiteSpec, workdir: Path, *extra: str) -> Build:
    """Write *site* to a fresh source folder and build it; both stay on disk."""
    srcdir = fuzz_site.fresh_folder(workdir / "src")
    outdir = workdir / "out"
    if outdir.exists():
        shutil.rmtree(outdir)
    site.write(srcdir)
    Path(fuzz_site.PWNED_FILE).unlink(missing_ok=True)
    where = f"source folder: {srcdir}\noutput folder: {outdir}"
    note(where) if currently_in_test_context() else print(where)
    return build(srcdir, outdir, *extra)


def assert_build_succeeded(result: Build) -> None:
    crashed = result.returncode != 0 or "Traceback" in result.stderr or "Exception occurred" in result.stderr
    assert not crashed, f"exit {result.returncode}\n{result.stderr[-4000:]}"
    assert not Path(fuzz_site.PWNED_FILE).exists(), "a YAML tag (!!python/object…) ran code during the build"


def assert_search_index_parses(result: Build) -> dict:
    return fuzz_site.search_index(result.outdir)  # raises on JSON that does not parse


def assert_every_article_published(result: Build, site: fuzz_site.SiteSpec, index: dict) -> dict[str, str]:
    """Each source file has a page; returns each file's page name.

    A page is named after its file (``news/a.md`` → ``news/a``) unless that
    name cannot be written; then the search index tells which page holds
    the file."""
    pages = fuzz_site.published_pages(result.outdir, site.docnames(), index)
    missing = [docname for docname, page in pages.items() if page is None]
    assert not missing, f"articles without a page: {missing}\n{result.stderr[-2000:]}"
    return pages


def assert_sitemap_lists_every_article(result: Build, pages: list[str]) -> None:
    locs = fuzz_site.sitemap_locs(result.outdir)  # raises on XML that does not parse
    unescaped = [loc for loc in locs if not fuzz_site.is_escaped_url(loc)]
    assert not unescaped, f"sitemap <loc>s that are not escaped URLs: {unescaped}"
    listed = {fuzz_site.page_path(loc, BASEURL) for loc in locs}
    missing = [page for page in pages if f"{page}.html" not in listed]
    assert not missing, f"articles missing from sitemap.xml: {missing}"


def assert_search_index_lists_every_article(index: dict, pages: list[str]) -> None:
    missing = [page for page in pages if page not in index["docnames"]]
    assert not missing, f"articles missing from searchindex.js: {missing}"


def assert_no_injected_markup(result: Build) -> None:
    found = {
        page: injected
        for page in fuzz_site.html_pages(result.outdir)
        if (injected := fuzz_site.injected_markup((result.outdir / page).read_bytes()))
    }
    assert not found, f"script brought in by front matter or file names: {found}"


def assert_pages_safe_in_browser(result: Build, browser, server) -> None:
    base_url = server.serve(result.outdir)
    # search.html is opened with a query by assert_search_page_safe_and_complete
    pages = [page for page in fuzz_site.html_pages(result.outdir) if page != "search.html"]
    urls = [fuzz_site.page_url(base_url, page) for page in pages]
    unsafe = [str(visit) for visit in fuzz_site.visit_pages(browser, urls) if not visit.safe]
    assert not unsafe, "pages that ran or broke script:\n" + "\n".join(unsafe)


def assert_search_page_safe_and_complete(result: Build, pages: list[str], browser, server) -> None:
    visit, links = fuzz_site.search_in_browser(browser, server.serve(result.outdir))
    assert visit.safe, str(visit)
    # Where each link leads, decoded: a name the link spelled wrongly (a "#",
    # "?", ":" or "\\" taken as URL syntax) does not come out as its page.
    found = {fuzz_site.page_path(link, server.base_url) for link in links}
    missing = [page for page in pages if f"{page}.html" not in found]
    assert not missing, f"search for {fuzz_site.SEARCH_WORD!r} does not find {missing}; it found {links}"


def check_html_site(site: fuzz_site.SiteSpec, workdir: Path, browser, server) -> None:
    result = build_site(site, workdir)
    assert_build_succeeded(result)
    index = assert_search_index_parses(result)
    pages = assert_every_article_published(result, site, index)
    assert_sitemap_lists_every_article(result, list(pages.values()))
    assert_search_index_lists_every_article(index, list(pages.values()))
    assert_no_injected_markup(result)
    assert_pages_safe_in_browser(result, browser, server)
    # Sphinx leaves pages with a `no-search` (or `nosearch`) field out of the search, as asked
    searchable = [page for docname, page in pages.items() if not NO_SEARCH & site.article(docname).data.keys()]
    assert_search_page_safe_and_complete(result, searchable, browser, server)


# -- tests ---------------------------------------------------------------------


# Open work (issue 9's closing note): the clean-clone CI run of the last
# commit still found a failing example among the 50; the fixed regression
# test below stays strict.
@settings(max_examples=HTML_EXAMPLES, **FUZZ_SETTINGS)
@given(site=fuzz_site.sites())
def test_hostile_site_is_safe_in_a_browser(site, workdir, browser, server):
    check_html_site(site, workdir / "html", browser, server)


PAYLOAD = "</script><script>window.__pwned=1</script>\u2028"
REGRESSION_SITE = fuzz_site.SiteSpec({
    "news": (
        fuzz_site.ArticleSpec("script-category", {
            "title": f"標題 {PAYLOAD}", "author": f"作者 {PAYLOAD}", "description": f"摘要 {PAYLOAD}",
            "category": "x';alert(1);'", "publishedAt": "2024-01-11",
        }),
        fuzz_site.ArticleSpec('it\'s "x" <b>&#?%', {"title": "檔名", "category": "x';alert(1);'"}),
        fuzz_site.ArticleSpec("x';window.__pwned=1;'", {"title": "檔名二", "category": "公告"}),
        fuzz_site.ArticleSpec('x"><img src=x onerror=alert(1)>', {"title": "檔名三", "category": "公告"}),
        fuzz_site.ArticleSpec("nuxt-authors", {  # Nuxt Content's vocabulary (issue 14)
            "title": f"作者們 {PAYLOAD}", "category": "公告", "date": "2024-02-02", "updatedAt": "2024-03-03",
            "authors": [
                {"name": f"甲 {PAYLOAD}", "to": f"https://example.org/{PAYLOAD}",
                 "avatar": {"src": "javascript:window.__pwned=1"}},
                {"name": "乙", "avatar": "/images/ok.png\" onerror=\"window.__pwned=1", "link": "javascript:alert(1)"},
                {"name": "丙", "avatar": "/images/ok.png"},
                f"丁 {PAYLOAD}",
            ],
            "image": {"src": "/images/ok.png", "alt": f"圖 {PAYLOAD}"},
            "componentImg": PAYLOAD, "status": PAYLOAD, "resources": [{"label": PAYLOAD, "to": "javascript:x"}],
        }),
    ),
})  # fmt: skip


def test_known_hostile_site_is_safe(workdir, browser, server):
    """The reported bug (a category that became a page name inside the
    theme's inline script) and its relatives, without Hypothesis."""
    check_html_site(REGRESSION_SITE, workdir / "regression", browser, server)


@settings(max_examples=LATEX_EXAMPLES, **FUZZ_SETTINGS)
@given(site=fuzz_site.sites(max_sections=1, max_articles=2))
def test_hostile_site_compiles_to_a_pdf(site, workdir):
    missing = [tool for tool in TEX_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: apt-get install texlive-xetex texlive-lang-chinese "
                    "texlive-latex-recommended texlive-latex-extra latexmk fonts-noto-cjk make")  # fmt: skip
    result = build_site(site, workdir / "latex", "-b", "latex")
    assert_build_succeeded(result)
    compiled = fuzz_site.compile_pdf(result.outdir)
    assert compiled.returncode is not None, f"xelatex still running after the timeout\n{compiled.output[-3000:]}"
    errors = fuzz_site.latex_errors(result.outdir / "site.log")
    assert not errors, "LaTeX errors:\n" + "\n".join(errors)
    assert (result.outdir / "site.pdf").is_file(), compiled.output[-3000:]
    assert compiled.returncode == 0, compiled.output[-3000:]


@settings(max_examples=EPUB_EXAMPLES, **FUZZ_SETTINGS)
@given(site=fuzz_site.sites())
def test_hostile_site_makes_a_valid_epub(site, workdir):
    command = fuzz_site.epubcheck_command()
    if command is None:
        pytest.skip("epubcheck or java not installed: apt-get install epubcheck")
    result = build_site(site, workdir / "epub", "-b", "epub")
    assert_build_succeeded(result)
    check = fuzz_site.run_epubcheck(result.outdir / "site.epub", command)
    assert check.returncode == 0, check.stdout[-4000:] + check.stderr[-2000:]
