"""Warnings users can filter with ``suppress_warnings = ["articles.<subtype>"]``."""

from sphinx.util import logging

logger = logging.getLogger("sphinx_articles")


def warn(message: str, location, subtype: str) -> None:
    logger.warning(message, location=location, type="articles", subtype=subtype)
