"""Editors' malformed raw HTML, reported and repaired before anything reads it.

Editors write raw HTML in article bodies, and some of it is broken: a link
inside a link, a stray ``</a>``, a ``<b>`` never closed, ``<a src=…>`` for
``<a href=…>``.  A browser repairs such HTML for the whole page, so a ``<b>``
left open in one paragraph turns the rest of the page bold, and a nested
``<a>`` (also in the copies Sphinx puts in the page's table of contents)
breaks the links around it; the EPUB's XHTML rejects it outright.

MyST keeps inline HTML as one raw node per tag and an HTML block as one raw
node, so HTML is judged per doctree element: the raw HTML of its children in
order, every other child standing in as an empty placeholder element.
html5lib (the HTML standard's parsing algorithm, as in browsers) reports the
parse errors, whose positions give the editor's line, and builds the repaired
tree.  Only raw nodes whose tags differ in that tree are rewritten, from its
serialisation: well-formed HTML stays exactly as written.  The common case,
plain inline tags such as ``<a href>…</a>`` well nested, is recognised
without html5lib.  Runs before ``rawlinks`` and ``rawblocks``, which then
see well-nested tags.
"""

from __future__ import annotations

import bisect
import re
from html.parser import HTMLParser as TagReader
from xml.etree import ElementTree

import html5lib
from docutils import nodes
from html5lib.constants import E as HTML5LIB_MESSAGES
from html5lib.constants import specialElements, tokenTypes, voidElements
from html5lib.serializer import HTMLSerializer

from ..report import warn

PLACEHOLDER = "data-articles-child"  # on the element standing in for a non-HTML child
MARKER = re.compile(r"articles-child-(\d+)")  # a comment after each child, to cut the tree apart again
URL = re.compile(r"^\s*https?://", re.IGNORECASE)
# What an <a> may carry (HTML Living Standard), besides data-*, aria-* and on* attributes.
LINK_ATTRIBUTES = frozenset(
    "href target download ping rel hreflang type referrerpolicy name "  # name: obsolete, still an anchor
    "accesskey autocapitalize autocorrect autofocus class contenteditable dir draggable enterkeyhint "
    "hidden id inert inputmode is itemid itemprop itemref itemscope itemtype lang nonce popover role "
    "slot spellcheck style tabindex title translate writingsuggestions".split()
)
# Inline elements without parsing rules of their own: well nested, they are well-formed.
PLAIN_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup time u var".split()
)
# Made up by the parser without an error (<tbody> around a <tr>): written as the editor left them.
IMPLIED = frozenset(("tbody", "colgroup"))
# Closed silently at the end of their parent: leaving them open is allowed.
OPTIONAL_END = frozenset("dd dt li optgroup option p rb rp rt rtc tbody td tfoot th thead tr body html".split())
# html5lib follows an older HTML standard: "&hl=" in a URL was an error then, not now.
NOT_ERRORS = frozenset(("expected-named-entity",))
END_OF_INPUT = frozenset(
    ("expected-closing-tag-but-got-eof", "expected-named-closing-tag-but-got-eof", "eof-in-table", "eof-in-select")
)
# Errors the tree's structure repairs; after any other (a repeated attribute, "&nbsp" without ";", "<a/>")
# the raw node where it happened is written again from the tree even when its tags read the same.
STRUCTURE_ERRORS = END_OF_INPUT | {
    "unexpected-start-tag-implies-end-tag",
    "adoption-agency-1.2",
    "adoption-agency-1.3",
    "unexpected-end-tag",
    "end-tag-too-early",
    "end-tag-too-early-ignored",
    "unexpected-char-implies-table-voodoo",
    "unexpected-start-tag-implies-table-voodoo",
    "unexpected-end-tag-implies-table-voodoo",
}
PLACES = {
    nodes.paragraph: "paragraph",
    nodes.title: "heading",
    nodes.list_item: "list item",
    nodes.entry: "table cell",
    nodes.section: "section",
    nodes.document: "page",
}
SERIALIZER = HTMLSerializer(quote_attr_values="always", omit_optional_tags=False)
PLACEHOLDER_TOKEN = object()


def repair(document: nodes.document, docname: str) -> None:
    parents = {id(raw.parent): raw.parent for raw in document.findall(nodes.raw) if _is_html(raw) and raw.parent}
    for parent in parents.values():
        _repair_children(parent, docname)


