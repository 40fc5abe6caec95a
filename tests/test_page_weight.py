"""Light pages: what a reader's browser fetches, in headless Chromium.

An article page of the example site transfers at most 350 KB (HTML, CSS,
scripts, fonts; images aside); the search index and its scripts load only
on the search page; the theme's stylesheet cut to what the site uses
(extensions/sphinx_articles/web/theme_weight.py) styles every element of
every kind of page exactly as the theme's own, and its cut icon font still
has every icon the pages show.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import tinycss2
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont

from conftest import ARTICLE, DESKTOP, PAGES, PHONE

BUDGET = 350 * 1024
SEARCH_FILES = {"searchindex.js", "searchtools.js", "language_data.js"}
THEME_CSS = "_static/styles/articles-theme.css"
STOCK_CSS = "_static/styles/pydata-sphinx-theme.css"
SEARCH = "search.html?q=" + quote("公園")


def fetched(contexts, site_url: str, path: str, width: int = PHONE) -> dict[str, int]:
    """Every response body a page loads (URL path → bytes), images aside."""
    page = contexts(width).new_page()
    sizes: dict[str, int] = {}

    def record(request):
        response = request.response()
        if request.resource_type != "image" and response is not None:
            sizes[urlsplit(request.url).path] = len(response.body())

    page.on("requestfinished", record)
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    page.close()
    return sizes


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_an_article_page_transfers_at_most_350_kb(contexts, site_url, width):
    sizes = fetched(contexts, site_url, ARTICLE, width)
    total = sum(sizes.values())
    heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:6]
    assert total <= BUDGET, f"{total / 1024:.0f} KB, heaviest: {heaviest}"
    assert not [name for name in sizes if name.endswith("fontawesome.js")]  # the 1.5 MB icon script
    assert any(name.endswith("articles-theme.css") for name in sizes)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_search_index_loads_only_on_the_search_page(contexts, site_url, name):
    sizes = fetched(contexts, site_url, PAGES[name])
    loaded = {Path(path).name for path in sizes} & SEARCH_FILES
    assert loaded == (SEARCH_FILES if name == "search" else set())


# -- the cut stylesheet ---------------------------------------------------------

# Every computed property of every element (and its ::before, where icons
# are), kept in the page and compared there: a page has some 150,000.  CSS
# escapes are decoded first (the cut file writes icons as "\f062 ").
STYLES_JS = r"""() => {
  const unescaped = value => value.replace(/\\([0-9a-fA-F]{1,6}) ?/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)));
  return Array.from(document.querySelectorAll('body, body *')).map(el => {
    const style = getComputedStyle(el), before = getComputedStyle(el, '::before'), out = {};
    for (const name of style) out[name] = unescaped(style.getPropertyValue(name));
    out['::before'] = unescaped([before.content, before.fontFamily, before.fontWeight, before.display].join('|'));
    return [el.tagName + '.' + el.className, out];
  });
}"""
REMEMBER_JS = f"async () => {{ await document.fonts.ready; window.cutStyles = ({STYLES_JS})(); }}"
COMPARE_JS = f"""async () => {{
  await document.fonts.ready;  // icons measured with the icon font's metrics
  const stock = ({STYLES_JS})(), found = [];
  if (stock.length !== window.cutStyles.length) return ['element count ' + stock.length];
  window.cutStyles.forEach(([tag, ours], index) => {{
    const theirs = stock[index][1];
    const changed = Object.keys(ours).filter(name => ours[name] !== theirs[name]);
    if (changed.length) found.push(tag.slice(0, 60) + ': ' + changed.slice(0, 4).map(
      name => `${{name}} ${{ours[name]}} / ${{theirs[name]}}`).join('; '));
  }});
  return found;
}}"""
USE_STOCK_JS = """async ([cut, stock]) => {
  const link = document.querySelector(`link[href*="${cut}"]`);
  const replacement = document.createElement('link');
  replacement.rel = 'stylesheet';
  replacement.href = link.href.replace(/[^/]+$/, stock);
  await new Promise(done => { replacement.onload = done; link.replaceWith(replacement); });
}"""
# Transitions would be caught half way after the swap.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", [*sorted(PAGES), "article, menu open"])
def test_cut_stylesheet_styles_every_element_as_the_theme_does(open_page, name, width):
    path = SEARCH if name == "search" else PAGES.get(name, ARTICLE)
    page = open_page(path, width)
    if name == "search":
        page.wait_for_function("document.querySelector('#search-results .search-summary')?.textContent.trim()")
        page.wait_for_timeout(500)  # the snippets arrive after the count
    if name.endswith("menu open"):
        page.locator(".primary-toggle:visible").first.click()
        page.wait_for_timeout(500)
    page.add_style_tag(content=STILL)
    page.evaluate(REMEMBER_JS)
    page.evaluate(USE_STOCK_JS, [Path(THEME_CSS).name, Path(STOCK_CSS).name])
    assert page.evaluate(COMPARE_JS) == []


def icon_codepoints(css: str) -> dict[str, int]:
    """``fa-name`` → code point, from Font Awesome's rules: ``.fa-name{--fa:"\\f062"}``
    (version 7) or ``.fa-name:before{content:"\\f062"}`` (version 6)."""
    found = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        strings = [token.value for token in rule.content if token.type == "string" and len(token.value) == 1]
        selectors = [
            re.fullmatch(r"\.(fa-[\w-]+)(::?before)?", part.strip())
            for part in tinycss2.serialize(rule.prelude).split(",")
        ]
        if strings and all(selectors):
            for match in selectors:
                found.setdefault(match[1], ord(strings[0]))
    return found


def test_cut_icon_font_has_every_icon_the_pages_show(site_dir):
    stock = icon_codepoints((site_dir / STOCK_CSS).read_text(encoding="utf-8"))
    cut_css = (site_dir / THEME_CSS).read_text(encoding="utf-8")
    font_url = re.search(r"url\(([^)]*fa-solid-900\.[0-9a-f]{8}\.woff2)\)", cut_css)[1]
    font = TTFont(site_dir / Path(THEME_CSS).parent / font_url)
    shown = set()
    for html in site_dir.rglob("*.html"):
        for icon in BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").select(".fa-solid"):
            shown.update(name for name in icon["class"] if name in stock)
    assert {"fa-bars", "fa-magnifying-glass", "fa-arrow-up"} <= shown
    missing = [name for name in sorted(shown) if stock[name] not in font.getBestCmap()]
    assert missing == []
    assert len(font.getBestCmap()) < 200  # cut: the theme's font has about 1,400 icons
