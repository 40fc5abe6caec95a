"""Split a Markdown file into front matter and body, and load the YAML.

Nothing here knows about Sphinx: problems are returned as ``Problem`` values
(message + line) so the caller can report them at the right time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is ~10x faster; fall back to the pure-Python loader
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# Characters no output can hold: control characters (tab and line ends
# aside) are invalid in XML and HTML and mean nothing to a reader; lone
# surrogates (YAML's "\ud800") cannot even be written as UTF-8; and
# Unicode's non-characters.  YAML's escapes let editors write all of them.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
TOP_LEVEL_KEY = re.compile(r"^[^\s#-][^:]*:")

# Scalars stay strings except null and YAML 1.2 booleans (as Nuxt reads
# them). PyYAML's YAML 1.1 rules read ``sequence: 030`` as octal 24,
# ``title: yes`` as True, and reject ``publishedAt: 2024-13-45`` outright
# (MyST then drops the whole block), so dates and numbers are parsed by us.
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


class FrontMatterLoader(_BaseLoader):
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


FrontMatterLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


MAX_NODES = 10_000  # far more values than any article's front matter holds
# Deeper values are refused before anything walks them recursively (newer
# libyaml stops at 1,000 levels itself; PyYAML 6.0's wheels build [[[…]]]
# 5,000 deep, and every recursive walk after it overflows Python's stack).
MAX_DEPTH = 100


class TooLarge(yaml.YAMLError):
    problem = f"more than {MAX_NODES} values (YAML aliases?)"


class TooDeep(yaml.YAMLError):
    problem = f"values nested more than {MAX_DEPTH} levels deep"


@dataclass
class Problem:
    message: str
    line: int  # 1-based line in the source file
    kind: str = "frontmatter"  # the warning's subtype: articles.<kind>


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> source line
    body_start: int = 0  # 0-based index of the first body line
    problems: list[Problem] = field(default_factory=list)


def split(text: str) -> FrontMatter:
    """Find the ``---`` block at the top of *text* and load it."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter()
    for end in range(1, len(lines)):
        if FENCE.match(lines[end]):
            result = load("\n".join(lines[1:end]), first_line=2)
            result.body_start = end + 1
            return result
    # Unclosed: take the block to end at the first blank line or heading.
    end = next((i for i in range(1, len(lines)) if not lines[i].strip() or lines[i].startswith("#")), len(lines))
    result = load("\n".join(lines[1:end]), first_line=2)
    result.body_start = end
    result.problems.insert(0, Problem("front matter is not closed by a '---' line", 1))
    return result


def load(block: str, first_line: int) -> FrontMatter:
    """Load a YAML mapping, salvaging what it can when the YAML is broken."""
    if not block.strip():
        return FrontMatter()
    found = UNWRITABLE.search(block)
    if found is not None:  # YAML refuses them, and would lose the whole block
        found_line = first_line + block.count("\n", 0, found.start())
        block = UNWRITABLE.sub("", block)
    try:
        result = _load_mapping(block, first_line)
    except yaml.YAMLError as err:
        result = _load_key_by_key(block, first_line)
        line = first_line + _error_line(err)
        result.problems.insert(0, Problem(f"invalid YAML in front matter: {_reason(err)}", line))
    if found is not None:
        result.problems.insert(
            0, Problem(f"control character {found.group()!r} removed from the front matter", found_line)
        )
    return result


def _load_mapping(block: str, first_line: int) -> FrontMatter:
    loader = FrontMatterLoader(block)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # the pure-Python composer, on a deep value
            raise TooDeep() from None
        if node is not None:
            _check_size(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    if node is None or data is None:
        return FrontMatter()
    if not isinstance(data, dict):
        return FrontMatter(problems=[Problem("front matter is not a mapping of keys to values", first_line)])
    lines = {
        without_unwritable(str(key.value)): first_line + key.start_mark.line
        for key, _value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    result = FrontMatter(lines=lines)
    for raw_key, value in data.items():
        key, clean = without_unwritable(str(raw_key)), _cleaned(value)
        if key != str(raw_key) or not _same(clean, value):
            line = lines.get(key, first_line)
            result.problems.append(Problem(f"'{key}' has control or invalid characters; they are removed", line))
        result.data[key] = clean
    return result


def _check_size(root: yaml.Node) -> None:
    """Refuse a value too large as expanded (aliases make a few lines mean
    billions of values, or a cycle) or too deeply nested, without recursion."""
    count, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise TooLarge()
        if depth > MAX_DEPTH:
            raise TooDeep()
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            stack += [(part, depth + 1) for pair in node.value for part in pair]


def without_unwritable(text: str) -> str:
    return UNWRITABLE.sub("", text)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and (a is b or a == b)


def _cleaned(value: Any) -> Any:
    """*value* with every string in it rid of unwritable characters."""
    if isinstance(value, str):
        return without_unwritable(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {_cleaned(k) if isinstance(k, str) else k: _cleaned(v) for k, v in value.items()}
    return value


def _load_key_by_key(block: str, first_line: int) -> FrontMatter:
    """Load each top-level key on its own so one bad value loses only itself."""
    result = FrontMatter()
    for start, chunk in _top_level_chunks(block):
        try:
            part = _load_mapping(chunk, first_line + start)
        except yaml.YAMLError:
            continue
        result.data.update(part.data)
        result.lines.update(part.lines)
        result.problems += part.problems
    return result


def _top_level_chunks(block: str) -> list[tuple[int, str]]:
    lines = block.split("\n")
    starts = [i for i, line in enumerate(lines) if TOP_LEVEL_KEY.match(line)]
    bounds = zip(starts, starts[1:] + [len(lines)])
    return [(a, "\n".join(lines[a:b])) for a, b in bounds]


def _error_line(err: yaml.YAMLError) -> int:
    mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
    return mark.line if mark is not None else 0


def _reason(err: yaml.YAMLError) -> str:
    problem = getattr(err, "problem", None)
    return str(problem) if problem else str(err).splitlines()[0]
