"""Hostile content folders for ``test_fuzz.py``: generate, write, check.

* **Strategies** (Hypothesis) for every front-matter field of the README
  (``title, description, image, sequence, category`` or ``category1`` +
  ``category2``, ``author, link, head.meta, publishedAt, toc`` and extra
  keys) and for file and folder names.  Values mix CJK, every kind of quote,
  ``</script>``, ``<!--``, ``]]>``, event-handler markup, TeX specials, line
  and paragraph separators, direction marks, C0/C1 controls and YAML escapes
  such as ``"\\ud800"`` and ``"\\x00"``, up to 10,000 characters.  Each
  script payload sets the canary ``window.__pwned`` or calls ``alert``.
  Every strategy shrinks to its *first* alternative, and those are the
  nastiest ones, so even the simplest example is hostile.
* **YAML as editors write it**: ``yaml.safe_dump`` (with and without
  ``allow_unicode``, narrow or wide lines) or hand-written scalars (double
  quoted with escapes, single quoted, plain, literal and folded blocks),
  optionally with a byte-order mark and CRLF line ends.  Every block is
  loaded back with PyYAML before use: a value the editor meant is a value
  the extension receives.
* **Output readers** built on parsers: ``xml.etree`` for the sitemap,
  ``json`` for the search index, ``html5lib`` for the pages.
* **A local HTTP server and a headless Chromium** (Playwright) that open each
  page and record dialogs, uncaught script errors and the canary.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import shutil
import signal
import struct
import subprocess
import threading
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import html5lib
import yaml
from hypothesis import strategies as st

from sphinx_articles.patches.search_page_names import decoded_name

CANARY = "__pwned"
SEARCH_WORD = "zebra"  # in every article's body; the search page looks for it
BODY = f"\n本文 {SEARCH_WORD} 段落。\n"
PUBLIC_IMAGE = "/images/ok.png"

# -- text --------------------------------------------------------------------

KITCHEN_SINK = (
    "</script><script>window.__pwned=1</script><!-- ]]> '\"‘’“”` "
    "<img src=x onerror=window.__pwned=1> \\ % {} $ # & ~ ^ _ \n\u2028\u2029\u202e\u200f 青松橋"
)
PAYLOADS = [
    KITCHEN_SINK,
    "x';alert(1);'",
    "x';window.__pwned=1;'",
    '";alert(1);"',
    "\\';alert(1);//",
    "'-alert(1)-'",
    "</script><script>alert(1)</script>",
    "</SCRIPT ><script>window.__pwned=1</script >",
    "<img src=x onerror=alert(1)>",
    "<svg onload=window.__pwned=1>",
    '"><script>window.__pwned=1</script>',
    "' onmouseover='window.__pwned=1' x='",
    '" autofocus onfocus="window.__pwned=1" x="',
    "javascript:window.__pwned=1",
    "${window.__pwned=1}",
    "{{ 7*7 }}{% raw %}",
    "<!--",
    "-->",
    "]]>",
    "<![CDATA[",
    "＜／script＞＜script＞window.__pwned=1＜／script＞",  # fullwidth: NFKC makes it </script>
    "x＇;alert(1);＇",  # fullwidth apostrophes: NFKC makes them '
    "\\end{document}",
    "\\def\\x{}\\x",
    "\\input{/etc/passwd}",
    "^^00^^M^^^^0000",
    "\\catcode`\\#=12",
    "}}}{{{",
    "\\verb|x|",
    "\\fi\\else\\iftrue",
    "\\begin{verbatim}",
    "% # & ~ ^ _ $",
    "%s %n %(title)s {0}",
    "https://example.org/a b?c=<d>&e='f'#\"g\"",
    "\u2028\u2029",
    "\u202egnp.exe",
    "\u200f\u200e\u061c",
    "\ufeff\u200b\u2060",
    "\x1b[31m",
    "e\u0301\u0327\u0338",
    "ﬁ㈱①Ⅻ\ufdfa",
    "🏗️👨‍👩‍👧",
    "青松橋耐震補強工程",
]
QUOTES = ["'", '"', "‘", "’", "“", "”", "`", "＂", "＇"]
SPECIALS = [
    "\\", "%", "{", "}", "$", "#", "&", "~", "^", "_", "<", ">", "/", ";", ":", "-", "--", "---", "...",
    "\n", "\r\n", "\r", "\t", " ", "  ", "\u2028", "\u2029", "\u202e", "\u200f", "\u200b", "\ufeff", "\u0085", "\u00a0",
]  # fmt: skip
CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))]
# YAML escapes make these reachable though no file can hold them raw.
UNWRITABLE = ["\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\x00"]

cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6)
any_char = st.characters(exclude_categories=("Cs",))
fragments = st.one_of(
    st.sampled_from(PAYLOADS),
    st.sampled_from(QUOTES + SPECIALS),
    cjk,
    st.sampled_from(CONTROLS),
    st.text(any_char, min_size=1, max_size=8),
    st.sampled_from(UNWRITABLE),
)
hostile_text = st.lists(fragments, min_size=1, max_size=6).map("".join)


def _to_length(text: str, length: int = 10_000) -> str:
    text = text or "長"
    return (text * (length // len(text) + 1))[:length]


long_text = fragments.map(_to_length)
# Long values are slow to render everywhere; one value in ten is enough.
text_values = st.one_of(*[hostile_text] * 9, long_text)
wrong_types = st.one_of(
    st.lists(hostile_text, min_size=1, max_size=3),
    st.dictionaries(hostile_text, hostile_text, min_size=1, max_size=2),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.none(),
    st.dates(),
)
values = st.one_of(*[text_values] * 5, wrong_types)

# -- file and folder names ---------------------------------------------------

MAX_NAME_BYTES = 255
NAME_PAYLOADS = [
    'it\'s "x" <b>&#?%',
    "x';window.__pwned=1;'",
    "x';alert(1);'",
    "a<\\script",
    "\\';alert(1);\\",
    "<img src=x onerror=alert(1)>",
    "%41%2F%00",
    "#top",
    "?q=1&r=2",
    " space ",
    "-dash",
    ".hidden",
    "..x",
    "~tilde",
    "$HOME{x}",
    "a\nb",
    "a\rb",
    "tab\t",
    "\x1b[31m",
    "\u2028\u2029",
    "\u202egnp.exe",
    "con",
    "NUL",
    "青松橋",
    "Ａ＇Ｂ",
]
name_char = st.characters(exclude_categories=("Cs",), exclude_characters="/\x00")
# Names Sphinx or this site use for something else, and folder names the
# configuration excludes: not the subject here.
RESERVED_FOLDERS = {
    "", ".", "..", "_static", "_sources", "_images", "_downloads", "_build", ".venv", "node_modules",
    ".doctrees", "images", "_category", "articles-generated",
}  # fmt: skip


def _fits(name: str, suffix: str = "") -> bool:
    return 0 < len((name + suffix).encode("utf-8")) <= MAX_NAME_BYTES


def _longest(text: str, suffix: str = ".md") -> str:
    """*text* repeated up to the longest file name Linux allows."""
    text = text or "長"
    name = ""
    while _fits(name + text[len(name) % len(text)], suffix):
        name += text[len(name) % len(text)]
    return name


raw_names = st.one_of(
    st.sampled_from(NAME_PAYLOADS),
    st.lists(st.one_of(st.sampled_from(NAME_PAYLOADS), st.text(name_char, min_size=1, max_size=10), cjk),
             min_size=1, max_size=4).map("".join),
    st.text(name_char, min_size=1, max_size=20),
    st.sampled_from(NAME_PAYLOADS + ["長"]).map(_longest),
)  # fmt: skip
# Names starting with "_" or "." are never pages (Nuxt's partials; tests/test_news_pages.py).
file_stems = raw_names.filter(lambda s: _fits(s, ".md") and s != "index" and not s.startswith(("_", ".")))
folder_names = raw_names.filter(lambda s: _fits(s) and s not in RESERVED_FOLDERS and not s.startswith(("_", ".")))
# Names the articles.filename warning does not ask to change: the LaTeX and
# EPUB builds do not yet handle the others (Sphinx writes them into TeX file
# names and OCF paths as they are); their front matter stays hostile.
tame_names = st.text(alphabet="abcxyz019-_青松橋里", min_size=1, max_size=12).filter(
    lambda s: s not in RESERVED_FOLDERS and s != "index" and not s.startswith("_")
)

# -- front matter --------------------------------------------------------------

META_NAMES = [
    "og:title",
    "description",
    "keywords",
    "og:image",
    "http-equiv",
    "refresh",
    "viewport",
    "og:\"x'",
]
# Keys Sphinx itself reads from a page's metadata.
SPHINX_KEYS = [
    "tocdepth", "nosearch", "no-search", "orphan", "nocomments", "html_theme.show_nav_level",
    "html_theme.sidebar_secondary.remove", "html_theme.sidebar_primary.remove", "myst", "ogImage",
]  # fmt: skip
images = st.one_of(
    text_values,
    st.just(PUBLIC_IMAGE),
    st.sampled_from([
        "/images/../../../../etc/passwd", "javascript:window.__pwned=1", "/images/ok.png\" onerror=\"window.__pwned=1",
        "x.png' onerror='alert(1)", "https://example.invalid/x.png", "/images/ok.png, </script><script>alert(1)</script>",
        "data:image/svg+xml,<svg onload=alert(1)>", "/images/ok.png#\"><img src=x onerror=alert(1)>",
    ]),
    st.lists(st.one_of(st.just(PUBLIC_IMAGE), hostile_text), min_size=1, max_size=3).map(", ".join),
    wrong_types,
)  # fmt: skip
links = st.one_of(
    hostile_text.map(lambda s: "https://example.org/" + s),
    st.sampled_from([
        "javascript:window.__pwned=1", " JavaScript:alert(1)", "http://x/\"><script>window.__pwned=1</script>",
        "https://example.org/'onmouseover='alert(1)", "data:text/html,<script>alert(1)</script>",
        "https://example.org/\u2028\u202e%", "vbscript:alert(1)", "//example.org/x",
    ]),
    values,
)  # fmt: skip
dates = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=8))])).map(
        dt.datetime.isoformat
    ),
    st.sampled_from(
        [
            "2024-01-11T10:00:00Z",
            "2024-13-45",
            "0000-00-00",
            "2024-02-30",
            "9999-12-31T23:59:59+14:00",
        ]
    ),
    values,
)
sequences = st.one_of(
    st.integers(-(10**30), 10**30),
    st.sampled_from(["030", "1_000", "-5", "0x10", "1e3", "٣", "１２"]),
    values,
)
toc_values = st.one_of(st.booleans(), values)
meta_entries = st.fixed_dictionaries({"name": st.one_of(st.sampled_from(META_NAMES), values), "content": values})
heads = st.one_of(
    st.fixed_dictionaries({"meta": st.lists(st.one_of(meta_entries, values), min_size=1, max_size=4)}),
    values,
)
extra_keys = st.one_of(st.sampled_from(SPHINX_KEYS), hostile_text)


@st.composite
def front_matters(draw, labels: list[str]) -> dict[str, Any]:
    """One article's front matter: each field present unless drawn away."""
    category = st.one_of(st.sampled_from(labels), values)
    fields = {
        "title": text_values,
        "description": values,
        "image": images,
        "sequence": sequences,
        "author": values,
        "link": links,
        "head": heads,
        "publishedAt": dates,
        "toc": toc_values,
        "tags": st.one_of(values, st.lists(st.one_of(st.sampled_from(labels), values), max_size=3)),
    }
    data: dict[str, Any] = {}
    for key, strategy in fields.items():
        if not draw(st.booleans()):  # False (present) is the simpler choice
            data[key] = draw(strategy)
    if draw(st.booleans()):
        data["category1"], data["category2"] = draw(category), draw(category)
    else:
        data["category"] = draw(category)
    data.update(draw(st.dictionaries(extra_keys, values, max_size=3)))
    return data


