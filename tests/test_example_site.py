"""The bundled example site (source/) builds cleanly and completely."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from sphinx_articles.content import article as article_mod

from conftest import BASEURL, REPO, build, snapshot

SOURCE = REPO / "source"


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    before = snapshot(SOURCE)
    result = build(SOURCE, tmp_path_factory.mktemp("example") / "html")
    result._cache["snapshot"] = (before, snapshot(SOURCE))
    return result


def articles():
    """The published articles: drafts (``draft: true``) are not."""
    return sorted(
        p.relative_to(SOURCE).with_suffix("").as_posix()
        for p in SOURCE.rglob("*.md")
        if p.stem != "index" and not article_mod.read(p.stem, p.read_text(encoding="utf-8"), "x").draft
    )


def test_example_shows_a_draft_tags_and_a_redirect(example_build):
    drafts = [p for p in SOURCE.rglob("*.md") if article_mod.read(p.stem, p.read_text(encoding="utf-8"), "x").draft]
    assert drafts and not example_build.path(drafts[0].relative_to(SOURCE).with_suffix("").as_posix()).exists()
    assert len(example_build.article("_tags/index").select("ul.article-page-links li")) >= 3
    assert len(example_build.article("_authors/index").select("ul.article-page-links li")) >= 2


def test_builds_without_any_warning(example_build):
    assert example_build.returncode == 0, example_build.stderr[-3000:]
    assert example_build.warning_lines == []
    assert example_build.stderr.strip() == ""


def test_has_enough_articles(example_build):
    assert len(articles()) >= 12
    for docname in articles():
        assert example_build.path(docname).is_file(), docname


def test_has_at_least_three_sections(example_build):
    sections = example_build.article("index").select(".article-section-heading a")
    assert len(sections) >= 3
    for link in sections:
        assert (example_build.outdir / link["href"]).is_file()


def test_has_at_least_five_category_pages(example_build):
    pages = [
        p for p in example_build.outdir.rglob("*.html") if "_category" in p.relative_to(example_build.outdir).parts
    ]
    assert len(pages) >= 5


def test_every_article_is_in_the_sitemap(example_build):
    locs = {loc for loc, _ in example_build.sitemap()}
    missing = [d for d in articles() if BASEURL + quote(d) + ".html" not in locs]
    assert missing == []


def test_every_article_has_a_dated_sitemap_entry(example_build):
    lastmod = dict(example_build.sitemap())
    assert all(lastmod[BASEURL + quote(d) + ".html"] for d in articles())


def test_source_folder_is_untouched(example_build):
    before, after = example_build._cache["snapshot"]
    assert before == after
