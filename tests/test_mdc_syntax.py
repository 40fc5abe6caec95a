"""The MDC markdown-it plugin (markup/mdc_syntax.py): token streams for the MDC syntax reference,
the shapes real Nuxt sites use, MyST and CommonMark left alone, and hostile input."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser

from sphinx_articles.markup.mdc_syntax import mdc_plugin, parse_code_info, parse_props

from conftest import REPO

NUXT_SITES = REPO.parent / "shared" / "nuxt-sites"
CORPUS = REPO.parent / "shared" / "corpus"


def myst_parser(plugin: bool = True) -> MarkdownIt:
    config = MdParserConfig(
        enable_extensions={"attrs_inline", "html_image", "strikethrough", "tasklist"}, heading_anchors=6
    )
    md = create_md_parser(config, SphinxRenderer)
    return md.use(mdc_plugin) if plugin else md


MYST = myst_parser()
PLAIN = MarkdownIt("commonmark").use(mdc_plugin)


def parse(text: str, md: MarkdownIt = MYST) -> list[Token]:
    return md.parse(text)


def walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def blocks(text: str) -> list[tuple[str, ...]]:
    """The block token stream, with component/slot names: ("mdc_block_open", "card"), ("paragraph_open",)..."""
    shape: list[tuple[str, ...]] = []
    for token in parse(text):
        if token.type in ("mdc_block_open", "mdc_slot_open"):
            shape.append((token.type, token.meta["name"]))
        elif token.type != "inline":
            shape.append((token.type,))
    return shape


def components(text: str, md: MarkdownIt = MYST) -> list[Token]:
    return [token for token in walk(parse(text, md)) if token.type.startswith("mdc_") and token.nesting == 1]


def inline_children(text: str, md: MarkdownIt = MYST) -> list[tuple[str, str]]:
    inline = next(token for token in parse(text, md) if token.type == "inline")
    # markdown-it leaves an empty text token after "**" closing at a nested end (attrs spans too)
    return [(child.type, child.content) for child in inline.children or [] if child.type != "text" or child.content]


# --- props ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "props"),
    [
        ('{key="value"}', {"key": "value"}),
        ("{key='value'}", {"key": "value"}),
        ("{key=value other=2}", {"key": "value", "other": "2"}),
        ("{ to=/docs target=_blank }", {"to": "/docs", "target": "_blank"}),
        ("{bool}", {"bool": True}),
        ("{.a .b #main}", {"class": "a b", "id": "main"}),
        ('{.a class="b"}', {"class": "b"}),
        ('{label="a b \\"c\\" } d"}', {"label": 'a b "c" } d'}),
        ('{title="新しい 記事" 名前=値}', {"title": "新しい 記事", "名前": "値"}),
        ("{:items='[1, 2]' :meta='{\"a\": true}'}", {"items": [1, 2], "meta": {"a": True}}),
        ("{:broken='[1, '}", {"broken": "[1, "}),
        ("{ui.icon.base=x @click=go}", {"ui.icon.base": "x", "@click": "go"}),
        ("{}", {}),
    ],
)
def test_props_syntax(source: str, props: dict[str, Any]) -> None:
    parsed = parse_props(source, 0)
    assert (parsed.props, parsed.error, parsed.end) == (props, None, len(source))


@pytest.mark.parametrize("source", ['{a=1 b="unclosed}', "{a=1", "{a=1 = b}", "{a={b}}", "{" + '"' * 50])
def test_malformed_props_keep_what_parsed(source: str) -> None:
    parsed = parse_props(source, 0)
    assert parsed.error
    if source.startswith("{a=1"):
        assert parsed.props["a"] == "1"


# --- block components -----------------------------------------------------------------------


def test_block_component_tokens() -> None:
    tokens = parse("::note{.wide}\nSome *text*.\n::\n")
    assert [token.type for token in tokens] == [
        "mdc_block_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "mdc_block_close",
    ]
    opening, closing = tokens[0], tokens[-1]
    assert (opening.tag, opening.nesting, opening.block, opening.map) == ("div", 1, True, [0, 3])
    assert (opening.markup, opening.info) == ("::", "note")
    assert opening.meta == {
        "name": "note",
        "props": {"class": "wide"},
        "props_error": None,
        "props_line": 0,
        "label": None,
    }
    assert (closing.tag, closing.nesting, closing.markup) == ("div", -1, "::")


def test_yaml_props_block_is_consumed_and_merged() -> None:
    text = "::alert{type=info icon=x}\n---\ntype: warning\nsources:\n  - src: a.webm\n---\nBody\n::\n"
    tokens = parse(text)
    assert [token.type for token in tokens if token.type != "inline"] == [
        "mdc_block_open",
        "paragraph_open",
        "paragraph_close",
        "mdc_block_close",
    ]
    assert tokens[0].meta["props"] == {"type": "warning", "icon": "x", "sources": [{"src": "a.webm"}]}
    assert tokens[0].meta["props_line"] == 1


@pytest.mark.parametrize(
    ("yaml_lines", "message"),
    [
        ("key: [unclosed", "invalid YAML props"),
        ("- a list", "must be a mapping"),
        ("k: " + "[" * 500, "nested too deeply"),
    ],
)
def test_bad_yaml_props_report_an_error_and_keep_brace_props(yaml_lines: str, message: str) -> None:
    opening = parse(f"::card{{to=/x}}\n---\n{yaml_lines}\n---\n::\n")[0]
    assert message in opening.meta["props_error"]
    assert opening.meta["props"] == {"to": "/x"}


def test_unclosed_props_still_open_a_component_with_an_error() -> None:
    opening = parse('::card{to="/x\ntext\n::\n')[0]
    assert opening.type == "mdc_block_open"
    assert opening.meta["props_error"] == "unclosed quote in props"


def test_block_label_is_kept() -> None:
    assert parse("::alert[Heads up]{type=info}\nx\n::")[0].meta["label"] == "Heads up"


def test_nesting_with_more_colons() -> None:
    text = "::tabs\n:::tabs-item{label=Output}\n:youtube-demo\n:::\n\n:::tabs-item{label=Input}\n```vue\n::\n```\n:::\n::\n"
    assert blocks(text) == [
        ("mdc_block_open", "tabs"),
        ("mdc_block_open", "tabs-item"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
        ("mdc_block_open", "tabs-item"),
        ("fence",),
        ("mdc_block_close",),
        ("mdc_block_close",),
    ]


def test_same_colon_count_children_nest() -> None:
    """The nuxt.com shape: ``::div`` children of ``::tabs`` closed by ``::`` too."""
    text = (
        '::tabs{class="gap-0"}\n\n::div{label="index.vue"}\n```vue\n<template />\n```\n::\n\n'
        "::code-preview\n---\nlabel: Preview\nui:\n  preview: p-0\n---\n:index-example\n::\n\n::\n\nAfter.\n"
    )
    assert blocks(text) == [
        ("mdc_block_open", "tabs"),
        ("mdc_block_open", "div"),
        ("fence",),
        ("mdc_block_close",),
        ("mdc_block_open", "code-preview"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
        ("mdc_block_close",),
        ("paragraph_open",),
        ("paragraph_close",),
    ]
    preview = next(token for token in parse(text) if token.info == "code-preview")
    assert preview.meta["props"] == {"label": "Preview", "ui": {"preview": "p-0"}}


def test_indented_nested_cards_with_indented_yaml() -> None:
    text = (
        "::card-group\n"
        "  ::card\n  ---\n  icon: i-simple-icons-github\n  title: Nuxt Vercel ISR\n  ---\n"
        "  Example of a Nuxt application.\n  ::\n"
        "  ::card{to=/b}\n  Second.\n  ::\n"
        "::\n"
    )
    assert blocks(text) == [
        ("mdc_block_open", "card-group"),
        ("mdc_block_open", "card"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
        ("mdc_block_open", "card"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
        ("mdc_block_close",),
    ]
    first_card = parse(text)[1]
    assert first_card.meta["props"] == {"icon": "i-simple-icons-github", "title": "Nuxt Vercel ISR"}


def test_props_only_component_and_read_more() -> None:
    text = "::video-player\n---\nsources:\n- src: a.webm\n  type: video/webm\n- src: a.mp4\n  type: video/mp4\nposter: p.jpg\n---\n::\n\n"
    text += '::read-more{to="/docs/guide" target="_blank"}\n::\n'
    video, read_more = components(text)
    assert video.meta["props"]["sources"] == [
        {"src": "a.webm", "type": "video/webm"},
        {"src": "a.mp4", "type": "video/mp4"},
    ]
    assert read_more.meta["props"] == {"to": "/docs/guide", "target": "_blank"}
    assert blocks(text) == [
        ("mdc_block_open", "video-player"),
        ("mdc_block_close",),
        ("mdc_block_open", "read-more"),
        ("mdc_block_close",),
    ]


def test_fenced_code_hides_colons_and_slots() -> None:
    text = "::code-group\n```md [content/index.md]\n::alert\n#title\n::\n```\n~~~\n::\n~~~\n::\nAfter\n"
    assert blocks(text) == [
        ("mdc_block_open", "code-group"),
        ("fence",),
        ("fence",),
        ("mdc_block_close",),
        ("paragraph_open",),
        ("paragraph_close",),
    ]


def test_unclosed_component_runs_to_the_end_of_its_parent() -> None:
    assert blocks("::outer\n:::inner\ntext\n::\nafter\n") == [
        ("mdc_block_open", "outer"),
        ("mdc_block_open", "inner"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
        ("mdc_block_close",),
        ("paragraph_open",),
        ("paragraph_close",),
    ]
    assert blocks("::open\ntext") == [
        ("mdc_block_open", "open"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
    ]


def test_component_lines_interrupt_a_paragraph() -> None:
    assert blocks("Some text\n::note\nInside\n::\nMore text\n") == [
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_open", "note"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
        ("paragraph_open",),
        ("paragraph_close",),
    ]


def test_component_in_a_list_item() -> None:
    assert blocks("- item\n\n  ::alert{type=warning}\n  Careful\n  ::\n- next\n") == [
        ("bullet_list_open",),
        ("list_item_open",),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_open", "alert"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_block_close",),
        ("list_item_close",),
        ("list_item_open",),
        ("paragraph_open",),
        ("paragraph_close",),
        ("list_item_close",),
        ("bullet_list_close",),
    ]


# --- slots ----------------------------------------------------------------------------------


def test_named_slots() -> None:
    text = "::hero\nDefault **slot**\n\n#title\nThe Intuitive\n\n#description\nText\n::\n"
    tokens = parse(text)
    assert blocks(text) == [
        ("mdc_block_open", "hero"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_slot_open", "title"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_slot_close",),
        ("mdc_slot_open", "description"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_slot_close",),
        ("mdc_block_close",),
    ]
    title = next(token for token in tokens if token.type == "mdc_slot_open")
    assert (title.tag, title.map) == ("template", [3, 6])


def test_slots_belong_to_their_own_component() -> None:
    text = "::outer\n::inner\n#title\nInner title\n::\n#footer\nOuter footer\n::\n"
    assert blocks(text) == [
        ("mdc_block_open", "outer"),
        ("mdc_block_open", "inner"),
        ("mdc_slot_open", "title"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_slot_close",),
        ("mdc_block_close",),
        ("mdc_slot_open", "footer"),
        ("paragraph_open",),
        ("paragraph_close",),
        ("mdc_slot_close",),
        ("mdc_block_close",),
    ]


def test_hash_lines_outside_components_are_commonmark() -> None:
    assert blocks("#title\n\n# Heading\n") == [
        ("paragraph_open",),
        ("paragraph_close",),
        ("heading_open",),
        ("heading_close",),
    ]


# --- inline components and spans ------------------------------------------------------------


def test_inline_components() -> None:
    text = ':app-button[40K+ **stars**]{ href="https://github.com/nuxt/nuxt" icon="IconGitHub" } and :icon{name="i-x"}'
    found = components(text)
    assert [(token.type, token.tag, token.meta["name"]) for token in found] == [
        ("mdc_inline_open", "span", "app-button"),
        ("mdc_inline_open", "span", "icon"),
    ]
    assert found[0].meta["props"] == {"href": "https://github.com/nuxt/nuxt", "icon": "IconGitHub"}
    assert inline_children(text)[:6] == [
        ("mdc_inline_open", ""),
        ("text", "40K+ "),
        ("strong_open", ""),
        ("text", "stars"),
        ("strong_close", ""),
        ("mdc_inline_close", ""),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("A simple :inline-component", ["inline-component"]),
        ("A :badge. Then (:badge) and *:badge*", ["badge", "badge", "badge"]),
        ("How to say :hello{}-world in Markdown", ["hello"]),
        (":alone", ["alone"]),
        ("It is 10:30 now", []),
        ("Note:this and A:b", []),
        ("Happy :smile: face", []),
        ("See https://nuxt.com/:id or mailto:a@b", []),
        ("C++ ::x and std::vector", []),
        ("中文:标签 and 中文 :note文字", []),
        ("新功能，:badge[新]與「:kbd[Ctrl]」", ["badge", "kbd"]),  # CJK punctuation, no space
        ("帳號:admin，網址：:https://x", []),  # after a letter, or before a colon
        ("`:code` stays code", []),
    ],
)
def test_inline_component_boundaries(text: str, names: list[str]) -> None:
    assert [token.meta["name"] for token in components(text)] == names


@pytest.mark.parametrize("md", [MYST, PLAIN], ids=["myst-attrs-inline", "commonmark"])
def test_spans_and_links(md: MarkdownIt) -> None:
    spans = components("Learn [easily]{.text-primary #x}, [twice]{style='a: b'}", md)
    assert [token.meta["props"] for token in spans] == [{"class": "text-primary", "id": "x"}, {"style": "a: b"}]
    assert all(token.type == "mdc_span_open" and token.tag == "span" for token in spans)
    assert components("[link](https://a.example) and [ref][r] and [r]\n\n[r]: https://r.example", md) == []


def test_links_keep_myst_attributes() -> None:
    children = inline_children('[link](https://a.example){target="_blank"}')
    assert [kind for kind, _ in children] == ["link_open", "text", "link_close"]
    link = next(
        token for token in walk(parse('[link](https://a.example){target="_blank"}')) if token.type == "link_open"
    )
    assert link.attrs["target"] == "_blank"


# --- code-block meta ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "language", "meta"),
    [
        ("ts [nuxt.config.ts]", "ts", {"filename": "nuxt.config.ts"}),
        ("ts [file.ts] {2,4-6}", "ts", {"filename": "file.ts", "highlight": [2, 4, 5, 6]}),
        ("ts{1,3}[file]", "ts", {"filename": "file", "highlight": [1, 3]}),
        ("js{}[nuxt.config.js]", "js", {"filename": "nuxt.config.js"}),
        ("bash [Yarn]", "bash", {"filename": "Yarn"}),
        ("md [my notes 記事.md]", "md", {"filename": "my notes 記事.md"}),
        ("ts [server/api/users/[id]/profile.ts]", "ts", {"filename": "server/api/users/[id]/profile.ts"}),
        ("vue [pages/blog/[slug\\\\].vue]", "vue", {"filename": "pages/blog/[slug].vue"}),
        ("js [a.js] twoslash", "js", {"filename": "a.js", "mdc_meta": "twoslash"}),
        ("js{1-999999999}", "js", {"highlight": [1, 2, 3, 4, 5, 6]}),
    ],
)
def test_code_block_meta(info: str, language: str, meta: dict[str, Any]) -> None:
    code = "\n".join(f"line {number}" for number in range(1, 7))
    fence = parse(f"```{info}\n{code}\n```\n")[0]
    assert (fence.type, fence.info, fence.meta) == ("fence", language, meta)


@pytest.mark.parametrize("info", ["", "python", "vue twoslash", "{note}", "{code-block} python [x]", "{1,2}"])
def test_info_without_mdc_meta_is_untouched(info: str) -> None:
    fence = parse(f"```{info}\ncode\n```\n")[0]
    assert (fence.info, fence.meta) == (info, {})
    assert parse_code_info("python") is None


# --- MyST and CommonMark are left alone -----------------------------------------------------

MYST_AND_COMMONMARK = """\
---
title: front matter
---