# -- YAML as editors write it --------------------------------------------------

NAMED_ESCAPES = {
    "\x00": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f",
    "\r": "\\r", "\x1b": "\\e", "\x85": "\\N", "\xa0": "\\_", "\u2028": "\\L", "\u2029": "\\P",
}  # fmt: skip


def _yaml_printable(char: str) -> bool:
    code = ord(char)
    return (
        0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000
    ) and char not in "\u2028\u2029\ufeff"


def _numeric_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def double_quoted(text: str, named: bool = True, ascii_only: bool = False) -> str:
    """A YAML double-quoted scalar: escapes for whatever a file cannot hold."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif named and char in NAMED_ESCAPES:
            out.append(NAMED_ESCAPES[char])
        elif not _yaml_printable(char) or (ascii_only and ord(char) > 0x7E):
            out.append(_numeric_escape(char))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _block(text: str, indicator: str) -> str:
    lines = text.split("\n")
    return f"{indicator}2-\n" + "\n".join(f"  {line}" if line else "" for line in lines)


SCALAR_FORMS = {
    "double": double_quoted,
    "double-numeric": lambda text: double_quoted(text, named=False),
    "double-ascii": lambda text: double_quoted(text, ascii_only=True),
    "single": _single_quoted,
    "plain": lambda text: text,
    "literal": lambda text: _block(text, "|"),
    "folded": lambda text: _block(text, ">"),
}


def _loads(block: str) -> Any:
    """What *block* means: libyaml's reading (as the extension's), or, for
    what libyaml refuses ("\\ud800"), PyYAML's pure-Python one."""
    try:
        return yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return yaml.load(block, Loader=yaml.SafeLoader)


