"""A title's text without copying it, when it holds no image or raw node.

Sphinx (checked against 9.0.0-9.0.4) takes a title's text with
``sphinx.util.nodes.clean_astext``, which deep-copies the node to blank its
images' alt text and drop its raw nodes.  The ``std`` domain's
``get_objects`` does it for every document's title, and the search index
and ``objects.inv`` ask for them on every build: 8,000 copies after a
one-article edit at 4,000 articles (0.1 s, growing with the archive); the
toctree adapter does it for each entry of a toctree it resolves.  A title
without images or raw nodes (every title of this site's articles) has the
same text without the copy; any other goes through Sphinx's function.  No
upstream issue.  The name is replaced in the two modules that imported it;
where it is no longer Sphinx's function, it is left alone.
"""

from __future__ import annotations

import sphinx.domains.std
import sphinx.environment.adapters.toctree
from docutils import nodes
from sphinx.util import nodes as sphinx_nodes

USERS = (sphinx.domains.std, sphinx.environment.adapters.toctree)
stock = sphinx_nodes.clean_astext


def clean_astext(node: nodes.Element) -> str:
    """``sphinx.util.nodes.clean_astext``, without the copy when it changes nothing."""
    if next(node.findall(_image_or_raw), None) is None:
        return node.astext()
    return stock(node)


def _image_or_raw(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.image, nodes.raw))


def applies(app=None) -> bool:
    return all(getattr(module, "clean_astext", None) in (stock, clean_astext) for module in USERS)


def install() -> None:
    for module in USERS:
        if getattr(module, "clean_astext", None) is stock:
            module.clean_astext = clean_astext  # type: ignore[attr-defined]


def setup(app) -> None:
    install()
