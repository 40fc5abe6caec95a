"""MDC components rendered: admonitions, sphinx-design tabs and cards, links,
media, badges, code captions; unknown components kept and reported; the same
content in the PDF and the EPUB."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from test_books import epubcheck, link_targets, pdf_text, require, sphinx, squeeze

from conftest import ROOTS, build, squash

SRC = ROOTS / "test-mdc"
PUBLIC = "tests/roots/test-mdc/public"  # relative to the conf dir (REPO)
OPTIONS = ("-D", f"articles_public_dir={PUBLIC}", "-D", "articles_mdc_components.side-note=note")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(SRC, tmp_path_factory.mktemp("mdc") / "html", *OPTIONS)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def texts(elements) -> list[str]:
    return [squash(element.get_text()) for element in elements]


def test_no_mdc_syntax_leaks_into_any_page(site):
    for page in sorted(SRC.glob("guide/*.md")):
        body = BeautifulSoup(str(site.article(f"guide/{page.stem}")), "lxml")  # a copy: code is removed
        for code in body.select("pre, code"):
            code.decompose()
        text = body.get_text()
        assert "::" not in text, page.name
        assert ":source{" not in text and "#title" not in text and "---" not in text, page.name


def test_admonitions_with_their_titles(site):
    body = site.article("guide/admonitions")
    assert "垃圾車" in squash(body.select_one("div.admonition.note").get_text())
    tip = body.select_one("div.admonition.tip")
    assert texts(tip.select("p.admonition-title")) == ["省水小撇步"]
    warning = body.select_one("div.admonition.warning")
    assert texts(warning.select("p.admonition-title")) == ["颱風天注意"]
    assert warning.find("strong").get_text() == "盆栽"
    assert len(body.select("div.admonition.tip")) == 2  # ::alert{type="success"} is a tip
    callout = body.select_one("div.admonition.note.mdc-callout")
    assert "會議紀錄" in callout.get_text() and texts(callout.select("p.admonition-title")) == ["備註"]
    assert "油漆" in body.select_one("div.admonition.caution").get_text()
    assert "停水" in body.select_one("div.admonition.important").get_text()


def test_code_group_and_tabs_are_sphinx_design_tabs(site):
    body = site.article("guide/tabs")
    code_group, tabs = body.select("div.sd-tab-set")
    assert texts(code_group.select("label.sd-tab-label")) == ["npm", "yarn"]
    assert texts(code_group.select("div.sd-tab-content pre")) == ["npm install neighbour-app", "yarn add neighbour-app"]
    assert texts(tabs.select("label.sd-tab-label")) == ["線上報名", "現場報名", "預覽"]
    assert "活動中心" in tabs.select("div.sd-tab-content")[1].get_text()
    # a label is shown once: no caption, no label prop inside its tab
    assert not code_group.select(".caption-text")
    assert texts(tabs.select("div.sd-tab-content")[2].select("p")) == ["預覽內容"]
    # sphinx-design's files on this page, and only on pages with components
    assert site.soup("guide/tabs").find("link", href=lambda h: h and "sphinx-design" in h)
    assert not site.soup("guide/code").find("link", href=lambda h: h and "sphinx-design" in h)
    assert not site.soup("guide/code").find("script", src=lambda s: s and "design-tabs" in s)


def test_cards_and_card_group(site):
    body = site.article("guide/cards")
    grid = body.select_one("div.sd-row")
    assert texts(grid.select("div.sd-card .sd-card-title")) == ["里辦公處", "社區圖書室"]
    link = grid.select_one("div.sd-card a")
    assert link["href"] == "https://example.org/office" and link.get("target") == "_blank"
    assert "sd-stretched-link" in link["class"]  # the whole card is the link
    assert "延長開放" in grid.select("div.sd-card")[1].get_text()
    alone = body.select("div.sd-card")[-1]
    assert texts(alone.select(".sd-card-title")) == ["志工招募"]
    assert "打掃公園" in alone.select_one(".sd-card-text").get_text()


def test_read_more_and_link_components_are_links(site):
    body = site.article("guide/links")
    recycling = body.find("a", href="https://example.org/recycling")
    assert squash(recycling.get_text()) == "資源回收的完整分類表"
    to_page = body.find("a", href="tabs.html")
    assert squash(to_page.get_text()) == "報名方式分頁"  # the page's title, as MyST gives [](tabs.md)
    assert squash(body.find("a", href="https://example.org/signup").get_text()) == "報名頁面"
    contact = body.find("a", href="https://example.org/contact")
    assert squash(contact.get_text()) == "聯絡我們" and contact.get("target") == "_blank"


def test_video_youtube_and_nuxt_img(site):
    body = site.article("guide/media")
    videos = body.find_all("video")
    assert [[s["src"] for s in v.find_all("source")] for v in videos] == [
        ["/media/cleanup.mp4", "/media/cleanup.webm"],
        ["https://example.org/media/parade.mp4"],
    ]
    youtube = body.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert squash(youtube.get_text()) == "里民運動會"
    poster = videos[0]["poster"]  # through the public folder, like the sources
    assert poster.startswith("../_downloads/") and (site.outdir / "guide" / poster).resolve().is_file()
    assert not [p for p in body.find_all("p") if not p.get_text(strip=True) and not p.find()]
    image = body.find("img", alt="社區標誌")
    assert image is not None and (site.outdir / "guide" / image["src"]).resolve().is_file()


def test_code_fences_show_their_file_name_and_language(site):
    body = site.article("guide/code")
    captions = texts(body.select("div.literal-block-wrapper .code-block-caption .caption-text"))
    assert captions == ["nuxt.config.ts", "nuxt.config.js", "lines.js"]
    languages = [div["class"][0] for div in body.select("div[class^=highlight-]")]
    assert languages == ["highlight-ts", "highlight-js", "highlight-js", "highlight-python"]
    assert texts(body.select("div.highlight-js span.hll")) == ["const b = 2"]
    assert not [w for w in site.warnings_for("code.md") if "lexer" in w.message.lower()]


def test_unknown_components_are_kept_and_reported_once_per_name(site):
    body = site.article("guide/unknown")
    banners = body.select("div.mdc-hero-banner")
    assert len(banners) == 2
    assert texts(banners[0].select(".mdc-prop-title")) == ["歡迎來到青松里"]
    assert "介紹文字" in banners[0].get_text() and "第二個橫幅" in banners[1].get_text()
    assert texts(body.select("span.mdc-sparkle-text")) == ["閃亮文字", "另一段"]
    # a URL given to an unknown component is a link; a line break; a wrapper without a warning
    assert body.select_one("span.mdc-sandbox a")["href"] == "https://example.org/sandbox/1"
    assert [squash(t) for t in body.find("br").parent.strings] == ["第一行", "第二行"]
    assert texts(body.select("pre")) == ["collapsed()"]
    reported = [(w.line, w.kind) for w in site.warnings_for("unknown.md")]
    assert reported == [(7, "articles.mdc"), (11, "articles.mdc"), (21, "articles.mdc")], site.warnings_for(
        "unknown.md"
    )
    messages = [w.message for w in site.warnings_for("unknown.md")]
    assert "'hero-banner'" in messages[0] and "'sparkle-text'" in messages[1] and "'sandbox'" in messages[2]


def test_a_component_mapped_in_conf_renders_as_that_directive(site):
    note = site.article("guide/unknown").select("div.admonition.note")
    assert texts(note) and "設定檔對應" in note[0].get_text()


def test_spans_badges_and_keys(site):
    body = site.article("guide/spans")
    assert squash(body.select_one("span.highlight#key-word").get_text()) == "重要的字"
    assert squash(body.select_one("span.sd-badge.sd-bg-success").get_text()) == "新"
    assert squash(body.select_one("code.kbd, kbd").get_text()) == "Ctrl"


def test_hostile_props_are_text_everywhere(site):
    page = site.soup("guide/hostile")
    body = site.article("guide/hostile")
    assert not body.find("script") and not body.find("b")
    assert not page.find(attrs={"href": lambda h: h and h.lower().startswith("javascript")})
    assert not page.find(attrs={"src": lambda s: s and s.lower().startswith("javascript")})
    title = squash(body.select_one("div.admonition.tip p.admonition-title").get_text())
    assert title.startswith("</script><script>alert(1)</script>")
    assert "a_b$%&#{}~^\\.ts" in texts(body.select(".caption-text"))
    assert texts(body.select("label.sd-tab-label")) == ["</div>\"'&{}$_"]
    assert "內容保留" in body.get_text() and "不可以是連結" in body.get_text()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    require("xelatex", "latexmk", "pdftotext")
    out = tmp_path_factory.mktemp("mdc-pdf")
    result = sphinx("latexpdf", SRC, out, *OPTIONS)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "latex" / "site.pdf"


def test_pdf_has_admonitions_tab_labels_captions_and_links(pdf):
    text = pdf_text(pdf)
    for expected in ("省水小撇步", "颱風天注意", "npm", "yarn", "線上報名", "現場報名", "nuxt.config.ts",
                     "nuxt.config.js", "志工招募", "資源回收的完整分類表", "閃亮文字", "里民運動會",
                     "cleanup.mp4", "</script><script>alert(1)</script>"):  # fmt: skip
        assert squeeze(expected) in text, expected
    assert "::" not in text
    links = link_targets(PdfReader(pdf))
    assert {"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://example.org/recycling"} <= links


def test_epub_has_the_same_content(tmp_path_factory):
    out = tmp_path_factory.mktemp("mdc-epub")
    result = sphinx("epub", SRC, out, *OPTIONS)
    assert result.returncode == 0, result.stderr[-3000:]
    if shutil.which("epubcheck"):
        checked = epubcheck(out / "epub" / "site.epub")
        assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    with zipfile.ZipFile(out / "epub" / "site.epub") as book:
        pages = {n: book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")}
    tabs = BeautifulSoup(next(p for n, p in pages.items() if n.endswith("tabs.xhtml")), "lxml")
    # one tab after another under its label: no radio inputs, which EPUB's XHTML rejects
    assert texts(tabs.select("p.sd-tab-label")) == ["npm", "yarn", "線上報名", "現場報名", "預覽"]
    assert not tabs.find("input") and "活動中心" in tabs.get_text()
    code = BeautifulSoup(next(p for n, p in pages.items() if n.endswith("code.xhtml")), "lxml")
    assert texts(code.select(".caption-text")) == ["nuxt.config.ts", "nuxt.config.js", "lines.js"]
    admonitions = BeautifulSoup(next(p for n, p in pages.items() if n.endswith("admonitions.xhtml")), "lxml")
    assert "省水小撇步" in texts(admonitions.select("p.admonition-title"))
