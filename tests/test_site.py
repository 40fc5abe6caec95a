"""The basic root: article pages, generated listing pages and navigation."""

from __future__ import annotations

import json
import pickle
import re
from urllib.parse import unquote, urljoin

import pytest

from sphinx_articles.content.article import label_key
from sphinx_articles.content.site import safe_name

from conftest import ROOTS, breadcrumbs, build, card_links, card_titles, prev_next, squash

TITLES = {
    "news/road": "松柏街道路重新鋪設完成",
    "news/park": "公園步道整修說明會",
    "news/lamp": "巷弄路燈全面更換",
    "news/future": "二〇四〇年社區願景",
    "events/lecture": "親子閱讀講座",
    "events/workshop": "親子手作工作坊",
    "events/cleanup": "溪畔淨灘日",
}
ARTICLES = sorted(TITLES)
AB_PAGE = "news/_category/" + safe_name(label_key("A/B .."))
CATEGORY_PAGES = {
    "news/_category/公共建設": "公共建設",
    AB_PAGE: "A/B ..",
    "events/_category/文化活動": "文化活動",
    "events/_category/文化活動/親子講座": "親子 講座",
    "events/_category/環境清潔": "環境清潔",
}
SECTION_PAGES = {"news/index": "社區新聞", "events/index": "活動公告"}
AUTHORS = ["公園管理委員會", "活動組", "環保志工隊", "規劃小組", "里辦公處", "里長"]
# Reached by links, in no toctree: the archive, author (and tag) pages.
LINKED_PAGES = {
    "_archive/index": "文章彙整", "_archive/2026": "2026 年", "_archive/2040": "2040 年",
    "_authors/index": "所有作者", **{f"_authors/{name}": name for name in AUTHORS},
}  # fmt: skip
GENERATED = {"index": "青松里社區網站", **SECTION_PAGES, **CATEGORY_PAGES, **LINKED_PAGES}


def h1_text(build, docname: str) -> str:
    h1s = build.article(docname).find_all("h1")
    assert len(h1s) == 1, f"{docname}: {len(h1s)} <h1>"
    return squash(h1s[0].get_text()).removesuffix("#").strip()


def headings(build, docname: str) -> list[str]:
    article = build.article(docname)
    return [squash(h.get_text()).removesuffix("#").strip() for h in article.find_all(re.compile(r"^h[1-6]$"))]


def resolve(docname: str, href: str) -> str:
    """The docname a relative link on *docname*'s page points to."""
    path = unquote(urljoin("https://x/" + docname + ".html", href.split("#")[0]))
    return path.removeprefix("https://x/").removesuffix(".html")


# -- the build itself -------------------------------------------------------------


def test_build_has_only_the_expected_warning(basic_build):
    warnings = [(w.file, w.line, w.kind) for w in basic_build.warnings]
    assert warnings == [("cleanup.md", 6, "articles.frontmatter")], basic_build.stderr
    assert "'ftp://x' is not shown as a link" in basic_build.warnings[0].message
    assert len(basic_build.warning_lines) == 1, basic_build.stderr


def test_no_toctree_warnings(basic_build):
    assert "isn't included in any toctree" not in basic_build.stderr
    assert "multiple toctrees" not in basic_build.stderr
    assert "nonexisting document" not in basic_build.stderr


def test_content_folder_is_not_written_to(basic_build):
    before, after = basic_build._cache["source_snapshot"]
    assert before == after


def test_every_page_is_written(basic_build):
    expected = set(ARTICLES) | set(GENERATED) | {"genindex", "search"}
    assert set(basic_build.html_pages()) == expected


# -- article pages ----------------------------------------------------------------


@pytest.mark.parametrize("docname", ARTICLES)
def test_article_h1_is_front_matter_title(basic_build, docname):
    assert h1_text(basic_build, docname) == TITLES[docname]
    title = basic_build.soup(docname).title.get_text()
    assert title.startswith(TITLES[docname] + " ")


def test_leading_heading_equal_to_title_is_merged(basic_build):
    assert headings(basic_build, "news/road") == ["松柏街道路重新鋪設完成", "施工回顧"]
    text = basic_build.article("news/road").get_text()
    assert text.count("松柏街道路重新鋪設完成") == 1
    assert "松柏街的坑洞已全部填補" in text


