"""A Nuxt site's name and URL, read from its ``app.config``/``nuxt.config`` (.ts/.js/.mjs).

The files are TypeScript or JavaScript; nothing is run.  A small scanner
reads the string literals written as values of object keys
(``site: { name: 'Nuxt', url: 'https://nuxt.com' }``), with the path of
keys leading to each; a value computed from anything but literals is
skipped, except ``process.env.X || 'default'`` (the default is taken).
Values inside arrays (``modules``, ``head.link``, ``links``) are never the
site's: they are left out.

The site's name is, best first: ``site.name``, ``siteName`` (anywhere), a
``title`` (``app.head.title``, ``docus.title``, ``header.title``), a
``name``; its URL ``site.url``, ``siteUrl``, ``url``, an absolute http(s)
one only.  Nothing here imports Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAMES = [
    f"{stem}.{ext}" for stem in ("app.config", "app/app.config", "nuxt.config") for ext in ("ts", "js", "mjs", "mts")
]
MAX_BYTES = 1_000_000  # a config file larger than this is not read
MAX_VALUE = 300  # characters: longer strings are not a site's name or URL

TOKEN = re.compile(
    r"""
    (?P<space>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<op>\|\||\?\?|\.\.\.|[{}\[\]():,.])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|\r\n|.)", re.DOTALL)
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": "", "\r\n": ""}


@dataclass(frozen=True)
class Value:
    path: tuple[str, ...]  # the keys from the file's outermost object down, e.g. ("site", "name")
    text: str
    file: Path


def unquote(literal: str) -> str | None:
    """A JS string literal's value; None for a template with ``${…}``."""
    body = literal[1:-1]
    if literal[0] == "`" and "${" in body:
        return None

    def one(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0] == "u" and len(escape) > 1:
            code = int(escape[2:-1] if escape[1] == "{" else escape[1:], 16)
            return chr(code) if code <= 0x10FFFF else ""
        if escape[0] == "x" and len(escape) == 3:
            return chr(int(escape[1:], 16))
        return SIMPLE_ESCAPES.get(escape, escape)

    return ESCAPE.sub(one, body)


def tokens(source: str) -> Iterator[tuple[str, str]]:
    for match in TOKEN.finditer(source):
        kind = match.lastgroup or "other"
        if kind != "space":
            yield kind, match.group()


def values(source: str, file: Path) -> list[Value]:
    """Every ``key: 'literal'`` of *source* outside arrays and calls' arguments
    lists, with the keys of the objects around it."""
    found: list[Value] = []
    stack: list[tuple[str, str | None]] = []  # ("{", key leading to it) or ("[", None), ("(", None)
    toks = list(tokens(source))
    i = 0
    while i < len(toks):
        kind, text = toks[i]
        if kind == "op" and text in "{[(":
            key = None
            if text == "{" and i >= 2 and toks[i - 1] == ("op", ":") and toks[i - 2][0] in ("name", "string"):
                key = _key(toks[i - 2])
            stack.append((text, key))
        elif kind == "op" and text in "}])":
            if stack:
                stack.pop()
        elif kind in ("name", "string") and i + 1 < len(toks) and toks[i + 1] == ("op", ":"):
            if stack and stack[-1][0] == "{" and all(opener != "[" for opener, _ in stack):
                value = _literal(toks, i + 2)
                if value is not None:
                    path = tuple(k for opener, k in stack if opener == "{" and k is not None)
                    found.append(Value((*path, _key(toks[i])), value, file))
        i += 1
    return found


def _key(token: tuple[str, str]) -> str:
    kind, text = token
    return (unquote(text) or "") if kind == "string" else text


def _literal(toks: list[tuple[str, str]], start: int) -> str | None:
    """The value of the expression at *start* up to its ``,`` or ``}``: one
    string literal, or the last one of ``a.b || 'x'`` / ``a ?? 'x'``."""
    end = start
    while end < len(toks) and toks[end] not in (("op", ","), ("op", "}")):
        if toks[end][0] == "op" and toks[end][1] in "{[(":
            return None  # an object, an array, a call: not a plain value
        end += 1
    expression = toks[start:end]
    if len(expression) == 1 and expression[0][0] == "string":
        return unquote(expression[0][1])
    if (
        len(expression) >= 3
        and expression[-1][0] == "string"
        and expression[-2] in (("op", "||"), ("op", "??"))
        and all(kind == "name" or text == "." for kind, text in expression[:-2])
    ):
        return unquote(expression[-1][1])
    return None


def config_files(content: Path, levels: int = 2) -> list[Path]:
    """The Nuxt config files of the site whose content folder is *content*:
    beside it or in a folder above (at most *levels* up; ``content/ja`` has
    the site two up), the nearest folder that has any."""
    folder = content.resolve()
    for _ in range(levels):
        folder = folder.parent
        files = [folder / name for name in CONFIG_NAMES if (folder / name).is_file()]
        if files:
            return files
        if (folder / "package.json").is_file() or folder == folder.parent:
            break  # the project's root: look no higher
    return []


def read_values(files: list[Path]) -> list[Value]:
    found: list[Value] = []
    for file in files:
        try:
            if file.stat().st_size > MAX_BYTES:
                continue
            source = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found.extend(v for v in values(source, file) if v.text.strip() and len(v.text) <= MAX_VALUE)
    return found


def site_name(found: list[Value]) -> Value | None:
    ranks: list[Callable[[tuple[str, ...]], bool]] = [
        lambda p: p[-2:] == ("site", "name"),
        lambda p: p[-1] == "siteName",
        lambda p: p[-1] == "title",
        lambda p: p[-1] == "name",
    ]
    for rank in ranks:
        matches = [v for v in found if rank(v.path)]
        if matches:
            return min(matches, key=lambda v: len(v.path))  # the shallowest, then the first file's
    return None


def site_url(found: list[Value]) -> Value | None:
    urls = [v for v in found if re.match(r"https?://[^\s/?#]+", v.text.strip())]
    ranks: list[Callable[[tuple[str, ...]], bool]] = [
        lambda p: p[-2:] == ("site", "url"),
        lambda p: p[-1] == "siteUrl",
        lambda p: p[-1] == "url",
    ]
    for rank in ranks:
        matches = [v for v in urls if rank(v.path)]
        if matches:
            return min(matches, key=lambda v: len(v.path))
    return None
