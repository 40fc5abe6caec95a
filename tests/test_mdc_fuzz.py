"""MDC fuzzed: bodies stitched from MDC fragments, cut and nested at random,
with hostile props; the plugin never raises and keeps tokens balanced, and a
real build of them publishes every article, exit 0."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from test_mdc_syntax import MYST

from conftest import build

FRAGMENTS = [
    "::note\n", "::tip{title=\"t\"}\n", "::\n", ":::\n", "::::\n", "::alert{type=\"danger\"}\n",
    "::code-group\n", "```ts [a.ts] {1}\nx\n```\n", "```js{}[b.js]\ny\n```\n", "::tabs\n", "::div{label=\"L\"}\n",
    ":::tabs-item{label=\"M\"}\n", "::card-group\n", "  ::card\n  ---\n  title: 卡\n  to: /x\n  ---\n",
    "::card\n#title\n標題\n#description\n說明\n", "#title\n", "#default\n", "---\n", "---\nkey: [1, {a: b}]\n---\n",
    "---\n: [\n---\n", "::read-more{to=\"javascript:alert(1)\"}\n", "::read-more{to=\"https://example.org\"}\n",
    "::video{src=\"/v.mp4\"}\n:source{src=\"/v.webm\" type=\"video/webm\"}\n", "::video-player\n---\nsources: 3\n---\n",
    ":youtube{id=\"</script>\"}\n", ":nuxt-img{src=\"/none.png\" alt=\"\\\"><b>\"}\n", ":badge[新]{type=success}\n",
    "文字 :unknown-thing[內容]{x=\"'\\u2028'\"} 文字\n", "[span]{.a #b c=d}\n", ":kbd{value=\"Ctrl\"}\n",
    "::hero{title=\"</div>\"}\n", "::evil{:bind='{\"a\": [1, 2'}\n", "# 標題\n", "段落\n", "\n", "- 清單 ::note\n",
    "> 引用 :badge\n", "::x{", "[a]{", ":y[", "```\n::note\n", "::br\n:br\n", "::icon{name=i}\n",
]  # fmt: skip


def body(rng: random.Random) -> str:
    return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 25)))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.text(alphabet=":{}[]#-`'\"=. \nab漢", max_size=80))
def test_plugin_never_raises_and_balances(fragments, noise):
    tokens = MYST.parse("".join(fragments) + noise)
    depth = 0
    for token in tokens:
        depth += token.nesting
        assert depth >= 0
        for child in token.children or []:
            assert child.type != "mdc_block_open"
    assert depth == 0


def test_a_site_of_fuzzed_mdc_builds_and_publishes_every_article(tmp_path):
    rng = random.Random(2026)
    src = tmp_path / "src" / "news"
    src.mkdir(parents=True)
    for number in range(60):
        text = f"---\ntitle: 測試 {number}\ncategory: 模糊\n---\n\n{body(rng)}"
        (src / f"f{number:02}.md").write_text(text, encoding="utf-8")
    result = build(tmp_path / "src", tmp_path / "html", "-j", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    for number in range(60):
        assert result.article(f"news/f{number:02}").find("h1"), number
    for warning in result.warnings:
        assert warning.path.endswith(".md") and warning.line > 0, warning