def _round_trips(line: str, key: str, value: Any) -> bool:
    try:
        return _loads(line) == {key: value}
    except Exception:  # noqa: BLE001 - YAMLError, or RecursionError on "{{{{…"
        return False


def hand_written_entry(key: str, value: Any, form: str, flow: bool) -> str:
    """``key: value`` in *form*, or double quoted when *form* cannot hold it."""
    quoted_key = key if _round_trips(f"{key}: 0", key, 0) else double_quoted(key)
    if isinstance(value, str) and (form.startswith("double") or not all(map(_yaml_printable, value))):
        return _entry(
            quoted_key,
            SCALAR_FORMS[form if form.startswith("double") else "double"](value),
        )
    if isinstance(value, str):
        line = _entry(quoted_key, SCALAR_FORMS[form](value))
    elif flow:
        line = _entry(quoted_key, _flow(value))
    else:
        line = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip("\n")
    if _round_trips(line, key, value):
        return line
    return _entry(quoted_key, _quoted_flow(value))


def _entry(key: str, value: str) -> str:
    """``key: value``; YAML wants a key over 1024 characters explicit (``? key``)."""
    return f"{key}: {value}" if len(key) < 1000 else f"? {key}\n: {value}"


def _flow(value: Any) -> str:
    """*value* in YAML's one-line flow style (``[a, b]``, ``{k: v}``, ``12``)."""
    return yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=10**9).strip()[1:-1]


