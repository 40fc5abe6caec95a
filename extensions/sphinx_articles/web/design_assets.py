"""sphinx-design's stylesheet and script only on pages that use them.

sphinx-design (MDC tabs and cards, ``markup/mdc.py``) adds its 55 KB
stylesheet and its tab script to every page; most articles have no tab or
card.  Sphinx's documented way to keep a file off a page is to drop it from
the page's context in ``html-page-context`` (sphinx-doc/sphinx#8302).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

DESIGN_FILES = ("sphinx-design.min.css", "design-tabs.js")


def uses_design(doctree: nodes.document | None) -> bool:
    if doctree is None:
        return False
    return any(cls.startswith("sd-") for node in doctree.findall(nodes.Element) for cls in node.get("classes", ()))


def drop_unused_design_files(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if uses_design(doctree):
        return
    for key in ("css_files", "script_files"):
        if key in context:  # in place: the theme adds this page's own scripts to the same list later
            context[key][:] = [f for f in context[key] if not str(getattr(f, "filename", f)).endswith(DESIGN_FILES)]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", drop_unused_design_files)
