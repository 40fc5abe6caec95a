"""The front-matter vocabulary of Nuxt Content sites (issue 14).

``date``/``publishedAt`` and ``updatedAt`` as the publication and
modification dates; ``authors`` as names or ``{name, to, avatar}`` objects;
``image`` as ``{src, alt}`` and Cloudinary URLs with commas; Nuxt's own
rendering keys and nested values kept out of the facts table.  Unit tests
of ``article.read``, a build of ``tests/roots/test-nuxt-frontmatter``
checked with parsers, and checks on the real Nuxt sites beside the checkout.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import xml.etree.ElementTree as ET

import feedparser
import pytest

from sphinx_articles.content import article as article_mod
from sphinx_articles.content.article import Author, is_fact, split_images

from conftest import REPO, ROOTS, SITEMAP_NS, build, squash

ROOT = ROOTS / "test-nuxt-frontmatter"
SITES = (REPO.parent / "shared" / "nuxt-sites").resolve()
CLOUDINARY = "https://res.cloudinary.com/demo/image/upload/c_fill,w_800,h_400/sample.jpg"


def read(text: str, docname: str = "blog/post") -> article_mod.Article:
    return article_mod.read(docname, textwrap.dedent(text).lstrip("\n"), "未分類")


def messages(art: article_mod.Article) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in art.problems]


# -- unit: dates -------------------------------------------------------------


def test_date_is_the_publication_date():
    art = read("---\ntitle: t\ncategory: c\ndate: 2024-05-01\n---\n")
    assert art.published == dt.date(2024, 5, 1) and art.published_text == "2024-05-01"
    assert "date" not in art.extra and art.problems == []


def test_published_at_wins_over_date_and_a_bad_one_falls_back():
    assert read("---\npublishedAt: 2023-02-02\ndate: 2019-01-01\n---\n").published == dt.date(2023, 2, 2)
    art = read("---\ntitle: t\ncategory: c\npublishedAt: 2023-13-02\ndate: 2019-01-01\n---\n")
    assert art.published == dt.date(2019, 1, 1)
    assert messages(art) == [(4, "'publishedAt' should be a date like 2024-01-31, not '2023-13-02'")]


@pytest.mark.parametrize("key", ["updatedAt", "updated", "modifiedAt"])
def test_modification_date(key):
    art = read(f"---\ntitle: t\ncategory: c\ndate: 2024-05-01\n{key}: 2024-06-15T10:00:00Z\n---\n")
    assert art.updated == dt.date(2024, 6, 15) and art.updated_text == "2024-06-15T10:00:00+00:00"
    assert art.modified == dt.date(2024, 6, 15) and art.modified_text == art.updated_text
    assert key not in art.extra and art.problems == []


def test_modification_before_publication_is_refused():
    art = read("---\ntitle: t\ncategory: c\ndate: 2024-05-01\nupdatedAt: 2024-04-01\n---\n")
    assert art.updated is None and art.modified == dt.date(2024, 5, 1)
    assert messages(art) == [(5, "'updatedAt' 2024-04-01 is before the publication date 2024-05-01; ignored")]


# -- unit: authors -----------------------------------------------------------


def test_authors_names_and_objects():
    art = read("""
        ---
        title: t
        category: c
        authors:
          - Ann
          - name: Ben
            avatar:
              src: https://github.com/ben.png
            to: https://ben.example/
          - name: Cy
            avatarUrl: /avatars/cy.png
            link: https://cy.example/
          - name: Di
            twitter: "@di_writes"
          - name: " ann "
        ---
        """)
    assert art.authors == (
        Author("Ann"),
        Author("Ben", "https://ben.example/", "https://github.com/ben.png"),
        Author("Cy", "https://cy.example/", "/avatars/cy.png"),
        Author("Di", "https://x.com/di_writes"),
    )
    assert art.author == "Ann, Ben, Cy, Di" and art.extra == {} and art.problems == []


def test_author_as_today_and_authors_as_text():
    assert read("---\nauthor: 青松里辦公處\n---\n").authors == (Author("青松里辦公處"),)
    assert [a.name for a in read("---\nauthors: Ann, Ben\n---\n").authors] == ["Ann", "Ben"]
    assert [a.name for a in read("---\nauthor: {name: Ann, to: 'https://a.example'}\n---\n").authors] == ["Ann"]


def test_bad_authors_warn_and_keep_the_rest():
    art = read("""
        ---
        title: t
        category: c
        authors:
          - name: Ann
            to: "javascript:alert(1)"
            avatar: "javascript:alert(2)"
          - name: [a, list]
          - to: https://nameless.example/
          - [nested]
        ---
        """)
    assert art.authors == (Author("Ann"),)
    found = messages(art)
    assert len(found) == 5 and {line for line, _ in found} == {4}
    assert "'to' of author 'Ann' must be an http(s) URL" in found[0][1]


# -- unit: images ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, parts",
    [
        ("/images/a.png, /images/b.png", ["/images/a.png", "/images/b.png"]),
        ("a.png,b.jpg", ["a.png", "b.jpg"]),
        ("https://x.example/a.png, ./b.png, ../c.png", ["https://x.example/a.png", "./b.png", "../c.png"]),
        (CLOUDINARY, [CLOUDINARY]),
        (
            "https://res.cloudinary.com/x/image/upload/w_800,h_400/y.jpg",
            ["https://res.cloudinary.com/x/image/upload/w_800,h_400/y.jpg"],
        ),
        ("data:image/png;base64,iVBORw0KGgo=", ["data:image/png;base64,iVBORw0KGgo="]),
        ("/a.png,", ["/a.png,"]),
        ("", []),
    ],
)
def test_comma_split_only_when_every_part_is_an_image(text, parts):
    assert split_images(text) == parts


def test_image_objects_cover_and_img():
    art = read("---\nimage:\n  src: /a.png\n  alt: A road\n  width: 800\n  height: 400\n---\n")
    assert art.images == ["/a.png"] and art.image_alts == {"/a.png": "A road"} and art.extra == {}
    assert read("---\ncover: /c.png\n---\n").images == ["/c.png"]
    assert read("---\nimg: /i.png\n---\n").images == ["/i.png"]
    assert read("---\nimage: [/a.png, {src: /b.png}]\n---\n").images == ["/a.png", "/b.png"]
    art = read("---\ntitle: t\ncategory: c\nimage: [{alt: no src}, true]\n---\n")
    assert art.images == [] and len(art.problems) == 2


# -- unit: facts -------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value, fact",
    [
        ("status", "進行中", True),
        ("budget", 12000, True),
        ("place", "A7重劃區", True),
        ("services", ["Consulting", "Design"], True),
        ("sponsor", True, False),
        ("layout", "docs", False),
        ("navigation", False, False),
        ("navigation.title", "Store", False),
        ("componentImg", "Vercel", False),
        ("logoSrc", "/assets/x.svg", False),
        ("logoIcon", "i-logos-deno", False),
        ("imgUrl", "blog/x.jpeg", False),
        ("bgClass", "bg-white", False),
        ("color", ["#00dc82"], False),
        ("nitroPreset", "node_server", False),
        ("resources", [{"label": "Blog", "to": "https://x"}], False),
        ("logo", {"light": "/a.svg"}, False),
        ("phoneNumber", "", False),
        ("x", None, False),
    ],
)
def test_facts_rule(key, value, fact):
    assert is_fact(key, value) is fact


def test_nested_values_are_kept_as_metadata_without_warning():
    art = read("---\ntitle: t\ncategory: c\nresources:\n  - label: Blog\n    to: https://x.example\nstatus: ok\n---\n")
    assert art.problems == [] and "resources" in art.extra and art.facts == {"status": "ok"}


# -- a built root ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(ROOT, tmp_path_factory.mktemp("nuxt-frontmatter") / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def byline(site, docname):
    return site.article(docname).select_one("p.article-byline")


def test_byline_dates_come_from_date_and_published_at(site):
    days = {
        d: byline(site, f"blog/{d}").select_one(".article-date").get_text() for d in ("old-post", "b-middle", "hostile")
    }
    assert days == {"old-post": "2021-03-04", "b-middle": "2023-02-02", "hostile": "2023-03-03"}


def test_newest_first_lists_follow_the_dates(site):
    titles = [squash(p.get_text()) for p in site.article("blog/index").select(".article-card-title")]
    assert titles == [
        "The newest post",
        "Hostile authors",
        "A post in the middle",
        "A gallery",
        "Nuxt keys",
        "An old post",
    ]
    years = [squash(a.get_text()) for a in site.article("_archive/index").select("a")]
    assert [y for y in years if y[:4].isdigit()][:1] == ["2024 年"]


def test_sitemap_lastmod_is_the_modification_date(site):
    root = ET.parse(site.outdir / "sitemap.xml").getroot()
    lastmod = {
        url.find("s:loc", SITEMAP_NS).text.rsplit("/", 1)[-1]: getattr(url.find("s:lastmod", SITEMAP_NS), "text", None)
        for url in root.findall("s:url", SITEMAP_NS)
    }
    assert lastmod["a-newest.html"] == "2024-06-15"
    assert lastmod["old-post.html"] == "2021-03-04"
    assert lastmod["hostile.html"] == "2023-03-03"  # its updatedAt is before its date: ignored


def test_feed_published_updated_and_authors(site):
    parsed = feedparser.parse((site.outdir / "blog" / "index.xml").read_bytes())
    assert parsed.bozo == 0
    entries = {e.title: e for e in parsed.entries}
    newest = entries["The newest post"]
    assert newest.published.startswith("2024-05-01") and newest.updated.startswith("2024-06-15")
    assert [a.name for a in newest.authors] == ["Ann Author", "Cy Missing", "Di Missing"]
    old = entries["An old post"]
    assert [(a.name, a.get("href")) for a in old.authors] == [
        ("Ann Author", "https://social.example/@ann"),
        ("Ben Writer", "https://ben.example/"),
    ]
    assert parsed.feed.updated.startswith("2024-06-15")
    raw = (site.outdir / "blog" / "index.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw


def test_bylines_show_every_author_with_links_and_avatars(site):
    old = byline(site, "blog/old-post")
    links = [(a.get_text(), a["href"]) for a in old.select(".article-author a")]
    assert links == [("Ann Author", "https://social.example/@ann"), ("Ben Writer", "https://ben.example/")]
    (avatar,) = old.select("img.article-avatar")
    assert avatar["alt"] == "" and (site.outdir / "blog" / avatar["src"]).resolve().is_file()
    newest = byline(site, "blog/a-newest")
    links = [(a.get_text(), a["href"]) for a in newest.select(".article-author a")]
    assert links == [
        ("Ann Author", "../_authors/annauthor.html"),
        ("Cy Missing", "../_authors/cymissing.html"),
        ("Di Missing", "../_authors/dimissing.html"),  # its link: javascript: is refused
    ]
    assert newest.select("img") == []  # missing avatars: no broken image
    cards = site.article("blog/index").select(".article-card p.article-byline img")
    assert cards == []  # avatars in the article's own header only


def test_author_pages_for_every_author(site):
    for name, count in (("annauthor", 3), ("benwriter", 1), ("cymissing", 1), ("dimissing", 1)):
        assert len(site.article(f"_authors/{name}").select(".article-card")) == count


def test_one_avatar_warning_per_file_and_located_warnings(site):
    found = sorted((w.path.rsplit("/", 1)[-1], w.line, w.kind) for w in site.warnings)
    assert found == [
        ("a-newest.md", 7, "articles.frontmatter"),  # link: javascript:
        ("a-newest.md", 7, "articles.image"),  # two missing avatars, one warning
        ("hostile.md", 4, "articles.frontmatter"),  # updatedAt before publishedAt
        ("hostile.md", 7, "articles.frontmatter"),
        ("hostile.md", 7, "articles.frontmatter"),
        ("hostile.md", 7, "articles.frontmatter"),
        ("hostile.md", 13, "articles.image"),
    ]


def test_images_as_objects_and_cloudinary(site):
    (cover,) = site.article("blog/a-newest").select("img.article-cover")
    assert cover["alt"] == "A road at dusk" and cover["src"].endswith("_images/a.png")
    (cover,) = site.article("blog/b-middle").select("img.article-cover")
    assert cover["src"] == CLOUDINARY and site.article("blog/b-middle").select(".article-gallery") == []
    gallery = site.article("blog/gallery")
    srcs = [img["src"].rsplit("/", 1)[-1] for img in gallery.select("img.article-cover")]
    assert srcs == ["a.png", "b.png"] and len(gallery.select(".article-gallery img")) == 1


def test_nuxt_keys_are_not_facts(site):
    (facts,) = site.article("blog/keys").select("dl.article-facts")
    pairs = {squash(d.get_text()).rstrip(":"): squash(v.get_text()) for d, v in zip(facts("dt"), facts("dd"))}
    assert pairs == {"status": "進行中", "budget": "12000", "regions": "Europe、Asia"}
    head = site.soup("blog/keys").head
    assert head.find("meta", attrs={"name": "keywords"})["content"] == "nuxt, keys"
    assert head.find("meta", attrs={"property": "og:image"})["content"] == "https://cdn.example/og.png"
    assert head.find("meta", attrs={"name": "description"})["content"] == "What search engines read."


def test_modified_time_and_json_ld(site):
    head = site.soup("blog/a-newest").head
    assert head.find("meta", attrs={"property": "article:modified_time"})["content"] == "2024-06-15"
    data = json.loads(head.find("script", type="application/ld+json").string)
    assert data["dateModified"] == "2024-06-15" and data["datePublished"] == "2024-05-01"
    assert [a["name"] for a in data["author"]] == ["Ann Author", "Cy Missing", "Di Missing"]


def test_hostile_author_is_escaped_everywhere(site):
    page = site.text("blog/hostile")
    assert "<script>alert('a')" not in page and 'href="https://evil.example/"' not in page
    link = byline(site, "blog/hostile").select_one(".article-author a")
    assert link.get_text() == "<script>alert('a')</script> & \"q\""
    assert link["href"] == "https://evil.example/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    script = site.soup("blog/hostile").head.find("script", type="application/ld+json").string
    assert "</script" not in script and json.loads(script)["author"]["name"].startswith("<script>")
    assert site.article("blog/hostile").select("img.article-avatar") == []


# -- the real Nuxt sites -----------------------------------------------------

needs_sites = pytest.mark.skipif(not SITES.is_dir(), reason=f"{SITES} not present")


def read_site(name: str) -> dict[str, article_mod.Article]:
    folder = SITES / name
    found = {}
    for path in sorted(folder.rglob("*.md")):
        docname = path.relative_to(folder).with_suffix("").as_posix()
        found[docname] = article_mod.read(docname, path.read_text(encoding="utf-8", errors="replace"), "未分類")
    return found


@needs_sites
@pytest.mark.parametrize("name", ["nuxt.com", "website-v2-ja"])
def test_real_sites_dates_authors_and_facts(name):
    articles = read_site(name)
    dated = [a for a in articles.values() if "date" in a.lines]
    assert dated and all(a.published is not None for a in dated)
    for art in articles.values():
        assert all(author.name for author in art.authors)
        for key, value in art.facts.items():
            assert not isinstance(value, dict) and not re.search(r"\b(name|avatar|src):", str(value)), (
                art.docname,
                key,
            )
            assert key.split(".")[0] not in article_mod.NUXT_KEYS


@pytest.fixture(scope="module")
def nuxt_com(tmp_path_factory):
    if not (SITES / "nuxt.com").is_dir():
        pytest.skip("nuxt.com not present")
    result = build(SITES / "nuxt.com", tmp_path_factory.mktemp("nuxt.com") / "html", "-j", "auto")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_nuxt_com_blog_is_newest_first(nuxt_com):
    articles = read_site("nuxt.com")
    posts = {d: a for d, a in articles.items() if d.startswith("blog/") and a.published}
    newest = max(posts.values(), key=lambda a: (a.published, a.docname))
    cards = nuxt_com.article("blog/index").select(".article-card")
    first_date = cards[0].select_one(".article-date").get_text()
    assert first_date == newest.published.isoformat()
    dates = [c.select_one(".article-date").get_text() for c in cards]
    assert dates == sorted(dates, reverse=True)


def test_nuxt_com_bylines_facts_and_images(nuxt_com):
    """Every page (found by title, whatever the routes): its facts hold no
    author object, its byline the file's date and authors, no split image."""
    by_title: dict[str, list[article_mod.Article]] = {}
    for art in read_site("nuxt.com").values():
        by_title.setdefault(art.title, []).append(art)
    checked = 0
    for docname in nuxt_com.html_pages():
        soup = nuxt_com.soup(docname).find("article", class_="bd-article")
        if soup is None:
            continue
        values = " ".join(dd.get_text() for dd in soup.select("dl.article-facts dd"))  # authors' objects once
        assert not re.search(r"\b(name|avatar|src|to):", values), (docname, values)
        for img in soup.select("img"):
            last = img.get("src", "").rsplit("/", 1)[-1]
            assert not re.fullmatch(r"[wh]_\d+.*|c_\w+", last), (docname, img)
        header, h1 = soup.select_one("p.article-byline"), soup.find("h1")
        same = by_title.get(squash(h1.get_text()).rstrip("#").strip(), []) if h1 else []
        if header is None or len(same) != 1:
            continue
        art = same[0]
        if art.published:
            assert header.select_one(".article-date").get_text() == art.published.isoformat(), docname
        if art.authors:
            assert [a.get_text() for a in header.select(".article-author a")] == [a.name for a in art.authors]
        checked += 1
    assert checked >= 50
