"""Vue/Nuxt components written as raw HTML tags: <nuxt-link>, <nuxt-img>,
<lite-youtube> as links and images; unknown ones keep their content in
mdc-<name> elements with one articles.mdc warning per name per file."""

from __future__ import annotations

import html5lib
import pytest

from conftest import ROOTS, build, squash

ROOT = ROOTS / "test-vue-tags"
PUBLIC = "tests/roots/test-vue-tags/public"  # relative to the conf dir (REPO)
EXTRA = ("-D", f"articles_public_dir={PUBLIC}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(ROOT / "content", tmp_path_factory.mktemp("vue") / "html", *EXTRA)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def latex(tmp_path_factory):
    result = build(ROOT / "content", tmp_path_factory.mktemp("vue") / "latex", *EXTRA, builder="latex")
    assert result.returncode == 0, result.stderr[-3000:]
    return (result.outdir / "site.tex").read_text(encoding="utf-8")


def body(site, docname: str):
    """The article body as browsers parse it (html5lib), without the related-articles box."""
    tree = html5lib.parse(site.text(docname), namespaceHTMLElements=False)
    article = next(el for el in tree.iter("article") if "bd-article" in el.get("class", ""))
    for related in [el for el in article.iter() if "article-related" in el.get("class", "").split()]:
        related.clear()
    return article


def text_of(element) -> str:
    return squash("".join(element.itertext()))


def links(article) -> dict[str, str]:
    return {text_of(a): a.get("href") for a in article.iter("a") if "headerlink" not in a.get("class", "")}


def with_class(article, name: str) -> list:
    return [el for el in article.iter() if name in el.get("class", "").split()]


# -- links, images, videos ---------------------------------------------------------------


def test_nuxt_link_to_a_page_links_that_page(site):
    found = links(body(site, "news/links"))
    assert found["報名須知"] == "target.html"
    assert found["會場位置"].startswith("target.html#")  # <NuxtLink>, with the heading's anchor
    assert found["外部地圖"] == "https://example.org/map"  # href, not to


def test_nuxt_img_and_nuxt_picture_are_images_from_the_public_folder(site):
    images = {img.get("alt"): img for img in body(site, "news/links").iter("img")}
    assert images["市集照片"].get("src") == "../_images/photo.png"
    assert "width: 120px" in images["市集照片"].get("style") and "height: 90px" in images["市集照片"].get("style")
    assert images["整段圖片"].get("src") == "../_images/photo.png"
    assert (site.outdir / "_images" / "photo.png").is_file()
    assert "不見的圖" not in images and "不見的圖" in text_of(body(site, "news/links"))  # missing: its alt text


def test_lite_youtube_is_a_link_to_the_video(site):
    assert links(body(site, "news/links"))["播放活動影片"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    inside = links(body(site, "news/unknown"))  # inside an unknown <client-only>, its text as the label
    assert inside["客戶端影片"] == "https://www.youtube.com/watch?v=abc_DEF-123"


def test_no_component_tag_reaches_the_page(site):
    for docname in ("news/links", "news/unknown", "news/hostile"):
        tags = {el.tag for el in body(site, docname).iter() if isinstance(el.tag, str)}
        assert not {tag for tag in tags if "-" in tag or tag.startswith(("nuxt", "barchart"))}, docname


# -- unknown components --------------------------------------------------------------------


def test_unknown_components_keep_their_content(site):
    article = body(site, "news/unknown")
    inline = with_class(article, "mdc-bar-chart-cache-build")
    assert [el.tag for el in inline] == ["span", "span"]  # <bar-chart-cache-build> and <BarChartCacheBuild>
    assert text_of(inline[0]) == "圖表說明"
    (alert,) = with_class(article, "mdc-base-alert")
    assert alert.tag == "div" and text_of(alert) == "提醒：請帶水壺。"
    assert alert.find(".//strong") is not None  # the Markdown between its tags
    (client,) = with_class(article, "mdc-client-only")
    assert client.tag == "div" and "一般區塊" in text_of(client)
    assert [el.tag for el in with_class(article, "mdc-the-footer")] == ["div"]  # <TheFooter />


def test_standard_html_is_untouched(site):
    assert "<details><summary>標準標籤</summary>保持原樣 <span>不動</span></details>" in site.text("news/unknown")
    (kept,) = with_class(body(site, "news/unknown"), "keep")
    assert kept.tag == "div" and text_of(kept) == "一般區塊"


def test_one_mdc_warning_per_name_per_file_with_its_line(site):
    found = sorted((w.file, w.line, w.message.split("'")[1]) for w in site.warnings if w.kind == "articles.mdc")
    assert found == [
        ("hostile.md", 17, "x-huge"),
        ("unknown.md", 7, "bar-chart-cache-build"),  # once, though written twice and in two spellings
        ("unknown.md", 9, "base-alert"),
        ("unknown.md", 15, "client-only"),
        ("unknown.md", 22, "the-footer"),
    ]


def test_missing_image_is_reported_like_a_markdown_image(site):
    found = [(w.file, w.line, w.kind) for w in site.warnings if w.kind == "articles.image"]
    assert found == [("links.md", 15, "articles.image")]
    assert "'/img/missing.png' not found in the public folder" in site.warnings_for("links.md")[0].message


# -- hostile input -------------------------------------------------------------------------


def test_javascript_urls_never_become_links_or_images(site):
    article = body(site, "news/hostile")
    hrefs = [a.get("href", "") for a in article.iter("a")]
    assert not [href for href in hrefs if "script" in href.replace("\t", "").lower() and "example.org" not in href]
    assert [img for img in article.iter("img")] == []
    assert all(word in text_of(article) for word in ("腳本連結", "分隔腳本", "壞影片", "大值"))  # nothing lost
    assert all(script.get("src") or "alert" not in (script.text or "") for script in article.iter("script"))
    kinds = [(w.line, w.kind) for w in site.warnings_for("hostile.md") if w.kind == "articles.html"]
    assert (7, "articles.html") in kinds and (11, "articles.html") in kinds and (13, "articles.html") in kinds


def test_quotes_and_script_in_values_stay_in_their_attribute(site):
    article = body(site, "news/hostile")
    link = next(a for a in article.iter("a") if a.get("href", "").startswith("https://example.org/"))
    assert link.get("href") == "https://example.org/?q=%22%3E%3C/script%3E%3Cscript%3Ealert(3)%3C/script%3E"
    assert '壞圖片"><script>alert(5)</script>' in text_of(article)  # the alt text, shown as text
    label = next(a for a in article.iter("a") if a.get("href", "").endswith("?v=xyz"))
    assert "分行\u2028符號" in label.text and "𠀋" in label.text  # U+2028 and CJK kept


# -- the PDF book's LaTeX --------------------------------------------------------------


def test_latex_has_the_links_and_the_images(latex):
    assert r"\sphinxhref{https://example.org/map}{外部地圖}" in latex
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in latex and "播放活動影片" in latex
    assert (
        r"\hyperref[\detokenize{news/target::doc}]{\sphinxcrossref{\DUrole{std}{\DUrole{std-doc}{報名須知}}}}" in latex
    )
    assert latex.count(r"\sphinxincludegraphics") == 2 and latex.count("{{photo}.png}") == 2
    assert "圖表說明" in latex and "提醒" in latex  # unknown components' content is in the book
    assert "javascript" not in latex.lower()
