"""Page names from labels, editors' file names, and the page name in scripts.

A category label becomes part of a page name, and the theme writes every
page name into an inline ``<script>``: a label like ``x';alert(1);'`` once
ran as code there.  The build of ``test-hostile`` (plus files with unsafe
names, made here: git and other systems should not have to hold them) is
checked by parsing each page's scripts and warnings.
"""

from __future__ import annotations

import glob
import json
import shutil
import unicodedata

import pytest

from sphinx_articles.content.article import label_key
from sphinx_articles.content.frontmatter import load
from sphinx_articles.content.names import (
    MAX_NAME_BYTES,
    describe,
    renamed,
    safe_name,
    shortened,
    too_long,
    unsafe_parts,
    url_quoted,
    without_control_characters,
)  # fmt: skip

from conftest import ROOTS, build, squash

HOSTILE_FILE = 'news/it\'s "x" <b>&#?%.md'
HOSTILE_FOLDER_FILE = "活動 'x'/e1.md"
LONG_FILE = "news/" + "長" * 84 + ".md"  # 252 bytes before .md: no room for Sphinx's ".doctree"
LINE_BREAK_FILE = "活動\n二/e2.md"  # Sphinx itself never finds such a file
# A control character in the folder, the longest ASCII name: Sphinx's source
# copy (_sources/<page>.md.txt) of the renamed page was too long to write.
CONTROL_LONG_FILE = "\x1f活動/" + "$HOME{x}" * 31 + "ab.md"
SCRIPT_LABEL = "x';alert(1);'"
ASSIGNMENT = "DOCUMENTATION_OPTIONS.pagename = "


def name_chars_only(name: str) -> bool:
    return all(c in "-_." or unicodedata.category(c)[0] in "LNM" for c in name)


@pytest.mark.parametrize(
    "label",
    ["公共建設", SCRIPT_LABEL, "<img src=x onerror=alert(1)>", "a..b", "..", ".hidden", "con",
     "x" * 100, "x\u2028y", "", "a\\b", "50%", "#tag", "🚲 單車", "हिन्दी", "\u202eevil"],
)  # fmt: skip
def test_safe_name_keeps_only_name_characters(label):
    name = safe_name(label)
    assert name and name_chars_only(name), name
    assert not name.startswith(".") and ".." not in name
    assert len(name) <= 60 + 7
    assert safe_name(label) == name  # stable


def test_safe_name_keeps_safe_labels_and_hashes_changed_ones():
    assert safe_name("公共建設") == "公共建設"
    assert safe_name("हिन्दी") == "हिन्दी"  # combining vowel signs are part of the word
    changed = safe_name(SCRIPT_LABEL)
    assert changed.startswith("x-alert-1-") and len(changed.rsplit("-", 1)[1]) == 6
    # labels that differ only in unsafe characters keep distinct pages
    assert len({safe_name(label) for label in ["a/b", "a?b", "a b", "a-b", "a'b"]}) == 5


def test_unsafe_file_names_and_their_renames():
    assert unsafe_parts("news/n001.md") == []
    assert unsafe_parts("公告/第一篇.md") == []
    assert unsafe_parts(HOSTILE_FILE) == ['it\'s "x" <b>&#?%.md']
    assert renamed(HOSTILE_FILE) == "news/it-s-x-b-.md"
    assert renamed(HOSTILE_FOLDER_FILE) == "活動-x/e1.md"
    assert [describe(c) for c in " '\x01"] == ["space", "'", "U+0001"]


def test_urls_are_percent_encoded_once():
    assert url_quoted("https://example.org/a b?q=1&r='x'#top") == "https://example.org/a%20b?q=1&r='x'#top"
    assert url_quoted('https://x.org/"<新>\\') == "https://x.org/%22%3C%E6%96%B0%3E%5C"
    assert url_quoted("https://x.org/%E6%96%B0") == "https://x.org/%E6%96%B0"


def test_urls_keep_one_fragment_and_no_stray_percent():
    # EPUB's checker (and RFC 3986) refuse a second '#', a '%' not followed by
    # two hex digits, and brackets outside an IPv6 host.
    assert url_quoted("https://x.org/a#b#c") == "https://x.org/a#b%23c"
    assert url_quoted("https://x.org/100% {x}") == "https://x.org/100%25%20%7Bx%7D"
    assert url_quoted("https://[::1]:8000/p[1]") == "https://[::1]:8000/p%5B1%5D"


