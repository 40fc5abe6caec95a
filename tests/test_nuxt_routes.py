"""Nuxt Content conventions: routes, route links, folder settings.

Three small roots, one per rule:

- ``test-nuxt-routes``: ``N.`` prefixes of files and folders are not part of
  page names (Nuxt's routes), they order pages and folders numerically, and
  two files with one route are both published with a warning at each;
- ``test-route-links``: links written as routes (site-absolute, relative,
  with a trailing slash, an anchor, prefixes) lead to the page in HTML,
  dirhtml and the LaTeX source; a route that leads nowhere is an
  ``articles.link`` warning, a public file stays a download;
- ``test-nuxt-folders``: ``_dir.yml``/``.navigation.yml`` titles, order and
  ``navigation: false``; data files counted in one info line; an editor's
  ``index.md`` that shows nothing keeps the generated listing.
"""

from __future__ import annotations

import re
import sys
import zipfile

import pytest

from conftest import REPO, ROOTS, build, squash

sys.path.insert(0, str(REPO / "extensions"))
from sphinx_articles.content import names, site  # noqa: E402

ROUTES = ROOTS / "test-nuxt-routes" / "content"
LINKS = ROOTS / "test-route-links"
FOLDERS = ROOTS / "test-nuxt-folders" / "content"
PREFIX = re.compile(r"(^|/)\d+\.")


def page_names(build_) -> list[str]:
    return build_.html_pages()


def sidebar_titles(build_, docname: str = "index", level: int = 1) -> list[str]:
    nav = build_.soup(docname).select_one("nav.articles-nav")
    return [squash(a.get_text()) for a in nav.select(f"li.toctree-l{level} > a")]


def article_links(build_, docname: str) -> dict[str, str | None]:
    """Link text → href of the list items and paragraphs of the article's
    body (None: no link, the text kept)."""
    found: dict[str, str | None] = {}
    for item in build_.article(docname).select("li, p"):
        link = item.find("a")
        found.setdefault(squash(item.get_text()), link.get("href") if link is not None else None)
    return found


# -- routes ------------------------------------------------------------------


