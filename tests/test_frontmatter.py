"""Unit tests of front-matter splitting and article reading (no Sphinx build)."""

from __future__ import annotations

import datetime as dt
import textwrap

from sphinx_articles.content import article as article_mod
from sphinx_articles.content import frontmatter
from sphinx_articles.content.article import label_key, normalise_label

DEFAULT = "未分類"


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def read(text: str, docname: str = "news/sample") -> article_mod.Article:
    return article_mod.read(docname, md(text), DEFAULT)


def messages(art: article_mod.Article) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in art.problems]


# -- frontmatter.split --------------------------------------------------------


def test_split_reads_mapping_lines_and_body_start():
    fm = frontmatter.split(
        md("""
        ---
        title: 里民大會
        category: 公告
        publishedAt: 2026-01-31
        ---

        ## 內文
        """)
    )
    assert fm.data == {"title": "里民大會", "category": "公告", "publishedAt": "2026-01-31"}
    assert fm.lines == {"title": 2, "category": 3, "publishedAt": 4}
    assert fm.body_start == 5  # 0-based index of the line after the closing fence
    assert fm.problems == []


def test_split_without_front_matter_returns_nothing():
    fm = frontmatter.split("# 標題\n\n內文\n")
    assert fm.data == {} and fm.body_start == 0 and fm.problems == []


def test_split_empty_text():
    fm = frontmatter.split("")
    assert fm.data == {} and fm.body_start == 0 and fm.problems == []


def test_split_front_matter_must_start_on_first_line():
    fm = frontmatter.split("\n---\ntitle: 不是前言\n---\n")
    assert fm.data == {} and fm.body_start == 0


def test_split_accepts_crlf_and_dots_fence():
    fm = frontmatter.split("---\r\ntitle: 換行\r\n...\r\n內文\r\n")
    assert fm.data == {"title": "換行"}
    assert fm.body_start == 3


def test_split_unclosed_front_matter_is_reported_on_line_1_and_salvaged():
    fm = frontmatter.split("---\ntitle: 沒有結束\ncategory: 公告\n\n## 內文\n")
    assert fm.data == {"title": "沒有結束", "category": "公告"}  # up to the first blank line
    assert fm.body_start == 3
    assert [(p.line, p.message) for p in fm.problems] == [(1, "front matter is not closed by a '---' line")]


def test_split_unclosed_front_matter_stops_at_a_heading():
    fm = frontmatter.split("---\ntitle: 沒有結束\n## 內文\n正文\n")
    assert fm.data == {"title": "沒有結束"} and fm.body_start == 2


def test_split_empty_front_matter_block():
    fm = frontmatter.split("---\n---\n內文\n")
    assert fm.data == {} and fm.problems == [] and fm.body_start == 2


def test_split_scalars_stay_strings_except_bool_and_null():
    fm = frontmatter.split(
        md("""
        ---
        sequence: 030
        budget: 12000
        ratio: 1.5
        publishedAt: 2024-13-45
        toc: false
        link:
        ---
        """)
    )
    assert fm.data == {
        "sequence": "030", "budget": "12000", "ratio": "1.5",
        "publishedAt": "2024-13-45", "toc": False, "link": None,
    }  # fmt: skip


def test_split_broken_yaml_salvages_the_other_keys():
    fm = frontmatter.split(
        md("""
        ---
        title: 壞掉的 YAML
        category: 公告
        author: [未關閉
        publishedAt: 2024-03-01
        ---
        """)
    )
    assert fm.data == {"title": "壞掉的 YAML", "category": "公告", "publishedAt": "2024-03-01"}
    assert fm.lines["publishedAt"] == 5
    assert len(fm.problems) == 1
    assert fm.problems[0].line == 4
    assert fm.problems[0].message.startswith("invalid YAML in front matter")


def test_split_non_mapping_front_matter():
    fm = frontmatter.split("---\n- 一\n- 二\n---\n內文\n")
    assert fm.data == {}
    assert [(p.line, p.message) for p in fm.problems] == [(2, "front matter is not a mapping of keys to values")]
    assert fm.body_start == 4


def test_split_nested_mapping_line_numbers():
    fm = frontmatter.split(
        md("""
        ---
        title: 標題
        head:
          meta:
            - name: keywords
              content: 社區
        publishedAt: 2026-02-02
        ---
        """)
    )
    assert fm.data["head"] == {"meta": [{"name": "keywords", "content": "社區"}]}
    assert fm.lines == {"title": 2, "head": 3, "publishedAt": 7}


# -- article.read ---------------------------------------------------------------

