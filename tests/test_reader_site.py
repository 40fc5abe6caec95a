"""The example site as a reader meets it, in headless Chromium (Playwright).

Phones (320-390 px) and desktops (1366 px): the menu (☰) and the page's
table of contents open and close, the site's name is always on screen,
nothing runs into an article's title, bylines break only between their
parts, and every interface string (text, tooltips, aria-labels,
placeholders, search messages) is Traditional Chinese.

The site is ``source/`` built once with the repository's ``conf.py``; set
``READER_SITE_HTML`` to a built site to check that one instead (the
fixtures are in conftest.py).
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ARTICLE, DESKTOP, PAGES, PHONE, REPO, SITE_NAME, visible_one

SECTIONS = ["社區新聞", "活動公告", "居民提案", "公告欄"]  # conf.py: articles_sections

# Interface strings that must not reach a reader: the theme's English and the
# Simplified Chinese of pydata-sphinx-theme's "zh" catalog, which Sphinx fell
# back to for zh_TW.  PHRASES may not occur anywhere in the page's text or
# attributes; WORDS may not be a whole text or attribute value (they are
# ordinary words inside articles).
PHRASES = [
    # English
    "Search...", "System Settings", "Toggle primary sidebar", "Toggle secondary sidebar",
    "Color mode", "Copyright", "Skip to main content", "Back to top", "Site navigation",
    "On this page", "previous page", "next page", "Search Results", "Searching",
    "Preparing search", "Search finished", "Your search did not match", "Hide Search Matches",
    "Fullscreen mode", "Download this page", "Download source file", "Print to PDF",
    "Please activate JavaScript", "Version warning", "Section Navigation", "Show Source",
    "Last updated on", "Expand Sidebar", "Collapse Sidebar", "Table of Contents",
    # Simplified Chinese (pydata-sphinx-theme's zh catalog)
    "回到顶部", "跳转至主要内容", "上一页", "下一页", "初始页面", "网页导航", "当前页面",
    "搜索", "错误", "请启用", "章节导航", "显示源码", "最后一次更新", "总索引",
    "全局模块索引", "上一条", "下一条", "编辑", "展开", "收缩",
    # Sphinx 9's zh_TW text about "categories" the search page does not have
    "足夠的分類",
]  # fmt: skip
WORDS = [
    "Search", "Home", "Main", "Page", "Light", "Dark", "Error", "Edit", "Contents", "Breadcrumb",
    "previous", "next", "Announcement", "Indices", "Index", "Navigation",
]  # fmt: skip


# -- helpers -----------------------------------------------------------------


def on_top(page, locator) -> bool:
    """Whether the element's centre is really it (not covered by another)."""
    return locator.evaluate(
        """el => { const r = el.getBoundingClientRect();
                   const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                   return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight
                          && hit !== null && (el === hit || el.contains(hit)); }"""
    )


def visible_texts(container) -> list[str]:
    return [link.inner_text().strip() for link in container.locator("a").all() if link.is_visible()]


def wait_hidden(*containers) -> None:
    """Wait until no link in *containers* shows (sidebars slide out)."""
    for container in containers:
        for link in container.locator("a").all():
            link.wait_for(state="hidden", timeout=3000)


# -- scripts -------------------------------------------------------------------


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_script_error_on_any_page(contexts, site_url, name, width):
    """The themes' scripts measure elements of the page; a layout that
    leaves one out makes them throw on every page (and stop halfway)."""
    page = contexts(width).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/{PAGES[name]}", wait_until="load")
    page.wait_for_timeout(300)
    page.close()
    assert errors == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_request_of_a_page_succeeds(contexts, site_url, name):
    """No 404s: the favicon, the logo, scripts, styles, fonts, images."""
    page = contexts(DESKTOP).new_page()
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{site_url}/{PAGES[name]}", wait_until="load")
    page.wait_for_timeout(300)
    icons = page.eval_on_selector_all("link[rel~=icon]", "links => links.map(l => l.href)")
    page.close()
    assert failed == []
    assert [icon.rsplit("/", 1)[1] for icon in icons] == ["favicon.svg"]


