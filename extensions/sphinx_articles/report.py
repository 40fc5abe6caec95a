"""Warnings users can filter with ``suppress_warnings = ["articles.<subtype>"]``."""

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger("sphinx_articles")


def warn(message: str, location, subtype: str) -> None:
    if isinstance(location, nodes.Node):
        give_line(location)
    logger.warning(message, location=location, type="articles", subtype=subtype)


def give_line(node: nodes.Node) -> None:
    """A node with a source but no line (MyST 5.0 gives inline links none)
    would be reported without one: it gets its nearest ancestor's line.
    (Without a source either, docutils already looks up the ancestors.)"""
    if getattr(node, "line", None) or not getattr(node, "source", None):
        return
    parent = node.parent
    while parent is not None and not getattr(parent, "line", None):
        parent = parent.parent
    if parent is not None:
        node.line = parent.line
