"""The Markdown parser of articles: MyST, with MDC and link attributes;
tag names written as words in prose kept as text (``tagwords``).

Front matter is removed before parsing (see ``pages/reading.py``), so
MyST's per-file configuration from front matter does not apply here.
"""

from __future__ import annotations

from docutils import nodes
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx

from .links import LinkAttributesRenderer
from .mdc import MdcRenderer, mdc_rendering_plugin
from .mdc_syntax import mdc_plugin
from .tagwords import tag_words_plugin


class ArticlesRenderer(MdcRenderer, LinkAttributesRenderer):
    """MyST's Sphinx renderer with MDC components and link attributes."""


class ArticlesMystParser(MystParser):
    def parse(self, inputstring: str, document: nodes.document) -> None:
        parser = create_md_parser(document.settings.env.myst_config, ArticlesRenderer)
        parser.use(mdc_plugin).use(mdc_rendering_plugin).use(tag_words_plugin)
        parser.options["document"] = document
        parser.render(inputstring)


def setup(app: Sphinx) -> None:
    app.add_source_parser(ArticlesMystParser, override=True)
