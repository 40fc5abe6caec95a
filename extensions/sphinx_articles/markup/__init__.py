"""What editors write inside article bodies, made to work in every output.

``parser``: MyST with ``mdc_syntax`` (Nuxt's MDC components, parsed) and
``mdc`` (rendered as admonitions, tabs, cards, links, media);
``links``: MyST with Nuxt/MDC link attributes kept on file links;
``assets``: site-absolute and relative paths to images and files resolved
(public folder, article folder), missing ones reported; ``rawrepair``:
malformed raw HTML repaired with html5lib; ``rawlinks``: raw ``<a href>``
made real links; ``rawblocks``: raw tables, audio and video made nodes or
links every writer understands.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import assets, links, parser


def setup(app: Sphinx) -> None:
    parser.setup(app)
    links.setup(app)
    assets.setup(app)