def test_leading_heading_equal_to_title_appears_once(basic_build):
    article = basic_build.article("news/road")
    visible = [squash(el.get_text()) for el in article.find_all(re.compile(r"^(h[1-6]|p)$"))]
    assert sum("松柏街道路重新鋪設完成" in text for text in visible) == 1


def test_leading_h2_equal_to_title_is_merged(basic_build):
    assert headings(basic_build, "news/future") == ["二〇四〇年社區願景", "交通"]
    assert basic_build.article("news/future").get_text().count("二〇四〇年社區願景") == 1
    assert "希望社區更加宜居。" in basic_build.article("news/future").get_text()


def test_leading_different_heading_stays_below_title(basic_build):
    assert headings(basic_build, "events/lecture") == ["親子閱讀講座", "講座地點", "報名方式"]
    h2 = basic_build.article("events/lecture").find("h2")
    assert squash(h2.get_text()).startswith("講座地點")


def byline(build, docname):
    found = [p for p in build.article(docname).select("p.article-byline") if not p.find_parent(class_="article-card")]
    assert len(found) == 1
    return found[0]


def test_byline_author_date_category(basic_build):
    line = byline(basic_build, "news/road")
    assert line.select_one(".article-author").get_text() == "里辦公處"
    assert line.select_one(".article-date").get_text() == "2026-03-01"
    links = line.find_all("a")
    assert [(resolve("news/road", a["href"]), a.get_text()) for a in links] == [
        ("_authors/里辦公處", "里辦公處"),
        ("news/_category/公共建設", "公共建設"),
    ]


def test_byline_two_level_category_links_both_pages(basic_build):
    for docname in ("events/workshop", "events/lecture"):
        links = byline(basic_build, docname).find_all("a")
        assert [resolve(docname, a["href"]) for a in links] == [
            "_authors/活動組",
            "events/_category/文化活動",
            "events/_category/文化活動/親子講座",
        ]
        assert "›" in byline(basic_build, docname).get_text()


def test_byline_datetime_shows_the_day(basic_build):
    assert byline(basic_build, "events/lecture").select_one(".article-date").get_text() == "2026-04-02"
    assert byline(basic_build, "news/future").select_one(".article-date").get_text() == "2040-01-01"


def test_source_link_for_http_link(basic_build):
    source = basic_build.article("news/road").select("p.article-source")
    assert len(source) == 1
    link = source[0].find("a")
    assert link["href"] == "http://example.org/road-notice"
    assert link.get_text() == "http://example.org/road-notice"


def test_non_http_link_is_not_a_link(basic_build):
    article = basic_build.article("events/cleanup")
    assert article.select("p.article-source") == []
    assert not article.find("a", href=re.compile(r"^ftp:"))


def test_cover_image(basic_build):
    covers = basic_build.article("news/road").select("img.article-cover")
    assert covers[0]["src"] == "../_images/road-1.png"
    assert covers[0].find_parent(class_="article-gallery") is None
    assert (basic_build.outdir / "_images" / "road-1.png").is_file()
    lamp = basic_build.article("news/lamp").select("img.article-cover")
    assert [img["src"] for img in lamp] == ["../_images/lamp.png"]
    assert basic_build.article("news/lamp").select(".article-gallery") == []


def test_gallery_of_extra_images(basic_build):
    gallery = basic_build.article("news/road").select(".article-gallery")
    assert len(gallery) == 1
    assert [img["src"] for img in gallery[0].find_all("img")] == ["../_images/road-2.png", "../_images/road-3.png"]
    for name in ("road-2.png", "road-3.png"):
        assert (basic_build.outdir / "_images" / name).is_file()


def test_facts_for_extra_keys(basic_build):
    facts = basic_build.article("events/workshop").select("dl.article-facts")
    assert len(facts) == 1
    pairs = {
        squash(dt.get_text()).rstrip(":"): squash(dd.get_text())
        for dt, dd in zip(facts[0].find_all("dt"), facts[0].find_all("dd"))
    }
    assert pairs["status"] == "報名中"
    assert pairs["budget"] == "12000"
    assert pairs["place"] == "活動中心一樓"
    assert basic_build.article("news/road").select("dl.article-facts") == []


def metas(build, docname):
    head = build.soup(docname).head
    return [(m.get("name"), m.get("property"), m.get("content")) for m in head.find_all("meta") if m.get("content")]


