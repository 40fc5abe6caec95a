"""Nuxt/MDC link attributes on file links: ``[PDF](/files/x.pdf){target="_blank"}``.

MyST keeps ``target``/``rel`` only on links to URLs; for links to files it
drops them.  The parser below keeps them on any link node, and the HTML
translator writes them on download links.
"""

from __future__ import annotations

import re
from html import escape

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator

ATTRIBUTES = ("target", "rel", "download")
KEY = "html_attributes"
# Editors write {target="\_blank"}: a Markdown escape, as MDC reads it.
BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


class LinkAttributesRenderer(SphinxRenderer):
    def render_link(self, token) -> None:
        for key in ATTRIBUTES:
            if key in token.attrs:
                token.attrs[key] = BACKSLASH_ESCAPE.sub(r"\1", str(token.attrs[key]))
        before = len(self.current_node.children)
        super().render_link(token)
        attributes = {k: str(v) for k, v in token.attrs.items() if k in ATTRIBUTES}
        for node in self.current_node.children[before:]:
            if attributes and isinstance(node, nodes.Element) and "refuri" not in node:
                node[KEY] = attributes


def visit_download_reference(self: HTML5Translator, node: nodes.Element) -> None:
    HTML5Translator.visit_download_reference(self, node)
    attributes = node.get(KEY)
    if attributes and self.body and self.body[-1].startswith("<a "):
        tag = self.body[-1]
        if attributes.get("download"):  # the editor's file name for the saved copy
            tag = tag.replace(' download=""', f' download="{escape(attributes["download"])}"', 1)
        extra = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items() if name != "download")
        self.body[-1] = tag.replace("<a ", f"<a{extra} ", 1)


def depart_download_reference(self: HTML5Translator, node: nodes.Element) -> None:
    HTML5Translator.depart_download_reference(self, node)


def setup(app) -> None:
    app.add_node(
        addnodes.download_reference,
        override=True,
        html=(visit_download_reference, depart_download_reference),
    )
