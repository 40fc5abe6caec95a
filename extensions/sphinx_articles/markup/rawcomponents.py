"""Vue/Nuxt components written as raw HTML tags in articles.

Nuxt Content renders ``<NuxtLink to="/x">``, ``<nuxt-img src>`` or
``<lite-youtube videoid>`` in Markdown as Vue components; Sphinx would pass
them to the page as unknown elements (and drop them from the PDF).  A tag
is a component when its name, as written, has a hyphen or starts with a
capital (``<NuxtLink>``, ``<client-only>``) and is no HTML, SVG or MathML
element.  Each becomes the nodes ``nuxtcomponents`` makes of it; an unknown
one keeps its content in an element with class ``mdc-<name>`` and is
reported once per name per file.

``prepare`` runs before ``rawrepair``: Vue closes ``<NuxtImg … />`` itself,
HTML does not, so such tags get their end tag; and HTML lower-cases names,
so the names written in capitals are noted.  ``convert`` runs after it, on
well-nested tags: an inline start tag and its end tag in the same element
(MyST keeps inline HTML as one raw node per tag) or a block's start tag and
end tag with Markdown between them, and components inside an HTML block.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary
from xml.etree import ElementTree

import html5lib
from docutils import nodes
from html5lib.constants import voidElements
from html5lib.serializer import HTMLSerializer

from ..report import warn
from . import nuxtcomponents
from .components import report_unknown
from .rawrepair import Parser, _first_line, start_tag

# Elements whose names look like components: SVG's and MathML's hyphenated ones.
NOT_COMPONENTS = frozenset(
    "annotation-xml color-profile font-face font-face-src font-face-uri font-face-format font-face-name "
    "missing-glyph".split()
)
NAME = r"[A-Za-z][A-Za-z0-9_.:-]*"
# A start tag (attribute values may hold ">"), or a part of the text where tags are not tags.
TAG_OR_OPAQUE = re.compile(
    r"(?P<opaque><!--.*?-->|<(script|style|textarea|title)\b.*?</\2\s*>)"
    rf"|<(?P<name>{NAME})(?P<attributes>(?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(?P<slash>/?)>"
    rf"|</(?P<end>{NAME})\s*>",
    re.IGNORECASE | re.DOTALL,
)
# HTML elements that may hold paragraphs: a component's block inside them stays a block.
FLOW_CONTAINERS = frozenset(
    "article aside blockquote body dd details dialog div fieldset figure footer form header li main nav "
    "section td th".split()
)
SERIALIZER = HTMLSerializer(quote_attr_values="always", omit_optional_tags=False)
WALKER = html5lib.getTreeWalker("etree")
# Names written with capitals, per document, by their lower-case spelling (html5lib's).
_capitalised: WeakKeyDictionary[nodes.document, dict[str, str]] = WeakKeyDictionary()


def looks_like_component(name: str) -> bool:
    """As written: ``NuxtLink``, ``nuxt-link``; not ``div``, not SVG's ``font-face``."""
    return (name[:1].isupper() or "-" in name) and name.lower() not in NOT_COMPONENTS


def prepare(document: nodes.document) -> None:
    """Before ``rawrepair``: ``<NuxtImg …/>`` closed as Vue closes it, capitalised names noted."""
    capitalised = _capitalised.setdefault(document, {})

    def rewrite(match: re.Match) -> str:
        name = match.group("name") or match.group("end")
        if not name or not looks_like_component(name):
            return match.group(0)
        if name[:1].isupper():
            capitalised.setdefault(name.lower(), name)
        if match.group("slash"):
            return f"<{name}{match.group('attributes')}></{name}>"
        return match.group(0)

    for raw in list(document.findall(nodes.raw)):
        if _is_html(raw) and "<" in raw.astext():
            text = raw.astext()
            changed = TAG_OR_OPAQUE.sub(rewrite, text)
            if changed != text:
                raw.replace_self(_raw(changed, raw))


def convert(document: nodes.document) -> None:
    """After ``rawrepair``: every component tag made nodes."""
    capitalised = _capitalised.get(document, {})
    for raw in list(document.findall(nodes.raw)):
        if raw.parent is None or not _is_html(raw) or "<" not in raw.astext():
            continue
        text = raw.astext()
        one_tag = TAG_OR_OPAQUE.fullmatch(text.strip())
        if one_tag and one_tag.group("name"):  # MyST's inline HTML, or a block's lone start tag
            tag = start_tag(text) if _is_component(one_tag.group("name"), capitalised) else None
            if tag is not None and tag[0] not in voidElements:
                _convert_pair(document, raw, capitalised.get(tag[0], tag[0]), tag[1])
        elif not one_tag and _has_component(text, capitalised):
            _convert_html(document, raw, capitalised)