@pytest.fixture(scope="module")
def routes_build(tmp_path_factory):
    result = build(ROUTES, tmp_path_factory.mktemp("routes") / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_pages_are_published_at_their_routes(routes_build):
    pages = page_names(routes_build)
    for route in [
        "docs/getting-started/installation",
        "docs/getting-started/deployment",
        "docs/guide/concepts",
        "docs/api/composables",
        "docs/index",
        "blog/v3-8",
    ]:
        assert route in pages, route
    assert not [page for page in pages if PREFIX.search(page) and page != "blog/1.release"]
    h1 = routes_build.article("docs/getting-started/installation").find("h1")
    assert squash(h1.get_text()).removesuffix("#").strip() == "Installation"


def test_prefixes_order_pages_numerically(routes_build):
    category = routes_build.article("docs/getting-started/_category/docs")
    titles = [squash(a.get_text()) for a in category.select("a.reference.internal") if "card" not in a.get("class", [])]
    listed = [title for title in titles if title in {"Introduction", "Installation", "Configuration", "Deployment"}]
    assert listed[:4] == ["Introduction", "Installation", "Configuration", "Deployment"]  # 1, 2, 3, 10


def test_prefixes_order_folders_numerically(routes_build):
    titles = sidebar_titles(routes_build)
    docs = [titles.index(f"docs/{name}") for name in ("getting-started", "guide", "community", "api")]
    assert docs == sorted(docs)  # 1, 2, 3, 10: not 1, 10, 2, 3
    assert titles.index("Documentation") < docs[0]  # docs/ before its subfolders


def test_same_route_both_published_with_a_warning_at_each(routes_build):
    pages = page_names(routes_build)
    assert "blog/release" in pages and "blog/1.release" in pages
    assert squash(routes_build.article("blog/release").find("h1").get_text()).startswith("Release (plain)")
    assert squash(routes_build.article("blog/1.release").find("h1").get_text()).startswith("Release (prefixed)")
    clashes = [w for w in routes_build.warnings if w.kind == "articles.filename" and "same Nuxt route" in w.message]
    assert sorted(w.file for w in clashes) == ["1.release.md", "release.md"]
    assert all(w.line == 1 and "/blog/release" in w.message for w in clashes)


def test_no_false_long_name_warning(routes_build):
    assert not [w for w in routes_build.warnings if "too long" in w.message]


# -- route links -------------------------------------------------------------


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def links_build(request, tmp_path_factory):
    result = build(
        LINKS / "content",
        tmp_path_factory.mktemp("links") / request.param,
        "-D",
        "articles_public_dir=tests/roots/test-route-links/public",
        builder=request.param,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


EXPECTED_HTML = {
    "absolute": "installation.html",
    "anchor": "installation.html#requirements",
    "relative": "installation.html",
    "parent": "../guide/routing.html",
    "slash": "../guide/routing.html",
    "prefixed": "../guide/routing.html",
    "folder": "index.html",
    "blog": "../../blog/v3-8.html",
    "file by name": "installation.html",
    "raw relative": "installation.html#requirements",
    "missing page": None,
    "missing relative": None,
    "missing file": None,
}
EXPECTED_DIRHTML = {
    "absolute": "../installation/",
    "anchor": "../installation/#requirements",
    "relative": "../installation/",
    "parent": "../../guide/routing/",
    "slash": "../../guide/routing/",
    "prefixed": "../../guide/routing/",
    "folder": "../",
    "blog": "../../../blog/v3-8/",
    "file by name": "../installation/",
    "raw relative": "../installation/#requirements",
    "missing page": None,
    "missing relative": None,
    "missing file": None,
}


def test_route_links_lead_to_pages(links_build):
    links = article_links(links_build, "docs/getting-started/configuration")
    expected = EXPECTED_HTML if links_build.builder == "html" else EXPECTED_DIRHTML
    assert {text: links.get(text) for text in expected} == expected
    assert "_downloads/" in links["public file"] and links["public file"].endswith("form.pdf")
    routing = links_build.article("docs/guide/routing")
    nuxt_link = [a for a in routing.select("a") if squash(a.get_text()) == "back to configuration"]
    want = (
        "../getting-started/configuration.html"
        if links_build.builder == "html"
        else "../../getting-started/configuration/"
    )
    assert [a["href"] for a in nuxt_link] == [want]


def test_route_leading_nowhere_is_a_link_warning(links_build):
    found = {(w.file, w.line, w.kind) for w in links_build.warnings if w.kind in ("articles.link", "articles.file")}
    assert found == {
        ("2.configuration.md", 14, "articles.link"),  # /docs/nowhere
        ("2.configuration.md", 15, "articles.link"),  # ./nowhere
        ("2.configuration.md", 17, "articles.file"),  # /files/missing.pdf
    }
    assert not [w for w in links_build.warnings if w.kind.startswith("myst")]


def test_route_links_in_latex(tmp_path):
    result = build(
        LINKS / "content",
        tmp_path / "latex",
        "-D",
        "articles_public_dir=tests/roots/test-route-links/public",
        builder="latex",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    # Sphinx writes links between pages as \hyperref to the target page's label
    assert tex.count(r"\hyperref[\detokenize{docs/getting-started/installation") >= 4
    assert r"\hyperref[\detokenize{docs/guide/routing" in tex
    assert r"\hyperref[\detokenize{blog/v3-8" in tex


def test_route_links_in_epub(tmp_path):
    result = build(
        LINKS / "content",
        tmp_path / "epub",
        "-D",
        "articles_public_dir=tests/roots/test-route-links/public",
        builder="epub",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with zipfile.ZipFile(next((tmp_path / "epub").glob("*.epub"))) as book:
        page = book.read("docs/getting-started/configuration.xhtml").decode("utf-8")
    assert page.count('href="installation.xhtml"') >= 3
    assert 'href="installation.xhtml#requirements"' in page
    assert 'href="../guide/routing.xhtml"' in page and 'href="../../blog/v3-8.xhtml"' in page


def test_route_names_and_table():
    assert names.route("docs/1.getting-started/2.installation") == "docs/getting-started/installation"
    assert names.route("events/2019") == "events/2019"  # a number without a dot stays
    assert names.route("v/1.5") == "v/5"  # as Nuxt: one N. prefix per name
    table = site.route_table(
        ["docs/index", "docs/guide/x", "index"], {"docs/guide/x": "docs/2.guide/1.x.md", "docs/index": "docs/index.md"}
    )
    assert site.find_route(table, "/docs/guide/x/") == "docs/guide/x"
    assert site.find_route(table, "/docs/2.guide/1.x") == "docs/guide/x"
    assert site.find_route(table, "/docs/guide/x.html") == "docs/guide/x"
    assert site.find_route(table, "/docs") == "docs/index"
    assert site.find_route(table, "/") == "index"
    assert site.find_route(table, "./x", "docs/guide/y") == "docs/guide/x"
    assert site.find_route(table, "../guide/x", "docs/other/y") == "docs/guide/x"
    assert site.find_route(table, "./guide/x", "docs/index") == "docs/guide/x"  # from the index's folder
    assert site.find_route(table, "../../../x", "docs/guide/y") is None


# -- folder settings, data files, stub index pages ---------------------------


@pytest.fixture(scope="module")
def folders_build(tmp_path_factory):
    result = build(FOLDERS, tmp_path_factory.mktemp("folders") / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_dir_yml_gives_titles_and_order(folders_build):
    titles = sidebar_titles(folders_build)
    # _dir.yml `navigation.order: 0` puts tutorials first; then the N. prefixes
    assert titles[1:] == ["Tutorials", "Guides", "Reference Shelf", "Pressroom", "Empty Index"]
    # an editor's index.md title wins over _dir.yml (Guides, not "Guides for Readers")
    assert squash(folders_build.article("reference/index").find("h1").get_text()).startswith("Reference Shelf")


def test_navigation_false_hides_the_folder_from_the_sidebar(folders_build):
    assert "Internal Notes" not in sidebar_titles(folders_build)
    assert folders_build.path("internal/notes").is_file()  # still published
    assert folders_build.path("internal/index").is_file()


def test_articles_sections_wins_over_dir_yml(tmp_path):
    result = build(FOLDERS, tmp_path / "html", "-D", "articles_sections.reference=Configured")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Configured" in sidebar_titles(result)
    assert "Reference Shelf" not in sidebar_titles(result)


def test_skipped_files_said_in_one_info_line(folders_build):
    lines = [line for line in folders_build.stdout.splitlines() if "not published as pages" in line]
    assert len(lines) == 1
    assert "5 file(s)" in lines[0] and "2 Markdown" in lines[0] and "3 data file(s)" in lines[0]
    assert "4 folder settings" in lines[0]
    assert not [w for w in folders_build.warnings if "yml" in w.message or "csv" in w.message]
    pages = page_names(folders_build)
    assert not [page for page in pages if "hidden" in page or "partial" in page or "settings" in page]


def test_stub_index_keeps_the_generated_listing(folders_build):
    guides = squash(folders_build.article("guides/index").get_text(" "))
    assert "First Guide" in guides and "Second Guide" in guides  # navigation.redirect, no body
    empty = squash(folders_build.article("press/empty/index").get_text(" "))
    assert "Item" in empty  # no body at all
    press = squash(folders_build.article("press/index").get_text(" "))
    assert "Our own words" in press and "Story" not in press  # an editor's own page stays as written


def test_folder_page_links_its_subfolders_in_order(routes_build):
    docs = routes_build.article("docs/index")  # an index.md with a title only: the generated listing
    links = [a["href"] for a in docs.select("ul.article-page-links a")]
    assert links[:4] == [
        "getting-started/index.html", "guide/index.html", "community/index.html", "api/index.html"
    ]  # fmt: skip