def test_line_breaks_leave_page_names():
    assert without_control_characters("news/a") == "news/a"
    name = without_control_characters("活動\r\n二/e2")
    assert name.startswith("活動-二/e2-") and "\n" not in name and "\r" not in name
    assert name != without_control_characters("活動\n二/e2")


def test_names_too_long_to_build_are_shortened():
    docname = LONG_FILE.removesuffix(".md")
    assert too_long(docname) and not too_long("news/" + "長" * 82)
    short = shortened(docname)
    assert short.startswith("news/長") and not too_long(short)
    assert len(short.rsplit("/", 1)[1].encode()) <= MAX_NAME_BYTES
    assert shortened(docname + "長") != short


def test_front_matter_loses_control_characters_with_a_problem():
    result = load('title: "a\\x00b\\u2028c"\nstatus: "\\x85ok"\ncategory: 公告', first_line=2)
    assert result.data == {"title": "ab\u2028c", "status": "ok", "category": "公告"}
    assert [(p.line, "removed" in p.message) for p in result.problems] == [(2, True), (3, True)]


def test_yaml_alias_bombs_and_cycles_are_refused():
    levels = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"] + [
        f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]" for prev, name in zip("abcd", "bcde")
    ]
    result = load("\n".join([*levels, "cycle: &z [*z]", "title: 標題"]), first_line=2)
    assert result.data["title"] == "標題"
    assert "e" not in result.data and "cycle" not in result.data
    assert any("more than" in p.message for p in result.problems)


def test_deeply_nested_values_are_refused():
    """PyYAML 6.0 builds [[[…]]] 5,000 deep (newer libyaml stops at 1,000),
    and every recursive walk of it then overflows Python's stack."""
    for depth in (150, 5000):
        result = load(f"deep: {'[' * depth}{']' * depth}\ntitle: 標題", first_line=2)
        assert result.data == {"title": "標題"}
        assert result.problems and "nest" in result.problems[0].message
    assert "more than 100 levels" in load(f"deep: {'[' * 150}{']' * 150}", first_line=2).problems[0].message


# -- a real build ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(ROOTS / "test-hostile", srcdir)
    for path in (HOSTILE_FILE, HOSTILE_FOLDER_FILE, LONG_FILE, LINE_BREAK_FILE, CONTROL_LONG_FILE):
        (srcdir / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOTS / "test-hostile" / "news" / "ordinary.md", srcdir / path)
    result = build(srcdir, srcdir.parent / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return result


def test_renamed_pages_are_published_without_a_source_copy(hostile_build):
    for path in (LONG_FILE, CONTROL_LONG_FILE):
        page = shortened(without_control_characters(path.removesuffix(".md")))
        assert hostile_build.path(page).is_file(), page
        assert not list((hostile_build.outdir / "_sources").glob(f"{glob.escape(page)}*")), page


def page_name_assignments(build_, docname: str) -> list[str]:
    """The page names the page's inline scripts assign, decoded as JavaScript would."""
    names = []
    for script in build_.soup(docname).find_all("script", src=False):
        for statement in script.get_text().split(";\n"):
            statement = statement.strip().removesuffix(";")
            if statement.startswith(ASSIGNMENT):
                literal = statement[len(ASSIGNMENT) :]
                if literal.startswith("'"):  # the theme's own quoting: only for names without ' \ < > &
                    assert not set(literal[1:-1]) & set("'\"\\<>&\n\u2028\u2029"), literal
                    literal = json.dumps(literal[1:-1])
                names.append(json.loads(literal))
    return names


def test_category_label_gives_a_safe_page_name(hostile_build):
    page = "news/_category/" + safe_name(label_key(SCRIPT_LABEL))
    assert name_chars_only(page.rsplit("/", 1)[1])
    assert hostile_build.path(page).is_file()
    assert squash(hostile_build.article(page).find("h1").get_text()).removesuffix("#").strip() == SCRIPT_LABEL


def test_every_page_name_reaches_its_script_intact(hostile_build):
    pages = hostile_build.html_pages()
    assert 'news/it\'s "x" <b>&#?%' in pages and "活動 'x'/e1" in pages
    assert shortened(LONG_FILE.removesuffix(".md")) in pages
    for docname in pages:
        assert page_name_assignments(hostile_build, docname) == [docname], docname


def test_no_front_matter_text_inside_any_script(hostile_build):
    """No value in JavaScript; in JSON-LD (data, not run) only as escaped JSON."""
    for docname in hostile_build.html_pages():
        for script in hostile_build.soup(docname).find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)
                assert not set(script.string) & set("<>&"), docname  # nothing that could end the element
                continue
            # An author or tag page's safe name may spell a value's letters
            # (_authors/script-window.__pwned-2-…): inert as a quoted page name.
            text = script.get_text().replace(f"'{docname}'", "''")
            assert "__pwned" not in text, docname
            assert "alert(1)" not in text, docname


