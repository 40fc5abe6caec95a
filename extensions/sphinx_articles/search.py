"""Chinese search: Sphinx's ``zh`` splitter uses jieba; keep jieba quiet."""

from __future__ import annotations

import logging

from sphinx.application import Sphinx


def quiet_segmenter(app: Sphinx) -> None:
    """jieba logs "Building prefix dict..." to stderr at DEBUG level."""
    if not (app.config.language or "").startswith("zh"):
        return
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
