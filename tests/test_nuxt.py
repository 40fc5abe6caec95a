"""A Nuxt Content layout: ``content/`` for articles, ``public/`` served at ``/``."""

from __future__ import annotations

import pytest

from conftest import REPO, ROOTS, build, card_titles, snapshot

ROOT = ROOTS / "test-nuxt"
PUBLIC = "tests/roots/test-nuxt/public"  # relative to the conf dir (REPO)


@pytest.fixture(scope="module")
def nuxt_build(tmp_path_factory):
    before = snapshot(ROOT)
    result = build(ROOT / "content", tmp_path_factory.mktemp("nuxt") / "html", "-D", f"articles_public_dir={PUBLIC}")
    assert result.returncode == 0, result.stderr[-3000:]
    result._cache["snapshot"] = (before, snapshot(ROOT))
    return result


def test_public_dir_is_relative_to_conf_dir():
    assert (REPO / PUBLIC / "images" / "news" / "market.png").is_file()


def test_cover_image_from_public_folder_is_copied(nuxt_build):
    covers = nuxt_build.article("news/market").select("img.article-cover")
    assert [img["src"] for img in covers] == ["../_images/market.png"]
    copied = nuxt_build.outdir / "_images" / "market.png"
    assert copied.read_bytes() == (ROOT / "public" / "images" / "news" / "market.png").read_bytes()


def test_body_image_from_public_folder_is_copied(nuxt_build):
    images = [img for img in nuxt_build.article("news/market").find_all("img") if "stall" in img["src"]]
    assert [img["src"] for img in images] == ["../_images/stall.png"]
    assert images[0]["alt"] == "攤位照片"
    assert (nuxt_build.outdir / "_images" / "stall.png").is_file()


def test_card_thumbnail_uses_public_image(nuxt_build):
    thumbs = nuxt_build.article("news/index").select("img.article-thumb")
    assert "../_images/market.png" in [img["src"] for img in thumbs]


def test_file_link_from_public_folder_is_a_download(nuxt_build):
    link = next(a for a in nuxt_build.article("news/market").find_all("a") if a.get_text() == "地圖")
    assert link["href"].startswith("../_downloads/") and link["href"].endswith("/map.pdf")
    assert (nuxt_build.path("news/market").parent / link["href"]).resolve().is_file()


def test_path_escaping_public_folder_is_refused(nuxt_build):
    warnings = nuxt_build.warnings_for("secret.md")
    assert [(w.line, w.kind) for w in warnings] == [(10, "articles.image")]
    assert "'/../secret.png' points outside the public folder" in warnings[0].message
    article = nuxt_build.article("news/secret")
    assert [img for img in article.find_all("img") if not img.find_parent(class_="article-related")] == []
    assert "祕密" in article.get_text()  # the alt text stays
    assert not (nuxt_build.outdir / "_images" / "secret.png").exists()
    assert not list(nuxt_build.outdir.rglob("secret.png"))


def test_missing_public_file_link_warns_with_file_subtype(nuxt_build):
    warnings = nuxt_build.warnings_for("missing-file.md")
    assert [(w.line, w.kind) for w in warnings] == [(10, "articles.file")]
    assert "'/files/form.pdf' not found" in warnings[0].message
    article = nuxt_build.article("news/missing-file")
    assert "報名表" in article.get_text()
    assert not article.find("a", href=lambda h: h and "form.pdf" in h)


def test_raw_html_assets_from_public_folder_are_copied(nuxt_build):
    article = nuxt_build.article("news/market")
    audio = article.find("audio")
    assert audio is not None
    assert audio["src"].startswith("../_downloads/") and audio["src"].endswith("/chime.mp3")
    assert (nuxt_build.path("news/market").parent / audio["src"]).resolve().is_file()
    link = article.find("a", string="下載市集地圖")
    assert link["href"].startswith("../_downloads/") and link["href"].endswith("/map.pdf")
    assert link["target"] == "_blank"
    assert (nuxt_build.path("news/market").parent / link["href"]).resolve().is_file()


def test_only_expected_warnings(nuxt_build):
    assert len(nuxt_build.warning_lines) == 2, nuxt_build.stderr


def test_nothing_is_written_into_content_or_public(nuxt_build):
    before, after = nuxt_build._cache["snapshot"]
    assert before == after


def test_default_public_dir_is_the_source_folder(tmp_path):
    """Without articles_public_dir, /images/... is looked up in content/."""
    result = build(ROOT / "content", tmp_path / "html")
    assert result.returncode == 0
    assert any(
        w.file == "market.md" and w.kind == "articles.image" and "not found" in w.message for w in result.warnings
    ), result.stderr
    assert not (tmp_path / "html" / "_images" / "market.png").exists()


def test_root_articles_belong_to_the_home_page(nuxt_build):
    home = nuxt_build.article("index")
    assert card_titles(home.select(".article-list")[0]) == ["關於農夫市集"]
    assert [a["href"] for a in home.select("ul.article-page-links:not(.article-page-links-inline) a")] == [
        "_category/%E5%B8%82%E9%9B%86%E7%B0%A1%E4%BB%8B.html"
    ]
    assert nuxt_build.path("_category/市集簡介").is_file()
    assert nuxt_build.path("about").is_file()


def test_unconfigured_folder_follows_configured_sections(nuxt_build):
    sections = nuxt_build.article("index").select(".article-section-heading a")
    assert [(a["href"], a.get_text()) for a in sections] == [
        ("news/index.html", "社區新聞"),
        ("local/index.html", "local"),
    ]
    assert card_titles(nuxt_build.article("local/index")) == ["市集採買小撇步"]


def test_no_toctree_warnings(nuxt_build):
    assert "toctree" not in nuxt_build.stderr
