"""A remote image that cannot be fetched is reported at its file and line.

The PDF and EPUB builders download remote images (``![](https://…)``) with
Sphinx's ``ImageDownloader`` post-transform, which logs "Could not fetch
remote image" without a location (checked against Sphinx 9.0.0-9.0.4,
``sphinx/transforms/post_transforms/images.py``): the editor cannot tell
which article to fix.  ``ImageDownloader.handle`` is wrapped so that any
warning it logs without a location gets the image node's (its file and
line).  Should ``handle`` be gone, nothing is wrapped and the warnings stay
as Sphinx writes them.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import images

# Sphinx's logger for the module (``sphinx.util.logging.getLogger`` adds "sphinx.").
LOGGER = logging.getLogger("sphinx." + images.__name__)


def applies(app: Sphinx) -> bool:
    return callable(getattr(images.ImageDownloader, "handle", None))


class _Locate(logging.Filter):
    def __init__(self, node: nodes.Node) -> None:
        super().__init__()
        self.node = node

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "location", None) is None:
            record.location = self.node
        return True


@contextlib.contextmanager
def located(node: nodes.Node) -> Iterator[None]:
    """Warnings logged meanwhile without a location get *node*'s."""
    locate = _Locate(node)
    LOGGER.addFilter(locate)
    try:
        yield
    finally:
        LOGGER.removeFilter(locate)


def _wrap(handle):
    @functools.wraps(handle)
    def located_handle(self, node: nodes.image) -> None:
        with located(node):
            handle(self, node)

    located_handle.stock = handle  # type: ignore[attr-defined]
    return located_handle


def setup(app: Sphinx) -> None:
    handle = getattr(images.ImageDownloader, "handle", None)
    if callable(handle) and not hasattr(handle, "stock"):
        images.ImageDownloader.handle = _wrap(handle)  # type: ignore[method-assign]
