"""Front matter as Sphinx page metadata (``meta`` in templates)."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .state import record_of

HIDE_PAGE_TOC = "html_theme.sidebar_secondary.remove"


def store(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    record = record_of(env, env.docname)
    if record is None:
        return
    meta = env.metadata[env.docname]
    meta.update(record.extra)
    meta.update(
        title=record.title,
        description=record.description,
        author=record.author,
        category=" / ".join(record.category),
        publishedAt=record.published_text,
        image=record.cover,
    )
    if record.link:
        meta["link"] = record.link
    toc = app.config.articles_toc_default if record.toc is None else record.toc
    if not toc:
        meta[HIDE_PAGE_TOC] = True


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", store)
