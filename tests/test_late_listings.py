"""Listings are made when a page is written (``pages/late_listings.py``): the
doctrees hold a pending node, the pages the cards, and a changed 相關文章
has the page written again without reading it again."""

from __future__ import annotations

import pickle
from urllib.parse import unquote

import pytest
from docutils import nodes
from test_incremental import NEW_ARTICLE, basic_builds, touch_later

from conftest import article_content, build, copy_root


def doctree_path(build_, docname: str):
    return build_.outdir / ".doctrees" / f"{docname}.doctree"


def doctree(build_, docname: str) -> nodes.document:
    return pickle.loads(doctree_path(build_, docname).read_bytes())


def containers(tree: nodes.Node, name: str) -> list[nodes.Element]:
    return [node for node in tree.findall(nodes.container) if name in node["classes"]]


def doctree_times(*docnames: str):
    """What to record of the first build: when it wrote these doctrees."""
    return lambda first: {docname: doctree_path(first, docname).stat().st_mtime_ns for docname in docnames}


def add_opening(src) -> None:
    opening = src / "news" / "opening.md"  # the newest article of 公共建設: in road's and lamp's 相關文章
    opening.write_text(NEW_ARTICLE, encoding="utf-8")
    touch_later(opening)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    return basic_builds(tmp_path_factory, "late", doctree_times("news/road", "news/lamp"), add_opening)


def test_doctrees_hold_no_cards(builds):
    first, *_ = builds
    from sphinx_articles.pages.late_listings import pending_listing

    for docname in ("news/_category/公共建設", "news/road", "_archive/2026"):
        tree = doctree(first, docname)
        assert list(tree.findall(pending_listing)), docname
        assert containers(tree, "article-card") == [], docname


def test_pages_show_cards_with_working_links_and_images(builds):
    *_, clean, _doctrees = builds
    folder = clean.path("news/_category/公共建設").parent
    cards = clean.soup("news/_category/公共建設").select(".article-card")
    assert len(cards) == 4  # lamp, park, road, opening
    links = [link for card in cards for link in card.select("a.reference.internal")]
    hrefs = [unquote(link["href"].partition("#")[0]) for link in links]
    targets = [folder / href if href else clean.path("news/_category/公共建設") for href in hrefs]
    assert links and all(target.resolve().is_file() for target in targets)
    images = [img for card in cards for img in card.select("img.article-thumb")]
    assert images and all((folder / img["src"]).is_file() for img in images)


def test_related_change_writes_the_page_again_without_reading_it(builds):
    _first, incremental, clean, doctrees = builds
    for docname, before in doctrees.items():
        after = doctree_path(incremental, docname).stat().st_mtime_ns
        assert after == before, f"{docname} was read again"
        related = incremental.soup(docname).select(".article-related .article-card-title a")
        assert "社區活動中心啟用典禮" in [a.get_text() for a in related], docname
        assert article_content(incremental, docname) == article_content(clean, docname)


def test_books_have_no_listings(tmp_path):
    src = copy_root("test-basic", tmp_path)
    text = build(src, tmp_path / "text", builder="text")
    assert text.returncode == 0, text.stderr[-3000:]
    road = (tmp_path / "text" / "news" / "road.txt").read_text(encoding="utf-8")
    assert "松柏街道路重新鋪設完成" in road and "相關文章" not in road


LISTING_ROAD = ("news/_category/公共建設", "_archive/2026", "_authors/里辦公處")


def retitle_road(src) -> None:
    road = src / "news" / "road.md"  # what its cards say changes, not their covers
    road.write_text(
        road.read_text(encoding="utf-8").replace("title: 松柏街道路重新鋪設完成", "title: 松柏街鋪設完工"),
        encoding="utf-8",
    )
    touch_later(road)


@pytest.fixture(scope="module")
def retitled(tmp_path_factory):
    return basic_builds(tmp_path_factory, "late-title", doctree_times(*LISTING_ROAD), retitle_road)


def test_changed_cards_write_listing_pages_again_without_reading_them(retitled):
    _first, incremental, clean, doctrees = retitled
    for docname, before in doctrees.items():
        assert doctree_path(incremental, docname).stat().st_mtime_ns == before, f"{docname} was read again"
        titles = [a.get_text() for a in incremental.soup(docname).select(".article-card-title a")]
        assert "松柏街鋪設完工" in titles and "松柏街道路重新鋪設完成" not in titles, docname
        assert article_content(incremental, docname) == article_content(clean, docname), docname