def test_meta_tags_from_head_meta_description_and_og_image(basic_build):
    tags = metas(basic_build, "events/workshop")
    assert ("keywords", None, "親子, 手作") in tags
    assert (None, "og:title", "手作工作坊社群標題") in tags
    assert ("description", None, "用回收材料製作小玩具。") in tags
    assert (None, "og:description", "用回收材料製作小玩具。") in tags
    assert (None, "og:image", "https://example.org/og/workshop.png") in tags
    head = basic_build.soup("events/workshop").head
    assert head.find("meta", attrs={"name": "og:title"}) is None
    assert head.find("meta", attrs={"name": "robots"}) is None  # empty content skipped
    assert len(head.find_all("meta", attrs={"name": "description"})) == 1


def test_meta_description_without_head_meta(basic_build):
    tags = metas(basic_build, "events/lecture")
    assert ("description", None, "邀請繪本作家分享親子共讀的方法。") in tags
    assert not any(prop == "og:image" for _, prop, _ in tags)


def property_content(build, docname, name):
    tag = build.soup(docname).head.find("meta", attrs={"property": name}) or build.soup(docname).head.find(
        "meta", attrs={"name": name}
    )
    return tag["content"] if tag else None


def json_ld(build, docname):
    return [json.loads(s.string) for s in build.soup(docname).find_all("script", type="application/ld+json")]


def test_sharing_tags_on_an_article(basic_build):
    canonical = basic_build.soup("news/lamp").head.find("link", rel="canonical")["href"]
    assert canonical == "https://example.org/news/lamp.html"
    expected = {
        "og:type": "article",
        "og:url": canonical,
        "og:site_name": "青松里社區網站",
        "og:title": "巷弄路燈全面更換",
        "og:image": "https://example.org/_images/lamp.png",  # the cover, absolute
        "article:published_time": "2026-02-01",
        "twitter:card": "summary_large_image",
    }
    assert {name: property_content(basic_build, "news/lamp", name) for name in expected} == expected
    assert (basic_build.outdir / "_images" / "lamp.png").is_file()


def test_news_article_json_ld(basic_build):
    (data,) = json_ld(basic_build, "news/lamp")
    assert data["@type"] == "NewsArticle" and data["headline"] == "巷弄路燈全面更換"
    assert data["datePublished"] == "2026-02-01"
    assert data["author"] == {"@type": "Person", "name": "里長"}
    assert data["image"] == ["https://example.org/_images/lamp.png"]
    assert data["publisher"] == {"@type": "Organization", "name": "青松里社區網站"}
    assert data["mainEntityOfPage"] == "https://example.org/news/lamp.html"


def test_editors_head_meta_wins_and_listings_are_websites(basic_build):
    assert property_content(basic_build, "events/workshop", "og:title") == "手作工作坊社群標題"
    assert property_content(basic_build, "events/workshop", "og:image") == "https://example.org/og/workshop.png"
    (data,) = json_ld(basic_build, "events/workshop")
    assert data["image"] == ["https://example.org/og/workshop.png"]
    assert property_content(basic_build, "news/index", "og:type") == "website"
    assert property_content(basic_build, "news/index", "og:title") == "社區新聞"
    assert property_content(basic_build, "news/index", "twitter:card") == "summary"
    assert json_ld(basic_build, "news/index") == []


def test_toc_false_removes_secondary_sidebar(basic_build):
    lecture = basic_build.soup("events/lecture")
    assert lecture.select(".bd-sidebar-secondary") == []
    assert lecture.select("nav.page-toc") == []
    park = basic_build.soup("news/park")  # toc missing: the default (shown)
    assert len(park.select(".bd-sidebar-secondary")) == 1
    assert park.select("nav.page-toc")


def test_in_page_anchor_link_reaches_heading(basic_build):
    article = basic_build.article("news/park")
    link = article.find("a", string="看相關資訊")
    assert link is not None
    fragment = link["href"]
    assert fragment.startswith("#")
    target = article.find(id=fragment[1:])
    assert target is not None, fragment
    heading = target if target.name == "section" else target.find_parent("section")
    assert squash(heading.find(re.compile(r"^h[1-6]$")).get_text()).startswith("相關資訊")


def test_download_link_to_public_file_keeps_target(basic_build):
    link = basic_build.article("events/cleanup").find("a", string="指南") or basic_build.article("events/cleanup").find(
        lambda tag: tag.name == "a" and tag.get_text() == "指南"
    )
    assert link is not None
    assert link["href"].startswith("../_downloads/") and link["href"].endswith("/guide.pdf")
    assert (basic_build.path("events/cleanup").parent / link["href"]).resolve().is_file()
    assert link.get("target") == "_blank"


