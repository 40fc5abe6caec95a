"""Archives by year, author and tag pages, drafts, future dates and hidden files.

Real builds of ``tests/roots/test-news-platform``: five dated articles, one
undated, one draft, one dated 2040, hostile tags and author, and files in
``_``/``.`` folders that Nuxt Content would not render either.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from conftest import BASEURL, build, card_titles, copy_root, squash

ARTICLES = {"news/bridge", "news/bus", "news/old", "news/undated", "news/hostile", "events/future"}
NOT_PAGES = {"news/draft", "_partials/note", ".hidden/secret", "news/_drafts/wip", "news/_note"}
DRAFT_WORDS = ("草稿文章不應出現", "草稿摘要獨有詞", "鶺鴒", "草稿作者", "草稿標籤", "草稿類別")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("news")
    result = build(copy_root("test-news-platform", base), base / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def linked_pages(build_, docname: str, selector: str = "article.bd-article a.reference.internal") -> list[str]:
    """Docnames the links in *docname*'s article lead to, in order."""
    folder = docname.rpartition("/")[0]
    found = []
    for link in build_.soup(docname).select(selector):
        href = unquote(link["href"].split("#")[0])
        parts = [*folder.split("/"), *href.removesuffix(".html").split("/")] if folder else href[:-5].split("/")
        resolved: list[str] = []
        for part in parts:
            if part == "..":
                resolved.pop()
            elif part and part != ".":
                resolved.append(part)
        found.append("/".join(resolved))
    return found


def test_no_warnings(site):
    assert site.warning_lines == []


def test_archive_index_lists_every_year_newest_first_and_undated_last(site):
    items = [squash(li.get_text()) for li in site.article("_archive/index").select("ul.article-page-links li")]
    assert items == ["2040 年（1）", "2026 年（3）", "2025 年（1）", "未註明日期（1）"]


def test_year_page_groups_by_month_newest_first(site):
    article = site.article("_archive/2026")
    assert [squash(h.get_text()) for h in article.select(".article-month")] == ["2026 年 3 月", "2026 年 1 月"]
    assert card_titles(article) == ["公車路線調整", "橋梁補強四月動工", "標籤與作者的測試"]


def test_every_article_is_reachable_by_date(site):
    reachable = set()
    for year in linked_pages(site, "_archive/index"):
        reachable |= set(linked_pages(site, year, ".article-card-title a"))
    assert reachable == ARTICLES


def test_home_page_links_the_years_authors_and_tags(site):
    links = set(linked_pages(site, "index"))
    assert {"_archive/2026", "_archive/2040", "_archive/index", "_authors/index", "_tags/index"} <= links


def test_author_page_merges_spellings_and_lists_newest_first(site):
    article = site.article("_authors/里辦公處")
    assert squash(site.soup("_authors/里辦公處").find("h1").get_text()) == "里辦公處"
    assert card_titles(article) == ["公車路線調整", "橋梁補強四月動工", "沒有日期的公告"]


def test_bylines_link_the_author(site):
    author = site.article("news/bus").select_one(".article-byline .article-author a")
    assert linked_pages(site, "news/bus", ".article-byline .article-author a") == ["_authors/里辦公處"]
    assert author.get_text() == "里 辦公處"


def test_tags_are_shown_and_linked_on_the_article(site):
    tags = site.article("news/bridge").select(".article-tags .article-tag a")
    assert [t.get_text() for t in tags] == ["交通", "橋梁"]
    assert linked_pages(site, "news/bridge", ".article-tags a") == ["_tags/交通", "_tags/橋梁"]
    assert card_titles(site.article("_tags/交通")) == ["公車路線調整", "橋梁補強四月動工"]


def test_tag_index_counts(site):
    items = {squash(li.get_text()) for li in site.article("_tags/index").select("ul.article-page-links li")}
    assert {"交通（2）", "公車（1）", "橋梁（1）"} <= items


def test_hostile_tags_and_author_are_text_with_safe_page_names(site):
    soup = site.soup("news/hostile")
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not [s for s in scripts if "alert(1)" in s.get_text()]
    assert not soup.select("[onmouseover]")
    tags = [t.get_text() for t in site.article("news/hostile").select(".article-tags a")]
    assert tags == ['x"><script>alert(1)</script>', "a b", "..", "con"]
    names = (
        linked_pages(site, "news/hostile", ".article-tags a")
        + linked_pages(site, "news/hostile", ".article-author a")[:1]
    )
    for name in names:
        page = name.rpartition("/")[2]
        assert page and not page.startswith(".") and ".." not in page, name
        assert all(ch.isalnum() or ch in "-_." for ch in page), name
        assert site.path(name).is_file(), name
    assert len(set(names)) == len(names)


def test_generated_pages_are_in_the_sitemap_and_not_in_search(site):
    locs = {loc for loc, _ in site.sitemap()}
    for docname in ("_archive/index", "_archive/2026", "_authors/里辦公處", "_tags/交通", "_tags/index"):
        assert BASEURL + quote(docname) + ".html" in locs, docname
    index = site.search_index()

    def terms_of(docname):
        number = index["docnames"].index(docname)
        return [t for t, docs in index["terms"].items() if number in (docs if isinstance(docs, list) else [docs])]

    assert terms_of("_archive/2026") == [] and terms_of("news/bus") != []


def test_generated_pages_have_no_sidebar_entries(site):
    nav = site.soup("news/bridge").select_one("nav.bd-docs-nav")
    assert "_archive" not in str(nav) and "_tags" not in str(nav) and "_authors" not in str(nav)


def test_drafts_and_hidden_files_are_in_no_output(site):
    pages = set(site.html_pages())
    assert not pages & NOT_PAGES
    assert not any(p.startswith(("_partials/", ".hidden/", "news/_drafts/", "news/_note")) for p in pages)
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.outdir.rglob("*")
        if p.is_file() and p.suffix in {".html", ".js", ".xml", ".txt"} and "_static" not in p.parts
    )
    for word in DRAFT_WORDS + ("局部內容", "隱藏檔案", "底線"):
        assert word not in everything, word
    index = site.search_index()
    assert not set(index["docnames"]) & NOT_PAGES
    assert not any(unquote(loc).endswith(("draft.html", "note.html", "wip.html")) for loc, _ in site.sitemap())


def test_future_articles_are_published_by_default(site):
    assert site.path("events/future").is_file()


def test_drafts_are_published_for_a_preview(tmp_path):
    result = build(copy_root("test-news-platform", tmp_path), tmp_path / "out", "-D", "articles_drafts=1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert squash(result.soup("news/draft").find("h1").get_text()) == "草稿文章不應出現"
    assert "草稿文章不應出現" in card_titles(result.article("_archive/2026"))
    # A previewed draft is an article like any other: its problems are reported.
    assert {w.kind for w in result.warnings_for("draft.md")} >= {"articles.image"}


def test_future_articles_can_be_held_back(tmp_path):
    result = build(copy_root("test-news-platform", tmp_path), tmp_path / "out", "-D", "articles_future=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not result.path("events/future").exists()
    assert not result.path("_archive/2040").exists()
    assert "events/future" not in result.search_index()["docnames"]
