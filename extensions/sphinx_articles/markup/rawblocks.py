"""Editors' raw HTML blocks as content every builder can show.

HTML output keeps what editors wrote, but LaTeX (PDF) drops raw HTML.  So:
a ``<table>`` becomes a docutils table (for every builder, so the site and
the book agree); ``<br>`` gets a LaTeX line break beside it; ``<audio>`` and
``<video>`` get, in the PDF and EPUB, a link to the media file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes

LINE_BREAK = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
TABLE = re.compile(r"^\s*<table\b.*</table>\s*$", re.IGNORECASE | re.DOTALL)
MEDIA = re.compile(r"<(audio|video)\b", re.IGNORECASE)
SRC = re.compile(r"""\bsrc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def convert(document: nodes.document, base_url: str, words: dict[str, str]) -> None:
    """*words*: the site's labels (``audio``, ``video``, ``colon``)."""
    for raw in list(document.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        if LINE_BREAK.match(text.strip()) and not _has_latex_twin(raw):
            raw.parent.insert(raw.parent.index(raw) + 1, nodes.raw("", r"\leavevmode\newline{}", format="latex"))
        elif TABLE.match(text):
            table = html_table(text)
            if table is not None:
                raw.replace_self(table)
        elif media := MEDIA.search(text):
            _add_media_link(raw, media.group(1).lower(), base_url, words)


def _has_latex_twin(raw: nodes.raw) -> bool:
    """MyST's hard line break is already a pair of html and latex raw nodes."""
    following = raw.next_node(descend=False, siblings=True)
    return isinstance(following, nodes.raw) and "latex" in following.get("format", "").split()


def _add_media_link(opening: nodes.raw, kind: str, base_url: str, words: dict[str, str]) -> None:
    """``src`` is on the tag itself or on a ``<source>`` inside it (inline
    HTML arrives as one raw node per tag)."""
    parent = opening.parent
    index = parent.index(opening)
    for position in range(index, len(parent)):
        node = parent[position]
        if not isinstance(node, nodes.raw):
            continue
        if source := SRC.search(node.astext()):
            closing = next(
                (i for i in range(position, len(parent)) if f"</{kind}" in parent[i].astext().lower()), position
            )
            inline = isinstance(parent, nodes.TextElement)
            parent.insert(closing + 1, media_link(kind, source.group(2), base_url, inline, words))
            return
        if f"</{kind}" in node.astext().lower():
            return


def media_link(kind: str, src: str, base_url: str, inline: bool, words: dict[str, str]) -> addnodes.only:
    """A link to the media file, for the books (on its own line)."""
    url = urljoin(base_url, src.lstrip("./")) if not re.match(r"^[a-z]+:", src) else src
    content = [nodes.Text(f"{words[kind]}{words['colon']}"), nodes.reference(url, url, refuri=url)]
    if inline:
        content.insert(0, nodes.raw("", r"\leavevmode\newline{}", format="latex"))
    else:
        content = [nodes.paragraph("", "", *content)]
    return addnodes.only("", *content, expr="latex or epub")


class _TableParser(HTMLParser):
    """Rows of cells (text and links) from a simple HTML table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[bool, list[nodes.Node]]]] = []
        self.cell: list[nodes.Node] | None = None
        self.link: nodes.reference | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = []
            self.rows[-1].append((tag == "th", self.cell))
        elif tag == "a" and self.cell is not None and dict(attrs).get("href"):
            self.link = nodes.reference("", "", refuri=dict(attrs)["href"])
            self.cell.append(self.link)
        elif tag == "br" and self.cell is not None:
            self.cell.append(nodes.Text("\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "a":
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.cell is None or not data.strip():
            return
        (self.link if self.link is not None else self.cell).append(nodes.Text(" ".join(data.split())))


def html_table(text: str) -> nodes.table | None:
    parser = _TableParser()
    parser.feed(text)
    rows = [row for row in parser.rows if row]
    if not rows:
        return None
    width = max(len(row) for row in rows)
    group = nodes.tgroup(cols=width)
    group += [nodes.colspec(colwidth=1) for _ in range(width)]
    header = rows[0] if all(is_head for is_head, _ in rows[0]) else None
    if header:
        group += nodes.thead("", _row(header, width))
    group += nodes.tbody("", *[_row(row, width) for row in rows[1 if header else 0 :]])
    return nodes.table("", group, classes=["article-html-table"])


def _row(cells, width: int) -> nodes.row:
    row = nodes.row()
    for _is_head, content in cells + [(False, [])] * (width - len(cells)):
        row += nodes.entry("", nodes.paragraph("", "", *content))
    return row