def test_raw_html_image_is_copied_with_size(basic_build):
    images = [img for img in basic_build.article("events/cleanup").find_all("img") if "poster" in img["src"]]
    assert len(images) == 1
    assert images[0]["src"] == "../_images/poster.png"
    assert images[0]["width"] == "100" and images[0]["height"] == "80"
    assert (basic_build.outdir / "_images" / "poster.png").is_file()


def test_dollar_prices_are_text_not_maths(basic_build):
    article = basic_build.article("events/cleanup")
    assert "$300 元 與 $500 元" in squash(article.get_text())
    assert article.select(".math") == []
    assert "mathjax" not in basic_build.text("events/cleanup").lower()


def test_gfm_table(basic_build):
    tables = basic_build.article("events/cleanup").find_all("table")
    assert len(tables) == 1
    assert [squash(th.get_text()) for th in tables[0].find_all("th")] == ["時間", "地點"]
    assert [squash(td.get_text()) for td in tables[0].find_all("td")] == [
        "上午八點",
        "溪畔入口",
        "上午十點",
        "活動中心",
    ]


def test_source_links_point_to_existing_files(basic_build):
    """A "download source" link must lead to a file; generated pages have none."""
    for docname in basic_build.html_pages():
        for a in basic_build.soup(docname).find_all("a", href=re.compile(r"_sources/")):
            target = (basic_build.path(docname).parent / a["href"].split("#")[0]).resolve()
            assert target.is_file(), f"{docname}.html links to {a['href']}"


# -- generated pages ------------------------------------------------------------------


@pytest.mark.parametrize("docname", sorted(GENERATED))
def test_generated_page_title(basic_build, docname):
    assert h1_text(basic_build, docname) == GENERATED[docname]


def test_generated_sources_live_outside_content_folder(basic_build):
    assert not (basic_build.srcdir / "news" / "index.md").exists()
    assert not (basic_build.srcdir / "news" / "_category").exists()
    assert not (basic_build.srcdir / "index.md").exists()


def test_category_page_orders_by_sequence_then_date_then_name(basic_build):
    listing = basic_build.article("news/_category/公共建設")
    # sequence 030 == 30 for all three; 2026-02-01 (lamp, park by name) before 2026-03-01
    assert card_titles(listing) == ["巷弄路燈全面更換", "公園步道整修說明會", "松柏街道路重新鋪設完成"]
    assert card_links(listing) == ["../lamp.html", "../park.html", "../road.html"]


def test_section_pages_list_newest_first(basic_build):
    assert card_titles(basic_build.article("news/index")) == [
        "二〇四〇年社區願景", "松柏街道路重新鋪設完成", "巷弄路燈全面更換", "公園步道整修說明會",
    ]  # fmt: skip
    assert card_titles(basic_build.article("events/index")) == ["親子閱讀講座", "親子手作工作坊", "溪畔淨灘日"]


def test_section_page_links_its_categories_with_counts(basic_build):
    links = basic_build.article("news/index").select("ul.article-page-links > li")
    found = [(resolve("news/index", li.find("a")["href"]), squash(li.get_text())) for li in links]
    # natural label order: Latin "a/b .." before 公共建設
    assert found == [(AB_PAGE, "A/B ..（1）"), ("news/_category/公共建設", "公共建設（3）")]


def test_home_lists_sections_in_configured_order(basic_build):
    article = basic_build.article("index")
    headings_ = article.select(".article-section-heading a")
    assert [(a["href"], squash(a.get_text())) for a in headings_] == [
        ("news/index.html", "社區新聞"),
        ("events/index.html", "活動公告"),
    ]
    lists = article.select(".article-list")
    assert card_titles(lists[0]) == [
        "二〇四〇年社區願景",
        "松柏街道路重新鋪設完成",
        "巷弄路燈全面更換",
        "公園步道整修說明會",
    ]
    assert card_titles(lists[1]) == ["親子閱讀講座", "親子手作工作坊", "溪畔淨灘日"]


def test_cards_show_thumbnail_and_description(basic_build):
    cards = basic_build.article("news/_category/公共建設").select(".article-card")
    assert [img["src"] for img in cards[0].select("img.article-thumb")] == ["../../_images/lamp.png"]
    assert cards[1].select("img.article-thumb") == []  # park has no image
    assert squash(cards[0].select_one(".article-description").get_text()) == "老舊路燈更換為節能燈具。"


