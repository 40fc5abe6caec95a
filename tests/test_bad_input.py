"""The bad-input root: every kind of broken article still builds, safely."""

from __future__ import annotations

import re

import pytest

from conftest import ROOTS, build, card_links, squash

SRC = ROOTS / "test-bad-input"
FILES = sorted(p.stem for p in (SRC / "news").glob("*.md"))

# file -> [(line, subtype, part of the message)]
EXPECTED = {
    "broken-yaml": [(4, "frontmatter", "invalid YAML in front matter")],
    "empty": [
        (1, "frontmatter", "no 'category'; the article is filed under '未分類'"),
        (1, "frontmatter", "no 'title' in front matter and no heading; using the file name"),
    ],
    "latin1": [(9, "encoding", "not valid UTF-8")],
    "missing-image": [
        (4, "image", "cover image: file '/images/nope.png' not found"),
        (10, "image", "file '/images/nope2.png' not found"),
        (12, "image", "file 'missing-relative.png' not found in the folder of 'news/missing-image'"),
    ],
    "long-values": [
        (2, "frontmatter", "'title' is 300 characters long; only its first 200 are shown"),
        (4, "frontmatter", "'author' is 150 characters long; only its first 100 are shown"),
        (5, "frontmatter", "'sequence' should be a whole number, not 'xxxxx"),
    ],
    "no-category": [(1, "frontmatter", "no 'category'; the article is filed under '未分類'")],
    "no-front-matter": [
        (1, "frontmatter", "no 'category'"),
        (1, "frontmatter", "no 'title' in front matter; using the first heading"),
    ],
    "unclosed": [
        (1, "frontmatter", "front matter is not closed by a '---' line"),
    ],
    "wrong-types": [
        (2, "frontmatter", "'title' should be text, not a list"),
        (4, "frontmatter", "'toc' should be true or false"),
        (5, "frontmatter", "'sequence' should be a whole number"),
        (6, "frontmatter", "'publishedAt' should be a date"),
        (7, "frontmatter", "'link' must be an http(s) URL"),
        (8, "image", "points outside the public folder"),
    ],
    "script-title": [],
    "raw-html": [
        (9, "html", "`<a>` has `src`, not `href`: its URL is used as the link"),
        (9, "html", "`<a>` has `haref`, not `href`: its URL is used as the link"),
    ],
}

TITLES = {
    "broken-yaml": "壞掉的 YAML 仍然有標題",
    "empty": "empty",
    "latin1": "非 UTF-8 檔案",
    "long-values": "“" * 199 + "…",
    "missing-image": "圖片不存在",
    "no-category": "沒有類別",
    "no-front-matter": "沒有前言的文章",
    "raw-html": "原始 HTML",
    "script-title": "<script>alert('x')</script> & 標題",
    "unclosed": "沒有結束的前言",  # the block is taken to end at the first blank line
    "wrong-types": "標題一 標題二",
}

UNESCAPED = re.compile(r"<script>alert|<script>bad|<img src=x|<i>類別|<b>粗體|href=\"javascript:", re.IGNORECASE)


def test_every_sample_is_covered():
    assert sorted(EXPECTED) == FILES
    assert sorted(TITLES) == FILES


def test_build_succeeds(bad_input_build):
    assert bad_input_build.returncode == 0, bad_input_build.stderr[-3000:]
    assert "Traceback" not in bad_input_build.stderr


@pytest.mark.parametrize("name", FILES)
def test_warnings_name_file_line_and_subtype(bad_input_build, name):
    found = [(w.line, w.kind, w.message) for w in bad_input_build.warnings_for(f"{name}.md")]
    expected = EXPECTED[name]
    assert len(found) == len(expected), found
    for (line, kind, message), (exp_line, exp_kind, exp_text) in zip(sorted(found), sorted(expected)):
        assert (line, kind) == (exp_line, f"articles.{exp_kind}"), found
        assert exp_text in message, found


def test_warning_lines_are_formatted_with_the_path(bad_input_build):
    line = next(w for w in bad_input_build.stderr.splitlines() if "broken-yaml.md" in w)
    assert re.fullmatch(
        re.escape(str(SRC / "news" / "broken-yaml.md")) + r":4: WARNING: .+ \[articles\.frontmatter\]", line
    ), line


def test_no_unexpected_warnings(bad_input_build):
    total = sum(len(v) for v in EXPECTED.values())
    assert len(bad_input_build.warning_lines) == total, bad_input_build.stderr


@pytest.mark.parametrize("name", FILES)
def test_every_article_page_exists_with_fallback_title(bad_input_build, name):
    assert bad_input_build.path(f"news/{name}").is_file()
    h1 = bad_input_build.article(f"news/{name}").find_all("h1")
    assert len(h1) == 1
    assert squash(h1[0].get_text()).removesuffix("#").strip() == TITLES[name]


def test_no_unescaped_markup_in_any_output(bad_input_build):
    checked = 0
    for path in bad_input_build.outdir.rglob("*"):
        if path.suffix in (".html", ".xml") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            match = UNESCAPED.search(text)
            assert match is None, (
                f"{path.relative_to(bad_input_build.outdir)}: {text[match.start() - 80 : match.end() + 80]}"
            )
            checked += 1
    assert checked >= 15


