"""Editors' inline ``<a href="…">text</a>`` as real links.

MyST keeps inline HTML as separate raw nodes for ``<a …>`` and ``</a>``.
As a reference node instead, the link works in every builder (a PDF link
annotation, not dropped text), and a heading's table-of-contents entry no
longer nests one ``<a>`` inside another.  ``rawrepair`` ran before: each
``</a>`` follows its ``<a>`` in the same parent, and ``<a src=…>`` typos
are links.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from .assets import is_relative_route, is_site_absolute
from .rawrepair import start_tag

CLOSE_TAG = re.compile(r"^</a\s*>$", re.IGNORECASE)


def convert(document: nodes.document) -> None:
    for raw in list(document.findall(nodes.raw)):
        is_html = raw.parent is not None and "html" in raw.get("format", "").split()
        if is_html and raw.astext().lstrip()[:2].lower() == "<a":
            _convert_one(raw)


def _convert_one(opening: nodes.raw) -> None:
    tag = start_tag(opening.astext())
    attributes = tag[1] if tag and tag[0] == "a" else {}
    if not attributes.get("href"):
        return
    parent = opening.parent
    start = parent.index(opening)
    end = next((i for i in range(start + 1, len(parent)) if _is_closing(parent[i])), None)
    if end is None:
        return
    content = parent[start + 1 : end]  # moved, not copied: a raw tag among them still knows its parent
    parent[start : end + 1] = [link_to(attributes, content)]


def _is_closing(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and bool(CLOSE_TAG.match(node.astext().strip()))


def link_to(attributes: dict[str, str], content: list[nodes.Node]) -> nodes.Element:
    """A link as an editor's `<a href>` becomes one (also for `<nuxt-link>`, see nuxtcomponents)."""
    href = attributes["href"]
    if is_site_absolute(href) or is_relative_route(href):  # a page or a public file: resolved like Markdown links
        return addnodes.pending_xref("", *content, refdomain=None, reftarget=href, refexplicit=True)
    extra = {key: attributes[key] for key in ("target", "rel") if key in attributes}
    return nodes.reference("", "", *content, refuri=href, **extra)