# -- a news site, not a manual -------------------------------------------------


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_download_or_full_screen_buttons(open_page, width):
    page = open_page(PAGES["article"], width)
    for selector in [".dropdown-download-buttons", ".btn-fullscreen-button", "a[href$='.md']", "a[href*='_sources']"]:
        assert page.locator(selector).count() == 0, selector


def test_site_mark_and_name_head_the_sidebar(open_page):
    page = open_page(PAGES["article"], DESKTOP)
    brand = visible_one(page, ".bd-sidebar-primary .navbar-brand")
    assert brand.inner_text().strip() == "青松里社區網站"
    logo = brand.locator("img.logo__image:visible")
    assert logo.get_attribute("alt") == ""  # decorative: the name beside it is the link's text
    assert 0 < logo.bounding_box()["height"] <= 48


# -- navigation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "width"), [("home", PHONE), ("section", PHONE), ("article", PHONE), ("article", 320), ("article", 768)]
)
def test_menu_opens_and_closes_on_narrow_screens(open_page, name, width):
    page = open_page(PAGES[name], width)
    dialog, sidebar = page.locator("#pst-primary-sidebar-modal"), page.locator("#pst-primary-sidebar")
    assert visible_texts(sidebar) == [], "the sidebar shows before ☰ is pressed"

    menu = visible_one(page, ".primary-toggle")
    assert on_top(page, menu), "the ☰ button is covered or off screen"
    menu.click()
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open", timeout=3000)
    links = visible_texts(dialog)
    assert all(title in links for title in SECTIONS), links
    assert SITE_NAME in links

    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('pst-primary-sidebar-modal').open", timeout=3000)
    wait_hidden(dialog, sidebar)

    menu.click()  # again, then a click on the dimmed page beside the menu
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open", timeout=3000)
    box = dialog.bounding_box()
    page.mouse.click(box["x"] + box["width"] + (width - box["x"] - box["width"]) / 2, 400)
    page.wait_for_function("!document.getElementById('pst-primary-sidebar-modal').open", timeout=3000)
    wait_hidden(dialog, sidebar)
    # the sidebar's links went back to their place
    assert sidebar.locator("nav a").count() >= len(SECTIONS)


@pytest.mark.parametrize("width", [980, DESKTOP])  # 960-991 px: between the two themes' breakpoints
def test_menu_button_collapses_and_restores_the_sidebar_on_wide_screens(open_page, width):
    page = open_page(ARTICLE, width)
    sidebar = page.locator("#pst-primary-sidebar")
    assert all(title in visible_texts(sidebar) for title in SECTIONS)
    menu = visible_one(page, ".primary-toggle")
    menu.click()
    wait_hidden(sidebar)  # the theme's slide-out
    assert not page.evaluate("document.getElementById('pst-primary-sidebar-modal').open")
    assert on_top(page, visible_one(page, ".bd-header-article .site-name"))
    menu.click()
    page.wait_for_timeout(600)
    assert all(title in visible_texts(sidebar) for title in SECTIONS)


@pytest.mark.parametrize("width", [320, PHONE])
def test_page_toc_opens_on_a_phone(open_page, width):
    page = open_page(ARTICLE, width)
    dialog = page.locator("#pst-secondary-sidebar-modal")
    toc = visible_one(page, ".secondary-toggle")
    assert on_top(page, toc)
    toc.click()
    page.wait_for_function("document.getElementById('pst-secondary-sidebar-modal').open", timeout=3000)
    assert visible_texts(dialog) == ["工程概要", "市府工程公告原文", "里辦公處提醒"]
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('pst-secondary-sidebar-modal').open", timeout=3000)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", list(PAGES))
def test_site_name_is_on_screen(open_page, name, width):
    page = open_page(PAGES[name], width)
    home = page.locator(f"a:text-is('{SITE_NAME}')").all()
    shown = [
        link for link in home
        if link.is_visible() and on_top(page, link)
        and link.evaluate("a => new URL(a.href).pathname === '/index.html'")
    ]  # fmt: skip
    assert shown, f"no visible link {SITE_NAME!r} to the home page"