def _is_html(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


def _repair_children(parent: nodes.Element, docname: str) -> None:
    if _plainly_well_formed(parent):
        return
    fragment = Fragment(parent)
    parser = Parser()
    tree = parser.parseFragment(fragment.text)
    unwrapped = _fix_links(tree, parser)
    if not parser.problems:
        return
    place = _place(parent)
    for offset, message in sorted({(offset, message) for offset, message, _ in parser.problems}):
        warn(message.replace("{place}", place), (docname, fragment.line_at(offset - 1)), "html")
    chunks = _chunks(tree, parent, unwrapped | parser.made_up_and_empty(tree))
    if chunks is None:
        message = "this HTML cannot be repaired in place: its tags are removed, its text kept"
        warn(message, (docname, fragment.line_at(0)), "html")
        _strip_tags(parent)
    else:
        rewrite = {fragment.child_at(offset - 1) for offset, _, in_node in parser.problems if in_node}
        parent[:] = _rebuilt_children(parent, chunks, rewrite)


def _fix_links(tree: ElementTree.Element, parser: Parser) -> set[ElementTree.Element]:
    """Mistyped editors' ``<a>`` fixed in the tree, each a problem; those to unwrap."""
    unwrapped = set()
    for element in tree.iter("a"):
        if PLACEHOLDER not in element.attrib and element in parser.tag_ends:
            message, unwrap = _fix_link(element)
            if message:
                parser.problems.append((parser.tag_ends[element], message, False))
            if unwrap:
                unwrapped.add(element)
    return unwrapped


def _plainly_well_formed(parent: nodes.Element) -> bool:
    """The common case without html5lib (30 times slower): one inline tag per node, well nested, complete links."""
    open_tags: list[str] = []
    for child in parent.children:
        if not _is_html(child):
            if "a" in open_tags and next(child.findall(nodes.reference), None):
                return False  # a Markdown link inside the editor's <a>
            continue
        found = _tags_of(child.astext().strip())  # MyST's hard break is "<br />\n"
        if len(found) != 1:
            return False
        kind, name = found[0][:2]
        if kind == "end":
            if not open_tags or open_tags.pop() != name:
                return False
        elif kind == "start":
            if not _plain_start_tag(name, found[0][2], child.astext(), "a" in open_tags):
                return False
            if name not in voidElements:
                open_tags.append(name)
        elif kind != "comment":
            return False
    return not open_tags


def _plain_start_tag(name: str, attributes: list[tuple[str, str]], text: str, in_link: bool) -> bool:
    names = [key for key, _ in attributes]
    if len(set(names)) != len(names):
        return False  # a repeated attribute
    if name in ("br", "wbr"):
        return True
    if name not in PLAIN_INLINE or text.rstrip().endswith("/>"):  # <b/> opens a <b> in HTML
        return False
    if name == "a":
        return not in_link and bool(dict(attributes).get("href", "").strip()) and all(map(_link_attribute, names))
    return True


# -- parsing ---------------------------------------------------------------------------


class PositionedTree(html5lib.getTreeBuilder("etree")):
    """html5lib's etree builder that remembers where each start tag ends."""

    parser: Parser

    def elementClass(self, name: str, namespace=None):  # noqa: N802 (html5lib's hook, as in its dom builder)
        element = super().elementClass(name, namespace)
        token = self.parser.tokenizer.currentToken
        # Elements the parser makes up (a reopened <b>, the <p> of a stray </p>) have no tag of their own.
        is_start_tag = bool(token) and token["type"] == tokenTypes["StartTag"] and token["name"] == name
        if is_start_tag and token is not self.parser.last_start:
            self.parser.last_start = token
            self.parser.tag_ends[element._element] = self.parser.offset()
        return element


class Parser(html5lib.HTMLParser):
    """html5lib's parser keeping, with each error, the offset and what it did."""

    def __init__(self) -> None:
        super().__init__(tree=PositionedTree, namespaceHTMLElements=False)
        self.tree.parser = self
        self.last_start = None
        self.tag_ends: dict[ElementTree.Element, int] = {}
        self.problems: list[tuple[int, str, bool]] = []  # (offset, message, whether the node must be rewritten)
        self._line_starts: list[int] = [0]

    def parseFragment(self, text: str, *args, **kwargs):  # noqa: N802
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        return super().parseFragment(text, *args, **kwargs)

    def offset(self) -> int:
        line, column = self.tokenizer.stream.position()
        return self._line_starts[line - 1] + column

    def parseError(self, errorcode="XXX-undefined-error", datavars=None) -> None:  # noqa: N802
        super().parseError(errorcode, datavars)
        if errorcode in NOT_ERRORS:
            return
        open_elements = list(self.tree.openElements)
        if errorcode in END_OF_INPUT:
            for element in open_elements:  # those the parser made up repeat an earlier problem
                if element.name not in OPTIONAL_END and element._element in self.tag_ends:
                    message = f"`<{element.name}>` is not closed in this {{place}}: closed at its end"
                    self.problems.append((self.tag_ends[element._element], message, False))
        else:
            message = _message(errorcode, datavars or {}, open_elements, self.tree)
            self.problems.append((self.offset(), message, errorcode not in STRUCTURE_ERRORS))

    def made_up_and_empty(self, tree: ElementTree.Element) -> set[ElementTree.Element]:
        """Elements with no tag of their own and nothing in them but spaces, such as the ``<p></p>``
        of a stray ``</p>`` or a ``<b>`` reopened for a line break: dropped, like a stray end tag."""
        return {
            element
            for element in tree.iter()
            if element is not tree
            and element not in self.tag_ends
            and isinstance(element.tag, str)
            and (element.tag in IMPLIED or element.tag not in voidElements and _holds_nothing(element))
        }


def _holds_nothing(element: ElementTree.Element) -> bool:
    """Spaces and markers (comments) only."""
    text = (element.text or "") + "".join(child.tail or "" for child in element)
    return all(child.tag is ElementTree.Comment for child in element) and not text.strip()


def _message(code: str, details: dict, open_elements: list, tree) -> str:
    """What is wrong and what was done, in plain words."""
    name = details.get("name", "")
    current = open_elements[-1].name if open_elements else ""
    if code == "unexpected-start-tag-implies-end-tag":
        start, end = details["startName"], details["endName"]
        if start == end == "a":
            return "`<a>` inside another `<a>`: the outer link is closed first"
        return f"`<{start}>` cannot be inside `<{end}>`: `<{end}>` is closed first"
    if code == "adoption-agency-1.3":
        return (
            f"`<{name}>` and `<{current}>` overlap (`</{name}>` comes before `</{current}>`): "
            f"`<{current}>` is closed first and opened again after `</{name}>`"
        )
    if code in ("unexpected-end-tag", "end-tag-too-early", "end-tag-too-early-ignored", "adoption-agency-1.2"):
        if name == "p" and code == "unexpected-end-tag":  # html5lib has just opened an empty <p> for it
            return "stray `</p>` without an open `<p>` (a `<p>` cannot hold Markdown paragraphs or blocks): removed"
        if _closes(code, name, open_elements, tree):
            return f"`</{name}>` comes before the end of `<{current}>` opened inside it: `<{current}>` is closed first"
        return f"stray `</{name}>` without an opening tag: removed"
    if code == "unexpected-end-tag-treated-as":
        return f"`</{details['originalName']}>` is not a tag: read as `<{details['originalName']}>`"
    if code == "duplicate-attribute":
        return "an attribute appears twice in one tag: the first one is kept"
    if code in ("named-entity-without-semicolon", "numeric-entity-without-semicolon"):
        return "a character reference (`&…`) without its closing `;`: completed"
    if code == "non-void-element-with-trailing-solidus":
        return f"`<{name}/>` does not close itself in HTML: read as `<{name}>`"
    if code.endswith("implies-table-voodoo"):
        return "content inside `<table>` but outside its cells: moved before the table"
    try:
        return "malformed HTML: " + HTML5LIB_MESSAGES[code] % details
    except (KeyError, TypeError, ValueError):
        return f"malformed HTML ({code})"


def _closes(code: str, name: str, open_elements: list, tree) -> bool:
    """Whether the end tag closes an open element (and those inside it) or is ignored."""
    if code == "end-tag-too-early":
        return tree.elementInScope(name)
    if code == "unexpected-end-tag":  # html5lib's "any other end tag": open, and no special element in between
        for element in reversed(open_elements):
            if element.name == name:
                return True
            if element.nameTuple in specialElements:
                return False
    return False


def _fix_link(link: ElementTree.Element) -> tuple[str, bool]:
    """An ``<a>`` the editor mistyped: ``src``/``haref`` for ``href``, or no link at all."""
    attributes = link.attrib
    notes = []
    invalid = [key for key in attributes if not _link_attribute(key)]
    if not attributes.get("href", "").strip():
        meant = next((key for key in invalid if URL.match(attributes[key])), None)
        if meant:
            notes.append(f"`<a>` has `{meant}`, not `href`: its URL is used as the link")
            attributes["href"] = attributes.pop(meant).strip()
            invalid.remove(meant)
    for key in invalid:
        del attributes[key]
    if invalid:
        names = ", ".join(f"`{key}`" for key in invalid)
        notes.append(f"{names} {'is' if len(invalid) == 1 else 'are'} not an attribute of `<a>`: removed")
    unwrap = not attributes.get("href", "").strip() and not {"id", "name"} & attributes.keys()
    if unwrap:
        what = '`<a href="">`' if "href" in attributes else "`<a>` without `href`"
        notes.append(f"{what} links nowhere: the tag is removed, its text kept")
    return "; ".join(notes), unwrap


def _link_attribute(name: str) -> bool:
    return name in LINK_ATTRIBUTES or name.startswith(("data-", "aria-", "on"))


# -- the children as one HTML string ---------------------------------------------------


class Fragment:
    """An element's children as one HTML string, with each child's span in it."""

    def __init__(self, parent: nodes.Element) -> None:
        self.parent = parent
        inline = isinstance(parent, nodes.TextElement)
        parts, self.starts, length = [], [], 0
        for index, child in enumerate(parent.children):
            part = child.astext() if _is_html(child) else _placeholder(child, index, inline)
            marker = f"<!--articles-child-{index}-->"
            self.starts.append(length)
            parts += [part, marker]
            length += len(part) + len(marker)
        self.text = "".join(parts)

    def child_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def line_at(self, offset: int) -> int | None:
        """The editor's line of *offset*; outside raw HTML, that of the nearest raw node."""
        offset = max(offset, 0)
        index = self.child_at(offset)
        raw = [i for i, child in enumerate(self.parent.children) if _is_html(child)]
        nearest = max((i for i in raw if i <= index), default=raw[0])
        first = _first_line(self.parent[nearest])
        if first is None or nearest != index:
            return first
        return first + self.text[self.starts[index] : offset].count("\n")


def _placeholder(child: nodes.Node, index: int, inline: bool) -> str:
    """An empty element of the kind the writer makes of *child*, as far as parsing cares."""
    if isinstance(child, nodes.reference):
        tag = "a"
    elif isinstance(child, nodes.paragraph):
        tag = "p"
    else:
        tag = "span" if inline else "div"
    return f'<{tag} {PLACEHOLDER}="{index}"></{tag}>'


def _first_line(raw: nodes.raw) -> int | None:
    """MyST gives inline raw nodes the first line of their paragraph: count the line breaks before."""
    block = raw.parent
    while isinstance(block, nodes.Inline) and block.parent is not None:
        block = block.parent
    line = raw.line or block.line
    if line is None or not isinstance(block, nodes.TextElement):
        return line
    for text in block.findall(nodes.Text):
        if text.parent is raw:
            break
        if not isinstance(text.parent, nodes.raw) or _is_html(text.parent):  # not MyST's LaTeX twin of <br />
            line += text.count("\n")
    return line


def _place(parent: nodes.Element) -> str:
    while isinstance(parent, nodes.Inline) and parent.parent is not None:
        parent = parent.parent
    return next((word for kind, word in PLACES.items() if isinstance(parent, kind)), "block")


# -- the repaired tree back into children ----------------------------------------------


def _tokens(element: ElementTree.Element):
    """html5lib serializer tokens for *element*'s content, each with its element."""
    if element.text:
        yield {"type": "Characters", "data": element.text}, None
    for child in element:
        if child.tag is ElementTree.Comment:
            yield {"type": "Comment", "data": child.text or ""}, child
        else:
            name = _local(child.tag)
            attributes = {(None, _local(key)): value for key, value in child.attrib.items()}
            if name in voidElements:
                yield {"type": "EmptyTag", "name": name, "data": attributes}, child
            else:
                yield {"type": "StartTag", "name": name, "data": attributes}, child
                yield from _tokens(child)
                yield {"type": "EndTag", "name": name}, child
        if child.tail:
            yield {"type": "Characters", "data": child.tail}, None


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _chunks(tree: ElementTree.Element, parent: nodes.Element, dropped: set) -> list[list] | None:
    """The repaired tokens between consecutive markers: one list per child, one after them.

    ``None`` when the parser moved a child out of place (content in a table
    outside its cells, an unclosed ``<textarea>``).
    """
    count = len(parent)
    chunks: list[list] = [[] for _ in range(count + 1)]
    index = 0
    for token, element in _tokens(tree):
        if element is not None and element in dropped:
            continue
        if token["type"] == "Comment" and (marker := MARKER.fullmatch(token["data"])):
            if int(marker[1]) != index:
                return None
            index += 1
        elif element is not None and PLACEHOLDER in element.attrib:
            if token["type"] == "StartTag":
                if element.attrib[PLACEHOLDER] != str(index):
                    return None
                chunks[index].append(PLACEHOLDER_TOKEN)
        else:
            chunks[index].append(token)
    placed = [PLACEHOLDER_TOKEN in chunk for chunk in chunks[:count]]
    if index != count or placed != [not _is_html(child) for child in parent.children]:
        return None
    return chunks


def _rebuilt_children(parent: nodes.Element, chunks: list[list], rewrite: set[int]) -> list[nodes.Node]:
    inline = isinstance(parent, nodes.TextElement)
    if _is_html(parent[-1]):  # an HTML block left open at the end is closed in its own node (rawblocks reads it whole)
        chunks = [*chunks[:-2], chunks[-2] + chunks[-1], []]
    children: list[nodes.Node] = []
    for index, (child, chunk) in enumerate(zip(parent.children, chunks)):
        if not _is_html(child):
            at = chunk.index(PLACEHOLDER_TOKEN)
            children += [*_raw_nodes(chunk[:at], inline, parent), child, *_raw_nodes(chunk[at + 1 :], inline, parent)]
        elif index not in rewrite and _tag_list(chunk) == _tags_of(child.astext()):
            children.append(child)  # the editor's own text, untouched
        else:
            children += _raw_nodes(chunk, inline, child)
    return children + _raw_nodes(chunks[-1], inline, parent)


def _raw_nodes(tokens: list, inline: bool, near: nodes.Element) -> list[nodes.raw]:
    """Inline HTML as MyST has it, one raw node per tag (so ``rawlinks`` finds pairs); a block as one."""
    texts = [SERIALIZER.render([token]) for token in tokens] if inline else [SERIALIZER.render(tokens)]
    made = []
    for text in filter(None, texts):
        raw = nodes.raw("", text, format="html")
        raw.source, raw.line = near.source, near.line
        made.append(raw)
    return made


def _strip_tags(parent: nodes.Element) -> None:
    inline = isinstance(parent, nodes.TextElement)
    for child in [child for child in parent.children if _is_html(child)]:
        text = "".join(item[1] for item in _tags_of(child.astext()) if item[0] == "text")
        if text.strip():
            child.replace_self(nodes.Text(text) if inline else nodes.paragraph(text, text))
        else:
            parent.remove(child)


# -- comparing tags --------------------------------------------------------------------


def _tag_list(tokens: list) -> list[tuple]:
    """Tags, text and comments, as :func:`_tags_of` lists them."""
    found: list[tuple] = []
    for token in tokens:
        kind = token["type"]
        if kind in ("StartTag", "EmptyTag"):
            found.append(("start", token["name"], [(key[1], value) for key, value in token["data"].items()]))
        elif kind == "EndTag":
            found.append(("end", token["name"]))
        elif kind == "Comment":
            found.append(("comment", token["data"]))
        else:
            _add_text(found, token["data"])
    return found


class _TagLister(TagReader):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.found.append(("start", tag, [(key, value or "") for key, value in attrs]))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag) -> None:
        self.found.append(("end", tag))

    def handle_comment(self, data) -> None:
        self.found.append(("comment", data))

    def handle_data(self, data) -> None:
        _add_text(self.found, data)


def start_tag(text: str) -> tuple[str, dict[str, str]] | None:
    """Name and attributes when *text* is one start tag, read as browsers do.

    html5lib, not :mod:`html.parser`, for the values: ``href="?a=1&copy=2"``
    keeps its ``&copy`` in a browser.
    """
    found = _tags_of(text.strip())
    if len(found) != 1 or found[0][0] != "start":
        return None
    element = next(iter(html5lib.parseFragment(text, namespaceHTMLElements=False)), None)
    return (element.tag, dict(element.attrib)) if element is not None else None


def _tags_of(text: str) -> list[tuple]:
    """The tags (attributes in order), text and comments in an editor's raw HTML, as written."""
    lister = _TagLister()
    lister.feed(text)
    lister.close()
    return lister.found


def _add_text(found: list[tuple], text: str) -> None:
    if found and found[-1][0] == "text":
        found[-1] = ("text", found[-1][1] + text)
    elif text:
        found.append(("text", text))