FULL = """
    ---
    title: 松柏街路燈更換
    description: 全面換成節能燈具。
    image: /images/a.png, /images/b.png ,/images/c.png
    sequence: 030
    category: 公共建設
    author: 里辦公處
    link: https://example.org/lamp
    head:
      meta:
        - name: keywords
          content: 路燈
        - name: robots
          content: ""
        - name: og:title
          content: 社群標題
    publishedAt: 2026-03-01
    toc: false
    status: 施工中
    budget: 12000
    ---

    ## 內文
    """


def test_read_full_article():
    art = read(FULL)
    assert art.title == "松柏街路燈更換"
    assert art.description == "全面換成節能燈具。"
    assert art.images == ["/images/a.png", "/images/b.png", "/images/c.png"]
    assert art.cover == "/images/a.png"
    assert art.sequence == 30
    assert art.category == ("公共建設",)
    assert art.author == "里辦公處"
    assert art.link == "https://example.org/lamp"
    assert art.meta == [("keywords", "路燈"), ("og:title", "社群標題")]  # empty content skipped
    assert art.published == dt.date(2026, 3, 1)
    assert art.published_text == "2026-03-01"
    assert art.toc is False
    assert art.extra == {"status": "施工中", "budget": "12000"}
    assert art.section == "news"
    assert art.problems == []


def test_sequence_leading_zero_equals_plain_number():
    assert read("---\ntitle: a\ncategory: c\nsequence: 030\n---\n").sequence == 30
    assert read("---\ntitle: a\ncategory: c\nsequence: 30\n---\n").sequence == 30
    assert read("---\ntitle: a\ncategory: c\nsequence: 1_000\n---\n").sequence == 1000


def test_sequence_not_a_number_is_reported():
    art = read("---\ntitle: a\ncategory: c\nsequence: abc\n---\n")
    assert art.sequence is None
    assert messages(art) == [(4, "'sequence' should be a whole number, not 'abc'")]


def test_image_list_in_yaml():
    art = read("---\ntitle: a\ncategory: c\nimage:\n  - /images/x.png\n  - ' /images/y.png '\n---\n")
    assert art.images == ["/images/x.png", "/images/y.png"]


def test_two_level_category_and_spacing_identity():
    art = read("---\ntitle: a\ncategory1: 文化活動\ncategory2: ' 親子  講座 '\n---\n")
    assert art.category == ("文化活動", "親子 講座")
    assert label_key("親子 講座") == label_key("親子講座") == "親子講座"


def test_category_wins_over_category1():
    art = read("---\ntitle: a\ncategory: 公告\ncategory1: 文化活動\ncategory2: 講座\n---\n")
    assert art.category == ("公告",)


def test_category_labels_are_nfkc_normalised():
    assert normalise_label("ＡＢＣ　活動") == "ABC 活動"
    assert label_key("ＡＢＣ　活動") == "abc活動"


def test_missing_category_uses_default_with_problem():
    art = read("---\ntitle: 沒有類別\n---\n")
    assert art.category == (DEFAULT,)
    assert messages(art) == [(1, "no 'category'; the article is filed under '未分類'")]


def test_empty_category2_keeps_one_level():
    art = read("---\ntitle: a\ncategory1: 文化活動\ncategory2: ''\n---\n")
    assert art.category == ("文化活動",)
    assert art.problems == []


def test_iso_datetime_keeps_time_and_zone():
    art = read("---\ntitle: a\ncategory: c\npublishedAt: 2026-04-02T09:30:00+08:00\n---\n")
    assert art.published == dt.date(2026, 4, 2)
    assert art.published_text == "2026-04-02T09:30:00+08:00"


def test_utc_z_datetime():
    art = read("---\ntitle: a\ncategory: c\npublishedAt: 2026-04-02T01:30:00Z\n---\n")
    assert art.published == dt.date(2026, 4, 2)
    assert art.published_text.startswith("2026-04-02T01:30:00")


def test_invalid_date_is_reported_on_its_line():
    art = read("---\ntitle: a\ncategory: c\n\npublishedAt: 2024-13-45\n---\n")
    assert art.published is None and art.published_text == ""
    assert messages(art) == [(5, "'publishedAt' should be a date like 2024-01-31, not '2024-13-45'")]


def test_link_must_be_http():
    art = read("---\ntitle: a\ncategory: c\nlink: ftp://x\n---\n")
    assert art.link == ""
    assert art.extra == {"link": "ftp://x"}
    assert messages(art) == [(4, "'link' must be an http(s) URL; 'ftp://x' is not shown as a link")]
    assert read("---\ntitle: a\ncategory: c\nlink: HTTP://example.org/\n---\n").link == "HTTP://example.org/"