# -- layout ----------------------------------------------------------------------


def boxes(page) -> dict:
    return page.evaluate(
        """() => {
          const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
                              return r.width && r.height ? {x: r.x, y: r.y, right: r.right, bottom: r.bottom} : null; };
          const shown = [...document.querySelectorAll('.primary-toggle')].filter(b => b.offsetParent);
          return {
            title: box(document.querySelector('article.bd-article h1')),
            breadcrumbs: box(document.querySelector('.bd-breadcrumbs')),
            bar: box(document.querySelector('.bd-header-article')),
            topbar: box(document.querySelector('#pst-header')),
            menu: shown.length === 1 ? box(shown[0]) : null,
            scrollWidth: document.documentElement.scrollWidth,
          };
        }"""
    )


def overlap(a, b) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


@pytest.mark.parametrize("width", [320, PHONE, 768, 980, DESKTOP, 1440])
@pytest.mark.parametrize("name", ["article", "category"])
def test_nothing_runs_into_the_title(open_page, name, width):
    page = open_page(PAGES[name], width)
    found = boxes(page)
    title, bar, menu = found["title"], found["bar"], found["menu"]
    assert title and bar and menu, found
    for other in ("breadcrumbs", "bar", "topbar", "menu"):
        if found[other]:
            assert not overlap(found[other], title), (other, found)
    # the ☰ button is inside the bar and the bar on screen
    assert bar["y"] >= 0 and bar["y"] <= menu["y"] and menu["bottom"] <= bar["bottom"], found
    if found["breadcrumbs"]:
        assert found["breadcrumbs"]["y"] >= bar["bottom"] and found["breadcrumbs"]["bottom"] <= title["y"], found
    assert found["scrollWidth"] <= width, "the page scrolls sideways"


@pytest.mark.parametrize("width", [320, PHONE, DESKTOP])
@pytest.mark.parametrize("name", ["home", "article"])
def test_bylines_break_only_between_their_parts(open_page, name, width):
    """Never inside 日期： or 2026-01-18, nor between a label and its value."""
    page = open_page(PAGES[name], width)
    parts = page.evaluate(
        """() => [...document.querySelectorAll('.article-byline .article-label, .article-byline .article-date')]
            .map(el => {
              const tops = rects => [...new Set([...rects].map(r => Math.round(r.top)))];
              const rects = el.getClientRects(), next = el.nextElementSibling;
              return {text: el.textContent, date: el.classList.contains('article-date'),
                      lines: tops(rects).length,
                      height: Math.max(...[...rects].map(r => r.bottom)) - Math.min(...[...rects].map(r => r.top)),
                      line: parseFloat(getComputedStyle(el.parentNode).lineHeight),
                      valueOnSameLine: !next || el.classList.contains('article-date')
                                       || Math.round(next.getClientRects()[0].top) === tops(rects).at(-1)};
            })"""
    )
    assert any(part["date"] for part in parts), "no byline with a date"
    for part in parts:
        assert part["lines"] == 1 and part["height"] < 1.5 * part["line"], part
        assert part["valueOnSameLine"], part


# -- language -------------------------------------------------------------------

STRINGS_JS = """() => {
  const texts = [], attrs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: n => ['SCRIPT', 'STYLE'].includes(n.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  while (walker.nextNode()) { const t = walker.currentNode.data.trim(); if (t) texts.push(t); }
  for (const el of document.querySelectorAll('*'))
    for (const name of ['title', 'aria-label', 'placeholder', 'alt', 'data-bs-original-title', 'aria-description', 'value'])
      if (el.hasAttribute(name) && el.getAttribute(name).trim()) attrs.push(`${el.tagName.toLowerCase()}[${name}]=${el.getAttribute(name).trim()}`);
  return {texts, attrs, lang: document.documentElement.lang, title: document.title};
}"""


