"""The site as a book: the PDF (LaTeX, xelatex) and the EPUB.

``latex``: the emoji font and ``sphinxarticles.sty`` beside the ``.tex``
file, and a place to break in long unbreakable runs; ``epub``: an EPUB 3
builder whose file names and links epubcheck accepts, and raw HTML made
XHTML; ``svg``: SVG images converted for the PDF (or their alt text).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import epub, latex, svg


def setup(app: Sphinx) -> None:
    latex.setup(app)
    epub.setup(app)
    svg.setup(app)
