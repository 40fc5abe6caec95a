"""The site as a book: PDF (xelatex) and EPUB, checked with real tools.

On a machine without TeX or epubcheck these tests skip and say what to
install; CI installs everything (.ci/run), so there they run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, ROOTS

sys.path.insert(0, str(REPO / "extensions"))
from sphinx_articles.content import article as article_mod  # noqa: E402

SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "t030.md"
CORPUS = SHARED / "corpus"
DRAFT = """---
title: 草稿標題不應出現
category: 公共建設
author: 草稿作者
tags: [草稿]
draft: true
---

草稿內文。
"""
SEED_LINK = "https://www.businesstoday.com.tw/article/category/183027/post/202401100076/"
TEX_PACKAGES = (
    "texlive-xetex texlive-lang-chinese texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended tex-gyre latexmk fonts-noto-cjk fonts-dejavu-core poppler-utils"
)


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: apt-get install {TEX_PACKAGES} epubcheck")


def sphinx(target: str, srcdir: Path, builddir: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sphinx", "-M", target, str(srcdir), str(builddir),
               "-c", str(REPO), "--no-color", *extra]  # fmt: skip
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)


def articles_in(srcdir: Path) -> list[article_mod.Article]:
    found = []
    for path in sorted(srcdir.rglob("*.md")):
        docname = path.relative_to(srcdir).with_suffix("").as_posix()
        record = article_mod.read(docname, path.read_bytes().decode("utf-8", "replace"), "未分類")
        if path.stem != "index" and not record.draft:
            found.append(record)
    return found


def pdf_text(pdf: Path) -> str:
    """The PDF's text without white space (pdftotext adds spaces between
    Latin and Han characters, and line breaks anywhere)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return squeeze(text)


def squeeze(text: str) -> str:
    """No white space; LaTeX's hyphens (U+2010, U+2011) read as '-'."""
    return re.sub(r"\s+", "", text).replace("\u2011", "-").replace("\u2010", "-")


def outline_titles(reader: PdfReader) -> list[str]:
    titles, stack = [], [reader.outline]
    while stack:
        for item in stack.pop():
            if isinstance(item, list):
                stack.append(item)
            else:
                titles.append(item.title)
    return titles


def link_targets(reader: PdfReader) -> set[str]:
    uris = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.add(str(action["/URI"]))
    return uris