Setext heading
==============

Another
-------

# ATX heading

Prose with a colon: 10:30, Note:this, :smile:, C++::x and https://example.com/a:b.

---

```{note}
A MyST directive.
```

[link](https://example.com){target=_blank} <img src="a.png" alt="x" width="10">

- [x] done
- [ ] todo

~~struck~~ and `::inline code` and [reference][r].

    ::indented-code
    ::

> ::quoted-text followed by words is prose

[r]: https://example.com
"""


def token_dicts(tokens: Sequence[Token]) -> list[dict[str, Any]]:
    return [token.as_dict() for token in tokens]


def test_myst_and_commonmark_tokens_are_unchanged() -> None:
    assert token_dicts(parse(MYST_AND_COMMONMARK)) == token_dicts(myst_parser(plugin=False).parse(MYST_AND_COMMONMARK))


def test_yaml_props_never_become_setext_headings_or_rules() -> None:
    types = [token.type for token in parse("::card\n---\ntitle: x\n---\nBody\n::\n")]
    assert "hr" not in types and "heading_open" not in types


def test_colon_fence_coexists() -> None:
    md = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), SphinxRenderer).use(mdc_plugin)
    tokens = md.parse(":::{note}\nMyST\n:::\n\n:::tabs-item\nMDC\n:::\n")
    assert [token.type for token in tokens if token.nesting >= 0 and token.type != "inline"] == [
        "colon_fence",
        "mdc_block_open",
        "paragraph_open",
    ]


# --- hostile input --------------------------------------------------------------------------

HOSTILE = [
    ":" * 10_000,
    ":" * 10_000 + "name",
    "::a{" + "x" * 100_000,
    '::a{b="' + "x" * 100_000,
    ':a{b=" ' * 5_000,
    "[a]{" * 5_000,
    "::a\n---\n" + "k: v\n" * 2_000,
    "::a{:k='" + "[" * 5_000 + "'}\n::\n",
    "::a\n" + "```\n::\n" * 2_000,
    "```js{1-99999999999999,3-7}[x\n```",
    "::a{\x01\x02=\x03}\n\x0b:b[\x1f]{\x7f}\n#\x0c\n::",
    "".join(":" * (depth + 2) + "n\n" for depth in range(300)),
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("md", [MYST, MarkdownIt("default").use(mdc_plugin)], ids=["myst", "default-preset"])
def test_hostile_input_never_raises(text: str, md: MarkdownIt) -> None:
    tokens = md.parse(text)
    assert sum(token.nesting for token in tokens) == 0


def test_deep_nesting_is_bounded() -> None:
    text = "".join(f"::level{depth}\n" for depth in range(2_000)) + "::\n" * 2_000
    started = time.perf_counter()
    tokens = parse(text)
    elapsed = time.perf_counter() - started
    openings = [token for token in tokens if token.type == "mdc_block_open"]
    # markdown-it stops nesting at maxNesting (20 in MyST's commonmark preset): no recursion error.
    assert 0 < len(openings) <= MYST.options["maxNesting"]
    assert sum(token.nesting for token in tokens) == 0
    assert elapsed < 5, elapsed


def test_long_unclosed_props_are_linear() -> None:
    started = time.perf_counter()
    opening = parse("::a{" + "x" * 100_000)[0]
    assert opening.meta["props_error"] == "unclosed '{'"
    assert time.perf_counter() - started < 2


# --- real data ------------------------------------------------------------------------------


def markdown_files(root: Path) -> list[Path]:
    if not root.is_dir():
        pytest.skip(f"{root} is not available")
    return sorted(root.rglob("*.md"))


def is_closing_line(line: str) -> bool:
    return re.fullmatch(r"\s*:{2,}\s*", line) is not None


@pytest.mark.parametrize("site", ["nuxt.com", "website-v2-ja"])
def test_real_nuxt_sites(site: str) -> None:
    counts: Counter[str] = Counter()
    for path in markdown_files(NUXT_SITES / site):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tokens = parse(text)
        assert sum(token.nesting for token in tokens) == 0, path
        depth = 0
        for token in tokens:
            if token.type == "mdc_block_open":
                depth += 1
                assert token.meta["name"], path
                assert token.map and is_closing_line(lines[token.map[1] - 1]), (path, token.map)  # closed
                assert token.meta["props_error"] is None, (path, token.map, token.meta["props_error"])
            elif token.type == "mdc_block_close":
                depth -= 1
            elif depth and token.type in ("heading_open", "hr"):
                assert token.markup not in ("-", "=", "---"), (path, token.map)  # a props block's "---"
        counts.update(token.type for token in walk(tokens) if token.type.startswith("mdc_") and token.nesting == 1)
        counts["fences with a filename"] += sum("filename" in token.meta for token in tokens if token.type == "fence")
    print(f"{site}: {dict(counts)}")
    assert counts["mdc_block_open"] > 200 and counts["mdc_inline_open"] > 20


def test_corpus_has_no_mdc() -> None:
    plain = myst_parser(plugin=False)
    found = []
    for path in markdown_files(CORPUS):
        text = path.read_text(encoding="utf-8", errors="replace")
        tokens = parse(text)
        found += [(path.name, token.type) for token in walk(tokens) if token.type.startswith("mdc_")]
        assert token_dicts(tokens) == token_dicts(plain.parse(text)), path  # fences untouched too
    assert found == []
