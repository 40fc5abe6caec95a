"""Redirects from old paths: ``redirect_from`` in front matter and the
redirects file (``articles_redirects_file``), with ``html`` and ``dirhtml``.

``test-redirects`` (plus an article with a hostile file name, made here) is
built with both builders; each redirect page is parsed (meta refresh,
canonical, ``noindex``, the visible link), ``_redirects`` read line by line,
each refused path checked for its warning, and an old path opened in
Chromium on a local static server.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import build, copy_root, served

HOSTILE = 'news/it\'s "q" <b>.md'
HOSTILE_ARTICLE = """---
title: 怪名文章
category: 公共建設
publishedAt: 2026-01-01
redirect_from: /old/hostile
---

內文。
"""
ROOT_NAME = "test-redirects"


def make_root(base: Path) -> Path:
    src = copy_root(ROOT_NAME, base)
    (src / HOSTILE).write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return src


def redirects_file(src: Path) -> str:
    return f"articles_redirects_file={src / 'redirects.yaml'}"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return make_root(tmp_path_factory.mktemp("redirects"))


@pytest.fixture(scope="module")
def html(root):
    result = build(root, root.parent / "html", "-D", redirects_file(root))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def dirhtml(root):
    result = build(root, root.parent / "dirhtml", "-D", redirects_file(root), builder="dirhtml")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def redirect(result, file: str) -> dict:
    """What a redirect page says: every place it names its target."""
    soup = BeautifulSoup((result.outdir / file).read_text(encoding="utf-8"), "lxml")
    refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh.startswith("0; url="), refresh
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    called = re.fullmatch(r'location\.replace\("([^"<>\\]*)" \+ location\.hash\);', scripts[0].string)
    assert called, scripts[0].string
    return {
        "refresh": refresh.removeprefix("0; url="),
        "canonical": soup.select_one('link[rel="canonical"]')["href"],
        "link": soup.body.find("a")["href"],
        "script": called.group(1),
        "robots": soup.select_one('meta[name="robots"]')["content"],
        "elements": len(soup.find_all(True)),
    }


def target_of(result, file: str) -> Path:
    """The file the redirect page *file* leads to, checked the same everywhere."""
    said = redirect(result, file)
    assert said["refresh"] == said["canonical"] == said["link"] == said["script"], said
    assert said["robots"] == "noindex"
    assert re.fullmatch(r"[A-Za-z0-9._~/%-]+", said["refresh"]), said  # nothing to break out with
    path = result.outdir / unquote(urljoin("http://x/" + file, said["refresh"]).removeprefix("http://x/"))
    return path / "index.html" if said["refresh"].endswith("/") else path


def redirect_warnings(result) -> list[tuple[str, int, str]]:
    return [(w.file, w.line, w.message) for w in result.warnings if w.kind == "articles.redirect"]


# -- the pages -------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, target",
    [
        ("city/t030", "news/n001"),
        ("old/n001", "news/n001"),  # old/n001.html
        ("old/n001b", "news/n001"),  # old/n001b/
        ("old/n001c", "news/n001"),  # /old/n001c/index.html
        ("舊站/新聞/第一篇", "news/n001"),
        ("oldnews/n002", "news/n002"),  # the folder rule oldnews/: news/
        ("oldnews", "news/index"),
        ("old/events/e001", "events/e001"),
        ("old/cleanup", "events/e001"),
        ("old/home", "index"),
    ],
)
def test_html_writes_both_spellings_of_each_old_path(html, old, target):
    for file in (f"{old}.html", f"{old}/index.html"):
        assert target_of(html, file) == html.path(target), file


@pytest.mark.parametrize(
    "old, target", [("city/t030", "news/n001"), ("oldnews/n002", "news/n002"), ("old/home", "index")]
)
def test_dirhtml_writes_the_folder_of_each_old_path(dirhtml, old, target):
    assert target_of(dirhtml, f"{old}/index.html") == dirhtml.path(target)
    assert not (dirhtml.outdir / f"{old}.html").exists()
    assert redirect(dirhtml, f"{old}/index.html")["refresh"].endswith("/")


def test_a_redirect_never_replaces_a_page(html):
    assert html.soup("news/n002").find("h1").get_text(strip=True) == "夜間路燈更新"
    assert html.soup("news/index").find("h1") is not None
    assert not (html.outdir / "news" / "n002" / "index.html").exists()


def test_hostile_names_stay_inside_the_url(html, dirhtml):
    hostile = HOSTILE.removesuffix(".md")
    assert target_of(html, "old/hostile.html") == html.outdir / f"{hostile}.html"
    assert target_of(dirhtml, "old/hostile/index.html") == dirhtml.outdir / hostile / "index.html"
    assert redirect(html, "old/hostile.html")["refresh"] == "../" + quote(hostile) + ".html"
    # The old path "><script>alert(1)</script> is a path like any other: a
    # file of that name, whose page holds nothing of it.
    page = html.outdir / '"><script>alert(1)<' / "script>.html"
    assert target_of(html, page.relative_to(html.outdir).as_posix()) == html.path("news/n002")
    assert "alert" not in page.read_text(encoding="utf-8")
    assert redirect(html, "old/hostile.html")["elements"] == redirect(html, "city/t030.html")["elements"]


def test_redirects_are_not_pages_of_the_site(html, dirhtml):
    for result in (html, dirhtml):
        locs = [loc for loc, _date in result.sitemap()]
        assert [loc for loc in locs if "old" in loc or "city" in loc or "%E8%88%8A" in loc] == []
        names = result.search_index()["docnames"]
        assert [name for name in names if name.startswith(("old", "city"))] == []


# -- _redirects --------------------------------------------------------------------


def host_rules(result) -> list[list[str]]:
    text = (result.outdir / "_redirects").read_text(encoding="utf-8")
    return [line.split(" ") for line in text.splitlines() if line and not line.startswith("#")]


def test_host_file_lists_every_spelling(html, dirhtml):
    rules = host_rules(html)
    assert all(len(rule) == 3 and rule[2] == "301" for rule in rules)
    assert ["/city/t030", "/news/n001.html", "301"] in rules
    assert ["/city/t030/", "/news/n001.html", "301"] in rules
    assert ["/city/t030.html", "/news/n001.html", "301"] in rules
    old = "/" + quote("舊站/新聞/第一篇")
    assert [old, "/news/n001.html", "301"] in rules
    assert ["/old/home", "/index.html", "301"] in rules
    assert ["/old/hostile", "/" + quote(HOSTILE.removesuffix(".md")) + ".html", "301"] in rules
    assert ["/city/t030", "/news/n001/", "301"] in host_rules(dirhtml)
    assert ["/old/home/", "/", "301"] in host_rules(dirhtml)
    for rule in rules:  # percent-encoded: one token each, nothing a host could misread
        assert re.fullmatch(r"/[A-Za-z0-9._~/%-]*", rule[0]) and re.fullmatch(r"/[A-Za-z0-9._~/%-]*", rule[1]), rule
    sources = {rule[0].removesuffix(".html").rstrip("/") for rule in rules}
    assert len(rules) == 3 * len(sources)
    assert not [s for s in sources if s.startswith("/news/") or "example.com" in s or "passwd" in s]


def test_host_file_keeps_the_sites_own_rules_first(tmp_path):
    src = make_root(tmp_path)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "_redirects").write_text("/shop https://shop.example.org/ 302\n", encoding="utf-8")
    result = build(src, tmp_path / "out", "-D", redirects_file(src), "-D", f"html_extra_path={extra}")
    assert result.returncode == 0, result.stderr[-3000:]
    rules = host_rules(result)
    assert rules[0] == ["/shop", "https://shop.example.org/", "302"]
    assert ["/city/t030", "/news/n001.html", "301"] in rules


# -- what is refused -----------------------------------------------------------------


def test_each_refused_path_is_a_warning_at_its_line(html):
    found = redirect_warnings(html)
    expected = [
        ("n002.md", 6, "no redirect from 'https://example.com/old/n002': it is a URL"),
        ("n002.md", 6, "no redirect from '//example.com/old/n002': it is a URL"),
        ("n002.md", 6, "no redirect from '../../etc/passwd': it goes up a folder"),
        ("n002.md", 6, "no redirect from '': it is empty"),
        ("n002.md", 6, "no redirect from '/news/n001': it is the page 'news/n001'"),
        ("n002.md", 6, "no redirect from '/news/': it is the page 'news/index'"),
        ("n002.md", 6, "no redirect from 'old/a\\nb': it has a control character"),
        ("n002.md", 6, "no redirect from 'old/%00x': it has a control character"),
        ("n002.md", 6, "no redirect from 'old/page?id=2': it has a query"),
        ("n002.md", 6, "no redirect from '/_static/old': '_static' is the build's own folder"),
        ("n003.md", 6, "no redirect from '/city/t030': it already leads to 'news/n001' (news/n001.md:6)"),
        ("redirects.yaml", 6, "no redirect from '/nowhere': 'news/missing' is no page of the site"),
        ("redirects.yaml", 7, "no redirect from '/old/elsewhere': 'https://example.com/' is no page of the site"),
        ("redirects.yaml", 8, "no redirect from 'news/n002': it is the page 'news/n002'"),
        ("redirects.yaml", 9, "no redirect from '/city/t030': it already leads to 'news/n001'"),
    ]
    for file, line, start in expected:
        assert [w for w in found if w[:2] == (file, line) and w[2].startswith(start)], (start, found)
    assert len(found) == len(expected), found
    assert html.returncode == 0


def test_same_warnings_with_dirhtml(html, dirhtml):
    assert redirect_warnings(dirhtml) == redirect_warnings(html)


def test_a_broken_redirects_file_is_a_warning(tmp_path):
    src = make_root(tmp_path)
    (src / "redirects.yaml").write_text("old/a: news/n001\nold/b: [unclosed\nold/c: news/n001\n", encoding="utf-8")
    result = build(src, tmp_path / "out", "-D", "articles_redirects_file=missing.yaml")
    missing = [w for w in redirect_warnings(result) if w[0] == "missing.yaml"]
    assert missing and missing[0][2].startswith("cannot read the redirects file"), result.stderr
    result = build(src, tmp_path / "out2", "-D", redirects_file(src))
    assert result.returncode == 0, result.stderr[-3000:]
    assert [w for w in redirect_warnings(result) if w[0] == "redirects.yaml" and "invalid YAML" in w[2]]
    assert (result.outdir / "old" / "a.html").is_file() and (result.outdir / "old" / "c.html").is_file()


def test_no_redirects_for_books(root, tmp_path):
    result = build(root, tmp_path / "epub", "-D", redirects_file(root), builder="epub")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (result.outdir / "city").exists() and not (result.outdir / "_redirects").exists()
    assert redirect_warnings(result) == []


# -- incremental builds ----------------------------------------------------------------


def updated(result) -> tuple[int, int, int]:
    match = re.search(
        r"updating environment: (?:\[new config\] )?(\d+) added, (\d+) changed, (\d+) removed", result.stdout
    )
    assert match, result.stdout
    return tuple(map(int, match.groups()))


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_incremental_builds_keep_redirects_right(tmp_path, builder):
    src = make_root(tmp_path)
    out = tmp_path / "out"
    options = ("-D", redirects_file(src))
    first = build(src, out, *options, builder=builder)
    assert first.returncode == 0, first.stderr[-3000:]
    host_file = out / "_redirects"
    written = host_file.stat().st_mtime_ns

    # Nothing changed: nothing read, _redirects not rewritten.
    again = build(src, out, *options, builder=builder)
    assert "[new config]" not in again.stdout and updated(again) == (0, 0, 0)
    assert host_file.stat().st_mtime_ns == written

    # An old path leaves the front matter, another the redirects file: their
    # pages go (and the folders they emptied); only that article is read.
    article = src / "news" / "n001.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("  - /city/t030\n", "").replace("  - /舊站/新聞/第一篇\n", ""), encoding="utf-8")
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    listed = src / "redirects.yaml"
    listed.write_text(
        listed.read_text(encoding="utf-8").replace("/old/events/e001: events/e001\n", ""), encoding="utf-8"
    )
    third = build(src, out, *options, builder=builder)
    assert "[new config]" not in third.stdout and updated(third) == (0, 1, 0)
    assert not (out / "舊站").exists()
    assert not (out / "old" / "events").exists()
    # /city/t030 was n003's too (refused while n001 had it): now it is n003's.
    assert target_of(third, "city/t030/index.html") == third.path("news/n003")
    assert (out / "old" / "cleanup" / "index.html").exists()
    rules = host_rules(third)
    assert not [rule for rule in rules if rule[0].startswith(("/" + quote("舊站"), "/old/events/"))]
    assert ["/city/t030", third.builder == "html" and "/news/n003.html" or "/news/n003/", "301"] in rules
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # back from the future: read once

    # The redirects file is no longer used: its pages go, nothing is read.
    fourth = build(src, out, builder=builder)
    assert "[new config]" not in fourth.stdout and updated(fourth) == (0, 0, 0)
    assert not (out / "oldnews").exists() and not (out / "old" / "cleanup").exists()
    assert (out / "old" / "n001" / "index.html").exists()  # redirect_from's stay

    # A page takes an old path's place: the page stays, the redirect is refused.
    (src / "old").mkdir()
    shutil.copy(src / "events" / "e001.md", src / "old" / "n001.md")
    fifth = build(src, out, builder=builder)
    assert fifth.returncode == 0, fifth.stderr[-3000:]
    assert fifth.soup("old/n001").find("h1").get_text(strip=True) == "溪畔淨灘日"
    assert [w for w in redirect_warnings(fifth) if "it is the page 'old/n001'" in w[2]]
    clean = build(src, tmp_path / "clean", builder=builder)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if ".doctrees" not in p.parts}
    clean_files = {
        p.relative_to(clean.outdir).as_posix() for p in clean.outdir.rglob("*") if ".doctrees" not in p.parts
    }
    assert files == clean_files


# -- html without .html: articles_extensionless ------------------------------------------


def test_extensionless_pages_and_their_removal(tmp_path):
    src = make_root(tmp_path)
    out = tmp_path / "out"
    result = build(src, out, "-D", "articles_extensionless=1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert target_of(result, "news/n002/index.html") == result.path("news/n002")
    assert target_of(result, "events/_category/環境清潔/index.html") == result.path("events/_category/環境清潔")
    assert not (out / "news" / "index" / "index.html").exists()
    assert "news/n002/" not in (out / "_redirects").read_text(encoding="utf-8")  # hosts do it themselves
    off = build(src, out)
    assert off.returncode == 0, off.stderr[-3000:]
    assert not (out / "news" / "n002").exists() and (out / "news" / "n002.html").is_file()


# -- in a browser ----------------------------------------------------------------------


def opened(browser, url: str):
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_function("document.querySelector('h1') !== null")
        return page.url, page.locator("h1").first.inner_text().strip()
    finally:
        page.close()


def test_an_old_nuxt_path_opens_the_article(dirhtml, html, browser):
    with served(dirhtml.outdir) as url:
        assert opened(browser, f"{url}/city/t030") == (f"{url}/news/n001/", "青松橋耐震補強工程四月動工")
        assert opened(browser, f"{url}/{quote('舊站/新聞/第一篇')}")[0] == f"{url}/news/n001/"
    with served(html.outdir) as url:
        assert opened(browser, f"{url}/city/t030") == (f"{url}/news/n001.html", "青松橋耐震補強工程四月動工")
        final, _title = opened(browser, f"{url}/old/n001.html#{quote('相關資訊')}")
        assert final == f"{url}/news/n001.html#{quote('相關資訊')}"  # the fragment goes along


def test_an_extensionless_path_opens_the_article(tmp_path, browser):
    result = build(make_root(tmp_path), tmp_path / "out", "-D", "articles_extensionless=1")
    assert result.returncode == 0, result.stderr[-3000:]
    with served(result.outdir) as url:
        assert opened(browser, f"{url}/news/n002") == (f"{url}/news/n002.html", "夜間路燈更新")


def test_host_file_under_the_sites_base_path(root, tmp_path):
    result = build(root, tmp_path / "out", "-D", "html_baseurl=https://example.org/site/", "-D", redirects_file(root))
    assert result.returncode == 0, result.stderr[-3000:]
    assert ["/site/city/t030", "/site/news/n001.html", "301"] in host_rules(result)
    assert target_of(result, "city/t030.html") == result.path("news/n001")  # pages link relatively