def test_two_level_category_pages(basic_build):
    level2 = sorted(p.name for p in (basic_build.outdir / "events" / "_category" / "文化活動").glob("*.html"))
    assert level2 == ["親子講座.html"]  # "親子 講座" and "親子講座" are one category
    listing = basic_build.article("events/_category/文化活動/親子講座")
    assert card_titles(listing) == ["親子手作工作坊", "親子閱讀講座"]  # no sequence: by date
    parent = basic_build.article("events/_category/文化活動")
    links = parent.select("ul.article-page-links > li")
    assert [squash(li.get_text()) for li in links] == ["親子 講座（2）"]
    assert resolve("events/_category/文化活動", links[0].find("a")["href"]) == "events/_category/文化活動/親子講座"


def test_unsafe_category_gets_a_safe_page_name(basic_build):
    names = sorted(p.stem for p in (basic_build.outdir / "news" / "_category").glob("*.html"))
    assert len(names) == 2 and "公共建設" in names
    unsafe = next(n for n in names if n != "公共建設")
    assert "/" not in unsafe and ".." not in unsafe and " " not in unsafe
    assert unsafe.startswith("a-b")
    assert h1_text(basic_build, f"news/_category/{unsafe}") == "A/B .."
    assert card_titles(basic_build.article(f"news/_category/{unsafe}")) == ["二〇四〇年社區願景"]


@pytest.mark.parametrize(
    ("label", "check"),
    [
        ("公共建設", lambda n: n == "公共建設"),
        ("a/b..", lambda n: n.startswith("a-b-") and ".." not in n and "/" not in n),
        ("..", lambda n: n.startswith("category-") and "." not in n),
        ("x" * 100, lambda n: len(n) <= 60 + 7),
        ('a<b>:"c"|?*', lambda n: re.fullmatch(r"[a-z0-9-]+", n) is not None),
    ],
)
def test_safe_name_unit(label, check):
    assert check(safe_name(label)), safe_name(label)


def test_safe_name_distinguishes_labels():
    assert safe_name("a/b") != safe_name("a?b")


# -- navigation ---------------------------------------------------------------------


def test_every_document_in_exactly_one_toctree(basic_build):
    with open(basic_build.outdir / ".doctrees" / "environment.pickle", "rb") as f:
        env = pickle.load(f)
    parents: dict[str, list[str]] = {}
    for parent, children in env.toctree_includes.items():
        for child in children:
            parents.setdefault(child, []).append(parent)
    for docname in sorted(env.all_docs):
        if docname == "index" or docname in LINKED_PAGES:
            assert docname not in parents
        else:
            assert len(parents.get(docname, [])) == 1, (docname, parents.get(docname))
    assert parents["news/road"] == ["news/_category/公共建設"]
    assert parents["events/workshop"] == ["events/_category/文化活動/親子講座"]
    assert parents["news/_category/公共建設"] == ["news/index"]
    assert parents["events/index"] == ["index"]


@pytest.mark.parametrize("docname", ARTICLES)
def test_prev_next_lead_only_to_articles(basic_build, docname):
    for link in prev_next(basic_build, docname):
        if link is not None:
            assert resolve(docname, link[0]) in ARTICLES and link[1]


def test_prev_next_stay_within_the_category(basic_build):
    """上一篇 / 下一篇: neighbouring articles of the same category, none past its ends."""
    assert prev_next(basic_build, "news/lamp") == (None, ("park.html", "公園步道整修說明會"))
    assert prev_next(basic_build, "news/park") == (
        ("lamp.html", "巷弄路燈全面更換"),
        ("road.html", "松柏街道路重新鋪設完成"),
    )
    assert prev_next(basic_build, "news/road") == (("park.html", "公園步道整修說明會"), None)
    labels = [p.get_text() for p in basic_build.soup("news/park").select(".prev-next-subtitle")]
    assert labels == ["上一篇", "下一篇"]


def test_related_articles_are_the_newest_of_the_category(basic_build):
    block = basic_build.article("news/park").select_one(".article-related")
    assert squash(block.select_one(".article-related-heading").get_text()) == "相關文章"
    assert card_titles(block) == ["松柏街道路重新鋪設完成", "巷弄路燈全面更換"]  # newest first, itself left out
    assert [resolve("news/park", href) for href in card_links(block)] == ["news/road", "news/lamp"]


