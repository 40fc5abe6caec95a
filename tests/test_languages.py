"""The site's language: interface words, search and messages per Sphinx ``language``.

tests/roots/test-languages (one Japanese and one English article, one
without a category) is built as zh_TW (conf.py's), zh_CN, ja and en.  The
interface words (bylines, listings, facts, the generated pages' titles, the
theme's and the site's template strings) follow the language; the search
index splits Japanese with Sphinx's TinySegmenter and stems English.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from test_search_browser import search_results

from conftest import ROOTS, build, squash

SRC = ROOTS / "test-languages"
LANGUAGES = ["zh_TW", "zh_CN", "ja", "en"]

# language -> (byline labels, listing rubrics, uncategorized, archive heading, the 2025 page's title, yes)
EXPECTED = {
    "zh_TW": (["作者：", "日期：", "類別："], ["類別", "最新文章"], "未分類", "文章彙整", "2025 年", "是"),
    "zh_CN": (["作者：", "日期：", "分类："], ["分类", "最新文章"], "未分类", "文章归档", "2025 年", "是"),
    "ja": (["著者：", "日付：", "カテゴリ："], ["カテゴリ", "新着記事"], "未分類", "アーカイブ", "2025年", "はい"),
    "en": (["Author: ", "Date: ", "Category: "], ["Categories", "Latest articles"], "Uncategorized", "Archive", "2025", "yes"),
}  # fmt: skip
# The theme's and the site's template strings: (previous/next subtitles, sidebar aria-label, search box placeholder)
CHROME = {
    "zh_TW": ({"上一篇", "下一篇"}, "分區與類別", "搜尋..."),
    "zh_CN": ({"上一篇", "下一篇"}, "栏目与分类", "搜索..."),
    "ja": ({"前の記事", "次の記事"}, "セクションとカテゴリ", "検索..."),
    "en": ({"Previous article", "Next article"}, "Sections and categories", "Search..."),
}


@pytest.fixture(scope="module", params=LANGUAGES)
def site(request, tmp_path_factory):
    language = request.param
    extra = () if language == "zh_TW" else ("-D", f"language={language}")
    result = build(SRC, tmp_path_factory.mktemp(f"lang-{language}") / "html", *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    result.language = language
    return result


def texts(elements) -> list[str]:
    return [element.get_text() for element in elements]


def test_bylines_listings_and_titles_follow_the_language(site):
    byline, rubrics, uncategorized, archive, year, yes = EXPECTED[site.language]
    article = site.soup("guide/setup").find("article")
    assert texts(article.select_one(".article-byline").select(".article-label")) == byline
    facts = squash(article.select_one(".article-facts").get_text(" "))
    assert facts.endswith(yes), facts
    section = site.soup("guide/index").find("article")
    assert texts(section.select("p.rubric")) == rubrics
    home = site.soup("index").find("article")
    assert archive in texts(home.find_all(["h2", "p"]))
    assert site.soup("_archive/2025").title.get_text().startswith(year + " ")
    category = [w for w in site.warnings_for("untitled-category.md") if w.kind == "articles.frontmatter"]
    assert [w.message for w in category] == [f"no 'category'; the article is filed under '{uncategorized}'"]
    untitled = site.soup("guide/untitled-category").find("article").select_one(".article-byline")
    assert untitled.select("a")[-1].get_text() == uncategorized


def test_theme_and_site_templates_follow_the_language(site):
    neighbours, sections, search_box = CHROME[site.language]
    page = site.soup("guide/deploy")
    assert page.html["lang"].replace("-", "_").startswith(site.language.split("_")[0])
    sidebar = page.select_one("nav.bd-docs-nav")
    assert sidebar["aria-label"] == sections
    assert page.select_one("input[type=search]")["placeholder"] == search_box
    # setup and first-steps are neighbours in their category (入門)
    subtitles = {
        squash(p.get_text())
        for doc in ("guide/setup", "guide/first-steps")
        for p in site.soup(doc).select(".prev-next-subtitle")
    }
    assert subtitles == neighbours
    catalog = (site.outdir / "_static" / "translations.js").read_text(encoding="utf-8")
    found = json.loads(catalog[catalog.index("(") + 1 : catalog.rindex(")")])["messages"]
    message = "Search finished, found one page matching the search query."
    assert message in found, sorted(found)[:20]
    wanted = {"zh_TW": "篇文章", "zh_CN": "篇文章", "ja": "件の記事", "en": "article"}[site.language]
    assert wanted in json.dumps(found[message], ensure_ascii=False)
    moved = BeautifulSoup((site.outdir / "guide" / "start.html").read_text(encoding="utf-8"), "html.parser")
    assert moved.html["lang"] == page.html["lang"]
    title = {
        "zh_TW": "本頁已移動",
        "zh_CN": "本页已移动",
        "ja": "このページは移動しました",
        "en": "This page has moved",
    }
    assert moved.title.get_text() == title[site.language]
    assert moved.find("a")["href"] == "first-steps.html"


def test_search_index_uses_the_language(site):
    terms = site.search_index()["terms"]
    if site.language == "ja":
        assert "インストール" in terms and "パッケージ" in terms
        # TinySegmenter's words are cut at punctuation (it gives 。しかし and 、子ビュー)
        assert "しかし" in terms and "ビュー" in terms
        assert not [term for term in terms if re.match(r"\W", term)]
    elif site.language == "en":
        assert "instal" in terms and "install" not in terms  # English stems: install, installing -> instal
    else:  # Chinese: jieba cuts the kana run apart; the Latin words are stemmed
        assert "instal" in terms


@pytest.mark.parametrize(
    ("language", "query", "page"), [("ja", "インストール", "guide/setup"), ("en", "installing", "guide/deploy")]
)
def test_search_page_finds_the_language_words(language, query, page, tmp_path):
    from conftest import served

    result = build(SRC, tmp_path / "html", "-D", f"language={language}")
    assert result.returncode == 0, result.stderr[-3000:]
    with served(result.outdir) as url:
        found = [href.removesuffix(".html") for href in search_results(url, query, tmp_path / "profile")]
    assert page in found


def test_user_labels_replace_single_words():
    from sphinx_articles.config import complete_labels

    config = SimpleNamespace(language="ja", articles_labels={"tags": "キーワード"}, articles_default_category="")
    complete_labels(None, config)
    assert config.articles_labels["tags"] == "キーワード"
    assert config.articles_labels["category"] == "カテゴリ"
    assert config.articles_default_category == "未分類"
    config = SimpleNamespace(language="fr", articles_labels={}, articles_default_category="Divers")
    complete_labels(None, config)
    assert config.articles_labels["latest"] == "Latest articles"  # English for languages without a set
    assert config.articles_default_category == "Divers"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh_TW", "zh_TW"), ("zh-HK", "zh_TW"), ("zh_Hant", "zh_TW"), ("zh_CN", "zh_CN"), ("zh", "zh_CN"),
     ("ja", "ja"), ("ja_JP", "ja"), ("en", "en"), ("de", "en"), (None, "en")],
)  # fmt: skip
def test_label_sets(language, expected):
    from sphinx_articles.labels import label_set

    assert label_set(language) == expected


# -- tag names in prose, U+FFFD -----------------------------------------------------------


@pytest.fixture(scope="module")
def tag_words(tmp_path_factory):
    result = build(ROOTS / "test-tag-words", tmp_path_factory.mktemp("tag-words") / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def paragraphs(site, docname: str) -> list[str]:
    article = BeautifulSoup(site.text(docname), "html.parser").find("article")
    return [squash(p.get_text()) for p in article.find_all("p") if "article-byline" not in p.get("class", [])]


def test_tag_names_in_prose_stay_text(tag_words):
    assert "ERROR" not in tag_words.stderr
    assert [w.message for w in tag_words.warnings_for("images.md")] == [
        "`<em>` is not closed in this paragraph: closed at its end"
    ]
    shown = paragraphs(tag_words, "docs/images")
    assert shown[0] == "Use the <img> tag for a picture, or the <video> element for a film."
    assert shown[1] == "Write a <div> and a <script> tag in text, and <NuxtLink> components."
    assert shown[4] == "ページには <img> タグと<div>要素を書きます。"
    article = BeautifulSoup(tag_words.text("docs/images"), "html.parser").find("article")
    assert not article.find_all(["img", "video", "script", "nuxtlink"])
    assert article.find("div", class_=False) is None
    assert article.find("br") is not None and article.find("b").get_text() == "bold"
    assert article.find("h2").find("code").get_text() == "<img>"


def test_inline_code_shows_what_was_written(tag_words):
    article = BeautifulSoup(tag_words.text("docs/images"), "html.parser").find("article")
    # Sphinx keeps runs of spaces with no-break spaces, as a browser shows them
    codes = [code.get_text().replace("\xa0", " ") for code in article.find_all("code")]
    assert codes[:4] == ["<img>", '<img src="a.png" alt="">', "<b>bold</b>", "a  <br>  b"]


def test_a_literal_replacement_character_is_no_encoding_error(tmp_path):
    result = build(ROOTS / "test-replacement-char", tmp_path / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert [w for w in result.warnings if w.kind == "articles.encoding"] == [
        next(w for w in result.warnings if w.file == "bad-byte.md")
    ]
    (bad,) = result.warnings_for("bad-byte.md")
    assert (bad.line, bad.kind) == (9, "articles.encoding")  # the bad byte's line, not the literal U+FFFD's (7)
    assert "\ufffd" in result.article("news/literal").get_text()


# -- the PDF and the EPUB ------------------------------------------------------------------


def test_the_books_follow_the_language(tmp_path):
    latex = build(SRC, tmp_path / "latex", "-D", "language=ja", builder="latex")
    assert latex.returncode == 0, latex.stderr[-3000:]
    tex = (latex.outdir / "site.tex").read_text(encoding="utf-8")
    assert "\\setCJKmainfont{Noto Serif CJK JP}" in tex and "\\usepackage{xeCJK}" in tex
    assert "pdflang={ja}" in tex and "jsbook" not in tex and "polyglossia" not in tex
    epub = build(SRC, tmp_path / "epub", "-D", "language=ja", builder="epub")
    assert epub.returncode == 0, epub.stderr[-3000:]
    assert "<dc:language>ja</dc:language>" in (epub.outdir / "content.opf").read_text(encoding="utf-8")
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        pytest.skip("the PDF needs TeX: see README")
    made = subprocess.run(["make", "all-pdf"], cwd=latex.outdir, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout[-3000:]
    text = subprocess.run(["pdftotext", str(latex.outdir / "site.pdf"), "-"], capture_output=True, text=True).stdout
    assert "目次" in text and "著者：編集部" in text
