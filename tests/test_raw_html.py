"""Editors' malformed raw HTML: a warning with file and line, a repaired page,
and well-formed raw HTML exactly as the editor wrote it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser as MystParser

from conftest import REPO, ROOTS, build, nu_messages, squash

sys.path.insert(0, str(REPO / "extensions"))
from sphinx_articles.markup import rawrepair  # noqa: E402

SRC = ROOTS / "test-raw-html"
ARTICLES = sorted(p.stem for p in (SRC / "news").glob("*.md"))

# file -> [(line, message)], every one of type articles.html
EXPECTED = {
    "broken.md": [
        (7, "`<a>` inside another `<a>`: the outer link is closed first"),
        (7, "stray `</a>` without an opening tag: removed"),
        (9, "stray `</a>` without an opening tag: removed"),
        (11, "`<a>` has `src`, not `href`: its URL is used as the link"),
        (13, "`<a>` has `haref`, not `href`: its URL is used as the link"),
        (
            15,
            "`src` is not an attribute of `<a>`: removed; "
            "`<a>` without `href` links nowhere: the tag is removed, its text kept",
        ),
        (17, "`<b>` is not closed in this paragraph: closed at its end"),
        (
            21,
            "`<b>` and `<i>` overlap (`</b>` comes before `</i>`): `<i>` is closed first and opened again after `</b>`",
        ),
        (25, "`<em>` is not closed in this paragraph: closed at its end"),
        (27, "`<a>` inside another `<a>`: the outer link is closed first"),  # a Markdown link inside
        (27, "stray `</a>` without an opening tag: removed"),
        (31, "stray `</div>` without an opening tag: removed"),
        (33, "`<div>` is not closed in this section: closed at its end"),
    ],
    "empty-link.md": [(7, '`<a href="">` links nowhere: the tag is removed, its text kept')],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(SRC, tmp_path_factory.mktemp("raw-html") / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def as_written(site, docname: str) -> BeautifulSoup:
    """The page with html.parser, which keeps tags nested as written (lxml and
    browsers would repair a nested <a>, hiding the very thing tested)."""
    return BeautifulSoup(site.text(docname), "html.parser")


def article(site, docname: str):
    return as_written(site, docname).find("article", class_="bd-article")


def paragraph(site, docname: str, starts: str):
    return next(p for p in article(site, docname).find_all("p") if p.get_text().startswith(starts))


def links(container) -> dict[str, str]:
    return {squash(a.get_text()): a["href"] for a in container.find_all("a") if "headerlink" not in a.get("class", [])}


# -- warnings and publishing ------------------------------------------------------------


def test_every_article_is_published(site):
    assert "Traceback" not in site.stderr
    for name in ARTICLES:
        assert site.path(f"news/{name}").is_file(), name


def test_warnings_name_the_file_the_line_and_what_was_done(site):
    found = sorted((w.file, w.line, w.kind, w.message) for w in site.warnings)
    expected = sorted((file, line, "articles.html", text) for file, items in EXPECTED.items() for line, text in items)
    assert found == expected


def test_warnings_carry_the_editors_path(site):
    paths = {w.path for w in site.warnings}
    assert paths == {str(SRC / "news" / name) for name in EXPECTED}


def test_suppress_warnings_silences_them(tmp_path):
    # -D replaces conf.py's list, which has myst.header
    result = build(SRC, tmp_path / "html", "-D", "suppress_warnings=articles.html,myst.header")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.warning_lines == []


# -- the repaired pages -----------------------------------------------------------------


def test_no_link_is_inside_another_anywhere_on_the_page(site):
    for name in ARTICLES:
        page = as_written(site, f"news/{name}")
        assert page.select("a a") == [], name


def test_links_keep_their_text_and_typos_become_links(site):
    found = links(article(site, "news/broken"))
    assert found["外層"] == "https://example.org/outer"
    assert found["內層"] == "https://example.org/inner"
    assert found["調查網站"] == "https://example.org/survey"
    assert found["錯字連結"] == "https://example.org/typo"
    assert found["跨行"] == "https://example.org/two"
    assert found["外層包住"] == "https://example.org/wrap"
    assert found["Markdown 連結"] == "https://example.org/md"
    assert squash(paragraph(site, "news/broken", "巢狀連結").get_text()) == "巢狀連結：外層 內層 文字 結束。"


def test_a_link_to_nowhere_keeps_its_text(site):
    text = paragraph(site, "news/broken", "不是網址")
    assert text.find("a") is None
    assert text.get_text() == "不是網址：只是文字"


def test_unclosed_and_overlapping_tags_end_in_their_paragraph(site):
    bold = paragraph(site, "news/broken", "粗體從未關閉")
    assert [b.get_text() for b in bold.find_all("b")] == ["粗體從未關閉，"]
    assert paragraph(site, "news/broken", "只到這一段").find_parent("b") is None
    overlap = paragraph(site, "news/broken", "粗體 交錯")
    assert overlap.decode_contents() == "<b>粗體 <i>交錯</i></b><i> 斜體</i> 結束。"
    assert paragraph(site, "news/broken", "第一行文字").find("em").get_text() == "沒有關閉。"


def test_stray_end_tags_are_gone(site):
    """In the page's text: html.parser, like browsers, would hide a stray end tag."""
    text = site.text("news/broken")
    assert "<p>多餘的結束標籤  會被移除。</p>" in text
    assert "</div>" not in text[text.index("<h2>區塊") : text.index('<div class="notice">')]


