"""Links as editors write them: MDC attributes, raw HTML <a>, media in raw HTML."""

from __future__ import annotations

import pytest

from conftest import ROOTS, build


@pytest.fixture(scope="module")
def links_page(tmp_path_factory):
    result = build(ROOTS / "test-links", tmp_path_factory.mktemp("links") / "html")
    assert result.returncode == 0, result.stderr
    assert [(w.line, w.kind) for w in result.warnings] == [(17, "articles.html")]  # <a src=…>, see test_raw_html.py
    return result.soup("news/links")


def link(page, text):
    return next(a for a in page.select("article a") if a.get_text(strip=True) == text)


def test_escaped_mdc_attributes_apply_to_file_links(links_page):
    a = link(links_page, "申請表")
    assert a["target"] == "_blank"
    assert a["download"] == "申請表.pdf"
    assert a["href"].startswith("../_downloads/") and a["href"].endswith("/form.pdf")


def test_escaped_mdc_attributes_apply_to_url_links(links_page):
    assert link(links_page, "外部網站")["target"] == "_blank"


def test_no_attribute_text_is_shown(links_page):
    assert "{target" not in links_page.select_one("article").get_text()


def test_raw_html_links_become_real_links(links_page):
    inline = link(links_page, "行內連結")
    assert inline["href"] == "https://example.org/inline?a=1&b=2"
    assert inline["target"] == "_blank"
    heading = links_page.select_one("article h2 a.reference.external")
    assert heading["href"] == "https://example.org/heading"


def test_raw_html_link_to_a_public_file_is_copied(links_page):
    assert link(links_page, "原始 HTML 檔案連結")["href"].endswith("/form.pdf")


def test_heading_link_is_not_nested_in_the_page_toc(links_page):
    entry = links_page.select_one("nav.page-toc a")
    assert entry.get_text(strip=True) == "標題裡的連結"
    assert entry.find("a") is None


def test_raw_audio_points_at_a_copied_file(links_page):
    assert links_page.select_one("audio")["src"].startswith("../_downloads/")


def test_a_src_typo_is_a_link(links_page):
    assert link(links_page, "沒有 href")["href"] == "https://example.org/src"
