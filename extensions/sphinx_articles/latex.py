"""The PDF book: a LaTeX package for emoji, and the emoji font beside it.

CJK fonts have no emoji, and xelatex cannot draw colour emoji fonts.  The
monochrome Noto Emoji font (from the ``pdf`` extra, package
``manimgx-fonts``, or any font file named by ``articles_latex_emoji_font``)
is copied next to the ``.tex`` file; ``sphinxarticles.sty`` makes xeCJK fall
back to it.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .report import warn

STATIC = Path(__file__).parent / "static"
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
