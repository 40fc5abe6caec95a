"""Acceptance: two real Nuxt Content sites build in place, cleanly.

``../shared/nuxt-sites/`` (beside the checkout; skipped without it) holds
the content folders of nuxt.com and of the Japanese Nuxt 2 site, as their
authors wrote them.  Each is built once (html, ``-j auto``) with the
project's conf.py, and checked:

- the build succeeds and publishes every ``.md`` file the project is meant
  to publish (not ``_``/``.`` files or folders, not drafts), each page
  headed by the file's title.  Files and pages are paired through the
  build's own environment and builder, not today's URL scheme;
- no MDC component syntax (``::name``, ``:name{``, a ``#slot`` line) shows
  as text in any page's body outside code, and no heading is made of a
  component's YAML props block;
- every warning names the editor's ``.md`` file and a line;
- Nuxt's conventions: every page is published at its route (no ``N.``
  prefix in any page name), every link written as a route of a page of the
  site (``/docs/get-started/installation#x``, ``to="/releases"``) leads to
  that page (the count is printed), folders are ordered by their numeric
  prefix in the sidebar (1, 2, … 10), data files are counted in one line,
  and a redirect-stub ``index.md`` shows its folder's listing.
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, build, squash

sys.path.insert(0, str(REPO / "extensions"))
from sphinx_articles.content import article as article_mod  # noqa: E402

SITES = (REPO.parent / "shared" / "nuxt-sites").resolve()  # as Sphinx names files in warnings
SITE_NAMES = ["nuxt.com", "website-v2-ja"]

pytestmark = pytest.mark.skipif(not SITES.is_dir(), reason=f"{SITES} not present")

# MDC as text: a block component, an inline component with props, a slot line.
BLOCK_COMPONENT = re.compile(r"(?<![\w:])::+[A-Za-z][\w-]*")
INLINE_COMPONENT = re.compile(r"(?<![\w:]):[A-Za-z][\w-]*\{")
SLOT_LINE = re.compile(r"^#(?![0-9A-Fa-f]{3,8}$)[A-Za-z][\w-]*$")  # not a colour (front matter's `color: #f94345`)
COMPONENT_LINE = re.compile(r"^\s*:{2,}[A-Za-z][\w-]*")
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?:WARNING|ERROR|CRITICAL): ")
NEW_MESSAGE = re.compile(r"^(?:WARNING|ERROR|CRITICAL):|: (?:WARNING|ERROR|CRITICAL): ")
TEXT_BLOCKS = ["p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6"]


class Site:
    def __init__(self, name: str, outdir: Path, result) -> None:
        self.name = name
        self.srcdir = SITES / name
        self.outdir = outdir
        self.result = result
        self._app = None
        self._bodies: dict[Path, object] = {}

    @property
    def app(self):
        """The project's html builder on this build's environment (read, not built)."""
        if self._app is None:
            from sphinx.application import Sphinx

            self._app = Sphinx(
                self.srcdir, REPO, self.outdir, self.outdir / ".doctrees", "html", status=None, warning=None
            )
        return self._app

    def editor_pages(self) -> dict[Path, Path]:
        """Each published source file of the editors: the page written for it."""
        env, builder = self.app.env, self.app.builder
        pages = {}
        for docname in sorted(env.found_docs):
            source = Path(env.doc2path(docname)).resolve()
            if source.suffix != ".md" or not source.is_relative_to(self.srcdir):
                continue  # a generated page (home, section, category, archive, author, tag)
            page = Path(builder.get_outfilename(docname))
            if page.is_file():
                pages[source] = page
        return pages

    def body(self, page: Path):
        """The page's article body without code: what a reader reads as text."""
        if page not in self._bodies:
            self._bodies[page] = self._body(page)
        return self._bodies[page]

    @staticmethod
    def _body(page: Path):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        article = soup.find("article", class_="bd-article") or soup.find("main")
        assert article is not None, page
        for code in article.find_all(["pre", "code"]):
            code.decompose()
        for link in article.select("a.headerlink"):
            link.decompose()
        return article


def publishable(srcdir: Path) -> dict[Path, article_mod.Article]:
    """The .md files the project publishes, with what it reads from them."""
    found = {}
    for path in sorted(srcdir.rglob("*.md")):
        relative = path.relative_to(srcdir)
        if any(part.startswith(("_", ".")) for part in relative.parts) or relative.as_posix() == "README.md":
            continue
        docname = relative.with_suffix("").as_posix()
        text = path.read_bytes().decode("utf-8", errors="replace")
        default = None if relative.name == "index.md" else "未分類"
        record = article_mod.read(docname, text, default, relative.as_posix())
        if not record.draft:
            found[path.resolve()] = record
    return found


