"""The PDF book: a LaTeX package for emoji, and the emoji font beside it.

CJK fonts have no emoji, and xelatex cannot draw colour emoji fonts.  The
monochrome Noto Emoji font (from the ``pdf`` extra, package
``manimgx-fonts``, or any font file named by ``articles_latex_emoji_font``)
is copied next to the ``.tex`` file; ``sphinxarticles.sty`` makes xeCJK fall
back to it.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..report import warn

STATIC = Path(__file__).parent.parent / "static"
# A run of characters TeX may not break (no space; CJK breaks anywhere under
# xeCJK).  Past 16,384 pt a line is wider than TeX can measure and xelatex
# crashes (a pasted data: URI, 5,000 quotation marks), so long runs get a
# zero-width space, which sphinxarticles.sty makes a place to break, every
# BREAK_EVERY characters.
UNBREAKABLE_RUN = re.compile(r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u200b]{80,}")
BREAK_EVERY = 40
ZERO_WIDTH_SPACE = "\u200b"
EMOJI_FILE = "articles-emoji.ttf"
logger = logging.getLogger(__name__)


def prepare(app: Sphinx) -> None:
    if app.builder.name != "latex":
        return
    outdir = Path(app.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC / "sphinxarticles.sty", outdir / "sphinxarticles.sty")
    font = emoji_font(app)
    if font is None:
        warn(
            "no emoji font: emoji will be missing from the PDF "
            "(pip install 'sphinx-articles[pdf]' or set articles_latex_emoji_font)",
            None,
            "latex",
        )
        return
    shutil.copyfile(font, outdir / EMOJI_FILE)


def emoji_font(app: Sphinx) -> Path | None:
    configured = app.config.articles_latex_emoji_font
    if configured:
        path = Path(app.confdir) / configured
        return path if path.is_file() else None
    spec = importlib.util.find_spec("manimgx_fonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    return next(Path(spec.submodule_search_locations[0]).glob("NotoEmoji*.ttf"), None)


class BreakableRuns(SphinxPostTransform):
    """Give TeX a place to break in every long run of unbreakable text."""

    builders = ("latex",)
    default_priority = 900

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if isinstance(text.parent, (nodes.FixedTextElement, nodes.raw, nodes.math)):
                continue  # code blocks wrap by themselves; raw LaTeX is the editor's
            if UNBREAKABLE_RUN.search(text):
                text.parent.replace(text, nodes.Text(UNBREAKABLE_RUN.sub(_with_breaks, text)))


def _with_breaks(match: re.Match) -> str:
    run = match.group()
    return ZERO_WIDTH_SPACE.join(run[i : i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY))


def setup(app: Sphinx) -> None:
    app.add_latex_package("sphinxarticles")
    app.add_post_transform(BreakableRuns)
    app.connect("builder-inited", prepare)
