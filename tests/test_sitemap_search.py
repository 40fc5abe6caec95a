"""sitemap.xml and the search index of the basic root."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

from conftest import BASEURL, SITEMAP_NS, build, copy_root

W3C = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def url(docname: str) -> str:
    return BASEURL + quote(docname) + ".html"


def test_sitemap_is_valid_xml(basic_build):
    root = ET.parse(basic_build.outdir / "sitemap.xml").getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    for entry in root:
        assert entry.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}url"
        assert entry.find("s:loc", SITEMAP_NS) is not None


def test_sitemap_has_one_url_per_page(basic_build):
    locs = [loc for loc, _ in basic_build.sitemap()]
    assert len(locs) == len(set(locs))
    assert set(locs) == {url(docname) for docname in basic_build.html_pages()}


def test_sitemap_urls_are_absolute_and_percent_encoded(basic_build):
    for loc, _ in basic_build.sitemap():
        assert loc.startswith(BASEURL)
        assert loc.isascii(), loc
        assert " " not in loc
    assert url("news/_category/公共建設") == BASEURL + "news/_category/%E5%85%AC%E5%85%B1%E5%BB%BA%E8%A8%AD.html"


def test_sitemap_lastmod_of_articles(basic_build):
    assert_lastmod(
        basic_build,
        {
            "news/road": "2026-03-01",
            "news/park": "2026-02-01",
            "news/future": "2040-01-01",
            "events/lecture": "2026-04-02T09:30:00+08:00",
            "events/workshop": "2026-03-10",
            "events/cleanup": "2026-01-15",
        },
    )


def test_sitemap_lastmod_of_listing_pages_is_newest_article(basic_build):
    assert_lastmod(
        basic_build,
        {
            "news/_category/公共建設": "2026-03-01",
            "events/_category/環境清潔": "2026-01-15",
            "events/_category/文化活動": "2026-04-02T09:30:00+08:00",
            "events/_category/文化活動/親子講座": "2026-04-02T09:30:00+08:00",
            "events/index": "2026-04-02T09:30:00+08:00",
            "news/index": "2040-01-01",
            "index": "2040-01-01",
        },
    )


def assert_lastmod(build_, expected: dict[str, str]) -> None:
    lastmod = dict(build_.sitemap())
    assert {docname: lastmod[url(docname)] for docname in expected} == expected


def test_sitemap_unchanged_is_not_rewritten_and_a_new_date_reaches_it(tmp_path):
    """An unchanged sitemap is left as it is; a changed ``updatedAt`` reaches
    the article's and its listing pages' ``lastmod``, as a clean build has them."""
    src = copy_root("test-basic", tmp_path)
    out = tmp_path / "html"
    first = build(src, out)
    assert first.returncode == 0, first.stderr[-3000:]
    sitemap = out / "sitemap.xml"
    written = sitemap.stat().st_mtime_ns
    quiet = build(src, out)
    assert "sitemap.xml unchanged" in quiet.stdout
    assert sitemap.stat().st_mtime_ns == written
    road = src / "news" / "road.md"
    road.write_text(
        road.read_text(encoding="utf-8").replace(
            "publishedAt: 2026-03-01", "publishedAt: 2026-03-01\nupdatedAt: 2026-03-20"
        ),
        encoding="utf-8",
    )
    stat = road.stat()
    os.utime(road, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = build(src, out)
    assert again.returncode == 0 and "sitemap.xml unchanged" not in again.stdout
    assert_lastmod(again, {"news/road": "2026-03-20", "news/_category/公共建設": "2026-03-20"})
    clean = build(src, tmp_path / "clean")
    assert sitemap.read_bytes() == (clean.outdir / "sitemap.xml").read_bytes()
    sitemap.write_bytes(sitemap.read_bytes().replace(b"2026-03-20", b"2026-03-21"))  # not the file written
    assert "sitemap.xml unchanged" not in build(src, out).stdout
    assert sitemap.read_bytes() == (clean.outdir / "sitemap.xml").read_bytes()


def test_sitemap_lastmod_values_are_w3c(basic_build):
    values = [value for _, value in basic_build.sitemap() if value is not None]
    assert len(values) >= 15
    for value in values:
        assert W3C.match(value), value


# -- search -------------------------------------------------------------------


def docs_for(index: dict, term: str, kind: str = "terms") -> set[str]:
    found = index[kind].get(term)
    if found is None:
        return set()
    numbers = found if isinstance(found, list) else [found]
    return {index["docnames"][n] for n in numbers}


def test_search_index_lists_every_document(basic_build):
    index = basic_build.search_index()
    assert sorted(index["docnames"]) == sorted(d for d in basic_build.html_pages() if d not in ("genindex", "search"))
    titles = dict(zip(index["docnames"], index["titles"]))
    assert titles["news/road"] == "松柏街道路重新鋪設完成"
    # Listing pages are in the index without title or words: a search finds
    # the articles they list, not them.
    assert titles["events/_category/文化活動/親子講座"] == titles["news/index"] == titles["index"] == ""
    listed = {n for numbers in index["terms"].values() for n in ([numbers] if isinstance(numbers, int) else numbers)}
    assert index["docnames"].index("news/index") not in listed


def test_search_index_names_generated_pages_without_build_paths(basic_build):
    filenames = dict(zip(basic_build.search_index()["docnames"], basic_build.search_index()["filenames"]))
    assert filenames["news/index"] == "news/index.md"  # generated, not the doctree folder's absolute path
    assert filenames["news/road"] == "news/road.md"


def test_search_finds_body_words_in_one_article(basic_build):
    index = basic_build.search_index()
    assert docs_for(index, "坑洞") == {"news/road"}
    assert docs_for(index, "紙盒") == {"events/workshop"}
    assert docs_for(index, "水壺") == {"events/cleanup"}


def test_search_finds_title_words(basic_build):
    index = basic_build.search_index()
    assert "events/lecture" in docs_for(index, "講座", "titleterms")
    assert "news/lamp" in docs_for(index, "路燈", "titleterms")


def test_search_finds_a_place_name_in_traditional_chinese(basic_build):
    """「廠商來自桃園」: a reader searching 桃園 must find the article.

    (Sphinx's search page only does partial matching for words longer than
    two characters, so the two-character word itself must be a term.)
    """
    index = basic_build.search_index()
    assert docs_for(index, "桃園") == {"news/park"}


def test_front_matter_is_not_indexed_as_text(basic_build):
    terms = basic_build.search_index()["terms"]
    for word in ("publishedat", "sequenc", "category1", "categori", "descript"):
        assert word not in terms, word


def test_search_page_stemmer_class_exists(basic_build):
    """Sphinx 9.0's zh search page assigned an undefined ChineseStemmer and
    showed no results (sphinx-doc/sphinx#14229)."""
    script = (basic_build.outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assigned = re.search(r"window\.Stemmer = (\w+);", script)
    assert assigned, "no stemmer assigned"
    assert re.search(rf"\b(?:var|let|const)?\s*{assigned.group(1)}\s*=\s*function", script), assigned.group(1)
