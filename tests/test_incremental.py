"""An incremental build (no -E) must produce the same site as a clean build."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import REPO, article_content, breadcrumbs, build, copy_root, prev_next, sidebar

NEW_ARTICLE = """---
title: 社區活動中心啟用典禮
description: 新的活動中心正式啟用。
category: 公共建設
author: 里辦公處
publishedAt: 2026-05-01
---

## 典禮流程

上午十點剪綵，歡迎里民參加。
"""


def touch_later(path, seconds=5):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def modify(src):
    lamp = src / "news" / "lamp.md"
    lamp.write_text(
        lamp.read_text(encoding="utf-8").replace("category: 公共建設", "category: 治安安全\ntags: [路燈, 夜間安全]"),
        encoding="utf-8",
    )
    touch_later(lamp)
    park = src / "news" / "park.md"  # becomes a draft: it and its author's page leave the site
    park.write_text(park.read_text(encoding="utf-8").replace("---\n\n", "draft: true\n---\n\n", 1), encoding="utf-8")
    touch_later(park)
    cleanup = src / "events" / "cleanup.md"
    cleanup.write_text(
        cleanup.read_text(encoding="utf-8").replace("title: 溪畔淨灘日", "title: 溪畔淨灘日改期公告"), encoding="utf-8"
    )
    touch_later(cleanup)
    new = src / "news" / "opening.md"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    touch_later(new)
    (src / "news" / "future.md").unlink()


def first_incremental_clean(src, base, change, *extra: str) -> tuple:
    """Build *src* into ``base/out1``, *change* it (given the first build),
    build ``out1`` again, and build the changed sources clean into ``out2``."""
    first = build(src, base / "out1", *extra)
    assert first.returncode == 0, first.stderr[-3000:]
    change(first)
    incremental = build(src, base / "out1", *extra)
    assert incremental.returncode == 0, incremental.stderr[-3000:]
    clean = build(src, base / "out2", *extra)
    assert clean.returncode == 0, clean.stderr[-3000:]
    return first, incremental, clean


def basic_builds(tmp_path_factory, name: str, record, change) -> tuple:
    """``first_incremental_clean`` on a copy of test-basic: (first,
    incremental, clean, what *record* kept of the first build), *change*
    given the source folder."""
    base = tmp_path_factory.mktemp(name)
    src = copy_root("test-basic", base)
    recorded = {}

    def record_then_change(first):
        recorded.update(record(first))
        change(src)

    return (*first_incremental_clean(src, base, record_then_change), recorded)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("incremental")
    src = copy_root("test-basic", base)
    return first_incremental_clean(src, base, lambda _first: modify(src))


def test_incremental_build_did_not_rebuild_everything(builds):
    _first, incremental, _clean = builds
    assert "[new config]" not in incremental.stdout
    match = re.search(r"updating environment: (\d+) added, (\d+) changed, (\d+) removed", incremental.stdout)
    assert match, incremental.stdout
    added, changed, removed = map(int, match.groups())
    # news/opening, the new category page 治安安全, the tag pages 路燈, 夜間安全 and their index
    assert added == 5
    # news/future and news/park (now a draft), their category A/B, the archive's
    # year 2040 and the authors' pages 規劃小組 and 公園管理委員會
    assert removed == 6
    assert changed < 20  # listings of the changed articles, not a full re-read (32 pages)


def test_modifications_are_visible(builds):
    _first, _incremental, clean = builds
    assert "news/_category/治安安全" in clean.html_pages()
    assert "news/opening" in clean.html_pages()
    assert "news/future" not in clean.html_pages()


def pages(build_):
    return [d for d in build_.html_pages() if d not in ("genindex", "search")]


def test_same_pages_as_clean_build(builds):
    _first, incremental, clean = builds
    missing = set(pages(clean)) - set(pages(incremental))
    assert not missing


def test_deleted_pages_are_not_left_in_output(builds):
    """The deleted article and its emptied category page must not stay published."""
    _first, incremental, clean = builds
    assert set(pages(incremental)) == set(pages(clean))


def test_same_article_content(builds):
    _first, incremental, clean = builds
    different = [d for d in pages(clean) if article_content(incremental, d) != article_content(clean, d)]
    assert different == []


def test_same_sidebar(builds):
    _first, incremental, clean = builds
    different = [d for d in pages(clean) if sidebar(incremental, d) != sidebar(clean, d)]
    assert different == []


def test_same_prev_next(builds):
    _first, incremental, clean = builds
    different = [
        (d, prev_next(incremental, d), prev_next(clean, d))
        for d in pages(clean)
        if prev_next(incremental, d) != prev_next(clean, d)
    ]
    assert different == []


def test_same_breadcrumbs(builds):
    _first, incremental, clean = builds
    assert [d for d in pages(clean) if breadcrumbs(incremental, d) != breadcrumbs(clean, d)] == []


def test_same_sitemap(builds):
    _first, incremental, clean = builds
    assert set(incremental.sitemap()) == set(clean.sitemap())


def test_same_search_index(builds):
    _first, incremental, clean = builds
    one, two = incremental.search_index(), clean.search_index()
    assert dict(zip(one["docnames"], one["titles"])) == dict(zip(two["docnames"], two["titles"]))
    assert one["terms"] and one == two  # every term with the same pages, numbered alike


def test_category_change_moves_the_article(builds):
    _first, incremental, _clean = builds
    article = incremental.article("news/_category/治安安全")
    assert "巷弄路燈全面更換" in article.get_text()
    assert "巷弄路燈全面更換" not in incremental.article("news/_category/公共建設").get_text()
    assert "社區活動中心啟用典禮" in incremental.article("news/_category/公共建設").get_text()


def test_title_change_reaches_listings(builds):
    _first, incremental, _clean = builds
    for docname in ("index", "events/index", "events/_category/環境清潔"):
        assert "溪畔淨灘日改期公告" in incremental.article(docname).get_text(), docname


# -- a category label changes because another article moved --------------------


def modify_labels(src):
    """Only lecture.md changes; workshop.md's byline shows the shared category
    page's title, which was "親子 講座" (the smaller of two labels) and is now
    "親子講座" (workshop's own label)."""
    lecture = src / "events" / "lecture.md"
    lecture.write_text(
        lecture.read_text(encoding="utf-8").replace("category2: 親子 講座", "category2: 閱讀"), encoding="utf-8"
    )
    touch_later(lecture)


@pytest.fixture(scope="module")
def label_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("incremental-labels")
    src = copy_root("test-basic", base)
    _first, incremental, clean = first_incremental_clean(src, base, lambda _first: modify_labels(src))
    return incremental, clean


def test_label_change_same_article_content(label_builds):
    incremental, clean = label_builds
    assert clean.article("events/workshop").select(".article-byline a")[-1].get_text() == "親子講座"
    different = [d for d in pages(clean) if article_content(incremental, d) != article_content(clean, d)]
    assert different == []


def test_label_change_same_navigation(label_builds):
    incremental, clean = label_builds
    assert [d for d in pages(clean) if sidebar(incremental, d) != sidebar(clean, d)] == []
    assert [d for d in pages(clean) if prev_next(incremental, d) != prev_next(clean, d)] == []
    assert [d for d in pages(clean) if breadcrumbs(incremental, d) != breadcrumbs(clean, d)] == []
    assert set(incremental.sitemap()) == set(clean.sitemap())


def test_changing_the_default_category_reaches_cached_articles(tmp_path):
    """Front matter is cached across builds; a config value it depends on
    must still take effect without -E."""
    src = copy_root("test-bad-input", tmp_path)
    out = tmp_path / "html"
    first = build(src, out)
    assert first.returncode == 0
    second = build(src, out, "-D", "articles_default_category=其他")
    assert second.returncode == 0
    assert (out / "news" / "_category" / "其他.html").is_file()
    assert "其他" in second.soup("news/no-category").select_one(".article-byline").get_text()


def test_an_upgraded_stylesheet_replaces_the_old_one(tmp_path):
    """Sphinx keeps an existing static file that differs: a site built with an
    older version of the extension kept its old articles.css."""
    src = copy_root("test-basic", tmp_path)
    first = build(src, tmp_path / "out")
    assert first.returncode == 0, first.stderr[-3000:]
    stylesheet = tmp_path / "out" / "_static" / "articles.css"
    stylesheet.write_text("/* an older version */\n", encoding="utf-8")
    second = build(src, tmp_path / "out")
    assert second.returncode == 0, second.stderr[-3000:]
    shipped = REPO / "extensions" / "sphinx_articles" / "static" / "articles.css"
    assert stylesheet.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


def modify_routes(content):
    """Nuxt routes: a page appears at a route a link named in vain, a file
    takes over a route (the prefixed one keeps its name), a folder's prefix
    changes (its order, not its route), and a ``_dir.yml`` titles a folder."""
    (content / "docs" / "5.nowhere.md").write_text("---\ntitle: Now Here\ncategory: Docs\n---\n\nFound.\n", "utf-8")
    (content / "docs" / "1.getting-started" / "installation.md").write_text(
        "---\ntitle: Installation, Unprefixed\ncategory: Docs\n---\n\nThe route's new owner.\n", "utf-8"
    )
    (content / "docs" / "2.guide").rename(content / "docs" / "9.guide")
    (content / "docs" / "1.getting-started" / "_dir.yml").write_text("title: First Steps\n", "utf-8")


@pytest.fixture(scope="module")
def route_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("routes")
    root = copy_root("test-route-links", base)
    extra = ("-D", f"articles_public_dir={root / 'public'}")

    def change(first):
        first._cache["before"] = article_content(first, "docs/getting-started/configuration")  # out1 is built again
        modify_routes(root / "content")

    return first_incremental_clean(root / "content", base, change, *extra)


def test_route_changes_same_as_clean_build(route_builds):
    _first, incremental, clean = route_builds
    assert set(pages(incremental)) == set(pages(clean))
    assert "docs/getting-started/1.installation" in pages(clean)  # the prefixed file lost its route
    assert "docs/getting-started/installation" in pages(clean)
    assert [d for d in pages(clean) if article_content(incremental, d) != article_content(clean, d)] == []
    assert [d for d in pages(clean) if sidebar(incremental, d) != sidebar(clean, d)] == []
    assert [d for d in pages(clean) if prev_next(incremental, d) != prev_next(clean, d)] == []
    assert "First Steps" in sidebar(clean, "index")


def test_route_links_follow_their_routes(route_builds):
    first, incremental, _clean = route_builds
    before = first._cache["before"]
    after = article_content(incremental, "docs/getting-started/configuration")
    assert before != after  # read again: /docs/nowhere is a page now, installation another file
    assert not [w for w in incremental.warnings if w.kind == "articles.link" and "'/docs/nowhere'" in w.message]
    assert [w.line for w in incremental.warnings if w.kind == "articles.link"] == [15]  # ./nowhere: still none


# -- categories, authors, tags, a year and a section empty --------------------

ONLY_NOTICE = """---
title: 公告欄啟用
description: 社區公告欄開始使用。
category: 公告
author: 公告小組
tags: [公告欄]
publishedAt: 2025-06-01
---

## 公告欄

公告欄設在活動中心門口。
"""

# What leaves the site with notices/board.md (the only article of its section,
# category, author, tag and year) and events/lecture.md and events/workshop.md
# (the only ones of the two-level category 文化活動 > 親子講座 and of 活動組);
# events/cleanup.md keeps the events section.
EMPTIED = [
    "notices/board", "notices/index", "notices/_category/公告", "_authors/公告小組", "_tags/公告欄", "_tags/index",
    "_archive/2025", "events/lecture", "events/workshop", "events/_category/文化活動",
    "events/_category/文化活動/親子講座", "_authors/活動組",
]  # fmt: skip


def add_notice(src):
    (src / "notices").mkdir()
    (src / "notices" / "board.md").write_text(ONLY_NOTICE, encoding="utf-8")


def empty_groups(src):
    for path in ("notices/board.md", "events/lecture.md", "events/workshop.md"):
        (src / path).unlink()


@pytest.fixture(scope="module", params=[("html", "1"), ("dirhtml", "2")], ids=["html", "dirhtml-j2"])
def emptied_builds(request, tmp_path_factory):
    builder, jobs = request.param
    base = tmp_path_factory.mktemp(f"emptied-{builder}")
    src = copy_root("test-basic", base)
    add_notice(src)
    first = build(src, base / "out1", "-j", jobs, builder=builder)
    assert first.returncode == 0, first.stderr[-3000:]
    first._cache["files"] = output_files(first.outdir)  # out1 is built again
    empty_groups(src)
    incremental = build(src, base / "out1", "-j", jobs, builder=builder)
    assert incremental.returncode == 0, incremental.stderr[-3000:]
    clean = build(src, base / "out2", "-j", jobs, builder=builder)
    assert clean.returncode == 0, clean.stderr[-3000:]
    return first, incremental, clean


def output_files(outdir, suffix=""):
    """Every file of a build's output (not its doctrees), relative."""
    return {
        p.relative_to(outdir).as_posix()
        for p in outdir.rglob(f"*{suffix}")
        if p.is_file() and p.relative_to(outdir).parts[0] != ".doctrees"
    }


def test_emptied_pages_were_there_before(emptied_builds):
    first, _incremental, _clean = emptied_builds
    assert {first.path(d).relative_to(first.outdir).as_posix() for d in EMPTIED} <= first._cache["files"]


def test_emptied_pages_leave_the_output(emptied_builds):
    _first, incremental, clean = emptied_builds
    assert output_files(incremental.outdir, ".html") == output_files(clean.outdir, ".html")
    assert [d for d in EMPTIED if incremental.path(d).exists()] == []
    assert not (incremental.outdir / "notices").exists()
    assert not (incremental.outdir / "events" / "_category" / "文化活動").exists()
    assert (incremental.outdir / "events" / "_category").is_dir()  # 環境清潔 stays
    empty = [p for p in incremental.outdir.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert empty == []


def test_emptied_feeds_and_sources_leave_the_output(emptied_builds):
    _first, incremental, clean = emptied_builds
    assert output_files(incremental.outdir, ".xml") == output_files(clean.outdir, ".xml")
    sources = {f for f in output_files(incremental.outdir) if f.startswith("_sources/")}
    assert sources == {f for f in output_files(clean.outdir) if f.startswith("_sources/")}


def test_emptied_groups_same_sitemap(emptied_builds):
    _first, incremental, clean = emptied_builds
    assert set(incremental.sitemap()) == set(clean.sitemap())
    assert not [loc for loc, _ in incremental.sitemap() if "notices" in loc or "%E6%B4%BB%E5%8B%95%E7%B5%84" in loc]


def test_emptied_groups_same_search_terms(emptied_builds):
    """No term left pointing at no page, and the same terms as a clean build
    (a term maps to a page's index or a list of them)."""
    _first, incremental, clean = emptied_builds

    def terms(build_):
        index = build_.search_index()
        found = {}
        for kind in ("terms", "titleterms"):
            for term, pages_ in index[kind].items():
                pages_ = [pages_] if isinstance(pages_, int) else pages_
                found[kind, term] = sorted(index["docnames"][i] for i in pages_)
        return found

    mine = terms(incremental)
    assert [key for key, docnames in mine.items() if not docnames] == []
    assert mine == terms(clean)


def test_a_fresh_environment_still_removes_emptied_pages(tmp_path):
    """Sphinx knows removed documents only from its environment: with -E (or
    after a failed build, an upgrade) it has none, yet the pages go."""
    src = copy_root("test-basic", tmp_path)
    add_notice(src)
    assert build(src, tmp_path / "out").returncode == 0
    empty_groups(src)
    fresh = build(src, tmp_path / "out", "-E")
    assert fresh.returncode == 0, fresh.stderr[-3000:]
    assert [d for d in EMPTIED if fresh.path(d).exists()] == []
    assert not (tmp_path / "out" / "notices").exists()


def test_a_builder_sharing_the_environment_still_removes_emptied_pages(tmp_path):
    """``-M html`` and ``-M dirhtml`` share one environment: the first build
    after the deletion finds the documents removed, the second must still
    remove them from its own output."""
    src = copy_root("test-basic", tmp_path)
    add_notice(src)

    def make(builder):
        command = [sys.executable, "-m", "sphinx", "-M", builder, str(src), str(tmp_path / "build"), "-c", str(REPO)]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]

    make("html")
    make("dirhtml")
    empty_groups(src)
    make("dirhtml")
    make("html")
    html = tmp_path / "build" / "html"
    assert [d for d in EMPTIED if (html / f"{d}.html").exists()] == []
    assert not (html / "notices").exists()


# -- outdated(): which queries may change, checked against all of them ---------


def site_of(files: dict[str, str]):
    from sphinx_articles.content import article, site

    records = {d: article.read(d, text, "其他" if site.is_article(d) else None) for d, text in files.items()}
    built = site.build(records, root_doc="index", section_titles={}, home_title="首頁")
    built.routes = site.route_table([*records, *built.pages], {d: f"{d}.md" for d in records})
    return built


def article_file(title, category="公共建設", date="2026-01-05", author="里辦公處", body="內文。"):
    return (
        f"---\ntitle: {title}\ncategory: {category}\nauthor: {author}\npublishedAt: {date}\n---\n\n{body}\n"
    ).replace("title: \n", "")


BASE_FILES = {
    **{f"news/n{i}": article_file(f"新聞{i}", date=f"2026-01-{i + 10}") for i in range(6)},
    "news/other": article_file("其他新聞", category="治安安全"),
    "events/e1": article_file("活動一", category="文化 活動", author="活動組"),  # the page's title (the smaller)
    "events/e2": article_file("活動二", category="文化活動"),
    "events/e3": article_file("", category="環境清潔", body="## 自己的標題\n\n內文。"),
}
CHANGES = {
    "nothing": {},
    "a body": {"news/n1": article_file("新聞1", date="2026-01-11", body="新的內文。")},
    "a fallback title from the body": {"events/e3": article_file("", category="環境清潔", body="## 新標題\n")},
    "a title": {"news/n2": article_file("新聞二改", date="2026-01-12")},
    "a date": {"news/n0": article_file("新聞0", date="2027-01-01")},
    "a category": {"news/n3": article_file("新聞3", category="治安安全", date="2026-01-13")},
    "a category label's spelling": {"events/e2": article_file("活動二", category="文化 活動")},
    "another article's category title": {"events/e1": article_file("活動一", category="環境清潔", author="活動組")},
    "an author": {"news/n4": article_file("新聞4", author="里長", date="2026-01-14")},
    "a new article": {"news/n9": article_file("新聞9", date="2026-02-01")},
    "a removed article": {"news/n5": None},
    "a new section": {"notices/board": article_file("公告", category="公告")},
}


def all_queries(site):
    from sphinx_articles.content.site import ARCHIVE, index_doc

    docs = [*site.documents, *site.pages, "news/n9", "notices/board", index_doc(ARCHIVE)]
    queries = [("page", (d, 5, 20)) for d in docs] + [("page", (d, 0, 0)) for d in docs]
    queries += [(kind, (d,)) for d in docs for kind in ("trail", "related")]
    queries += [
        ("list", (s, c, n, o))
        for s in (None, "news")
        for c in (None, "治安安全")
        for n in (0, 2)
        for o in ("newest", "sequence")
    ]
    queries += [("route", (path, "news/n1")) for path in ("/news/n9", "./n9", "../events/e1", "/notices/board")]
    return queries


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_only_queries_that_may_change_are_skipped(change):
    """``outdated`` computes only the queries ``Changes.may_change`` names:
    every query whose result differs must be among them, and a body edit
    that leaves the front matter as it was must name none."""
    from sphinx_articles.pages.incremental import QUERIES, Changes, digest

    old = site_of(BASE_FILES)
    files = {**BASE_FILES, **CHANGES[change]}
    new = site_of({d: text for d, text in files.items() if text is not None})
    changes = Changes(old, old.routes, new)
    queries = all_queries(old) + all_queries(new)
    differ = [q for q in queries if digest(QUERIES[q[0]](old, *q[1])) != digest(QUERIES[q[0]](new, *q[1]))]
    assert [q for q in differ if not changes.may_change(*q)] == []
    if change in ("nothing", "a body"):
        assert differ == [] and changes.none
    elif change != "a category label's spelling":  # the page keeps the other spelling: nothing shows it
        assert differ and not changes.none
