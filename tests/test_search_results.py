"""The example site's search page reads like a news search (headless Chromium).

Results are articles (listing pages are left out of the index), each with
its date and a snippet from its own text, not from the page around it
(header bar, breadcrumbs, title, byline); the page fits a phone's width.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from conftest import DESKTOP, PHONE

QUERY = "公園"
FURNITURE = ["作者：", "日期：", "類別：", "標籤：", "目錄", "跟隨系統設定", "青松里社區網站", "相關文章"]


def searched(open_page, width: int, query: str = QUERY):
    page = open_page("search.html?q=" + quote(query), width)
    page.wait_for_function("document.querySelector('#search-results .search-summary')?.textContent.trim()")
    # Snippets arrive one by one, after the count.
    page.wait_for_function(
        "document.querySelectorAll('ul.search > li').length"
        " === document.querySelectorAll('ul.search > li > p.context').length"
    )
    return page


def results(page) -> list[dict]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('ul.search > li')).map(li => ({
             href: li.querySelector('a').getAttribute('href'),
             title: li.querySelector('a').textContent,
             date: li.querySelector('.search-result-date')?.textContent ?? null,
             snippet: li.querySelector('p.context').textContent }))"""
    )


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_results_are_articles_with_date_and_body_snippet(open_page, width):
    found = results(searched(open_page, width))
    assert len(found) >= 3
    for result in found:
        assert not re.search(r"(^|/)(index|_category/.*)\.html", result["href"]), result
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result["date"] or ""), result
        assert QUERY in result["snippet"] or QUERY in result["title"], result
        assert [word for word in FURNITURE if word in result["snippet"]] == [], result
        assert not result["snippet"].lstrip(".").startswith(result["title"]), result


def test_a_category_name_finds_its_articles_not_its_pages(open_page):
    # 公共建設 is a category in three sections.  The index has it as 公共 and
    # 建設 (jieba's words); the query is cut into the same terms.
    found = {r["href"] for r in results(searched(open_page, PHONE, "公共建設"))}
    filed = {"news/n001.html", "news/n004.html", "proposals/p001.html"}
    assert filed <= found
    assert [href for href in found if "_category" in href or href.endswith("index.html")] == []


def test_a_query_of_several_words_without_spaces_finds_the_article(open_page):
    found = {r["href"] for r in results(searched(open_page, PHONE, "兒童遊戲場重新開放"))}
    assert "news/n004.html" in found


@pytest.mark.parametrize("width", [320, PHONE])
def test_search_page_fits_a_phone(open_page, width):
    page = searched(open_page, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


ENTRY_POINTS_JS = """() => Array.from(document.querySelectorAll(
    '.search-button-field, .search-button, .bd-search-container form.bd-search input'))
  .filter(el => el.checkVisibility() && el.getBoundingClientRect().width > 0).map(el => el.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", ["home", "article", "search"])
def test_one_search_entry_point_on_screen(open_page, name, width):
    path = {"home": "index.html", "article": "news/n001.html", "search": "search.html"}[name]
    page = open_page(path, width)
    assert len(page.evaluate(ENTRY_POINTS_JS)) == 1, page.evaluate(ENTRY_POINTS_JS)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_search_box_icon_is_beside_the_words_typed(open_page, width):
    page = searched(open_page, width)
    icon, text_start = page.evaluate(
        """() => { const form = document.querySelector('.bd-search-container form.bd-search');
                   const input = form.querySelector('input'), icon = form.querySelector('.fa-magnifying-glass');
                   return [icon.getBoundingClientRect().right,
                           input.getBoundingClientRect().left + parseFloat(getComputedStyle(input).paddingLeft)]; }"""
    )
    assert icon <= text_start
