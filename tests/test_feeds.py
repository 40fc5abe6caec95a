"""Atom feeds of the site, its sections and its category pages (web/feeds.py)."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import BASEURL, build, copy_root

BULK = 25  # articles in the generated "bulk" section: more than one feed holds
HOSTILE_TITLE = '<script>alert("x")</script> & "引號" \'q\' </script>\u2028行尾'  # \x01 removed by reading
HOSTILE_AUTHOR = '<b>作者</b> & "A" </script>'
HOSTILE_DESCRIPTION = '摘要 <em>&amp;</em> "引號" </script>\u2028 結束'
HOSTILE_CATEGORY = '<b>類別</b> & "x" </script>'
PROJECT = "青松里社區網站"
ATOM_LINK = {"rel": "alternate", "type": "application/atom+xml"}


def make_site(base: Path) -> Path:
    """The feeds root plus a section of BULK dated articles."""
    src = copy_root("test-feeds", base)
    bulk = src / "bulk"
    bulk.mkdir()
    for number in range(1, BULK + 1):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=number)
        (bulk / f"a{number:02}.md").write_text(
            f"---\ntitle: 大量文章 {number}\ndescription: 第 {number} 篇。\ncategory: 大量\n"
            f"author: 編輯\npublishedAt: {day.isoformat()}\n---\n\n內文 {number}。\n",
            encoding="utf-8",
        )
    return src


def succeeded(result):
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("feeds")
    return succeeded(build(make_site(base), base / "html"))


def feed(build_, name: str):
    parsed = feedparser.parse((build_.outdir / name).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def feed_files(outdir: Path) -> set[str]:
    return {p.relative_to(outdir).as_posix() for p in outdir.rglob("*.xml") if p.name != "sitemap.xml"}


def listing_pages(build_) -> list[str]:
    """Docnames of the home, section and category pages (not the archive's,
    authors' and tags' pages, in folders starting with "_")."""
    pages = [d for d in build_.html_pages() if not d.startswith("_")]
    return [d for d in pages if d == "index" or d.endswith("/index") or "/_category/" in d]


def entry(parsed, title: str):
    found = [e for e in parsed.entries if e.title == title]
    assert len(found) == 1, [e.title for e in parsed.entries]
    return found[0]


def atom_links(soup) -> list[tuple[str, str]]:
    return [(link["title"], link["href"]) for link in soup.find_all("link", attrs=ATOM_LINK)]


def target(outdir: Path, page: str, href: str) -> Path:
    """The file a relative *href* on output page *page* leads to."""
    return outdir / unquote(urlsplit(urljoin(page, href)).path)


# -- which feeds -------------------------------------------------------------------


def test_one_feed_per_listing_page(site):
    expected = {f"{d}.xml" for d in listing_pages(site)}
    assert "news/_category/公共建設/道路.xml" in expected  # a nested category
    assert {"index.xml", "news/index.xml", "events/index.xml", "bulk/index.xml"} <= expected
    assert feed_files(site.outdir) == expected
    assert re.search(r"Atom feeds: \d+, \d+ written", site.stdout)


def test_every_feed_parses_and_names_itself(site):
    for name in feed_files(site.outdir):
        parsed = feed(site, name)
        assert parsed.feed.id == BASEURL + quote(name)
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links["self"] == BASEURL + quote(name)
        assert links["alternate"] == BASEURL + quote(name.removesuffix(".xml")) + ".html"
        for item in parsed.entries:
            assert item.link.startswith(BASEURL) and item.link.isascii()
            assert item.id == item.link
            assert (site.outdir / unquote(item.link[len(BASEURL) :])).is_file()


def test_feed_titles(site):
    assert feed(site, "index.xml").feed.title == PROJECT
    assert feed(site, "news/index.xml").feed.title == f"社區新聞 — {PROJECT}"
    assert feed(site, "news/_category/公共建設/道路.xml").feed.title == f"社區新聞 › 公共建設 › 道路 — {PROJECT}"


def test_newest_articles_first_and_limit(site):
    bulk = feed(site, "bulk/index.xml")
    assert len(bulk.entries) == 20
    assert [e.title for e in bulk.entries] == [f"大量文章 {n}" for n in range(BULK, BULK - 20, -1)]
    everything = feed(site, "index.xml")
    assert len(everything.entries) == 20
    published = [e.published_parsed for e in everything.entries if "published_parsed" in e]
    assert published == sorted(published, reverse=True)
    assert everything.entries[0].title == HOSTILE_TITLE  # 2026-05-01, the newest
    news = feed(site, "news/index.xml")
    assert [e.title for e in news.entries] == [
        HOSTILE_TITLE, "社區講座報名開始", "新路燈點亮", "遠端封面", "沒有時區的時間", "沒有日期的公告",
    ]  # fmt: skip
    assert all("草稿" not in (site.outdir / name).read_text(encoding="utf-8") for name in feed_files(site.outdir))


def test_feed_length_option(tmp_path):
    result = succeeded(build(make_site(tmp_path), tmp_path / "html", "-D", "articles_feed_length=3"))
    assert len(feed(result, "index.xml").entries) == 3
    assert len(feed(result, "bulk/index.xml").entries) == 3
    assert [e.title for e in feed(result, "news/_category/公共建設.xml").entries] == [
        "社區講座報名開始", "新路燈點亮", "遠端封面",
    ]  # fmt: skip


# -- entries ---------------------------------------------------------------------


def raw_entry(build_, name: str, docname: str) -> str:
    text = (build_.outdir / name).read_text(encoding="utf-8")
    match = re.search(rf"<entry>\s*<id>{re.escape(BASEURL + docname)}\.html</id>.*?</entry>", text, re.S)
    assert match, docname
    return match.group(0)


def test_dates(site):
    news = "news/index.xml"
    assert "<published>2026-04-02T09:30:00+08:00</published>" in raw_entry(site, news, "news/lead")
    assert "<updated>2026-04-02T09:30:00+08:00</updated>" in raw_entry(site, news, "news/lead")
    # a date alone: midnight UTC; a time without a zone: UTC
    assert "<published>2026-03-01T00:00:00+00:00</published>" in raw_entry(site, news, "news/cover")
    assert "<published>2026-02-01T08:00:00+00:00</published>" in raw_entry(site, news, "news/naive")
    undated = raw_entry(site, news, "news/undated")
    assert "<published>" not in undated
    assert "<updated>1970-01-01T00:00:00+00:00</updated>" in undated
    # a feed's date is its newest entry's, not the time of the build
    assert feed(site, news).feed.updated == "2026-05-01T00:00:00+00:00"
    assert feed(site, "events/index.xml").feed.updated == "2026-01-10T00:00:00+00:00"


def test_author_and_summary(site):
    news = feed(site, "news/index.xml")
    cover = entry(news, "新路燈點亮")
    assert cover.author == "里長"
    assert cover.summary == "巷口的新路燈今晚點亮。"
    # no description: the body's first paragraph, past the raw <img> and the heading
    assert entry(news, "社區講座報名開始").summary == "講座由里長主持，報名表請先填寫。 第二行接著。"
    assert "author" not in entry(news, "沒有日期的公告")
    assert feed(site, "index.xml").feed.author == "青松里社區網站編輯群"  # Atom: entries without one
    assert "content" not in cover  # articles_feed_content is off by default


def test_cover_is_an_enclosure(site):
    news = feed(site, "news/index.xml")
    (cover,) = entry(news, "新路燈點亮").enclosures
    assert cover.href == BASEURL + "_images/cover.png"
    assert cover.type == "image/png"
    image = site.outdir / "_images" / "cover.png"
    assert int(cover.length) == image.stat().st_size == (site.srcdir / "images" / "cover.png").stat().st_size
    (remote,) = entry(news, "遠端封面").enclosures
    assert remote.href == "https://cdn.example.net/photos/remote.jpg"
    assert remote.type == "image/jpeg"
    assert "length" not in remote
    assert entry(news, "沒有時區的時間").enclosures == []


def test_hostile_text_round_trips(site):
    for name in ("index.xml", "news/index.xml"):
        hostile = entry(feed(site, name), HOSTILE_TITLE)
        assert hostile.author == HOSTILE_AUTHOR
        assert hostile.summary == HOSTILE_DESCRIPTION
    category = next(n for n in feed_files(site.outdir) if n.startswith("news/_category/b-"))
    assert feed(site, category).feed.title == f"社區新聞 › {HOSTILE_CATEGORY} — {PROJECT}"
    raw = (site.outdir / "news/index.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "</script>" not in raw


# -- announced on pages --------------------------------------------------------------


def test_article_page_announces_site_section_and_category_feeds(site):
    page = "news/lead.html"
    links = atom_links(site.soup("news/lead"))
    assert [title for title, _ in links] == [
        PROJECT, f"社區新聞 — {PROJECT}", f"社區新聞 › 公共建設 — {PROJECT}", f"社區新聞 › 公共建設 › 道路 — {PROJECT}",
    ]  # fmt: skip
    assert [target(site.outdir, page, href) for _, href in links] == [
        site.outdir / "index.xml",
        site.outdir / "news/index.xml",
        site.outdir / "news/_category/公共建設.xml",
        site.outdir / "news/_category/公共建設/道路.xml",
    ]
    assert site.soup("news/lead").select(".article-feed") == []  # the visible link is for listing pages


def test_link_titles_are_escaped(site):
    html = site.text("news/hostile")
    links = atom_links(site.soup("news/hostile"))
    assert links[-1][0] == f"社區新聞 › {HOSTILE_CATEGORY} — {PROJECT}"
    assert 'title="社區新聞 › &lt;b&gt;類別&lt;/b&gt; &amp; &quot;x&quot; &lt;/script&gt; — ' in html
    assert target(site.outdir, "news/hostile.html", links[-1][1]).is_file()


def test_listing_pages_announce_and_link_their_feed(site):
    for docname in listing_pages(site):
        soup = site.soup(docname)
        page = f"{docname}.html"
        own = site.outdir / f"{docname}.xml"
        hrefs = [target(site.outdir, page, href) for _, href in atom_links(soup)]
        assert hrefs == list(dict.fromkeys([site.outdir / "index.xml", own])), docname
        (link,) = soup.select("p.article-feed a")
        assert link.get_text() == "訂閱（Atom）"
        assert target(site.outdir, page, link["href"]) == own
        assert "no-search" in link.parent["class"]


def test_other_pages_announce_the_site_feed(site):
    assert atom_links(site.soup("genindex")) == [(PROJECT, "index.xml")]
    archive = [
        p.relative_to(site.outdir).with_suffix("").as_posix()
        for p in site.outdir.glob("_*/**/*.html")
        if p.relative_to(site.outdir).parts[0] in ("_archive", "_authors", "_tags")
    ]
    assert "_archive/index" in archive and "_authors/index" in archive  # generated pages without a feed
    for docname in archive:
        assert [title for title, _ in atom_links(site.soup(docname))] == [PROJECT], docname
        assert site.soup(docname).select(".article-feed") == [], docname
        assert not (site.outdir / f"{docname}.xml").exists()


def test_feed_link_is_not_searched(site):
    assert "訂閱" not in (site.outdir / "searchindex.js").read_text(encoding="utf-8")


# -- when there are none ---------------------------------------------------------------


def test_no_feeds_without_base_url(tmp_path):
    result = succeeded(build(make_site(tmp_path), tmp_path / "html", "-D", "html_baseurl="))
    assert feed_files(result.outdir) == set()
    assert "no Atom feeds: html_baseurl is not set" in result.stdout
    for docname in ("index", "news/index", "news/lead"):
        assert atom_links(result.soup(docname)) == []
        assert result.soup(docname).select(".article-feed") == []
        assert "訂閱" not in result.text(docname)


@pytest.mark.parametrize("builder", ["epub", "latex"])
def test_no_feeds_in_books(tmp_path, builder):
    src = copy_root("test-feeds", tmp_path)
    result = succeeded(build(src, tmp_path / builder, "-b", builder))
    assert not [p for p in result.outdir.rglob("*.xml") if b"http://www.w3.org/2005/Atom" in p.read_bytes()]
    written = [p for p in result.outdir.rglob("*") if p.suffix in (".xhtml", ".tex", ".opf")]
    assert written
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "訂閱" not in text and "application/atom+xml" not in text, path


# -- builds that must give the same feeds ------------------------------------------------


def touch_later(path: Path, seconds: int = 5) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def snapshot(outdir: Path) -> dict[str, tuple[bytes, int]]:
    return {name: ((outdir / name).read_bytes(), (outdir / name).stat().st_mtime_ns) for name in feed_files(outdir)}


def test_incremental_build_rewrites_only_changed_feeds(tmp_path):
    src = make_site(tmp_path)
    out = tmp_path / "html"
    succeeded(build(src, out))
    before = snapshot(out)
    cover = src / "news" / "cover.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("新路燈點亮", "新路燈今晚點亮"), encoding="utf-8")
    touch_later(cover)
    (src / "events" / "fair.md").unlink()  # the events section and its category go
    again = succeeded(build(src, out))
    after = snapshot(out)
    changed = {"index.xml", "news/index.xml", "news/_category/公共建設.xml"}
    for name in set(before) - changed - {"events/index.xml", "events/_category/市集.xml"}:
        assert after[name] == before[name], name  # same bytes, file not touched
    for name in changed:
        assert after[name][0] != before[name][0] and after[name][1] != before[name][1], name
    assert "新路燈今晚點亮" in after["news/index.xml"][0].decode()
    clean = succeeded(build(src, tmp_path / "clean"))
    assert {name: data for name, (data, _) in after.items()} == {
        name: data for name, (data, _) in snapshot(clean.outdir).items()
    }
    assert "events/index.xml" not in after
    assert re.search(r"Atom feeds: \d+, 3 written, 2 removed", again.stdout), again.stdout[-500:]


def test_incremental_feeds_equal_a_clean_builds(tmp_path):
    """A feed whose inputs did not change is not rendered again; every other
    one is: a new title reaches the category, section and home feeds, a cover
    file of another size the enclosure's length, a deleted feed file comes
    back, and the feeds are a clean build's."""
    src = make_site(tmp_path)
    out = tmp_path / "html"
    succeeded(build(src, out))
    quiet = succeeded(build(src, out))
    assert re.search(r"Atom feeds: (\d+), 0 written, 0 removed, \1 unchanged \(not rendered\)", quiet.stdout)
    before = snapshot(out)
    article = src / "bulk" / "a25.md"
    article.write_text(article.read_text(encoding="utf-8").replace("大量文章 25", "改名的文章"), encoding="utf-8")
    touch_later(article)
    cover = src / "images" / "cover.png"
    cover.write_bytes(cover.read_bytes() + b"\0" * 10)
    touch_later(cover)
    (out / "events" / "index.xml").unlink()
    again = succeeded(build(src, out))
    after = snapshot(out)
    for name in ("index.xml", "bulk/index.xml", "bulk/_category/大量.xml"):
        assert entry(feed(again, name), "改名的文章").link == BASEURL + "bulk/a25.html", name
    (enclosure,) = entry(feed(again, "news/index.xml"), "新路燈點亮").enclosures
    assert int(enclosure.length) == cover.stat().st_size
    assert after["events/index.xml"][0] == before["events/index.xml"][0]
    rendered = re.search(r"Atom feeds: (\d+), \d+ written, 0 removed, (\d+) unchanged", again.stdout)
    assert rendered and 0 < int(rendered[2]) < int(rendered[1]), again.stdout[-500:]
    assert after["events/_category/市集.xml"] == before["events/_category/市集.xml"]  # not rendered, not touched
    clean = succeeded(build(src, tmp_path / "clean"))
    assert {name: data for name, (data, _) in after.items()} == {
        name: data for name, (data, _) in snapshot(clean.outdir).items()
    }
    assert (out / "sitemap.xml").read_bytes() == (clean.outdir / "sitemap.xml").read_bytes()