def _quoted_flow(value: Any) -> str:
    """Flow style with every string double quoted: PyYAML's emitter writes
    some keys (``"\\x85"``) in a form that reads back differently."""
    if isinstance(value, str):
        return double_quoted(value)
    if isinstance(value, list):
        return "[" + ", ".join(_quoted_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quoted_flow(k)}: {_quoted_flow(v)}" for k, v in value.items()) + "}"
    return _flow(value)


@dataclass(frozen=True)
class Writing:
    """How an editor's tools wrote the front matter."""

    style: str  # "hand" or "safe_dump"
    forms: tuple[str, ...] = ("double",)  # scalar form per key, in turn (hand)
    flow: bool = False
    allow_unicode: bool = True
    width: int = 80
    bom: bool = False
    crlf: bool = False


writings = st.builds(
    Writing,
    style=st.sampled_from(["hand", "safe_dump"]),
    forms=st.lists(st.sampled_from(list(SCALAR_FORMS)), min_size=20, max_size=20).map(tuple),
    flow=st.booleans(),
    allow_unicode=st.booleans().map(lambda b: not b),
    width=st.sampled_from([80, 20, 10**9]),
    bom=st.booleans(),
    crlf=st.booleans(),
)


def yaml_block(data: dict[str, Any], writing: Writing) -> str:
    """*data* as *writing* says; hand-written when PyYAML's dump would not
    read back as *data*."""
    if writing.style == "safe_dump":
        try:
            dumped = yaml.dump(
                data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=writing.allow_unicode,
                sort_keys=False, width=writing.width, default_flow_style=writing.flow and None,
            )  # fmt: skip
            if _loads(dumped) == data:
                return dumped
        except Exception:  # noqa: BLE001,S110 - written by hand below
            pass
    forms = writing.forms * (len(data) // len(writing.forms) + 1)
    entries = [hand_written_entry(key, value, form, writing.flow) for (key, value), form in zip(data.items(), forms)]
    return "\n".join(entries) + "\n"


def source_text(data: dict[str, Any], writing: Writing, raw_tail: str = "", body: str = BODY) -> str:
    """The whole Markdown file; its YAML is checked to mean exactly *data*,
    before *raw_tail* (hostile YAML, see ``RAW_YAML``) is appended."""
    block = yaml_block(data, writing)
    meant = _loads(block) or {}
    assert meant == data, f"generator bug: the YAML does not round-trip\n{block}"
    text = f"---\n{block}{raw_tail}---\n{body}"
    if writing.crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if writing.bom else "") + text


