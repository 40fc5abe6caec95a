"""Acceptance: the real articles in ../shared/corpus build in place.

The corpus folder is read-only in CI, which also proves the build never
writes into a content folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extensions"))
from sphinx_articles.content import article as article_mod  # noqa: E402
from sphinx_articles.content.article import label_key  # noqa: E402
from sphinx_articles.content.site import safe_name  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO.parent / "shared" / "corpus").resolve()  # as Sphinx names it in warnings
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "--no-color", "-c", str(REPO), str(CORPUS), str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result.stderr


def corpus_articles():
    for path in sorted(CORPUS.rglob("*.md")):
        docname = path.relative_to(CORPUS).with_suffix("").as_posix()
        text = path.read_bytes().decode("utf-8", errors="replace")
        yield docname, article_mod.read(docname, text, "未分類")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_every_article_is_published_with_its_title(corpus_site):
    out, _ = corpus_site
    articles = list(corpus_articles())
    assert len(articles) >= 80
    for docname, record in articles:
        page = soup(out / f"{docname}.html")
        assert page.select_one("article h1").get_text().rstrip("#").strip() == record.title, docname


def test_every_article_is_listed_on_its_category_page(corpus_site):
    out, _ = corpus_site
    for docname, record in corpus_articles():
        section = docname.rpartition("/")[0]
        names = "/".join(safe_name(label_key(label)) for label in record.category)
        listing = soup(out / section / "_category" / f"{names}.html")
        hrefs = {unquote(a["href"]) for a in listing.select(".article-card-title a")}
        target = Path(docname).name + ".html"
        assert any(
            href.endswith("/" + target) or href == "../" * len(record.category) + target or href.endswith(target)
            for href in hrefs
        ), (docname, names)


def test_every_article_is_in_the_sitemap(corpus_site):
    out, _ = corpus_site
    root = ET.parse(out / "sitemap.xml").getroot()
    urls = {unquote(u.find("s:loc", SITEMAP_NS).text): u for u in root.findall("s:url", SITEMAP_NS)}
    for docname, record in corpus_articles():
        url = urls[f"https://example.org/{docname}.html"]
        lastmod = url.find("s:lastmod", SITEMAP_NS)
        assert (lastmod.text if lastmod is not None else "") == record.published_text


def test_only_missing_asset_and_raw_html_warnings(corpus_site):
    """The corpus ships no images or files; besides those, only its two broken <a> tags warn."""
    _, stderr = corpus_site
    lines = [line for line in stderr.splitlines() if "WARNING" in line]
    unexpected = [
        line for line in lines if not line.endswith(("[articles.image]", "[articles.file]", "[articles.html]"))
    ]
    assert unexpected == []
    assert "toctree" not in stderr
    html = sorted(line for line in lines if line.endswith("[articles.html]"))
    assert html == [
        f'{CORPUS}/city/t007.md:26: WARNING: `<a href="">` links nowhere: the tag is removed, its text kept [articles.html]',
        f"{CORPUS}/resident/r053.md:33: WARNING: `<a>` has `src`, not `href`: its URL is used as the link [articles.html]",
    ]


def test_raw_html_is_repaired(corpus_site):
    """t007's heading is ``## <a href="">title</a>``: once the empty link is gone it
    is the title itself (shown once, no link nested in the page's table of contents);
    r053's ``<a src=…>`` is a link."""
    out, _ = corpus_site
    t007 = BeautifulSoup((out / "city" / "t007.html").read_text(encoding="utf-8"), "html.parser")
    assert t007.select("a a") == []
    assert t007.select("article h2") == []
    assert t007.find("a", href="") is None
    r053 = soup(out / "resident" / "r053.html")
    assert r053.find("a", string="調查網站")["href"] == "https://lovable-transit-pulse.lovable.app/"


def test_spacing_variants_of_a_category_are_one_page(corpus_site):
    out, _ = corpus_site
    labels = {}
    for _docname, record in corpus_articles():
        for label in record.category:
            labels.setdefault(label_key(label), set()).add(label)
    assert labels, "corpus has categories"
    pages = list((out).rglob("_category/**/*.html"))
    assert len({p.stem for p in pages}) <= len(labels)


def test_chinese_search_finds_a_two_character_word(corpus_site):
    out, stderr = corpus_site
    assert "Building prefix dict" not in stderr
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    found = set()
    for table in ("terms", "titleterms"):  # a word in the title is indexed only there
        hits = index[table].get("桃園", [])
        found |= {index["docnames"][i] for i in (hits if isinstance(hits, list) else [hits])}
    assert {"city/t030", "city/t001"} <= found
