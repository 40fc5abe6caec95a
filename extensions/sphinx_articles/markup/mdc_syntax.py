"""A markdown-it plugin that parses MDC, Nuxt Content's Markdown components syntax, into tokens.

Grammar (``NAME`` is ``[A-Za-z][A-Za-z0-9_-]*``; ``PROPS`` is the attribute syntax below)::

    block component   INDENT ":"{2,} NAME ["[" LABEL "]"] [PROPS] SPACES     opening line
                      INDENT "---" / YAML lines / INDENT "---"                 optional, right after it
                      Markdown, nested components, slots                       content
                      INDENT ":"{2,} SPACES                                     closing line
    slot              INDENT "#" NAME SPACES        a line at the component's own level
    inline component  ":" NAME ["[" TEXT "]"] [PROPS]     (or PROPS before the label)
    span              "[" TEXT "]" PROPS                  not part of a link
    PROPS             "{" ( .class | #id | key | key=value | key="v" | key='v' | :key='yaml' )* "}"
    code-block meta   ```LANG [FILENAME] {1,3-5} OTHER   (any order after LANG; ```js{}[file] too)

Block components nest by a stack: an opening line inside a component opens a child (whatever its
colon count, as nuxt.com nests ``::div`` in ``::tabs``), and a closing line closes the innermost
open component with the same colon count, else the innermost one (remark-mdc requires equal
counts; real files are not always that careful).  Fenced code is skipped when looking for the end,
and an unclosed component runs to the end of its parent.  Content before the first slot line is
the default slot; ``#name`` lines outside components are left to CommonMark.

An inline component's colon must start the text or follow whitespace, ``[``, ``(``, ``*`` or
``_`` (as in remark-mdc); a bare ``:name`` must be followed by the end, whitespace or punctuation
other than ``:``, so ``10:30``, ``Note:this`` and ``:smile:`` stay text.

Tokens: ``mdc_block_open``/``mdc_block_close`` (tag ``div``), ``mdc_slot_open``/``mdc_slot_close``
(tag ``template``), ``mdc_inline_open``/``mdc_inline_close`` and ``mdc_span_open``/``mdc_span_close``
(tag ``span``); names, props and errors are in ``token.meta``.  Fence tokens with MDC meta get
``info`` = the language and ``meta["filename"]``, ``meta["highlight"]``, ``meta["mdc_meta"]``.
Nothing here raises on malformed input: bad props keep what parsed and report ``props_error``.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

Props = dict[str, Any]

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_OPENER = re.compile(r"(:{2,})([A-Za-z][A-Za-z0-9_-]*)")
_CLOSER = re.compile(r"(:{2,})[ \t]*$")
_SLOT = re.compile(r"#([A-Za-z][A-Za-z0-9_-]*)[ \t]*$")
_YAML_DELIMITER = re.compile(r"---[ \t]*$")
_FENCE_OPENER = re.compile(r"(`{3,})[^`]*$|(~{3,})")
_PROP = re.compile(
    r"""[ \t\r\n]*(?:
        (?P<close>\})
      | \.(?P<cls>[^\s{}.#"'=]+)
      | \#(?P<id>[^\s{}.#"'=]+)
      | (?P<key>:?[^\s{}="'.#:][^\s{}="']*)
        (?:=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s{}"']+)))?
    )""",
    re.VERBOSE | re.DOTALL,
)
_QUOTE_ESCAPE = re.compile(r"\\([\"'\\])")
_HIGHLIGHT = re.compile(r"\{([\d,\s-]*)\}")
_LINE_RANGE = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")

# Inline props are searched for within this many characters, so that text full of unclosed
# ``:a{"`` stays linear; real inline props are far shorter.
_MAX_INLINE_PROPS = 2048
# PyYAML recurses per "[" or "{": deeper flow nesting is refused before it is slow or overflows.
_MAX_YAML_NESTING = 100
_YAML_FLOW_BRACKET = re.compile(r"[\[\]{}]")
_MAY_PRECEDE_INLINE = frozenset("[(*_")
# Chinese and Japanese put no space before a component: "功能，:badge[新]".  Their punctuation
# (and any other non-ASCII punctuation) may precede one too; letters may not ("帳號:admin").
_NOT_BEFORE_INLINE = frozenset(":/\\")


def _may_precede_inline(char: str) -> bool:
    if char.isspace() or char in _MAY_PRECEDE_INLINE:
        return True
    return not char.isascii() and unicodedata.category(char).startswith("P") and char not in _NOT_BEFORE_INLINE


# --- props ----------------------------------------------------------------------------------


@dataclass
class ParsedProps:
    end: int | None  # index after the closing "}", None when there is none
    props: Props = field(default_factory=dict)
    error: str | None = None


def parse_props(text: str, start: int, limit: int | None = None) -> ParsedProps:
    """Parse ``{...}`` starting at ``text[start] == "{"``, up to ``limit``; never raises."""
    limit = len(text) if limit is None else min(limit, len(text))
    props: Props = {}
    pos = start + 1
    while pos < limit:
        match = _PROP.match(text, pos, limit)
        if match is None or match.end() == pos:
            closing = text.find("}", pos, limit)
            return ParsedProps(None if closing < 0 else closing + 1, props, _props_error(text, pos, limit))
        pos = match.end()
        if match["close"]:
            return ParsedProps(pos, props)
        _add_prop(props, match)
    return ParsedProps(None, props, "unclosed '{'")


def _props_error(text: str, pos: int, limit: int) -> str:
    if pos >= limit:
        return "unclosed '{'"
    if text[pos] in "\"'" or text[pos : pos + 2] in ('="', "='"):
        return "unclosed quote in props"
    return f"unexpected {text[pos]!r} in props"


def _add_prop(props: Props, match: re.Match[str]) -> None:
    if match["cls"]:
        props["class"] = f"{props['class']} {match['cls']}" if props.get("class") else match["cls"]
        return
    if match["id"]:
        props["id"] = match["id"]
        return
    key: str = match["key"]
    quoted = match["dq"] if match["dq"] is not None else match["sq"]
    value: Any = True
    if quoted is not None:
        value = _QUOTE_ESCAPE.sub(r"\1", quoted)
    elif match["bare"] is not None:
        value = match["bare"]
    if key.startswith(":") and len(key) > 1:
        key = key[1:]
        if isinstance(value, str):
            value = _load_yaml_value(value)
    props[key] = value


def _yaml_nesting_exceeds_limit(text: str) -> bool:
    depth = 0
    for bracket in _YAML_FLOW_BRACKET.finditer(text):
        depth += 1 if bracket[0] in "[{" else -1
        if depth > _MAX_YAML_NESTING:
            return True
    return False


def _load_yaml_value(text: str) -> Any:
    """``:key='[1, 2]'`` binds data; text that is not YAML stays a string."""
    if _yaml_nesting_exceeds_limit(text):
        return text
    try:
        return yaml.safe_load(text)
    except Exception:  # YAMLError, or RecursionError on hostile nesting
        return text


def _load_yaml_props(text: str) -> tuple[Props, str | None]:
    if _yaml_nesting_exceeds_limit(text):
        return {}, "invalid YAML props: nested too deeply"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return {}, f"invalid YAML props: {' '.join(str(exc).split())}"
    except Exception as exc:  # e.g. RecursionError on hostile nesting
        return {}, f"invalid YAML props: {type(exc).__name__}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, f"YAML props must be a mapping, not {type(data).__name__}"
    return {str(key): value for key, value in data.items()}, None


# --- block components -----------------------------------------------------------------------


@dataclass
class _Opener:
    markup: str
    name: str
    label: str | None
    props: ParsedProps


def _parse_opener(line: str) -> _Opener | None:
    """The opening line without its indentation, or None when it is not one."""
    match = _OPENER.match(line)
    if match is None:
        return None
    pos = match.end()
    label = None
    if pos < len(line) and line[pos] == "[":
        label_end = _bracket_end(line, pos)
        if label_end is None:
            return None
        label, pos = line[pos + 1 : label_end], label_end + 1
    props = ParsedProps(pos)
    if pos < len(line) and line[pos] == "{":
        props = parse_props(line, pos)
        # An unclosed "{" still opens the component: its props are reported as broken.
        pos = len(line) if props.end is None else props.end
    if line[pos:].strip(" \t"):
        return None
    return _Opener(match[1], match[2], label, props)


def _bracket_end(text: str, start: int) -> int | None:
    """Index of the "]" matching ``text[start] == "["`` (backslash escapes honoured)."""
    depth = 0
    pos = start
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return None


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _is_outdented(state: StateBlock, line: int) -> bool:
    """A non-blank line left of the block indent ends the parent (e.g. a list item)."""
    return state.sCount[line] < state.blkIndent and state.bMarks[line] + state.tShift[line] < state.eMarks[line]


@dataclass
class _Fence:
    marker: str

    @staticmethod
    def opened_by(text: str) -> _Fence | None:
        match = _FENCE_OPENER.match(text)
        return None if match is None else _Fence(match[1] or match[2])

    def is_closed_by(self, text: str) -> bool:
        return text.startswith(self.marker) and not text.lstrip(self.marker[0]).strip()


class _OpenChildren:
    """The colon counts of the nested components open while looking for a component's end."""

    def __init__(self) -> None:
        self._counts: list[int] = []
        self._depths_by_count: dict[int, list[int]] = {}

    def __bool__(self) -> bool:
        return bool(self._counts)

    def open(self, count: int) -> None:
        self._depths_by_count.setdefault(count, []).append(len(self._counts))
        self._counts.append(count)

    def close(self, count: int, own_count: int) -> bool:
        """Close a child for a closing line; False when the line closes the component itself."""
        depths = self._depths_by_count.get(count)
        if depths:
            self._pop_to(depths[-1])
            return True
        if count == own_count or not self._counts:
            return False
        self._pop_to(len(self._counts) - 1)
        return True

    def _pop_to(self, depth: int) -> None:
        while len(self._counts) > depth:
            self._depths_by_count[self._counts.pop()].pop()


@dataclass
class _Layout:
    """Where a component's parts are: lines are 0-based, ends exclusive."""

    yaml_block: tuple[int, int] | None = None  # lines of the two "---"
    content_start: int = 0
    content_end: int = 0
    closing_markup: str | None = None  # None when unclosed
    slots: list[tuple[str, int]] = field(default_factory=list)


def _find_yaml_block(state: StateBlock, line: int, end_line: int) -> tuple[int, int] | None:
    if line >= end_line or not _YAML_DELIMITER.match(_line_text(state, line)):
        return None
    for inner in range(line + 1, end_line):
        text = _line_text(state, inner)
        if _YAML_DELIMITER.match(text):
            return line, inner
        if _CLOSER.match(text) or _is_outdented(state, inner):
            return None
    return None


def _scan_component(state: StateBlock, start_line: int, end_line: int, own_count: int) -> _Layout:
    """Find the props block, slot lines and closing line of the component opened on start_line."""
    layout = _Layout(yaml_block=_find_yaml_block(state, start_line + 1, end_line))
    line = layout.content_start = start_line + 1 if layout.yaml_block is None else layout.yaml_block[1] + 1
    children = _OpenChildren()
    fence: _Fence | None = None
    while line < end_line:
        text = _line_text(state, line)
        if _is_outdented(state, line):
            break
        if fence is not None:
            if fence.is_closed_by(text):
                fence = None
        elif text[:1] in ("`", "~"):
            fence = _Fence.opened_by(text)
        elif text[:1] == ":":
            closer = _CLOSER.match(text)
            if closer is not None and not children.close(len(closer[1]), own_count):
                layout.content_end, layout.closing_markup = line, closer[1]
                return layout
            if closer is None and (opener := _parse_opener(text)) is not None:
                children.open(len(opener.markup))
        elif text[:1] == "#" and not children and (slot := _SLOT.match(text)):
            layout.slots.append((slot[1], line))
        line += 1
    layout.content_end = line
    return layout


@contextmanager
def _dedented(state: StateBlock, start: int, end: int, columns: int) -> Iterator[None]:
    """Remove up to ``columns`` of indentation (above the block indent) from lines, for nested
    components indented inside their parent; restored afterwards, as the blockquote rule does."""
    saved = [(state.bMarks[line], state.tShift[line], state.sCount[line]) for line in range(start, end)]
    if columns > 0:
        for line in range(start, end):
            cut = min(columns, max(0, state.sCount[line] - state.blkIndent))
            chars = min(cut, state.tShift[line])
            state.bMarks[line] += chars
            state.tShift[line] -= chars
            state.sCount[line] -= cut
    try:
        yield
    finally:
        for line, (begin, shift, count) in zip(range(start, end), saved):
            state.bMarks[line], state.tShift[line], state.sCount[line] = begin, shift, count


def _yaml_text(state: StateBlock, first: int, last: int) -> str:
    lines = [state.src[state.bMarks[line] : state.eMarks[line]] for line in range(first, last)]
    return textwrap.dedent("\n".join(lines))


def _component_props(state: StateBlock, start_line: int, opener: _Opener, layout: _Layout) -> dict[str, Any]:
    props = dict(opener.props.props)
    error = opener.props.error
    props_line = start_line
    if layout.yaml_block is not None:
        props_line = layout.yaml_block[0]
        yaml_props, yaml_error = _load_yaml_props(_yaml_text(state, props_line + 1, layout.yaml_block[1]))
        props.update(yaml_props)
        error = yaml_error or error
    return {"name": opener.name, "props": props, "props_error": error, "props_line": props_line, "label": opener.label}


def _tokenize_lines(state: StateBlock, start: int, end: int) -> None:
    old_line_max = state.lineMax
    state.lineMax = end  # lazy continuation lines must not run past the range
    state.md.block.tokenize(state, start, end)
    state.lineMax = old_line_max


def _push_slots(state: StateBlock, layout: _Layout) -> None:
    """The default slot's tokens directly, then each named slot in its own tokens."""
    bounds = [line for _name, line in layout.slots] + [layout.content_end]
    _tokenize_lines(state, layout.content_start, bounds[0])
    for (name, line), slot_end in zip(layout.slots, bounds[1:]):
        token = state.push("mdc_slot_open", "template", 1)
        token.block, token.map, token.meta = True, [line, slot_end], {"name": name}
        _tokenize_lines(state, line + 1, slot_end)
        token = state.push("mdc_slot_close", "template", -1)
        token.block = True


def _block_component_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:  # an indented code block
        return False
    text = _line_text(state, start_line)
    if not text.startswith("::"):
        return False
    opener = _parse_opener(text)
    if opener is None:
        return False
    if silent:
        return True

    layout = _scan_component(state, start_line, end_line, len(opener.markup))
    closed = layout.closing_markup is not None
    after = layout.content_end + 1 if closed else layout.content_end

    token = state.push("mdc_block_open", "div", 1)
    token.block, token.markup, token.info = True, opener.markup, opener.name
    token.map = [start_line, after]
    token.meta = _component_props(state, start_line, opener, layout)

    old_parent = state.parentType
    state.parentType = "mdc_block"
    indent = state.sCount[start_line] - state.blkIndent
    with _dedented(state, layout.content_start, layout.content_end, indent):
        _push_slots(state, layout)
    state.parentType = old_parent

    token = state.push("mdc_block_close", "div", -1)
    token.block, token.markup = True, layout.closing_markup or opener.markup
    state.line = after
    return True


# --- inline components and spans ------------------------------------------------------------


def _inline_props(state: StateInline, pos: int) -> ParsedProps | None:
    if pos >= state.posMax or state.src[pos] != "{":
        return None
    limit = min(state.posMax, pos + _MAX_INLINE_PROPS)
    if state.src.find("}", pos, limit) < 0:
        return None  # the common case in prose, and cheap
    props = parse_props(state.src, pos, limit)
    return None if props.end is None else props


def _inline_label(state: StateInline, pos: int) -> tuple[int, int] | None:
    """The text range of ``[text]`` at pos, brackets excluded."""
    if pos >= state.posMax or state.src[pos] != "[":
        return None
    end = state.md.helpers.parseLinkLabel(state, pos, False)
    return None if end < 0 else (pos + 1, end)


def _ends_bare_name(state: StateInline, pos: int) -> bool:
    """A bare ``:name`` needs an end, a space or punctuation after it (not ``:``, not a letter)."""
    if pos >= state.posMax:
        return True
    char = state.src[pos]
    return char != ":" and not char.isalnum()


def _push_inline_children(state: StateInline, start: int, end: int) -> None:
    old_max = state.posMax
    state.pos, state.posMax = start, end
    state.md.inline.tokenize(state)
    state.posMax = old_max


def _inline_component_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    src = state.src
    if src[start] != ":":
        return False
    if start > 0 and not _may_precede_inline(src[start - 1]):
        return False
    name = _NAME.match(src, start + 1, state.posMax)
    if name is None:
        return False
    pos = name.end()
    label, props = _inline_label(state, pos), None
    if label is not None:
        props = _inline_props(state, label[1] + 1)
    elif (props := _inline_props(state, pos)) is not None:
        label = _inline_label(state, props.end or pos)  # props may come before the label
    if label is None and props is None and not _ends_bare_name(state, pos):
        return False
    end = max(pos, label[1] + 1 if label else 0, (props.end or 0) if props else 0)
    if silent:
        state.pos = end
        return True

    token = state.push("mdc_inline_open", "span", 1)
    token.meta = {"name": name[0], "props": props.props if props else {}, "props_error": props.error if props else None}
    if label is not None:
        _push_inline_children(state, *label)
    state.push("mdc_inline_close", "span", -1)
    state.pos = end
    return True


def _span_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    src = state.src
    if src[start] != "[" or (start > 0 and src[start - 1] in "!]"):
        return False  # "![": an image; "][": the second half of a reference link
    label = _inline_label(state, start)
    props = None if label is None else _inline_props(state, label[1] + 1)
    if label is None or props is None or props.end is None:
        return False
    if not silent:
        token = state.push("mdc_span_open", "span", 1)
        token.meta = {"props": props.props, "props_error": props.error}
        _push_inline_children(state, *label)
        state.push("mdc_span_close", "span", -1)
    state.pos = props.end
    return True


# --- code-block meta ------------------------------------------------------------------------


@dataclass
class CodeMeta:
    language: str
    filename: str | None = None
    highlight: list[int] | None = None
    rest: str = ""


def parse_code_info(info: str, line_count: int | None = None) -> CodeMeta | None:
    """Split ``ts [file.ts] {1,3-5} rest``; None when the info string has no MDC meta."""
    info = info.strip()
    language_end = len(info)
    for pos, char in enumerate(info):
        if char.isspace() or char in "[{":
            language_end = pos
            break
    meta = CodeMeta(info[:language_end])
    rest = info[language_end:]
    has_mdc_meta = False
    opening, closing = rest.find("["), rest.rfind("]")
    if 0 <= opening < closing:
        filename = unescapeAll(rest[opening + 1 : closing]).replace("\\]", "]").strip()
        meta.filename = filename or None
        rest = rest[:opening] + " " + rest[closing + 1 :]
        has_mdc_meta = True
    highlight = _HIGHLIGHT.search(rest)
    if highlight is not None:
        meta.highlight = _line_numbers(highlight[1], line_count) or None
        rest = rest[: highlight.start()] + " " + rest[highlight.end() :]
        has_mdc_meta = True
    meta.rest = " ".join(rest.split())
    return meta if has_mdc_meta else None


def _line_numbers(ranges: str, line_count: int | None) -> list[int]:
    """``1,3-5`` gives [1, 3, 4, 5]; ranges are cut at the code's last line (hostile ``1-10**9``)."""
    last = line_count if line_count is not None else 10_000
    numbers: set[int] = set()
    for match in _LINE_RANGE.finditer(ranges):
        first = int(match[1])
        final = int(match[2]) if match[2] else first
        numbers.update(range(max(first, 1), min(final, last) + 1))
    return sorted(numbers)


def _code_meta_rule(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "fence" or token.info.lstrip().startswith("{"):
            continue  # MyST directives keep their info string
        meta = parse_code_info(token.info, token.content.count("\n"))
        if meta is None:
            continue
        token.info = meta.language
        if meta.filename is not None:
            token.meta["filename"] = meta.filename
        if meta.highlight is not None:
            token.meta["highlight"] = meta.highlight
        if meta.rest:
            token.meta["mdc_meta"] = meta.rest


# --- plugin ---------------------------------------------------------------------------------


def _first_rule(names: list[str], *candidates: str) -> str | None:
    return next((name for name in candidates if name in names), None)


def mdc_plugin(md: MarkdownIt) -> None:
    """Add MDC block components, slots, inline components, spans and code-block meta."""
    block_rules = md.block.ruler.get_all_rules()
    # Before MyST's colon fence (when enabled), which would read ":::name" as a directive fence.
    md.block.ruler.before(
        _first_rule(block_rules, "colon_fence", "fence") or "fence",
        "mdc_block",
        _block_component_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    inline_rules = md.inline.ruler.get_all_rules()
    # After links (and footnote references) so that [text](url) and [text][ref] stay links, and
    # before mdit_py_plugins' attrs "span" rule, so that [text]{...} gives mdc_span either way.
    md.inline.ruler.after(_first_rule(inline_rules, "footnote_ref", "link") or "link", "mdc_span", _span_rule)
    md.inline.ruler.before("link", "mdc_inline", _inline_component_rule)
    md.core.ruler.after("block", "mdc_code_meta", _code_meta_rule)


__all__ = ["CodeMeta", "ParsedProps", "mdc_plugin", "parse_code_info", "parse_props"]