@pytest.fixture(scope="module", params=SITE_NAMES)
def site(request, tmp_path_factory) -> Site:
    name = request.param
    if not (SITES / name).is_dir():
        pytest.skip(f"{SITES / name} not present")
    outdir = tmp_path_factory.mktemp(name) / "html"
    warnings_file = outdir.parent / "warnings.txt"
    result = build(SITES / name, outdir, "-j", "auto", "-w", str(warnings_file))
    result._cache["warnings_file"] = warnings_file
    return Site(name, outdir, result)


def test_build_succeeds(site):
    assert site.result.returncode == 0, site.result.stderr[-3000:]


def test_every_md_file_is_published_with_its_title(site):
    expected = publishable(site.srcdir)
    pages = site.editor_pages()
    assert len(expected) >= 50
    assert sorted(map(str, pages)) == sorted(map(str, expected))
    wrong = {}
    for source, page in pages.items():
        h1 = site.body(page).find("h1")
        shown = squash(h1.get_text()) if h1 is not None else None
        if shown != squash(expected[source].title):
            wrong[str(source.relative_to(site.srcdir))] = (shown, expected[source].title)
    assert not wrong, f"{len(wrong)} pages with another title: {dict(list(wrong.items())[:10])}"


def test_no_mdc_syntax_shown_as_text(site):
    leaks: dict[str, set[str]] = {"::name": set(), ":name{": set(), "#slot line": set()}
    for source, page in site.editor_pages().items():
        body = site.body(page)
        text = body.get_text(" ")
        name = str(source.relative_to(site.srcdir))
        if BLOCK_COMPONENT.search(text):
            leaks["::name"].add(name)
        if INLINE_COMPONENT.search(text):
            leaks[":name{"].add(name)
        for block in body.find_all(TEXT_BLOCKS):
            if any(SLOT_LINE.match(line.strip()) for line in block.get_text().splitlines()):
                leaks["#slot line"].add(name)
    counts = {pattern: len(pages) for pattern, pages in leaks.items()}
    assert not any(counts.values()), f"pages showing MDC syntax: {counts}; e.g. " + str(
        {pattern: sorted(pages)[:5] for pattern, pages in leaks.items() if pages}
    )


def props_blocks(text: str) -> list[list[str]]:
    """The ``key: value`` lines of each YAML props block (``---`` … ``---``
    right after a ``::name`` line) of a source file."""
    blocks, lines = [], text.splitlines()
    for index, line in enumerate(lines[:-1]):
        if COMPONENT_LINE.match(line) and lines[index + 1].strip() == "---":
            block = []
            for inner in lines[index + 2 :]:
                if inner.strip() == "---":
                    break
                if inner.strip():
                    block.append(squash(inner))
            else:
                continue  # never closed: not a props block
            blocks.append(block)
    return blocks


def test_no_heading_made_of_a_props_block(site):
    bad: dict[str, list[str]] = {}
    for source, page in site.editor_pages().items():
        blocks = props_blocks(source.read_text(encoding="utf-8", errors="replace"))
        if not blocks:
            continue
        singles = {line for block in blocks for line in block}
        joined = {" ".join(block) for block in blocks}
        for heading in site.body(page).find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
            lines = [squash(line) for line in heading.get_text().splitlines() if line.strip()]
            text = squash(heading.get_text())
            if text in singles or text in joined or (lines and all(line in singles for line in lines)):
                bad.setdefault(str(source.relative_to(site.srcdir)), []).append(text)
    examples = {name: [text[:80] for text in texts[:3]] for name, texts in list(bad.items())[:5]}
    assert not bad, f"{sum(map(len, bad.values()))} headings in {len(bad)} pages from props blocks; e.g. {examples}"


def warning_messages(path: Path) -> list[str]:
    """The warnings file as messages (a message may run over several lines)."""
    messages: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if NEW_MESSAGE.search(line) or not messages:
            messages.append(line)
        else:
            messages[-1] += "\n" + line
    return [message for message in messages if message.strip()]


def test_every_warning_names_an_md_file_and_line(site):
    sources = set(site.editor_pages())
    unlocated: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for message in warning_messages(site.result._cache["warnings_file"]):
        match = LOCATED.match(message)
        if match is None:
            problem = "no file and line"
        else:
            path = Path(match["path"]).resolve()
            if not path.is_relative_to(site.srcdir):
                problem = "a file outside the content folder"
            elif path not in sources:
                problem = "not an editor's published .md file (a generated page?)"
            else:
                continue
        unlocated[problem] += 1
        examples.setdefault(problem, message[:300])
    assert not unlocated, f"{dict(unlocated)}; e.g. {examples}"


# -- Nuxt conventions ---------------------------------------------------------

NUMERIC_PREFIX = re.compile(r"^(\d+)\.(?=.)")
CODE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
# [text](/route), [text](./route), to="/route", to: '/route' (MDC props)
ROUTE_LINK = re.compile(r"""\]\(((?:/|\./|\.\./)[^)\s"']*)\)|\bto(?:="|:\s*['"]?)((?:/|\./|\.\./)[^"'\s)]*)""")