def _is_html(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


def _is_component(name: str, capitalised: dict[str, str]) -> bool:
    return looks_like_component(capitalised.get(name.lower(), name))


def _has_component(text: str, capitalised: dict[str, str]) -> bool:
    for match in TAG_OR_OPAQUE.finditer(text):
        if match.group("name") and _is_component(match.group("name"), capitalised):
            return True
    return False


# -- a start tag, its end tag, and what is between ------------------------------------


def _convert_pair(document: nodes.document, opening: nodes.raw, name: str, attributes: dict[str, str]) -> None:
    parent = opening.parent
    start = parent.index(opening)
    end = _closing(parent, start, name.lower())
    line = _first_line(opening)
    if end is None:  # closed elsewhere (rawrepair closed it at the end of another node): nothing inside
        end = start
        content: list[nodes.Node] = []
    else:
        content = list(parent[start + 1 : end])  # moved, not copied: raw tags among them still know their parent
    inline = isinstance(parent, (nodes.TextElement, nodes.Inline))
    made = _component(document, name, attributes, content, inline, line)
    parent[start : end + 1] = made


def _closing(parent: nodes.Element, start: int, name: str) -> int | None:
    depth = 0
    for index in range(start + 1, len(parent)):
        node = parent[index]
        if not _is_html(node):
            continue
        one_tag = TAG_OR_OPAQUE.fullmatch(node.astext().strip())
        if one_tag is None:
            continue
        if (one_tag.group("name") or "").lower() == name:
            depth += 1
        elif (one_tag.group("end") or "").lower() == name:
            if depth == 0:
                return index
            depth -= 1
    return None


def _component(
    document: nodes.document,
    name: str,
    attributes: dict[str, str],
    content: list[nodes.Node],
    inline: bool,
    line: int | None,
) -> list[nodes.Node]:
    problems: list[str] = []
    if not inline:
        content = _in_paragraphs(content)
    made = nuxtcomponents.component_nodes(name, attributes, content, inline, problems)
    if nuxtcomponents.kind(name) is None:
        report_unknown(document, name, line)
    for problem in problems:
        warn(problem, (document.settings.env.docname, line), "html")
    if not inline:
        made = _in_paragraphs(made)
    return made


def _in_paragraphs(children: list[nodes.Node]) -> list[nodes.Node]:
    """At block level, runs of text and inline nodes (a link, a ``<span>``) go into paragraphs."""
    blocks: list[nodes.Node] = []
    run: list[nodes.Node] = []
    for child in children:
        is_inline = isinstance(child, (nodes.Text, nodes.Inline)) and not isinstance(child, nodes.image)
        if is_inline and not (isinstance(child, nodes.raw) and not _is_inline_html(child)):
            run.append(child)
            continue
        if run:
            blocks.append(_paragraph(run))
            run = []
        blocks.append(child)
    if run:
        blocks.append(_paragraph(run))
    return blocks


def _is_inline_html(raw: nodes.raw) -> bool:
    return isinstance(raw.parent, nodes.TextElement)


def _paragraph(run: list[nodes.Node]) -> nodes.Node:
    if all(isinstance(node, nodes.Text) and not node.strip() for node in run):
        return nodes.Text("".join(run))  # spaces between blocks
    return nodes.paragraph("", "", *run)


# -- components inside an HTML block ----------------------------------------------------


def _convert_html(document: nodes.document, raw: nodes.raw, capitalised: dict[str, str]) -> None:
    """An HTML block (or one rawrepair rewrote) with components in it: the HTML
    around them stays raw HTML, each component becomes nodes."""
    text = raw.astext()
    parser = Parser()
    tree = parser.parseFragment(text)
    first = _first_line(raw)

    def line_of(element: ElementTree.Element) -> int | None:
        offset = parser.tag_ends.get(element)
        return None if first is None or offset is None else first + text[:offset].count("\n")

    def is_component(element: ElementTree.Element) -> bool:
        return isinstance(element.tag, str) and _is_component(element.tag, capitalised)

    def content(element: ElementTree.Element, inside: bool, inline: bool) -> list[nodes.Node]:
        """*element*'s content: text as text inside a component, as HTML outside."""
        made: list[nodes.Node] = []
        if element.text:
            made.append(nodes.Text(element.text) if inside else _raw(_escape(element.text), raw))
        for child in element:
            made += one(child, inside, inline)
            if child.tail:
                made.append(nodes.Text(child.tail) if inside else _raw(_escape(child.tail), raw))
        return made

    def one(element: ElementTree.Element, inside: bool, inline: bool) -> list[nodes.Node]:
        if element.tag is ElementTree.Comment:
            return [_raw(f"<!--{element.text or ''}-->", raw)]
        if is_component(element):
            name = capitalised.get(element.tag, element.tag)
            inner = content(element, True, inline)
            return _component(document, name, dict(element.attrib), inner, inline, line_of(element))
        if not any(is_component(below) for below in element.iter()):
            return [_raw(SERIALIZER.render(WALKER(element)), raw)]
        # An HTML element with a component inside: its tags around the component's nodes.
        start = SERIALIZER.render(WALKER(_empty_copy(element)))
        end_at = start.rindex("</")
        inline = inline or element.tag not in FLOW_CONTAINERS  # no paragraph inside a <p> or <span>
        return [_raw(start[:end_at], raw), *content(element, inside, inline), _raw(start[end_at:], raw)]

    raw.replace_self(_merged(content(tree, False, isinstance(raw.parent, (nodes.TextElement, nodes.Inline)))))


def _empty_copy(element: ElementTree.Element) -> ElementTree.Element:
    return ElementTree.Element(element.tag, dict(element.attrib))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _raw(text: str, near: nodes.raw) -> nodes.raw:
    made = nodes.raw("", text, format=near.get("format", "html"))
    made.source, made.line = near.source, near.line
    return made


def _merged(made: list[nodes.Node]) -> list[nodes.Node]:
    """Adjacent raw HTML as one node, as MyST has an HTML block."""
    merged: list[nodes.Node] = []
    for node in made:
        if merged and _is_html(node) and _is_html(merged[-1]):
            merged[-1] = _raw(merged[-1].astext() + node.astext(), merged[-1])
        else:
            merged.append(node)
    return merged
