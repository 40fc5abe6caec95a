"""``make dirhtml``: every page at a folder URL (``news/park/``), with every
feature of the ``html`` build.

The basic root (plus an article with raw HTML media and one with a hostile
file name, made here) is built with ``-b dirhtml``, once with ``-j 1`` and
once with ``-j 2``, and compared with the same root built with ``-b html``.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder

from sphinx_articles.web.builder import SiteBuilder

from conftest import BASEURL, OUTPUT_FOLDERS, REPO, build, copy_root, prev_next, served

HOSTILE = 'news/it\'s "q" <b>.md'
MEDIA = """---
title: 社區影音紀錄
category: 公共建設
publishedAt: 2026-02-01
---

<video controls src="/files/clip.mp4"></video>
"""


def make_root(base: Path) -> Path:
    src = copy_root("test-basic", base)
    (src / "files" / "clip.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    (src / "news" / "media.md").write_text(MEDIA, encoding="utf-8")
    hostile = (src / "news" / "park.md").read_text(encoding="utf-8").replace("title: ", "title: 怪名 ", 1)
    (src / HOSTILE).write_text(hostile, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("dirhtml")
    src = make_root(base)
    serial = build(src, base / "dirhtml", builder="dirhtml")
    assert serial.returncode == 0, serial.stderr[-3000:]
    parallel = build(src, base / "dirhtml-j2", "-j", "2", builder="dirhtml")
    assert parallel.returncode == 0, parallel.stderr[-3000:]
    html = build(src, base / "html")
    assert html.returncode == 0, html.stderr[-3000:]
    return serial, parallel, html


def pages_of(result) -> dict[str, str]:
    """Every written page: URL path (``news/park/``) -> file."""
    pages = {}
    for path in result.outdir.rglob("*.html"):
        relative = path.relative_to(result.outdir).as_posix()
        if relative.split("/")[0] in OUTPUT_FOLDERS:
            continue
        pages[relative.removesuffix("index.html")] = relative
    return pages


def resolve(result, page_file: str, href: str) -> Path | None:
    """The file a relative link of *page_file* leads to (None: not a page link)."""
    url = urlsplit(href)
    if url.scheme or url.netloc or not url.path:
        return None
    target = unquote(urljoin("http://x/" + page_file, url.path).removeprefix("http://x/"))
    path = result.outdir / target
    return path / "index.html" if href.endswith("/") or path.is_dir() else path


def test_pages_are_index_files_in_folders(builds):
    dirhtml, _parallel, html = builds
    pages = pages_of(dirhtml)
    for docname in ("news/park", "news/road", "events/cleanup", "news/media"):
        assert pages[f"{docname}/"] == f"{docname}/index.html"
        assert not (dirhtml.outdir / f"{docname}.html").exists()
    assert pages[""] == "index.html" and pages["news/"] == "news/index.html"
    category = next(p for p in pages if p.startswith("news/_category/"))
    assert category.endswith("/") and pages[category] == category + "index.html"
    assert len(pages) == len(html.html_pages())  # the same pages, each in its folder


def test_every_link_between_pages_leads_to_a_page(builds):
    dirhtml = builds[0]
    checked = 0
    for url, file in pages_of(dirhtml).items():
        soup = BeautifulSoup((dirhtml.outdir / file).read_text(encoding="utf-8"), "lxml")
        assert soup.select_one("link[rel=canonical]")["href"] == BASEURL + quote(url), file
        for link in soup.select("a[href]"):
            target = resolve(dirhtml, file, link["href"])
            if target is not None:
                assert target.is_file(), (file, link["href"])
                checked += 1
    assert checked > 300


def test_links_are_folder_urls_percent_encoded(builds):
    dirhtml = builds[0]
    nav = dirhtml.soup("news/park").select("nav.bd-docs-nav a[href]")
    hrefs = [a["href"] for a in nav]
    assert "../" in hrefs and "../../" in hrefs  # the section, the home page
    assert all(href.endswith("/") for href in hrefs), hrefs
    category = [href for href in hrefs if "_category" in href]
    assert category and all(href == quote(unquote(href)) for href in category), category
    # An editor's file name with ' " < and a space: its folder, linked encoded.
    hostile = HOSTILE.removesuffix(".md")
    assert (dirhtml.outdir / hostile / "index.html").is_file()
    listed = [a["href"] for a in dirhtml.soup("news/index").select(".article-card-title a")]
    assert quote(posixpath.basename(hostile)) + "/" in listed


def test_sitemap_has_folder_urls(builds):
    dirhtml, _parallel, html = builds
    locs = {loc for loc, _date in dirhtml.sitemap()}
    assert f"{BASEURL}news/park/" in locs and BASEURL in locs and f"{BASEURL}news/" in locs
    assert f"{BASEURL}search/" in locs and f"{BASEURL}genindex/" in locs
    assert not [loc for loc in locs if loc.endswith(".html")]
    assert len(locs) == len(html.sitemap())
    for loc in locs:  # each one a page of the build
        path = unquote(loc.removeprefix(BASEURL))
        assert (dirhtml.outdir / path / "index.html").is_file(), loc
    dates = dict(dirhtml.sitemap())
    assert dates[f"{BASEURL}news/park/"] == dict(html.sitemap())[f"{BASEURL}news/park.html"]


def test_search_index_and_search_page(builds):
    dirhtml, _parallel, html = builds
    index = dirhtml.search_index()
    assert index["docnames"] == html.search_index()["docnames"]
    assert "news/park" in index["docnames"]
    # URL-safe names (patches/search_page_names.py): the search page links
    # each result as docname + "/" with dirhtml.
    assert [name for name in index["docnames"] if "#" in name or "?" in name or " " in name] == []
    assert (dirhtml.outdir / "search" / "index.html").is_file()
    options = (dirhtml.outdir / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    assert "BUILDER: 'dirhtml'" in options


def test_prev_next_lead_to_neighbour_articles(builds):
    dirhtml, _parallel, html = builds
    compared = 0
    for docname in html.html_pages():
        theirs, ours = prev_next(html, docname), prev_next(dirhtml, docname)
        for html_link, dir_link in zip(theirs, ours):
            assert (html_link is None) == (dir_link is None), docname
            if html_link is None:
                continue
            neighbour = posixpath.normpath(posixpath.join(posixpath.dirname(docname), unquote(html_link[0])))
            expected = posixpath.normpath(posixpath.join(docname, unquote(dir_link[0])))
            assert neighbour.removesuffix(".html") == expected, (docname, html_link, dir_link)
            assert html_link[1] == dir_link[1]
            compared += 1
    assert compared >= 4


def test_theme_stylesheet_is_the_cut_one(builds):
    dirhtml = builds[0]
    assert (dirhtml.outdir / "_static" / "styles" / "articles-theme.css").is_file()
    styles = [link["href"] for link in dirhtml.soup("news/park").select("link[rel=stylesheet]")]
    assert any(href.startswith("../../_static/styles/articles-theme.css") for href in styles), styles
    assert not any("pydata-sphinx-theme.css" in href for href in styles), styles


def test_raw_html_media_links_from_the_page_folder(builds):
    dirhtml, _parallel, html = builds
    video = dirhtml.article("news/media").find("video")
    assert video["src"].startswith("../../_downloads/") and video["src"].endswith("/clip.mp4")
    assert resolve(dirhtml, "news/media/index.html", video["src"]).is_file()
    assert html.article("news/media").find("video")["src"].startswith("../_downloads/")


def test_parallel_build_is_the_same(builds):
    serial, parallel, _html = builds
    assert pages_of(serial) == pages_of(parallel)
    assert serial.sitemap() == parallel.sitemap()
    assert serial.search_index()["docnames"] == parallel.search_index()["docnames"]
    for docname in ("news/park", "news/index", "index"):
        assert serial.article(docname).get_text() == parallel.article(docname).get_text()


def test_the_builder_is_the_sites(tmp_path):
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", tmp_path / "src")
    app = Sphinx(tmp_path / "src", REPO, tmp_path / "out", tmp_path / "doctrees", "dirhtml", status=None)
    assert isinstance(app.builder, SiteBuilder) and isinstance(app.builder, DirectoryHTMLBuilder)
    assert app.builder.get_target_uri("news/it's #1") == "news/it%27s%20%231/"
    assert app.env.is_directory_builder  # sphinx-sitemap's flag (patches/sitemap_dirhtml.py)


def test_incremental_build_deletes_removed_pages_and_their_folders(tmp_path):
    src = make_root(tmp_path)
    first = build(src, tmp_path / "out", builder="dirhtml")
    assert first.returncode == 0, first.stderr[-3000:]
    category = next(p for p in pages_of(first) if p.startswith("news/_category/a-b-"))  # future.md's alone
    assert (first.outdir / "news" / "future" / "index.html").is_file()
    (src / "news" / "future.md").unlink()
    again = build(src, tmp_path / "out", builder="dirhtml")
    assert again.returncode == 0, again.stderr[-3000:]
    assert not (again.outdir / "news" / "future").exists()
    assert not (again.outdir / category).exists()
    clean = build(src, tmp_path / "clean", builder="dirhtml")
    assert pages_of(again) == pages_of(clean)


def test_search_page_links_and_reads_folder_urls(builds, browser):
    """Sphinx's search page links results as docname + "/" with dirhtml and
    fetches that URL for the snippet; articles-search.js takes the page's
    text from what was fetched, whatever its URL."""
    with served(builds[0].outdir) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}/search/?q=" + quote("說明會"), wait_until="load")
            page.wait_for_function(
                "document.querySelectorAll('ul.search > li').length > 0 && document.querySelectorAll('ul.search > li')"
                ".length === document.querySelectorAll('ul.search > li > p.context').length"
            )
            found = page.evaluate(
                """() => Array.from(document.querySelectorAll('ul.search > li')).map(li => ({
                     href: li.querySelector('a').getAttribute('href'),
                     date: li.querySelector('.search-result-date')?.textContent ?? null,
                     snippet: li.querySelector('p.context').textContent }))"""
            )
        finally:
            page.close()
    park = [result for result in found if result["href"].partition("#")[0] == "../news/park/"]
    assert park, found
    assert park[0]["date"] and park[0]["snippet"].strip(), park


def test_read_the_docs_switches_with_one_variable(tmp_path):
    """``.readthedocs.yaml``'s HTML command takes the builder from
    ``ARTICLES_BUILDER`` (set in the project's settings there)."""
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    [command] = [c for c in config["build"]["commands"] if '/html"' in c]
    env = {
        **os.environ,
        "READTHEDOCS_OUTPUT": str(tmp_path),
        "ARTICLES_BUILDER": "dirhtml",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    result = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "html" / "news" / "n001" / "index.html").is_file()
    assert not (tmp_path / "html" / "news" / "n001.html").exists()