def test_javascript_link_is_refused():
    art = read("---\ntitle: a\ncategory: c\nlink: javascript:alert(1)\n---\n")
    assert art.link == ""
    assert art.problems and art.problems[0].line == 4


def test_empty_link_is_no_link_and_no_problem():
    art = read("---\ntitle: a\ncategory: c\nlink:\n---\n")
    assert art.link == "" and art.problems == [] and "link" not in art.extra


def test_toc_flag():
    assert read("---\ntitle: a\ncategory: c\ntoc: true\n---\n").toc is True
    assert read("---\ntitle: a\ncategory: c\n---\n").toc is None
    art = read('---\ntitle: a\ncategory: c\ntoc: "maybe"\n---\n')
    assert art.toc is None
    assert messages(art) == [(4, "'toc' should be true or false, not 'maybe'; the default is used")]


def test_title_list_is_joined_with_problem():
    art = read("---\ntitle: [標題一, 標題二]\ncategory: c\n---\n")
    assert art.title == "標題一 標題二"
    assert messages(art) == [(2, "'title' should be text, not a list; the items are joined")]


def test_title_mapping_is_ignored_and_falls_back_to_heading():
    art = read("---\ntitle:\n  zh: 標題\ncategory: c\n---\n\n## 真正的標題\n")
    assert art.title == "真正的標題"
    assert (2, "'title' should be text; the value is ignored") in messages(art)


def test_fallback_title_from_first_heading_outside_code():
    art = read("""
        ---
        category: c
        ---

        ```md
        # 程式碼裡的標題
        ```

        ### 第一個真正的標題 ###

        ## 第二個
        """)
    assert art.title == "第一個真正的標題"
    assert messages(art) == [(1, "no 'title' in front matter; using the first heading")]


def test_fallback_title_from_file_name():
    art = read("---\ncategory: c\n---\n\n只有內文。\n", docname="news/only-text")
    assert art.title == "only-text"
    assert messages(art) == [(1, "no 'title' in front matter and no heading; using the file name")]


def test_no_front_matter_at_all():
    art = read("# 沒有前言\n\n內文\n", docname="news/plain")
    assert art.title == "沒有前言"
    assert art.category == (DEFAULT,)
    assert art.body_start == 0
    assert sorted(line for line, _ in messages(art)) == [1, 1]


def test_empty_file():
    art = article_mod.read("news/empty", "", DEFAULT)
    assert art.title == "empty"
    assert art.category == (DEFAULT,)
    assert len(art.problems) == 2


def test_head_meta_problems():
    art = read(
        "---\ntitle: a\ncategory: c\nhead:\n  meta:\n    - content: 沒有名稱\n    - name: ok\n      content: 好\n---\n"
    )
    assert art.meta == [("ok", "好")]
    assert [line for line, _ in messages(art)] == [4]
    art = read("---\ntitle: a\ncategory: c\nhead: 文字\n---\n")
    assert art.meta == []
    assert messages(art) == [(4, "'head.meta' should be a list of name/content pairs")]


def test_problems_are_sorted_by_line():
    art = read("""
        ---
        title: [一, 二]
        toc: "x"
        sequence: y
        publishedAt: z
        ---
        """)
    lines = [line for line, _ in messages(art)]
    assert lines == sorted(lines)
    assert lines[:1] == [1] and 2 in lines and 5 in lines


def test_broken_yaml_article_keeps_salvaged_title():
    art = read("---\ntitle: 仍有標題\ncategory: 公告\nauthor: [壞\npublishedAt: 2024-03-01\n---\n")
    assert art.title == "仍有標題"
    assert art.category == ("公告",)
    assert art.author == ""
    assert art.published == dt.date(2024, 3, 1)
    assert [line for line, _ in messages(art)] == [4]


def test_read_never_raises_on_odd_values():
    art = read("---\ntitle: 123\ncategory: 456\nauthor: null\nsequence: -5\nimage: ''\n---\n")
    assert art.title == "123" and art.category == ("456",) and art.author == ""
    assert art.sequence == -5 and art.images == []


def test_yaml_11_booleans_are_text_in_text_fields():
    """Nuxt Content reads front matter as YAML 1.2: only true/false are booleans.
    A title or author written "yes"/"No"/"on"/"OFF" must stay as written,
    not become "True"/"False"."""
    for word in ("yes", "No", "on", "OFF"):
        art = read(f"---\ntitle: {word}\nauthor: {word}\ncategory: c\n---\n")
        assert (art.title, art.author) == (word, word)