# -- sites ---------------------------------------------------------------------


# YAML that is no plain mapping of text: deep nesting, alias bombs, unsafe
# and odd tags, complex keys, tabs, duplicates, keys YAML cannot hold.
# Appended after an article's own keys; the extension may drop what it
# cannot read (with a warning) but must still publish the article.
PWNED_FILE = "/tmp/sphinx-articles-fuzz-yaml-pwned"
RAW_YAML = [
    "",
    "deep: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)),
    f"exploit: !!python/object/apply:os.system ['touch {PWNED_FILE}']\n",
    f"exploit2: !!python/object/new:subprocess.check_output [['touch', '{PWNED_FILE}']]\n",
    "binary: !!binary aGVsbG8gPHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\n",
    "when: !!timestamp 2024-01-11T10:00:00+08:00\n",
    "set: !!set {<script>alert(1)</script>, b}\n",
    "nan: !!float .nan\ninf: !!float -.inf\n",
    "ordered: !!omap [a: 1, b: 2]\n",
    'custom: !custom "x"\n',
    "? [complex, key]\n: value\n",
    "? {a: 1}\n: value\n",
    "123: numeric key\nnull: null key\ntrue: bool key\n",
    "<<: {merged: '<img src=x onerror=alert(1)>'}\n",
    "merge: {<<: *undefined}\n",
    "tabbed:\t'value'\n\tindented: x\n",
    "dup: 1\ndup: '<script>alert(1)</script>'\n",
    "k" * 2000 + ": long key\n",
    'unclosed: "</script><script>window.__pwned=1</script>\n',
    "%YAML 1.2\n",
    "list:\n- a\n - b\n",
    "anchor: &x '</script><script>alert(1)</script>'\nagain: *x\n",
]


@dataclass(frozen=True)
class ArticleSpec:
    stem: str
    data: dict[str, Any]
    writing: Writing = Writing("hand")
    raw_tail: str = ""

    def source(self) -> str:
        return source_text(self.data, self.writing, self.raw_tail)

    def __repr__(self) -> str:
        return (f"ArticleSpec(stem={_short(self.stem)}, data={_short(self.data)}, writing={self.writing!r}, "
                f"raw_tail={_short(self.raw_tail)})")  # fmt: skip


@dataclass(frozen=True)
class SiteSpec:
    sections: dict[str, tuple[ArticleSpec, ...]] = field(default_factory=dict)

    def docnames(self) -> list[str]:
        return [f"{folder}/{article.stem}" for folder, articles in self.sections.items() for article in articles]

    def article(self, docname: str) -> ArticleSpec:
        folder, stem = docname.rsplit("/", 1)
        return next(article for article in self.sections[folder] if article.stem == stem)

    def write(self, srcdir: Path) -> None:
        (srcdir / "images").mkdir(parents=True)
        (srcdir / "images" / "ok.png").write_bytes(tiny_png())
        for folder, articles in self.sections.items():
            (srcdir / folder).mkdir()
            for article in articles:
                (srcdir / folder / f"{article.stem}.md").write_text(article.source(), encoding="utf-8", newline="")