def test_related_articles_are_not_indexed_for_search(basic_build):
    index = basic_build.search_index()

    def pages_with(term):
        found = [index[kind].get(term, []) for kind in ("terms", "titleterms")]
        return {index["docnames"][i] for hits in found for i in (hits if isinstance(hits, list) else [hits])}

    assert "news/road" in pages_with("鋪設")
    assert "news/park" not in pages_with("鋪設")  # park suggests road, but is not about it


@pytest.mark.parametrize("docname", ["index", "news/index", "news/_category/公共建設"])
def test_listing_pages_suggest_no_related_articles(basic_build, docname):
    assert basic_build.soup(docname).select(".article-related") == []


@pytest.mark.parametrize("docname", ["index", "news/index", "news/_category/公共建設"])
def test_listing_pages_have_no_prev_next(basic_build, docname):
    assert prev_next(basic_build, docname) == (None, None)


def sidebar_links(build, docname):
    nav = build.soup(docname).select_one("nav.bd-docs-nav")
    assert nav is not None
    return [
        (resolve(docname, a["href"]) if a["href"] != "#" else docname, squash(a.get_text())) for a in nav.find_all("a")
    ]


@pytest.mark.parametrize("docname", ["index", "news/road", "events/_category/文化活動/親子講座", "events/index"])
def test_sidebar_lists_sections_and_categories_only(basic_build, docname):
    links = sidebar_links(basic_build, docname)
    assert sorted(links) == sorted([("index", "青松里社區網站"), *SECTION_PAGES.items(), *CATEGORY_PAGES.items()])
    assert not any(target in TITLES for target, _ in links)


def test_breadcrumbs_home_section_category(basic_build):
    assert breadcrumbs(basic_build, "news/road") == [
        ("../index.html", ""),
        ("index.html", "社區新聞"),
        ("_category/%E5%85%AC%E5%85%B1%E5%BB%BA%E8%A8%AD.html", "公共建設"),
        (None, "松柏街道路重新鋪設完成"),
    ]
    trail = breadcrumbs(basic_build, "events/workshop")
    assert [text for _, text in trail] == ["", "活動公告", "文化活動", "親子 講座", "親子手作工作坊"]
    assert [resolve("events/workshop", href) for href, _ in trail[1:4]] == [
        "events/index", "events/_category/文化活動", "events/_category/文化活動/親子講座",
    ]  # fmt: skip


def test_sidebar_links_are_right_on_every_page(basic_build):
    """A sidebar link may only be "#" on the page it names."""
    expected = sorted([("index", "青松里社區網站"), *SECTION_PAGES.items(), *CATEGORY_PAGES.items()])
    wrong = [
        d
        for d in basic_build.html_pages()
        if d not in ("genindex", "search") and sorted(sidebar_links(basic_build, d)) != expected
    ]
    assert wrong == []


def test_sidebar_marks_the_current_trail(basic_build):
    nav = basic_build.soup("events/workshop").select_one("nav.bd-docs-nav")
    current = [squash(li.find("a").get_text()) for li in nav.select("li.current")]
    assert current == ["活動公告", "文化活動", "親子 講座"]
    opened = nav.select("details[open]")
    assert len(opened) == 2


# -- configuration ------------------------------------------------------------------


@pytest.fixture(scope="module")
def limited_build(tmp_path_factory):
    result = build(
        ROOTS / "test-basic",
        tmp_path_factory.mktemp("limited") / "html",
        "-D",
        "articles_home_latest=2",
        "-D",
        "articles_section_latest=3",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_home_shows_the_configured_number_of_newest_articles(limited_build):
    lists = limited_build.article("index").select(".article-list")
    assert [card_titles(listing) for listing in lists] == [
        ["二〇四〇年社區願景", "松柏街道路重新鋪設完成"],
        ["親子閱讀講座", "親子手作工作坊"],
    ]


def test_section_page_shows_the_configured_number_of_newest_articles(limited_build):
    assert card_titles(limited_build.article("news/index")) == [
        "二〇四〇年社區願景",
        "松柏街道路重新鋪設完成",
        "巷弄路燈全面更換",
    ]
    # category pages still list all of theirs
    assert len(card_titles(limited_build.article("news/_category/公共建設"))) == 3
