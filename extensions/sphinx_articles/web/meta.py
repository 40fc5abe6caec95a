"""``<meta>`` tags from front matter: ``head.meta``, description, ``ogImage``."""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

from ..pages.state import record_of


def add_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    record = record_of(app.env, pagename)
    if record is None:
        return
    tags = list(record.meta)
    named = {name for name, _ in tags}
    if record.description:
        tags += [(n, record.description) for n in ("description", "og:description") if n not in named]
    og_image = record.extra.get("ogImage")
    if isinstance(og_image, str) and og_image.strip() and "og:image" not in named:
        tags.append(("og:image", og_image.strip()))
    context["metatags"] = context.get("metatags", "") + "".join(meta_tag(n, c) for n, c in tags)


def meta_tag(name: str, content: str) -> str:
    attribute = "property" if name.startswith("og:") else "name"
    return f'\n<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta_tags)