def foreign(strings: list[str]) -> list[str]:
    bad = []
    for string in strings:
        value = string.split("=", 1)[1] if re.match(r"^[a-z0-9-]+\[[a-z-]+\]=", string) else string
        if any(phrase in value for phrase in PHRASES) or value.strip() in WORDS:
            bad.append(string)
    return bad


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", list(PAGES))
def test_interface_is_traditional_chinese(open_page, name, width):
    page = open_page(PAGES[name] + ("?q=" + quote("耐震") if name == "search" else ""), width)
    if name == "search":
        page.wait_for_selector("#search-results .search-summary:not(:empty)", timeout=15000)
    found = page.evaluate(STRINGS_JS)
    assert found["lang"] == "zh-TW"
    assert foreign([found["title"], *found["texts"], *found["attrs"]]) == []


def test_search_reports_its_count_in_chinese(open_page):
    page = open_page("search.html?q=" + quote("耐震"), PHONE)
    summary = page.locator("#search-results .search-summary")
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.textContent.trim()", timeout=15000
    )
    page.wait_for_timeout(500)
    results = page.locator("#search-results ul.search > li").count()
    assert results >= 1
    assert summary.inner_text().strip() == f"找到 {results} 篇文章。"
    assert page.locator("#search-results h2").inner_text().strip() == "搜尋結果"


def test_search_without_results_says_so_in_chinese(open_page):
    page = open_page("search.html?q=" + quote("不存在的詞彙甲乙丙"), PHONE)
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.textContent.trim()", timeout=15000
    )
    assert page.locator("#search-results .search-summary").inner_text().startswith("找不到符合的文章")


# -- the catalogs -------------------------------------------------------------

CATALOGS = runpy.run_path(str(REPO / "locale" / "build_catalogs.py"))


def test_catalog_translates_every_message_of_the_theme():
    """pydata-sphinx-theme has no zh_TW: each of its messages needs ours."""
    import pydata_sphinx_theme
    from babel.messages.pofile import read_po

    pot = Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"
    with pot.open(encoding="utf-8") as file:
        theirs = {m.id for m in read_po(file) if m.id and not all(loc.startswith("docs/") for loc, _ in m.locations)}
    with (REPO / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.po").open(encoding="utf-8") as file:
        ours = {m.id: m.string for m in read_po(file, locale="zh_TW") if m.id}
    assert sorted(m for m in theirs if not ours.get(m)) == []


def test_compiled_catalogs_depend_only_on_the_po_files(tmp_path):
    """Compiling the same .po files anywhere, any time, gives the same bytes."""
    for po in (REPO / "locale" / "zh_TW" / "LC_MESSAGES").glob("*.po"):
        text = po.read_text(encoding="utf-8")
        # without these header fields Babel writes the current time into the .mo
        assert re.search(r'^"POT-Creation-Date: .+\\n"$', text, re.M), po.name
        assert re.search(r'^"PO-Revision-Date: .+\\n"$', text, re.M), po.name
    copies = []
    for name in ("one", "two"):
        shutil.copytree(
            REPO / "locale" / "zh_TW", tmp_path / name / "zh_TW", ignore=shutil.ignore_patterns("*.mo", "*.js")
        )
        folder = CATALOGS["compile_catalogs"](tmp_path / name, "zh_TW")
        copies.append({p.name: p.read_bytes() for p in (folder / "zh_TW" / "LC_MESSAGES").glob("*.[mj][os]")})
    assert sorted(copies[0]) == ["booktheme.mo", "sphinx.js", "sphinx.mo"]
    assert copies[0] == copies[1]


def test_built_site_uses_the_catalogs(site_dir):
    text = (site_dir / "_static" / "translations.js").read_text(encoding="utf-8").strip()
    start, end = CATALOGS["JS_START"], CATALOGS["JS_END"]
    messages = json.loads(text[len(start) : -len(end)])["messages"]
    assert messages["Search finished, found one page matching the search query."] == ["找到 ${resultCount} 篇文章。"]
