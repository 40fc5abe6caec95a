"""SVG images in the PDF: converted, or their alt text; never a failed build.

xelatex cannot include SVG, and Sphinx hands it SVG anyway, so one SVG
image (Nuxt sites use many) stopped the whole PDF.  CairoSVG, through
sphinxcontrib-svg2pdfconverter's image converter, turns each into a PDF.
An SVG it cannot read raises there (and stops the build); here it is
reported, and any SVG still left for LaTeX, also when CairoSVG or the cairo
library is missing, becomes its alt text with an ``articles.image`` warning.
"""

from __future__ import annotations

from pathlib import PurePath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.cairosvgconverter import CairoSVGConverter

from ..report import warn


class SafeSvgConverter(CairoSVGConverter):
    """CairoSVG's converter, failing softly: `SvgLeftovers` takes over."""

    def is_available(self) -> bool:
        try:  # without libcairo, cairocffi raises OSError, not ImportError
            import cairosvg  # noqa: F401
        except Exception:
            return False
        return True

    def convert(self, _from, _to) -> bool:
        try:
            return bool(super().convert(_from, _to))
        except Exception:  # any unreadable SVG: its alt text instead
            return False


class SvgLeftovers(SphinxPostTransform):
    """After the image converters (Sphinx's ImageConverter: priority 200): SVG that LaTeX would fail on."""

    builders = ("latex",)
    default_priority = 250

    def run(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            if PurePath(str(image.get("uri", ""))).suffix.lower() in (".svg", ".svgz"):
                message = f"SVG image '{image['uri']}' could not be converted for the PDF: its alt text is shown"
                warn(message, image, "image")
                image.replace_self(nodes.inline("", image.get("alt", "")))


def setup(app: Sphinx) -> None:
    app.add_post_transform(SafeSvgConverter)
    app.add_post_transform(SvgLeftovers)