def test_json_ld_keeps_hostile_values_as_data(hostile_build):
    (script,) = hostile_build.soup("news/script-title").find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "</script><script>window.__pwned=1</script>標題\u2028換行"
    assert data["author"] == {"@type": "Person", "name": "</script><script>window.__pwned=2</script>"}


def test_unsafe_file_names_warn_with_the_rename(hostile_build):
    found = {(w.file, w.line): w.message for w in hostile_build.warnings if w.kind == "articles.filename"}
    long_name = LONG_FILE.removeprefix("news/")
    control_long = CONTROL_LONG_FILE.rpartition("/")[2]
    assert set(found) == {
        ('it\'s "x" <b>&#?%.md', 1), ("e1.md", 1), (long_name, 1), ("e2.md", 1), (control_long, 1)
    }  # fmt: skip
    assert f"published as '{shortened(LONG_FILE.removesuffix('.md'))}'" in found[long_name, 1]
    line_break_page = without_control_characters(LINE_BREAK_FILE.removesuffix(".md"))
    assert f"published as '{line_break_page}'" in found["e2.md", 1]
    assert found["e1.md", 1].endswith("rename it to '活動-x/e1.md'")
    assert "space" in found["e1.md", 1]


def test_control_characters_are_removed_and_reported(hostile_build):
    warnings = [(w.line, w.kind) for w in hostile_build.warnings_for("script-title.md")]
    assert warnings == [(7, "articles.frontmatter")]
    facts = hostile_build.article("news/script-title").select_one("dl.article-facts dd").get_text()
    assert squash(facts) == "控制字元"


def test_suppressing_filename_warnings(tmp_path, hostile_build):
    result = build(hostile_build.srcdir, tmp_path / "html", "-D", "suppress_warnings=articles.filename")
    assert result.returncode == 0
    assert [w for w in result.warnings if w.kind == "articles.filename"] == []
    assert (tmp_path / "html" / "活動 'x'" / "e1.html").is_file()


def test_source_link_is_percent_encoded_and_shown_as_written(hostile_build):
    link = hostile_build.article("news/script-title").select_one("p.article-source a")
    assert link["href"] == "https://example.org/%E6%96%B0%E8%81%9E%20%22q%22%20%3Cx%3E?a=1&b=%41"
    assert link.get_text() == 'https://example.org/新聞 "q" <x>?a=1&b=%41'


def test_files_in_folders_with_line_breaks_are_published(hostile_build):
    page = without_control_characters(LINE_BREAK_FILE.removesuffix(".md"))
    assert hostile_build.path(page).is_file()
    assert hostile_build.article(page).find("h1").get_text().startswith("一般文章")


def test_search_index_names_are_safe_relative_urls(hostile_build):
    """The search page links ``docname + ".html"`` as it is (sphinx-doc/sphinx#14028):
    nothing in a name may read as URL syntax or be trimmed by the browser."""
    from sphinx_articles.patches.search_page_names import decoded_name

    names = hostile_build.search_index()["docnames"]
    assert "活動%20'x'/e1" in names
    for name in names:
        assert not set(name) & set("#?: \\\t\n\r\x00"), name
    assert {decoded_name(name) for name in names} == set(hostile_build.html_pages()) - {"genindex", "search"}