def test_escaped_forms_are_shown(bad_input_build):
    text = bad_input_build.text("news/script-title")
    assert "&lt;script&gt;alert(" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    article = bad_input_build.article("news/script-title")
    assert article.select_one(".article-author").get_text() == "<img src=x onerror=alert(1)>"
    facts = article.select_one("dl.article-facts dd").get_text()
    assert squash(facts) == "<script>bad()</script>"
    head = bad_input_build.soup("news/script-title").head
    assert head.find("meta", attrs={"name": "keywords"})["content"] == '"><script>alert(2)</script>'
    assert head.find("meta", attrs={"name": "description"})["content"] == '<b>粗體</b> " 描述'
    assert head.title.get_text().startswith("<script>alert('x')</script> & 標題")


def test_broken_yaml_keeps_salvaged_values(bad_input_build):
    article = bad_input_build.article("news/broken-yaml")
    for card in article.select(".article-related"):  # other articles' bylines
        card.decompose()
    assert article.select_one(".article-date").get_text() == "2024-03-01"
    assert [a.get_text() for a in article.select(".article-byline a")] == ["公告"]
    assert article.select(".article-author") == []


def test_unsafe_link_and_image_are_dropped(bad_input_build):
    article = bad_input_build.article("news/wrong-types")
    assert article.select("p.article-source") == []
    assert not article.find("img")
    assert "passwd" not in str(article.find_all("img"))


def test_missing_images_leave_alt_text(bad_input_build):
    article = bad_input_build.article("news/missing-image")
    assert article.find_all("img") == []
    assert "不存在" in article.get_text() and "相對路徑" in article.get_text()


def test_long_values_are_cut_and_quoted_short(bad_input_build):
    article = bad_input_build.article("news/long-values")
    assert article.find("h1").get_text().removesuffix("#") == "“" * 199 + "…"
    assert "長" * 99 + "…" in squash(article.select_one("p.article-byline").get_text())
    (sequence,) = [w.message for w in bad_input_build.warnings_for("long-values.md") if "sequence" in w.message]
    assert sequence.endswith("… (500 characters)"), sequence


def test_non_utf8_bytes_become_replacement_characters(bad_input_build):
    text = bad_input_build.article("news/latin1").get_text()
    assert "caf\ufffd" in text
    assert "bytes" in text


def test_uncategorised_page_lists_uncategorised_articles(bad_input_build):
    page = "news/_category/未分類"
    assert bad_input_build.path(page).is_file()
    article = bad_input_build.article(page)
    assert squash(article.find("h1").get_text()).removesuffix("#").strip() == "未分類"
    # dated first, then the undated ones by file name
    assert card_links(article) == ["../no-category.html", "../empty.html", "../no-front-matter.html"]


def test_script_category_page_is_escaped_and_safely_named(bad_input_build):
    names = [p.name for p in (bad_input_build.outdir / "news" / "_category").glob("*.html")]
    odd = [n for n in names if n not in ("公告.html", "未分類.html")]
    assert len(odd) == 1
    assert "<" not in odd[0] and ">" not in odd[0] and "/" not in odd[0]
    page = "news/_category/" + odd[0].removesuffix(".html")
    assert squash(bad_input_build.article(page).find("h1").get_text()).removesuffix("#").strip() == "<i>類別</i>"


def test_suppress_warnings_removes_frontmatter_warnings(tmp_path):
    result = build(SRC, tmp_path / "html", "-D", "suppress_warnings=articles.frontmatter")
    assert result.returncode == 0, result.stderr[-3000:]
    kinds = [w.kind for w in result.warnings]
    assert "articles.frontmatter" not in kinds
    assert "[articles.frontmatter]" not in result.stderr
    assert kinds.count("articles.image") == 4
    assert kinds.count("articles.encoding") == 1
    assert (tmp_path / "html" / "news" / "unclosed.html").is_file()


def nested_links(html: str) -> list[str]:
    """Snippets where an <a> opens inside another <a> (invalid HTML: the
    browser closes the outer link early, so it no longer leads anywhere)."""
    depth, found = 0, []
    for match in re.finditer(r"<a\b|</a>", html):
        if match.group() == "</a>":
            depth = max(depth - 1, 0)
            continue
        if depth:
            found.append(html[max(match.start() - 120, 0) : match.end() + 60])
        depth += 1
    return found


def test_raw_html_heading_does_not_nest_links(bad_input_build):
    """``## <a href=...>標題連結</a>`` is a heading the editors really write."""
    html = bad_input_build.text("news/raw-html")
    assert "標題連結" in html
    assert nested_links(html) == []


def test_no_description_gives_no_description_tags(bad_input_build):
    head = bad_input_build.soup("news/no-category").head
    assert head.find("meta", attrs={"name": "description"}) is None
    assert head.find("meta", attrs={"property": "og:description"}) is None


def test_search_index_keeps_titles_as_plain_text(bad_input_build):
    index = bad_input_build.search_index()
    titles = dict(zip(index["docnames"], index["titles"]))
    assert titles["news/script-title"] == "<script>alert('x')</script> & 標題"
    assert titles["news/wrong-types"] == "標題一 標題二"
    assert titles["news/empty"] == "empty"