def test_parallel_build_gives_the_same_feeds(tmp_path):
    """Summaries are merged from the reading processes, bodies kept by the
    writing ones: -j 2 gives the bytes of -j 1."""
    src = make_site(tmp_path)
    options = ("-D", "articles_feed_content=1")
    serial = succeeded(build(src, tmp_path / "serial", *options))
    parallel = succeeded(build(src, tmp_path / "parallel", "-j", "2", *options))
    feeds = {n: d for n, (d, _) in snapshot(serial.outdir).items()}
    assert feeds == {n: d for n, (d, _) in snapshot(parallel.outdir).items()}
    assert "講座由" in feeds["news/index.xml"].decode() and "<content" in feeds["news/index.xml"].decode()


def test_dirhtml_links(tmp_path):
    result = succeeded(build(make_site(tmp_path), tmp_path / "dirhtml", "-b", "dirhtml"))
    out = result.outdir
    assert feed_files(out) == {f"{d}.xml" for d in listing_pages_of_dirhtml(out)}
    news = feed(result, "news/index.xml")
    assert entry(news, "新路燈點亮").link == BASEURL + "news/cover/"
    assert {link.rel: link.href for link in news.feed.links}["alternate"] == BASEURL + "news/"
    assert entry(feed(result, "index.xml"), "大量文章 25").link == BASEURL + "bulk/a25/"
    page = "news/lead/index.html"
    soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "lxml")
    assert [target(out, page, href) for _, href in atom_links(soup)] == [
        out / "index.xml", out / "news/index.xml", out / "news/_category/公共建設.xml",
        out / "news/_category/公共建設/道路.xml",
    ]  # fmt: skip
    category = "news/_category/公共建設/index.html"
    soup = BeautifulSoup((out / category).read_text(encoding="utf-8"), "lxml")
    (link,) = soup.select("p.article-feed a")
    assert target(out, category, link["href"]) == out / "news/_category/公共建設.xml"