def test_unclosed_block_ends_in_its_section(site):
    notice = article(site, "news/broken").find("div", class_="notice")
    assert notice.parent.name == "section"
    assert notice.get_text().strip() == "公告內容沒有結束標籤"
    assert '<div class="notice">\n公告內容沒有結束標籤\n</div>' in site.text("news/broken")


def test_heading_with_an_empty_link_becomes_the_title(site):
    page = article(site, "news/empty-link")
    assert [squash(h.get_text()).removesuffix("#").strip() for h in page.find_all(["h1", "h2"])] == ["空連結標題"]
    assert page.find("a", href="") is None


# -- well-formed raw HTML ---------------------------------------------------------------


def editor_snippets() -> list[str]:
    """Raw HTML of good.md that reaches the page as it is (links and tables
    become real links and tables, checked below)."""
    lines = (SRC / "news" / "good.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index('<div class="notice">') : lines.index("</div>") + 1]
    return [
        "<b>粗體</b>",
        "<i>斜體</i>",
        next(line for line in lines if line.startswith("第一行")),
        next(line for line in lines if line.startswith("<audio")),
        "\n".join(block),
        "<!-- 編輯備註 -->",
    ]


def test_well_formed_raw_html_is_byte_identical_in_the_page(site):
    text = site.text("news/good")
    for snippet in editor_snippets():
        assert snippet in text, snippet


def test_well_formed_links_and_tables_still_become_links_and_tables(site):
    page = article(site, "news/good")
    assert links(page)["行內連結"] == "https://example.org/inline"
    assert page.select_one("h2 a.reference.external")["href"] == "https://example.org/heading"
    assert [squash(td.get_text()) for td in page.select("table td")] == ["椅子", "12"]


def test_repair_leaves_well_formed_raw_nodes_untouched():
    """At the doctree, before links and tables are converted: the very same
    nodes with the very same text, for every kind of raw HTML in good.md."""
    text = (SRC / "news" / "good.md").read_text(encoding="utf-8")
    document = publish_doctree(text, parser=MystParser(), settings_overrides={"report_level": 5})
    before = [(raw, raw.astext()) for raw in document.findall(nodes.raw)]
    assert len(before) >= 10
    rawrepair.repair(document, "news/good")
    assert [(raw, raw.astext()) for raw in document.findall(nodes.raw)] == before


# -- the Nu HTML checker ----------------------------------------------------------------


def nu_errors(*pages: Path) -> dict[str, set[str]]:
    """Error messages of the Nu HTML checker per file name."""
    found: dict[str, set[str]] = {page.name: set() for page in pages}
    for message in nu_messages(*pages):
        if message["type"] == "error":
            found[message["path"].name].add(message["message"])
    return found


def test_nu_checker_finds_no_error_caused_by_raw_html(site, tmp_path):
    """Every page is checked whole (article, page TOC, sidebar).  The theme has
    errors of its own (the search box's ``autocorrect`` attribute): those are
    the errors of plain.md, an article without raw HTML, and are subtracted.
    A control page with the editors' raw lines as written proves the checker
    sees exactly these mistakes."""
    lines = (SRC / "news" / "broken.md").read_text(encoding="utf-8").splitlines()
    control = tmp_path / "control.html"
    body = "".join(f"<p>{lines[number - 1]}</p>\n" for number in (7, 9, 21))
    head = '<!DOCTYPE html>\n<html lang="zh-TW"><head><meta charset="utf-8"><title>對照</title></head>'
    control.write_text(f"{head}<body>\n{body}</body></html>\n", encoding="utf-8")
    pages = [site.path(f"news/{name}") for name in ARTICLES]
    errors = nu_errors(control, *pages)
    assert any("Stray end tag" in message for message in errors["control.html"]), errors["control.html"]
    assert any("already open" in message for message in errors["control.html"]), errors["control.html"]
    theme = errors["plain.html"]
    assert theme, "the theme's known errors disappeared: the subtraction below is no longer needed"
    for name in ARTICLES:
        assert errors[f"{name}.html"] - theme == set(), name