def route_of(relative: Path) -> str:
    """The Nuxt route of a content file, as Nuxt Content makes it."""
    parts = [NUMERIC_PREFIX.sub("", part, count=1) for part in relative.with_suffix("").parts]
    if parts[-1] == "index":
        parts.pop()
    return "/".join(parts)


def test_every_page_is_published_at_its_route(site):
    pages = site.editor_pages()
    wrong = {}
    for source, page in pages.items():
        written = page.relative_to(site.outdir).with_suffix("").as_posix().removesuffix("/index")
        written = "" if written == "index" else written
        if written != route_of(source.relative_to(site.srcdir)):
            wrong[str(source.relative_to(site.srcdir))] = written
    assert not wrong, f"{len(wrong)} pages not at their route: {dict(list(wrong.items())[:10])}"
    every_page = [p.relative_to(site.outdir).as_posix() for p in site.outdir.rglob("*.html")]
    assert not [p for p in every_page if any(NUMERIC_PREFIX.match(part) for part in p.split("/")[:-1])]


def route_links(text: str) -> list[str]:
    text = INLINE_CODE.sub("", CODE.sub("", text))
    return [a or b for a, b in ROUTE_LINK.findall(text)]


def test_every_internal_route_link_leads_to_its_page(site):
    pages = site.editor_pages()
    by_route = {route_of(source.relative_to(site.srcdir)): page for source, page in pages.items()}
    total, missing = 0, []
    for source, page in pages.items():
        route = route_of(source.relative_to(site.srcdir))
        folder = posixpath.dirname(route) if source.name != "index.md" else route
        expected = set()
        for link in route_links(source.read_text(encoding="utf-8", errors="replace")):
            path = unquote(link.partition("#")[0].partition("?")[0])
            absolute = path if path.startswith("/") else posixpath.normpath(posixpath.join("/", folder, path))
            target = by_route.get(absolute.strip("/"))
            if target is not None:
                expected.add(target)
                total += 1
        if not expected:
            continue
        base = page.relative_to(site.outdir).as_posix()
        found = set()
        for anchor in site.body(page).find_all("a", href=True):
            href = anchor["href"].partition("#")[0]
            if href and "://" not in href:
                found.add((site.outdir / unquote(urljoin(base, href))).resolve())
        for target in expected - {p.resolve() for p in found} - {page}:
            missing.append((str(source.relative_to(site.srcdir)), str(target.relative_to(site.outdir))))
    print(f"{site.name}: {total} links written as routes of the site's pages, all resolved")
    assert total >= 10
    assert not missing, f"{len(missing)} route links not resolved: {missing[:10]}"
    text = site.result._cache["warnings_file"].read_text(encoding="utf-8")
    unresolved = [line for line in text.splitlines() if "[articles.link]" in line]
    wrongly = [line for line in unresolved if re.search(r"route '/?([^'#?]*)", line)[1].strip("/") in by_route]
    assert not wrongly, wrongly[:5]


def test_folders_in_numeric_order_in_the_sidebar(site):
    nav = BeautifulSoup(site.outdir.joinpath("index.html").read_text(encoding="utf-8"), "lxml")
    hrefs = [a["href"] for a in nav.select("nav.articles-nav li.toctree-l1 > a")]
    folders = {}  # a section folder's route: its prefix number
    for folder in site.srcdir.rglob("*"):
        if folder.is_dir() and (found := NUMERIC_PREFIX.match(folder.name)):
            folders[route_of(folder.relative_to(site.srcdir) / "index.md")] = int(found[1])
    checked = 0
    for parent in {posixpath.dirname(route) for route in folders}:
        shown = [
            folders[route]
            for href in hrefs
            if (route := unquote(href).removesuffix("/index.html")) in folders and posixpath.dirname(route) == parent
        ]
        assert shown == sorted(shown), (parent, shown)
        checked += len(shown) > 1
    if site.name == "website-v2-ja":
        assert checked >= 2  # docs/ (1 … 7) and examples/ (1 … 10)


def test_data_files_said_once(site):
    lines = [line for line in site.result.stdout.splitlines() if "not published as pages" in line]
    assert len(lines) == 1, lines
    data = sum(
        1 for p in site.srcdir.rglob("*") if p.suffix in (".yml", ".json", ".csv") and p.name != ".navigation.yml"
    )
    assert f"{data} data file(s)" in lines[0]


def test_redirect_stub_index_shows_its_folder(site):
    if site.name != "website-v2-ja":
        pytest.skip("website-v2-ja has index.md files that only redirect")
    page = site.outdir / "examples" / "index.html"
    links = [a["href"] for a in site.body(page).select("ul.article-page-links a")]
    assert "routing/index.html" in links and "modules/index.html" in links
