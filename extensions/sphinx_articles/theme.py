"""Theme components rendered once per page, not twice or three times.

pydata-sphinx-theme (the base of sphinx-book-theme) renders every component
of the header, footer and sidebars once to find the empty ones and drop
them, then again in the page: about 2 ms a page, a tenth of writing it
(the book theme's header buttons alone take 1.4 ms).  A template with markup
outside any tag (``<div class="article-header-buttons">`` ...) can never
render empty, so rendering it only to look is wasted.

pydata-sphinx-theme 0.22 lets a site list such templates
(``templates_skip_empty_check``), but sphinx-book-theme 1.4 pins 0.20, so the
builder finds them itself, by reading each template once, and adds them to
the list the theme's check already takes.  Templates whose output depends on
the page (the page's table of contents, the breadcrumbs) are still checked.
Should the theme rename its helper, every component is checked, as before.

The page's table of contents is the other cost: the theme's
``generate_toc_html()`` parses the TOC HTML with BeautifulSoup, adds its
classes with CSS selectors and turns the tree back into text in each of the
three templates showing it (header button, sidebar, print view): 13% of
writing a page.  ``page_toc_html`` adds the same classes to Sphinx's TOC
markup with one pass over its tags, and the page gets it as text, once.
tests/test_build_work.py checks it against the theme's on every page.
"""

from __future__ import annotations

import re
import sys
from functools import cache, wraps
from typing import Any

from jinja2 import Environment, TemplateError, nodes
from markupsafe import Markup
from sphinx.application import Sphinx


def always_renders_markup(environment: Environment, name: str) -> bool:
    """Whether template *name* has non-blank text outside every tag.

    Only the template's own top level counts: text in ``{% if %}``,
    ``{% block %}`` or a macro may not be output, and a template that
    extends another outputs only its blocks.
    """
    try:
        source, filename, _ = environment.loader.get_source(environment, name)
        tree = environment.parse(source, name, filename)
    except (TemplateError, OSError):
        return False
    if any(isinstance(node, nodes.Extends) for node in tree.body):
        return False
    return any(
        isinstance(data, nodes.TemplateData) and data.data.strip()
        for output in tree.body
        if isinstance(output, nodes.Output)
        for data in output.nodes
    )


def install() -> None:
    """Make the theme's empty check skip templates that always render markup.

    The check asks the builder (``template_never_empty``); builders that
    cannot tell, and themes other than pydata's, keep the stock behaviour.
    """
    utils = sys.modules.get("pydata_sphinx_theme.utils")
    check = getattr(utils, "_update_and_remove_templates", None)
    if check is None or hasattr(check, "stock"):
        return

    @wraps(check)
    def skip_never_empty(app, context, templates, section, templates_skip_empty_check=None, **kwargs: Any):
        use_text_toc(context)  # the check is the first use of the page's TOC
        never_empty = getattr(app.builder, "template_never_empty", None)
        skip = list(templates_skip_empty_check or ())
        if never_empty is not None:
            skip += [name for name in _template_names(templates) if never_empty(name)]
        return check(app, context, templates, section, skip, **kwargs)

    skip_never_empty.stock = check
    utils._update_and_remove_templates = skip_never_empty


def _template_names(templates: list[str] | str) -> list[str]:
    """As the theme reads them: a list or a comma-separated string, ``.html``
    added to names without a suffix."""
    if isinstance(templates, str):
        templates = [name.strip() for name in templates.split(",")]
    return [name if "." in name.rpartition("/")[2] else f"{name}.html" for name in templates]


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
    return f'{tag[:start]} class="{classes}"{tag[start + len(found.group(0)):]}'