def listing_pages_of_dirhtml(outdir: Path) -> list[str]:
    pages = []
    for path in outdir.rglob("index.html"):
        folder = path.parent.relative_to(outdir).as_posix()
        if folder == ".":
            pages.append("index")
        elif "/_category/" in f"/{folder}":
            pages.append(folder)
        elif not folder.startswith("_") and (path.parent / "_category").is_dir():
            pages.append(posixpath.join(folder, "index"))
    return pages


def test_content_option_survives_incremental_builds(tmp_path):
    src = make_site(tmp_path)
    out = tmp_path / "html"
    options = ("-D", "articles_feed_content=1")
    first = succeeded(build(src, out, *options))
    content = entry(feed(first, "news/index.xml"), "新路燈點亮").content[0]
    assert content.type == "text/html"
    html = BeautifulSoup(content.value, "lxml")
    assert "路燈說明" in html.get_text()
    assert html.find("h1") is None  # the entry's title says it
    assert "新路燈點亮" not in html.get_text()
    assert {a["href"] for a in html.find_all("a")} == {BASEURL + "events/fair.html"}
    assert {img["src"] for img in html.find_all("img")} == {BASEURL + "_images/cover.png"}
    assert "相關文章" not in html.get_text() and "¶" not in html.get_text()
    before = (out / "news/index.xml").read_bytes()
    fair = src / "events" / "fair.md"
    fair.write_text(fair.read_text(encoding="utf-8").replace("市集在", "市集改在"), encoding="utf-8")
    touch_later(fair)
    again = succeeded(build(src, out, *options))
    assert "news/cover" not in again.stdout  # not written again ...
    assert (out / "news/index.xml").read_bytes() == before  # ... and still in its feeds
    assert "市集改在" in entry(feed(again, "events/index.xml"), "社區市集").content[0].value
