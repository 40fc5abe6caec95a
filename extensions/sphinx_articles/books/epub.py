"""EPUB 3 for sites with Chinese page names.

Sphinx's EPUB builder names manifest items after the file name as it is on
disk (``環境清潔.xhtml``) but the spine and tables of contents after the
percent-encoded link (``%E7%92%B0….xhtml``), so every such page is missing
from the reading order and epubcheck fails (OPF-049, RSC-005).  This builder
gives both the same spelling, and gives pages whose names EPUB's container
forbids (``it's "x".md``: PKG-009) a file name it allows (``names.ocf_name``).
"""

from __future__ import annotations

import html
import html.entities
import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..content import names
from ..patches.parallel_builds import ParallelBuilder

TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>")
ATTRIBUTE = re.compile(r"""([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
MEDIA_ELEMENT = re.compile(r"<(audio|video)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
MEDIA_TAG = re.compile(r"^</?(audio|video|source|track)\b[^>]*>$", re.IGNORECASE | re.DOTALL)
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ArticlesEpub3Builder(ParallelBuilder, Epub3Builder):
    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return super().get_target_uri(names.ocf_name(docname), typ)

    def get_output_path(self, page_name: str, /) -> Path:
        return super().get_output_path(names.ocf_name(page_name))

    def build_content(self) -> None:
        for refnode in self.refnodes:
            refnode["refuri"] = unquote(refnode["refuri"])
        skip = _BuildFilesSkipped(self.outdir, self.doctreedir)
        EPUB_LOGGER.addFilter(skip)
        try:
            super().build_content()
        finally:
            EPUB_LOGGER.removeFilter(skip)


# Sphinx's logger for its EPUB builder (``sphinx.util.logging`` adds "sphinx.").
EPUB_LOGGER = logging.getLogger("sphinx.sphinx.builders._epub_base")


class _BuildFilesSkipped(logging.Filter):
    """``sphinx-build -b epub content out`` keeps its doctrees in
    ``out/.doctrees``; Sphinx's EPUB builder lists every file below ``out``
    and skips the doctrees and ``environment.pickle`` with an "unknown
    mimetype" warning each, naming no article (hundreds on a real site).
    They were never meant for the book: those warnings are dropped, every
    other one (an editor's file of an unknown type) stays."""

    def __init__(self, outdir, doctreedir) -> None:
        super().__init__()
        self.doctrees = os.path.relpath(doctreedir, outdir)
        self.inside = not self.doctrees.startswith(os.pardir)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.inside or getattr(record, "subtype", None) != "unknown_project_files":
            return True
        path = str(record.args[0]) if isinstance(record.args, tuple) and record.args else ""
        return os.path.commonpath([path, self.doctrees]) != self.doctrees if path else True


class XhtmlRawHtml(SphinxPostTransform):
    """EPUB pages are XHTML, stricter than the HTML editors write.

    Raw HTML is well-nested already (``rawrepair.py``).  Here ``<audio>`` and
    ``<video>`` are dropped for the link to the file that ``rawblocks.py``
    put beside them (EPUB forbids remote media); bare attributes get values
    (``controls="controls"``), void elements close (``<br/>``) and named
    entities become numeric (``&#160;``).
    """

    builders = ("epub",)
    default_priority = 200

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split():
                continue
            text = raw.astext()
            if MEDIA_TAG.match(text.strip()):
                raw.parent.remove(raw)
            else:
                raw.replace_self(nodes.raw("", xhtml(MEDIA_ELEMENT.sub("", text)), format=raw["format"]))


def xhtml(text: str) -> str:
    return ENTITY.sub(_numeric_entity, TAG.sub(_xhtml_tag, text))


def _xhtml_tag(match: re.Match) -> str:
    name, attributes, _slash = match.groups()
    parts = [name]
    for attribute in ATTRIBUTE.finditer(attributes):
        key, value = attribute.group(1), attribute.group(2)
        if value is None:
            value = key
        elif value[:1] in "\"'":
            value = value[1:-1]
        parts.append(f'{key}="{html.escape(html.unescape(value))}"')
    close = "/" if name.lower() in VOID_ELEMENTS else ""
    return f"<{' '.join(parts)}{close}>"


def _numeric_entity(match: re.Match) -> str:
    name = match.group(1)
    if name in ("amp", "lt", "gt", "quot", "apos") or f"{name};" not in html.entities.html5:
        return match.group(0)
    return "".join(f"&#{ord(char)};" for char in html.entities.html5[f"{name};"])


class FlatTabs(SphinxPostTransform):
    """EPUB: tabs one after another, each under its label, as in the PDF.

    sphinx-design makes HTML tabs of radio ``<input>``s, which EPUB's XHTML
    rejects (epubcheck RSC-005/RSC-016) and readers could not switch anyway.
    Renamed before its transform (priority 200) runs, a tab set keeps the
    structure every other builder writes: a rubric label, then the content.
    """

    builders = ("epub",)
    default_priority = 199

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.container):
            if node.get("design_component") == "tab-set":
                node["design_component"] = "tab-set-flat"


def setup(app) -> None:
    app.add_builder(ArticlesEpub3Builder, override=True)
    app.add_post_transform(XhtmlRawHtml)
    app.add_post_transform(FlatTabs)