def epubcheck(epub: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("epubcheck")
    command = ["java", "-jar", tool] if Path(tool).read_bytes()[:2] == b"PK" else [tool]
    return subprocess.run([*command, str(epub)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def small_root(tmp_path_factory) -> Path:
    """The basic test root plus the seed article (raw HTML links, no images)."""
    root = tmp_path_factory.mktemp("book") / "src"
    shutil.copytree(ROOTS / "test-basic", root)
    if SEED.is_file():
        (root / "seed").mkdir()
        shutil.copy(SEED, root / "seed" / SEED.name)
    (root / "news" / "draft.md").write_text(DRAFT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def small_pdf(small_root, tmp_path_factory):
    require("xelatex", "latexmk", "pdftotext", "pdffonts")
    build = tmp_path_factory.mktemp("pdf")
    result = sphinx("latexpdf", small_root, build)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return build / "latex" / "site.pdf", result


@pytest.fixture(scope="module")
def corpus_pdf(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not present")
    require("xelatex", "latexmk", "pdftotext", "pdffonts")
    build = tmp_path_factory.mktemp("corpus-pdf")
    result = sphinx("latexpdf", CORPUS, build, "-q")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return build / "latex" / "site.pdf"


def test_pdf_has_every_article_title_and_body_text(small_root, small_pdf):
    pdf, _ = small_pdf
    text = pdf_text(pdf)
    for record in articles_in(small_root):
        assert squeeze(record.title) in text, record.title
    if SEED.is_file():
        assert "本次的跨機關會報以「智慧」及「智匯」為主軸" in text


def test_pdf_has_no_draft_and_plain_authors(small_pdf):
    pdf, result = small_pdf
    text = pdf_text(pdf)
    assert "草稿標題不應出現" not in text and "草稿內文" not in text
    assert "里辦公處" in text  # the byline's author: a link on the web site, text in the book
    assert "_authors" not in "".join(link_targets(PdfReader(pdf)))
    assert "unknown document" not in result.stderr


def test_pdf_fonts_are_embedded_cjk_fonts(small_pdf):
    pdf, _ = small_pdf
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert any("CJK" in row for row in rows)
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row


def test_pdf_log_has_no_missing_characters(small_pdf):
    pdf, _ = small_pdf
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not present")
def test_seed_raw_html_link_is_a_pdf_link(small_pdf):
    pdf, _ = small_pdf
    assert SEED_LINK in link_targets(PdfReader(pdf))


def test_pdf_outline_has_sections_categories_and_every_article(small_root, small_pdf):
    pdf, _ = small_pdf
    titles = outline_titles(PdfReader(pdf))
    for record in articles_in(small_root):
        assert record.title in titles, record.title
    assert "社區新聞" in titles  # a section (configured title)
    assert "文化活動" in titles and {"親子 講座", "親子講座"} & set(titles)  # two-level category


def test_pdf_metadata(small_pdf):
    pdf, _ = small_pdf
    reader = PdfReader(pdf)
    assert reader.metadata.title == "青松里社區網站"
    assert reader.metadata.author == "青松里社區網站編輯群"
    assert reader.trailer["/Root"]["/Lang"] == "zh-TW"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_pdf_keeps_the_byline_and_facts(small_pdf):
    pdf, _ = small_pdf
    text = pdf_text(pdf)
    assert "作者：" in text and "日期：" in text and "類別：" in text
    assert "status" in text  # extra keys in the facts table


def test_missing_image_is_a_warning_and_the_pdf_is_made(small_pdf):
    pdf, result = small_pdf
    if not SEED.is_file():
        pytest.skip("seed article not present")
    assert "t030-1.jpeg' not found in the public folder" in result.stderr
    assert pdf.is_file()


def test_latex_error_fails_the_build(tmp_path):
    require("xelatex", "latexmk")
    src = tmp_path / "src" / "news"
    src.mkdir(parents=True)
    (src / "broken.md").write_text(
        "---\ntitle: 壞掉的 LaTeX\ncategory: 測試\n---\n\n```{raw} latex\n\\undefinedcommandxyz\n```\n",
        encoding="utf-8",
    )
    result = sphinx("latexpdf", tmp_path / "src", tmp_path / "build")
    assert result.returncode != 0


def test_corpus_pdf_has_every_title_and_no_missing_characters(corpus_pdf):
    text = pdf_text(corpus_pdf)
    for record in articles_in(CORPUS):
        assert squeeze(record.title) in text, record.title
    assert "Missing character" not in corpus_pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert len(outline_titles(PdfReader(corpus_pdf))) >= len(articles_in(CORPUS))


# -- EPUB --------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_epub(small_root, tmp_path_factory):
    build = tmp_path_factory.mktemp("epub")
    result = sphinx("epub", small_root, build)
    assert result.returncode == 0, result.stderr[-3000:]
    return build / "epub" / "site.epub"


def test_epub_passes_epubcheck(small_epub):
    require("epubcheck", "java")
    result = epubcheck(small_epub)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_epub_has_no_draft_and_no_archive_pages(small_epub):
    with zipfile.ZipFile(small_epub) as book:
        names = book.namelist()
        text = "".join(book.read(name).decode() for name in names if name.endswith((".xhtml", ".opf", ".ncx")))
    assert "草稿標題不應出現" not in text and "草稿內文" not in text
    assert not [name for name in names if name.startswith(("_archive", "_authors", "_tags"))]
    assert "里辦公處" in text


def test_epub_language_cover_and_bylines(small_epub):
    with zipfile.ZipFile(small_epub) as book:
        opf = book.read("content.opf").decode()
        assert "<dc:language>zh-TW</dc:language>" in opf
        cover = re.search(r'<meta name="cover" content="([^"]+)"', opf)
        assert cover and re.search(rf'id="{cover.group(1)}" href="_static/cover.png"', opf)
        pages = [book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml")]
    assert sum("article-byline" in page for page in pages) >= len(articles_in(small_epub.parents[2] / "src")) - 1


def test_corpus_epub_passes_epubcheck(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not present")
    require("epubcheck", "java")
    result = sphinx("epub", CORPUS, tmp_path, "-q")
    assert result.returncode == 0, result.stderr[-3000:]
    check = epubcheck(tmp_path / "epub" / "site.epub")
    assert check.returncode == 0, check.stdout[-3000:]


def test_repaired_raw_html_epub_passes_epubcheck(tmp_path):
    """Editors' malformed raw HTML (nested and stray ``<a>``, unclosed tags) is
    repaired before any writer sees it, so the EPUB's XHTML is well-formed."""
    require("epubcheck", "java")
    result = sphinx("epub", ROOTS / "test-raw-html", tmp_path, "-q")
    assert result.returncode == 0, result.stderr[-3000:]
    check = epubcheck(tmp_path / "epub" / "site.epub")
    assert check.returncode == 0, check.stdout[-3000:]


# -- hostile names and values -------------------------------------------------

HOSTILE_NAMES = [
    'news/it\'s "x" <b>&#?%', "news/a{b}c ~^_$", "news/q?x*y|z:w", "活動 'x'/e1", "news/back\\slash",
    "news/ctrl\x14char",  # a control character: xelatex stops at one in a label
]  # fmt: skip
LONG_RUN = "'" * 6000  # TeX's '' ligature: 3,000 ” without a place to break


@pytest.fixture(scope="module")
def hostile_book_root(tmp_path_factory) -> Path:
    """Article files named with characters TeX, OCF (EPUB) and URLs treat as
    syntax, and values no line could hold unbroken."""
    root = tmp_path_factory.mktemp("hostile-book") / "src"
    shutil.copytree(ROOTS / "test-hostile", root)
    for number, name in enumerate(HOSTILE_NAMES):
        path = root / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        # a data: URI Sphinx cannot decode (its LaTeX and EPUB builders stopped at one)
        title = f"檔名{number} {name}".replace("\x14", "")  # YAML takes no control character
        path.write_text(f"---\ntitle: {title}\ncategory: \"x}}{{%#\"\nstatus: \"{LONG_RUN}\"\n"
                        "image: data:image/svg+xml\n---\n\n"
                        f"本文 data:image/png;base64,{'QUJD' * 2000}\n", encoding="utf-8")  # fmt: skip
    return root


def test_hostile_names_and_long_runs_make_a_pdf(hostile_book_root, tmp_path):
    require("xelatex", "latexmk", "pdftotext")
    result = sphinx("latexpdf", hostile_book_root, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = pdf_text(tmp_path / "latex" / "site.pdf")
    for number in range(len(HOSTILE_NAMES)):
        assert f"檔名{number}" in text


def test_hostile_names_make_a_valid_epub(hostile_book_root, tmp_path):
    require("epubcheck", "java")
    result = sphinx("epub", hostile_book_root, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    check = epubcheck(tmp_path / "epub" / "site.epub")
    assert check.returncode == 0, check.stdout[-3000:]
    with zipfile.ZipFile(tmp_path / "epub" / "site.epub") as book:
        pages = "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml"))
    for number in range(len(HOSTILE_NAMES)):
        assert f"檔名{number}" in pages


# -- Read the Docs -----------------------------------------------------------


def test_read_the_docs_commands_make_html_pdf_and_epub(tmp_path):
    require("xelatex", "latexmk")
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    env = {
        **os.environ,
        "READTHEDOCS_OUTPUT": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    for command in config["build"]["commands"]:
        if command.startswith("python -m pip install"):
            # Installed already (make test); run here, it would re-point the
            # test's venv at whichever checkout the tests run from.
            assert command == 'python -m pip install --quiet -e ".[pdf]"'
            continue
        result = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, (command, result.stderr[-2000:])
    assert (tmp_path / "html" / "index.html").is_file()
    assert (tmp_path / "pdf" / "site.pdf").is_file()
    assert (tmp_path / "epub" / "site.epub").is_file()


def test_svg_images_are_converted_for_the_pdf_and_a_broken_one_is_its_alt_text(tmp_path):
    """xelatex cannot include SVG: CairoSVG converts them; an unreadable SVG
    becomes its alt text with a warning, and the PDF is still made."""
    require("xelatex", "latexmk", "pdftotext")
    src = ROOTS / "test-svg-pdf"
    result = sphinx("latexpdf", src, tmp_path, "-D", "articles_public_dir=tests/roots/test-svg-pdf/public")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    pdf = PdfReader(tmp_path / "latex" / "site.pdf")
    drawn = [name for page in pdf.pages for name in (page["/Resources"].get("/XObject") or {})]
    assert len(drawn) == 1  # the tree, converted to a PDF drawing
    assert "壞掉的圖示" in pdf_text(tmp_path / "latex" / "site.pdf")
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "trees.md:13:" in warnings[0] and "broken.svg" in warnings[0], warnings
    assert warnings[0].endswith("[articles.image]")
