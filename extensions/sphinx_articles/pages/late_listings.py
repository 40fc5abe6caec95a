"""Listings filled in when a page is written, not when it is read.

A listing (a generated page's cards, an ``article-list``, an article's
相關文章) shows other articles' titles, bylines and covers.  Made while
reading, every Sphinx transform walked every card, and the doctree carried
them all: moving one article re-read year and author pages of a thousand
cards each, and a new article re-read every article of its category for
its 相關文章.  Reading now leaves a ``pending_listing`` node; the last
post-transform replaces it with the listing of the site as it is then, its
links resolved and its images located as Sphinx's reference resolver and
image collector would have (the same HTML; ``tests/test_incremental.py``
compares incremental and clean builds).  So a changed card only has the
pages showing it written again, which ``incremental.py`` arranges.

Reading still meets the cards' images (inside the pending node), so the
image collector registers them for the page as before: the files copied to
``_images`` and their names stay the same.

What Sphinx would have done to the cards is done here with its own helpers
(``make_refnode``, ``relfn2path``, ``search_image_for_language``, the image
collector's ``collect_candidates``), as Sphinx 9.0.0-9.0.4 does it.  When
this was written, the 300-article benchmark site and the example site came
out byte-identical to the listings made while reading (``diff -r``, by
hand); ``test_late_listings.py`` checks every card's link and image.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors.asset import ImageCollector
from sphinx.locale import __
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.i18n import get_image_filename_for_language, search_image_for_language
from sphinx.util.nodes import make_refnode

from . import nodes_factory

logger = logging.getLogger(__name__)

# Listings are for browsing: the PDF and EPUB books have the articles
# themselves, in toctree order, and the toctree as their contents.
WEB_ONLY = "html and not epub"


class pending_listing(nodes.General, nodes.Element):  # noqa: N801 (docutils' naming)
    """A listing to make when the page is written: ``kind`` names a maker
    in ``MAKERS``, ``args`` its arguments; the children are the cards'
    images, for the image collector while reading."""


MAKERS: dict[str, Callable[..., list[nodes.Node]]] = {}  # kind -> (app, docname, *args) -> nodes


def pending(app, kind: str, *args) -> pending_listing:
    """A listing to make when the page is written, holding the images it
    would show now (registered for this page while it is read)."""
    with nodes_factory.images_only():
        made = MAKERS[kind](app, app.env.docname, *args)
    images = [image for part in made for image in part.findall(nodes.image)]
    return pending_listing("", *images, kind=kind, args=list(args))


class FillListings(SphinxPostTransform):
    """The last post-transform: each pending listing replaced by its nodes
    on web pages, removed elsewhere."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        found = list(self.document.findall(pending_listing))
        if not found:
            return
        web = self.app.tags.eval_condition(WEB_ONLY)
        docname = self.env.docname
        for node in found:
            made = MAKERS[node["kind"]](self.app, docname, *node["args"]) if web else []
            for part in made:
                resolve_links(self.app, part, docname)
                locate_images(self.app, part, docname)
            node.replace_self(made)


def resolve_links(app, tree: nodes.Node, docname: str) -> None:
    """The listing's document links, as Sphinx's ``std`` domain resolves an
    explicit ``:doc:`` reference."""
    env = app.env
    for ref in list(tree.findall(addnodes.pending_xref)):
        target = ref["reftarget"].removeprefix("/")
        content = ref[0].deepcopy()
        if target not in env.all_docs:
            logger.warning(__("unknown document: %r"), ref["reftarget"], location=ref, type="ref", subtype="doc")
            ref.replace_self(content)
            continue
        caption = nodes.inline(ref.astext(), ref.astext(), classes=["doc"])
        ref.replace_self(make_refnode(app.builder, docname, target, None, caption))


def locate_images(app, tree: nodes.Node, docname: str) -> None:
    """Each image's ``uri`` and ``candidates``, as Sphinx's image collector
    sets them while reading (which registered the files then).  A listing
    shows the same covers again and again: each is located once per folder
    of pages and build."""
    located = app.builder.__dict__.setdefault("_articles_located_images", {})
    folder = posixpath.dirname(docname)
    for node in tree.findall(nodes.image):
        key = node["uri"], folder
        if key not in located:
            located[key] = _located(app, node, docname)
        uri, candidates, original = located[key]
        node["uri"], node["candidates"] = uri, dict(candidates)
        if original is not None:
            node["original_uri"] = original


def _located(app, node: nodes.image, docname: str) -> tuple[str, dict[str, str], str | None]:
    env, uri = app.env, node["uri"]
    candidates: dict[str, str] = {}
    if uri.startswith("data:") or "://" in uri:
        candidates["?"] = uri
        return uri, candidates, None
    if uri.endswith(os.extsep + "*"):
        located, full = env.relfn2path(uri, docname)
        _, full_i18n = env.relfn2path(get_image_filename_for_language(uri, env), docname)
        collector = ImageCollector()
        collector.collect_candidates(app.srcdir, full_i18n, candidates, node)
        collector.collect_candidates(app.srcdir, full, candidates, node)
        return located, candidates, None
    located, _ = env.relfn2path(search_image_for_language(uri, env), docname)
    candidates["*"] = located
    return located, candidates, uri if located != uri else None


def skip(translator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app) -> None:
    app.add_node(pending_listing, **{f: (skip, None) for f in ("html", "latex", "text", "man", "texinfo")})
    app.add_post_transform(FillListings)
