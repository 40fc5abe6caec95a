"""The theme's stylesheet and icon fonts cut to what the site can show.

pydata-sphinx-theme (checked against 0.17.1-0.20.0) sends every page one
stylesheet with all of Bootstrap 5 and all 2,000 Font Awesome icons
(376 KB), a 1.5 MB Font Awesome script that redraws each icon as SVG, and
a 113 KB icon font: 2.0 of the 2.3 MB of an article page
(pydata-sphinx-theme#2379 and #2115, open; its PR #2494 also drops the
script for CSS and web fonts, as here).

At the start of an HTML build with that theme this module writes
``_static/styles/articles-theme.css``: the theme's stylesheet without the
rules that need a class no template, script or HTML writer of the build
names (`Vocabulary`), whose icon fonts are cut to the glyphs the remaining
rules show.  ``_templates/layout.html`` links it in place of the theme's
stylesheet and script when the page's context has ``articles_theme_css``.
Should the theme's files move, nothing is written and pages keep the
theme's own assets.  The result is cached in the doctree folder under a key
of every file it read (name, size, time), so a rebuild only copies it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

STYLESHEET = "static/styles/pydata-sphinx-theme.css"  # inside the theme's folder
OUTPUT = "styles/articles-theme.css"  # inside _static
# The theme's script that turns <i class="fa-..."> into SVG: the web font
# draws the same icons.
ICON_SCRIPT = "fontawesome"
# The HTML writers: the classes they put on tags are in their code.
WRITERS = ["sphinx.writers.html5", "docutils.writers._html_base", "docutils.writers.html5_polyglot", "docutils.nodes"]
CACHE_VERSION = "1"

WORD = re.compile(r"[A-Za-z_][\w-]*")
# The start of a class name completed at run time: ``only-{{ mode }}`` in a
# template, ``f"text-{align}"`` or ``"align-" + value`` in code.
PREFIX = re.compile(r"""([A-Za-z_][\w-]*-)(?=\{|\$\{|["']\s*[+%])""")
# Icons are the exception: sphinx-book-theme's source-repository buttons
# (``fa-{provider}``, not on this site) would keep all 2,000 icons.
ICON_PREFIX = "fa-"
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# :not(.x), :is(.x, .y), :where(), :has(): classes inside may be absent.
FUNCTIONAL_PSEUDO = re.compile(r":[\w-]+\((?:[^()]|\([^()]*\))*\)")
GROUPING_RULES = {"media", "supports", "container", "layer"}
# Written as CSS escapes (valid in names and strings alike), so the file
# reads the same in any encoding a browser assumes: the icons are in
# Unicode's private use area.
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", write_theme_assets)
    app.connect("html-page-context", announce_theme_assets)


def announce_theme_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if getattr(app.builder, "articles_theme_css", False):
        context["articles_theme_css"] = True


def write_theme_assets(app: Sphinx) -> None:
    stylesheet = theme_stylesheet(app)
    if stylesheet is None:
        return
    sources = sorted(set(source_files(app)))
    caches = Path(app.doctreedir) / "articles-theme"
    cache = caches / cache_key([stylesheet, *sources])
    if not (cache / OUTPUT).is_file():
        shutil.rmtree(caches, ignore_errors=True)  # made for other versions
        try:
            make_assets(stylesheet, Vocabulary(sources), cache)
        except Exception as error:  # a theme or library changed beyond what is checked here
            logger.warning("the theme's own stylesheet is used: %s", error, type="articles", subtype="theme")
            shutil.rmtree(caches, ignore_errors=True)
            return
    static = Path(app.outdir) / "_static"
    shutil.copytree(cache, static, dirs_exist_ok=True)
    app.add_css_file(OUTPUT, priority=100)  # before the other stylesheets, as the theme's was
    app.builder.articles_theme_css = True


def theme_stylesheet(app: Sphinx) -> Path | None:
    theme = getattr(app.builder, "theme", None)
    if theme is None or app.builder.format != "html" or app.builder.name.startswith("epub"):
        return None
    for folder in theme.get_theme_dirs():
        if (Path(folder) / STYLESHEET).is_file():
            return Path(folder) / STYLESHEET
    return None


# Extensions whose every class has their own prefix and their own stylesheet
# (sphinx-design: sd-*): their code names none of the theme's classes, but
# holds words that are (card, btn, shadow, …), which kept 8 KB of the theme's rules.
SELF_STYLED = {"sphinx_design"}


def cache_key(files: Iterable[Path]) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for file in files:
        status = file.stat()
        digest.update(f"{file}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]


def source_files(app: Sphinx) -> Iterator[Path]:
    """Every file that can put a class on a page: templates, scripts, the
    HTML writers and the loaded extensions' code."""
    builder = app.builder
    for folder in map(Path, builder.templates.pathchain):
        yield from folder.rglob("*.html")
    static_folders = [Path(d) / "static" for d in builder.theme.get_theme_dirs()]
    static_folders += [Path(app.confdir, d) for d in app.config.html_static_path]
    for folder in static_folders:
        for script in (*folder.rglob("*.js"), *folder.rglob("*.js_t")):
            if not script.name.startswith(ICON_SCRIPT):
                yield script
    extensions = (e.module.__name__ for e in app.extensions.values() if e.name not in SELF_STYLED)
    modules = [*WRITERS, *extensions]
    for name in modules:
        yield from module_code(name)


def module_code(name: str) -> Iterator[Path]:
    """A module's file; for a package outside Sphinx, all of its code."""
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    if file is None:
        return
    path = Path(file)
    if path.name == "__init__.py" and not name.startswith("sphinx."):
        yield from path.parent.rglob("*.py")
    else:
        yield path


class Vocabulary:
    """The words of the files that make pages, and the prefixes of the
    class names they complete at run time."""

    def __init__(self, files: Iterable[Path]) -> None:
        self.words: set[str] = set()
        prefixes: set[str] = set()
        for file in files:
            text = file.read_text(encoding="utf-8", errors="replace")
            self.words.update(WORD.findall(text))
            prefixes.update(PREFIX.findall(text))
        prefixes.discard(ICON_PREFIX)
        self.prefixes = tuple(sorted(prefixes))

    def __contains__(self, name: str) -> bool:
        return name in self.words or name.startswith(self.prefixes)


def make_assets(stylesheet: Path, words: Vocabulary, folder: Path) -> None:
    import tinycss2

    rules = kept_rules(tinycss2.parse_stylesheet(stylesheet.read_text(encoding="utf-8")), words)
    css = NON_ASCII.sub(lambda match: f"\\{ord(match[0]):x} ", "".join(rule.serialize() for rule in rules))
    glyphs = {char for text in strings_of(rules) for char in text}
    output = folder / OUTPUT
    for url in font_urls(rules):
        font = subset_font(stylesheet.parent / url, glyphs)
        named = Path(url).with_name(f"{Path(url).stem}.{hashlib.sha256(font).hexdigest()[:8]}{Path(url).suffix}")
        target = Path(os.path.normpath(output.parent / named))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(font)
        css = css.replace(url, named.as_posix())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(css, encoding="utf-8")  # last: the cache is complete when it exists


def kept_rules(rules: list, words: Vocabulary) -> list:
    """*rules* without those whose every selector needs a class not in
    *words*; comments only where they carry a licence (``/*!``)."""
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if any(may_match(selector, words) for selector in selectors(tinycss2.serialize(rule.prelude))):
                kept.append(rule)
        elif rule.type == "at-rule" and rule.at_keyword.lower() in GROUPING_RULES and rule.content is not None:
            inner = kept_rules(tinycss2.parse_rule_list(rule.content), words)
            if any(node.type != "comment" for node in inner):
                rule.content = inner
                kept.append(rule)
        elif rule.type == "comment":
            if rule.value.startswith("!"):
                kept.append(rule)
        elif rule.type != "whitespace":
            kept.append(rule)
    return kept


def selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return parts


def may_match(selector: str, words: Vocabulary) -> bool:
    if "\\" in selector:  # an escaped class name: kept rather than decoded
        return True
    return all(name in words for name in CLASS.findall(FUNCTIONAL_PSEUDO.sub("", selector)))


def walk_tokens(nodes: Iterable) -> Iterator:
    """Every node in *nodes* and, depth first, in their preludes, blocks
    and function arguments."""
    for node in nodes:
        yield node
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                yield from walk_tokens(children)


def strings_of(rules: list) -> Iterator[str]:
    """The text of every string in *rules*: the icons' characters."""
    for token in walk_tokens(rules):
        if token.type == "string":
            yield token.value


def font_urls(rules: list) -> list[str]:
    """The relative ``url()`` of each ``@font-face``, in order."""
    urls = []
    for rule in rules:
        if rule.type == "at-rule" and rule.at_keyword.lower() == "font-face":
            for token in walk_tokens(rule.content or []):
                if token.type == "url":
                    urls.append(token.value)
                elif token.type == "function" and token.lower_name == "url":
                    urls.extend(arg.value for arg in token.arguments if arg.type == "string")
    return [url for url in dict.fromkeys(urls) if not re.match(r"[a-z][a-z0-9+.-]*:|/", url)]


def subset_font(font: Path, characters: set[str]) -> bytes:
    """*font* with only the glyphs of *characters*, in its own format."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = font.suffix.lstrip(".") if font.suffix in (".woff", ".woff2") else None
    loaded = subset.load_font(str(font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(loaded)
    buffer = io.BytesIO()
    subset.save_font(loaded, buffer, options)
    return buffer.getvalue()
