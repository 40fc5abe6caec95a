"""Tag names written as words in prose are text: "use the <img> tag".

Writers about the web name tags in running text, not always in backticks.
CommonMark reads ``<img>`` there as inline HTML, and MyST's ``html_image``
then reports "<img> missing 'src' attribute" and drops it; ``<video>``
would open an element that swallows the rest of the paragraph (closed at
its end by ``rawrepair``, with a warning).  An inline start tag without
attributes is kept as the text it is when

- it is an element that shows nothing without attributes (``<img>``,
  ``<source>``, ``<input>``, …; ``<br>``, ``<hr>`` and ``<wbr>`` stay tags), or
- it is never closed in its paragraph and a space, punctuation, the end of
  the paragraph or a word such as "tag" / "element" / タグ / 標籤 follows it.

So ``<b>粗體從未關閉`` is still a ``<b>`` left open (repaired as before),
while ``the <video> tag`` reads as written.  Inline code is never HTML.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

START_TAG = re.compile(r"^<([A-Za-z][A-Za-z0-9-]*)\s*/?>$")
# Void elements that show nothing (or nothing meant) without attributes.
EMPTY_WITHOUT_ATTRIBUTES = frozenset("area base col embed img input link meta param source track".split())
KEEP = frozenset(("br", "hr", "wbr"))
TAG_WORD = re.compile(
    r"^\s*(?:tags?|elements?|components?|タグ|要素|コンポーネント|標籤|标签|元素|標記|标记|元件|組件|组件)",
    re.IGNORECASE,
)
BOUNDARY = re.compile(r"^(?:$|[\s\W])")


def tag_words(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            _in_paragraph(token.children)


def _in_paragraph(children: list[Token]) -> None:
    for index, child in enumerate(children):
        if child.type != "html_inline":
            continue
        found = START_TAG.match(child.content.strip())
        if found is None:
            continue
        name = found.group(1).lower()
        if name in KEEP:
            continue
        if name in EMPTY_WITHOUT_ATTRIBUTES or (
            not _closed_later(children, index, name) and _reads_as_word(children, index)
        ):
            child.type, child.tag = "text", ""


def _closed_later(children: list[Token], index: int, name: str) -> bool:
    end = re.compile(rf"^</{re.escape(name)}\s*>$", re.IGNORECASE)
    return any(c.type == "html_inline" and end.match(c.content.strip()) for c in children[index + 1 :])


def _reads_as_word(children: list[Token], index: int) -> bool:
    after = children[index + 1] if index + 1 < len(children) else None
    if after is None or after.type in ("softbreak", "hardbreak"):
        return True
    if after.type != "text":
        return False
    return bool(BOUNDARY.match(after.content) or TAG_WORD.match(after.content))


def tag_words_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("articles_tag_words", tag_words)