def _short(value: Any) -> str:
    """repr with long strings cut, so a falsifying example stays readable."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 120 else f"{value[:60]!r}…<{len(value)} chars>"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_short(k)}: {_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    return repr(value)


# Mostly none: a tail that breaks the YAML costs the keys around it.
raw_tails = st.one_of(st.just(""), st.just(""), st.just(""), st.sampled_from(RAW_YAML[1:]))


@st.composite
def sites(draw, max_sections: int = 2, max_articles: int = 3, hostile_names: bool = True) -> SiteSpec:
    """One or two section folders with a few hostile articles each.

    Category labels come from a small pool, so articles share category
    pages; the first section is sometimes ``news`` (a configured title).
    """
    labels = draw(st.lists(text_values, min_size=1, max_size=3))
    folders = draw(
        st.lists(
            folder_names if hostile_names else tame_names,
            min_size=1,
            max_size=max_sections,
            unique=True,
        )
    )
    if draw(st.booleans()):
        folders = ["news"] + [f for f in folders[1:] if f != "news"]
    sections = {}
    for folder in folders:
        stems = draw(
            st.lists(
                file_stems if hostile_names else tame_names,
                min_size=1,
                max_size=max_articles,
                unique=True,
            )
        )
        sections[folder] = tuple(
            ArticleSpec(stem, draw(front_matters(labels)), draw(writings), draw(raw_tails)) for stem in stems
        )
    return SiteSpec(sections)


def tiny_png() -> bytes:
    """A 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


# -- reading the output ----------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locs(outdir: Path) -> list[str]:
    root = ET.parse(outdir / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]


def page_path(loc: str, baseurl: str) -> str | None:
    """The page a ``<loc>`` below *baseurl* names, decoded (``news/a b.html``)."""
    return unquote(loc[len(baseurl) :]) if loc.startswith(baseurl) else None


# RFC 3986: unreserved, reserved and percent signs; nothing else may stand raw in a URL.
URL_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")


def is_escaped_url(url: str) -> bool:
    return bool(url) and set(url) <= URL_CHARS and urlsplit(url).scheme in ("http", "https")


def search_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8").strip()
    assert text.startswith("Search.setIndex(") and text.endswith(")"), text[:80]
    index = json.loads(text[len("Search.setIndex(") : -1])
    # Page names are stored with # ? % \ percent-encoded, so the search page's
    # links work (sphinx-doc/sphinx#14028); compare them as page names.
    index["docnames"] = [decoded_name(name) for name in index["docnames"]]
    return index


def is_file(path: Path) -> bool:
    """``Path.is_file`` that answers False for a name too long to exist."""
    try:
        return path.is_file()
    except OSError:
        return False


def published_pages(outdir: Path, docnames: list[str], index: dict) -> dict[str, str | None]:
    """The page (its name) each source document was published as: its own
    name, or, when that could not be written (a name too long for the file
    system), the page the search index says holds that source file."""
    by_file = dict(zip(index.get("filenames", []), index.get("docnames", [])))
    pages = {}
    for docname in docnames:
        page = docname if is_file(outdir / f"{docname}.html") else by_file.get(f"{docname}.md")
        pages[docname] = page if page is not None and is_file(outdir / f"{page}.html") else None
    return pages


def html_pages(outdir: Path) -> list[str]:
    """Every written page, as a path below *outdir* (theme files excluded)."""
    return sorted(
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*.html")
        if path.relative_to(outdir).parts[0] not in ("_static", "_sources", "_images", "_downloads")
    )


# Where a javascript: URL runs (on a click, a submit or as a frame); an
# <img src="javascript:…"> runs in no browser, so it is not counted.
SCRIPT_URL_ATTRIBUTES = {"href", "action", "formaction", "xlink:href"}
SCRIPT_URL_ELEMENTS = {"iframe", "frame", "embed", "object", "script"}
MARKERS = (CANARY, "alert(")


