"""The page's table of contents made once per page, as text.

pydata-sphinx-theme's ``generate_toc_html()`` (checked against 0.17.1-0.20.0,
``pydata_sphinx_theme/toctree.py``) parses the TOC HTML with BeautifulSoup,
adds its classes with CSS selectors and turns the tree back into text in
each of the three templates showing it (header button, sidebar, print
view): 13% of writing a page.  ``page_toc_html`` adds the same classes to
Sphinx's TOC markup with one pass over its tags, and the page gets it as
text, once.  tests/test_build_work.py checks it against the theme's on every
page.  Should the theme stop putting ``generate_toc_html`` in the page's
context, nothing is replaced.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx


def toc_as_text(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    use_text_toc(context)


def use_text_toc(context: dict) -> None:
    """Replace the theme's ``generate_toc_html`` by one that returns text.

    Templates test the result with ``| length >= 1`` and ``if``: the tree
    they got is empty exactly when its text is (the theme returns ``""``
    for a page without sub-headings).  Other kinds go to the theme.
    """
    generate = context.get("generate_toc_html")
    if generate is None or hasattr(generate, "theme"):
        return
    show_level = int(context.get("theme_show_toc_level", 1))

    @cache
    def generate_toc_html(kind: str = "html") -> Any:
        if kind != "html":
            return generate(kind)
        return Markup(page_toc_html(context["toc"], show_level)) if "toc" in context else ""

    generate_toc_html.theme = generate
    context["generate_toc_html"] = generate_toc_html


TOC_TAG = re.compile(r"<(/?)(ul|li|a)\b([^>]*)>")
CLASS = re.compile(r"""\sclass=(["'])(.*?)\1""")


def page_toc_html(toc: str, show_level: int) -> str:
    """Sphinx's TOC of a page with pydata-sphinx-theme's classes (0.20).

    ``ul``: ``pst-show_toc_level`` down to level *show_level* + 1, then
    ``nav section-nav flex-column``; ``li``: ``toc-h<level>`` ``nav-item
    toc-entry``; each item's link: ``nav-link``.  A page with one top
    heading (its title) shows the list under it, or nothing.
    """
    pieces: list[str] = []
    depth = 0  # open <ul> elements
    link_wanted = False  # an item opened, its link not seen yet
    sublist: list[int] = []  # where the first second-level <ul> starts and ends in pieces
    top_items = second_level_items = 0
    position = 0
    for tag in TOC_TAG.finditer(toc):
        pieces.append(toc[position : tag.start()])
        position = tag.end()
        closing, name, attributes = tag.groups()
        extra: list[str] = []
        if name == "ul" and not closing:
            depth += 1
            extra = (["pst-show_toc_level"] if depth <= show_level + 1 else []) + ["nav", "section-nav", "flex-column"]
            if depth == 2 and not sublist:
                sublist.append(len(pieces))
        elif name == "ul":
            if depth == 2 and len(sublist) == 1:
                sublist.append(len(pieces) + 1)
            depth -= 1
        elif name == "li" and not closing:
            extra = [f"toc-h{depth}", "nav-item", "toc-entry"]
            link_wanted = True
            top_items += depth == 1
            second_level_items += depth == 2
        elif name == "a" and not closing and link_wanted:
            extra = ["nav-link"]
            link_wanted = False
        pieces.append(_with_classes(tag.group(0), attributes, extra) if extra else tag.group(0))
    pieces.append(toc[position:])
    if top_items != 1:
        return "".join(pieces)
    if not second_level_items:
        return ""
    start, end = sublist
    return "".join(pieces[start:end])


def _with_classes(tag: str, attributes: str, extra: list[str]) -> str:
    found = CLASS.search(attributes)
    if found is None:
        name_end = tag.index(" ") if " " in tag else len(tag) - 1
        return f'{tag[:name_end]} class="{" ".join(extra)}"{tag[name_end:]}'
    classes = " ".join([*found.group(2).split(), *extra])
    start = tag.index(found.group(0))
    return f'{tag[:start]} class="{classes}"{tag[start + len(found.group(0)) :]}'


def applies(app: Sphinx | None = None) -> bool:
    import pydata_sphinx_theme.toctree as toctree

    return '"generate_toc_html"' in Path(toctree.__file__).read_text(encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", toc_as_text, priority=600)  # after the theme's
