"""From the site to Sphinx documents: discovery, reading, generated pages.

``discovery`` finds the articles and reads their front matter before Sphinx
reads anything, and adds the generated pages (home, sections, categories);
``state`` keeps the site on the environment; ``reading`` reports each
file's problems and hides its front matter from MyST; ``transforms`` gives
each parsed document its title section, header and toctrees, built by
``nodes_factory``; ``listing`` holds the directives of listing pages, whose
cards ``late_listings`` makes when a page is written;
``metadata`` fills Sphinx's page metadata; ``incremental`` keeps incremental
and parallel builds equal to clean ones.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import discovery, incremental, late_listings, listing, metadata, reading, state, transforms


def setup(app: Sphinx) -> None:
    state.setup(app)
    reading.setup(app)
    transforms.setup(app)
    listing.setup(app)
    late_listings.setup(app)
    metadata.setup(app)
    incremental.setup(app)
    app.connect("env-before-read-docs", discovery.report_unpublished)