def injected_markup(html: bytes) -> list[str]:
    """Script a payload brought into the page, found by an HTML5 parser:
    inline ``<script>`` or ``on…`` handlers holding a canary, and
    ``javascript:`` URLs."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and _runs_marker(element.text or ""):
            found.append(f"<script>{(element.text or '')[:300]}</script>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") and _runs_marker(value):
                found.append(f"<{element.tag} {name}={value[:200]!r}>")
            runs = name in SCRIPT_URL_ATTRIBUTES or (element.tag in SCRIPT_URL_ELEMENTS and name in ("src", "data"))
            if runs and _is_script_url(value):
                found.append(f"<{element.tag} {name}={value[:200]!r}>")
    return found


def _runs_marker(code: str) -> bool:
    """Whether a canary marker stands in *code* as code, not inside a
    string literal or comment (a name escaped into a string is harmless)."""
    return any(marker in code_outside_literals(code) for marker in MARKERS)


def code_outside_literals(code: str) -> str:
    """JavaScript *code* with its string literals and comments removed: a
    small lexer (quotes with backslash escapes, // and /* */ comments)."""
    kept, index = [], 0
    while index < len(code):
        char = code[index]
        if char in "'\"`":
            index = _string_end(code, index)
        elif code.startswith("//", index):
            end = code.find("\n", index)
            index = len(code) if end < 0 else end
        elif code.startswith("/*", index):
            end = code.find("*/", index + 2)
            index = len(code) if end < 0 else end + 2
        else:
            kept.append(char)
            index += 1
    return "".join(kept)


def _string_end(code: str, start: int) -> int:
    quote_char, index = code[start], start + 1
    while index < len(code) and code[index] != quote_char:
        index += 2 if code[index] == "\\" else 1
    return index + 1


def _is_script_url(value: str) -> bool:
    """As browsers read a URL: leading controls and spaces, and tabs and
    newlines anywhere, are ignored."""
    cleaned = "".join(c for c in value if c not in "\t\n\r").lstrip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    return cleaned.lower().startswith(("javascript:", "vbscript:", "data:text/html"))


# -- serving and browsing ----------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # the same URLs serve every example's site
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # a page closed mid-request
        pass


class SiteServer:
    """One local HTTP server for a whole module; ``serve`` switches the site."""

    def __init__(self) -> None:
        self.root = os.getcwd()

        def handler(*args, **kwargs) -> _Handler:  # serves whatever self.root is now
            return _Handler(*args, directory=self.root, **kwargs)

        self._server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def serve(self, folder: Path) -> str:
        self.root = str(folder)
        return self.base_url

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",  # nothing leaves the machine
]  # fmt: skip
LOAD_TIMEOUT_MS = 30_000  # generous: a loaded CI machine; a real hang still fails


@dataclass
class Visit:
    """What happened while one page loaded."""

    url: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    canary: Any = None

    @property
    def safe(self) -> bool:
        return not self.dialogs and not self.errors and self.canary is None

    def __str__(self) -> str:
        return f"{self.url}: dialogs={self.dialogs} errors={self.errors} window.{CANARY}={self.canary!r}"


def page_url(base_url: str, path: str) -> str:
    return base_url + quote(path)


def _watch(page, visit: Visit) -> None:
    def on_dialog(dialog) -> None:
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))


def _finish(page, visit: Visit, ready: str | None = None) -> None:
    try:
        page.wait_for_load_state("load", timeout=LOAD_TIMEOUT_MS)
        if ready:
            page.wait_for_function(ready, timeout=LOAD_TIMEOUT_MS)
        visit.canary = page.evaluate(f"() => window.{CANARY}")
    except Exception as err:  # noqa: BLE001 - a page that never loads is a finding too
        visit.errors.append(f"{type(err).__name__}: {str(err).splitlines()[0]}")
    finally:
        page.close()


def visit_pages(browser, urls: list[str], batch: int = 4) -> list[Visit]:
    """Open each URL in a new page, a few at a time, in a fresh context."""
    context = browser.new_context(service_workers="block")
    visits = []
    try:
        for start in range(0, len(urls), batch):
            opened = []
            for url in urls[start : start + batch]:
                page, visit = context.new_page(), Visit(url)
                _watch(page, visit)
                try:
                    page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
                except Exception as err:  # noqa: BLE001
                    visit.errors.append(f"{type(err).__name__}: {str(err).splitlines()[0]}")
                opened.append((page, visit))
            for page, visit in opened:
                _finish(page, visit)
                visits.append(visit)
    finally:
        context.close()
    return visits


