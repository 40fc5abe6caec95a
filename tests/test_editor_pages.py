"""Editors' own index.md pages replace the generated home and section pages."""

from __future__ import annotations

import pickle

import pytest

from conftest import ROOTS, build, card_links, card_titles, snapshot, squash

ROOT = ROOTS / "test-editor-pages"


@pytest.fixture(scope="module")
def editor_build(tmp_path_factory):
    before = snapshot(ROOT)
    result = build(ROOT, tmp_path_factory.mktemp("editor") / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    result._cache["snapshot"] = (before, snapshot(ROOT))
    return result


def h1(build_, docname):
    found = build_.article(docname).find_all("h1")
    assert len(found) == 1
    return squash(found[0].get_text()).removesuffix("#").strip()


def test_editor_home_page_is_used(editor_build):
    assert h1(editor_build, "index") == "青松里編輯首頁"
    text = editor_build.article("index").get_text()
    assert "歡迎來到編輯群親手整理的首頁。" in text
    assert editor_build.article("index").select(".article-section-heading") == []  # not the generated home


def test_editor_section_page_is_used(editor_build):
    assert h1(editor_build, "news/index") == "里民快訊"
    assert "這是編輯撰寫的新聞區首頁" in editor_build.article("news/index").get_text()
    assert editor_build.article("news/index").select("ul.article-page-links") == []  # not the generated page


def test_article_list_by_section_category_and_sequence(editor_build):
    listing = editor_build.article("news/index").select(".article-list")
    assert len(listing) == 1
    # ":category: 環境 清潔" matches 環境清潔; sequence 1 comes before no sequence
    assert card_titles(listing[0]) == ["社區綠籬修剪", "資源回收日調整"]


def test_article_list_limit_shows_two_newest(editor_build):
    listing = editor_build.article("index").select(".article-list")
    assert len(listing) == 1
    assert card_titles(listing[0]) == ["社區圖書室延長開放", "春季健走活動報名開始"]
    assert card_links(listing[0]) == ["news/a2.html", "news/a1.html"]


def own_bylines(build_, docname):
    """Bylines of the page itself (not those inside article cards)."""
    return [p for p in build_.article(docname).select("p.article-byline") if not p.find_parent(class_="article-card")]


def test_editor_pages_are_not_articles(editor_build):
    assert own_bylines(editor_build, "index") == []
    assert own_bylines(editor_build, "news/index") == []
    assert not (editor_build.outdir / "news" / "_category" / "未分類.html").exists()


def test_no_toctree_warnings(editor_build):
    assert "isn't included in any toctree" not in editor_build.stderr
    assert "multiple toctrees" not in editor_build.stderr


def test_no_warnings_about_editor_pages(editor_build):
    """index.md files are pages, not articles: no 'category' is expected."""
    assert editor_build.warning_lines == [], editor_build.stderr


def test_generated_children_hang_below_editor_pages(editor_build):
    with open(editor_build.outdir / ".doctrees" / "environment.pickle", "rb") as f:
        env = pickle.load(f)
    assert env.toctree_includes["index"] == ["news/index"]
    assert sorted(env.toctree_includes["news/index"]) == sorted(
        f"news/_category/{name}" for name in ("運動休閒", "文化教育", "環境清潔", "里務公告")
    )
    parents = [p for p, children in env.toctree_includes.items() if "news/a1" in children]
    assert parents == ["news/_category/運動休閒"]


def test_sidebar_uses_editor_titles(editor_build):
    nav = editor_build.soup("news/a1").select_one("nav.bd-docs-nav")
    texts = [squash(a.get_text()) for a in nav.find_all("a")]
    assert texts[0] == "青松里編輯首頁"
    assert "里民快訊" in texts
    assert "春季健走活動報名開始" not in texts


def test_editor_files_are_not_overwritten(editor_build):
    before, after = editor_build._cache["snapshot"]
    assert before == after
    assert (ROOT / "news" / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: 里民快訊\n")