# Sphinx's searchtools: performSearch() makes the title and starts the
# pulse; _finishSearch() stops it (-1) once every result is shown.
# Done when the summary is written.  Not Search._pulse_status === -1: Sphinx
# 9's pulse timer, when it fires after stopPulse(), counts -1 up to 0 and
# keeps the dots going for ever (seen about once in a hundred searches).
SEARCH_DONE = "() => ((document.querySelector('.search-summary') || {}).textContent || '').trim() !== ''"


SEARCH_STATE = """() => ({pulse: typeof Search === 'undefined' ? 'no Search' : Search._pulse_status,
    shown: document.querySelectorAll('ul.search li').length,
    summary: (document.querySelector('.search-summary') || {}).textContent})"""


def _search_state(page) -> str:
    try:
        return str(page.evaluate(SEARCH_STATE))
    except Exception as err:  # noqa: BLE001 - a diagnostic only
        return f"unknown ({type(err).__name__})"


def search_in_browser(browser, base_url: str, word: str = SEARCH_WORD, attempts: int = 2) -> tuple[Visit, list[str]]:
    """Run the site's own search page; return the visit and the result links,
    as the browser resolved them (absolute URLs).

    A search that does not finish is tried once more (its state is printed),
    so that only a search that never finishes fails the test.
    """
    for attempt in range(attempts):
        visit, links, pending = _search_once(browser, base_url, word)
        if not pending:
            return visit, links
        print(f"search attempt {attempt + 1} did not finish: {pending}")
    return visit, links


def _search_once(browser, base_url: str, word: str) -> tuple[Visit, list[str], str]:
    context = browser.new_context(service_workers="block")
    try:
        page, visit = (
            context.new_page(),
            Visit(f"{base_url}search.html?q={quote(word)}"),
        )
        _watch(page, visit)
        page.goto(visit.url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_load_state("load", timeout=LOAD_TIMEOUT_MS)
        links: list[str] = []
        pending = ""
        try:
            page.wait_for_function(SEARCH_DONE, timeout=LOAD_TIMEOUT_MS)
            links = page.eval_on_selector_all("ul.search li > a", "as => as.map(a => a.href)")  # as resolved
        except Exception as err:  # noqa: BLE001
            pending = f"{type(err).__name__}: {str(err).splitlines()[0]}; state {_search_state(page)}"
            visit.errors.append(f"search did not finish: {pending}")
        _finish(page, visit)
        return visit, links, pending
    finally:
        context.close()


# -- other tools -------------------------------------------------------------------


def epubcheck_command() -> list[str] | None:
    tool = shutil.which("epubcheck")
    if tool is None or shutil.which("java") is None:
        return None
    return ["java", "-jar", tool] if Path(tool).read_bytes()[:2] == b"PK" else [tool]


def run_epubcheck(epub: Path, command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([*command, str(epub)], capture_output=True, text=True, timeout=600)


def latex_errors(log: Path) -> list[str]:
    """TeX's error lines (``! …``) with the two lines that follow each."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.is_file() else []
    return ["\n".join(lines[i : i + 3]) for i, line in enumerate(lines) if line.startswith("! ")]


@dataclass
class Compiled:
    returncode: int | None  # None: stopped after the timeout
    output: str


def compile_pdf(latex_dir: Path, timeout: int = 300) -> Compiled:
    """Sphinx's LaTeX Makefile (latexmk + xelatex), never stopping for input;
    after *timeout* seconds the whole process group (make, latexmk, xelatex)
    is stopped."""
    process = subprocess.Popen(
        ["make", "-C", str(latex_dir), "LATEXOPTS=-interaction=nonstopmode"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = process.communicate(timeout=timeout)
        return Compiled(process.returncode, output)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return Compiled(None, output + f"\n[stopped after {timeout} s]")


def fresh_folder(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path
