"""Theme components rendered once per page, not twice.

pydata-sphinx-theme (the base of sphinx-book-theme) renders every component
of the header, footer and sidebars once to find the empty ones and drop
them, then again in the page: about 2 ms a page, a tenth of writing it
(the book theme's header buttons alone take 1.4 ms).  A template with markup
outside any tag (``<div class="article-header-buttons">`` ...) can never
render empty, so rendering it only to look is wasted.

pydata-sphinx-theme 0.22 lets a site list such templates
(``templates_skip_empty_check``), but sphinx-book-theme 1.3-1.4 pins 0.20
and older, so the builder finds them itself, by reading each template once,
and adds them to the list the theme's check already takes.  Templates whose
output depends on the page (the page's table of contents, the breadcrumbs)
are still checked.

Wraps ``pydata_sphinx_theme.utils._update_and_remove_templates`` (checked
against pydata-sphinx-theme 0.17.1-0.20.0).  Should the theme rename its
helper, every component is checked, as before.
"""

from __future__ import annotations

import sys
from functools import wraps
from typing import Any

from jinja2 import Environment, TemplateError, nodes
from sphinx.application import Sphinx

from .theme_page_toc import use_text_toc


def always_renders_markup(environment: Environment, name: str) -> bool:
    """Whether template *name* has non-blank text outside every tag.

    Only the template's own top level counts: text in ``{% if %}``,
    ``{% block %}`` or a macro may not be output, and a template that
    extends another outputs only its blocks.
    """
    try:
        source, filename, _ = environment.loader.get_source(environment, name)
        tree = environment.parse(source, name, filename)
    except (TemplateError, OSError):
        return False
    if any(isinstance(node, nodes.Extends) for node in tree.body):
        return False
    return any(
        isinstance(data, nodes.TemplateData) and data.data.strip()
        for output in tree.body
        if isinstance(output, nodes.Output)
        for data in output.nodes
    )


def applies(app: Sphinx | None = None) -> bool:
    import pydata_sphinx_theme.utils as utils

    return hasattr(utils, "_update_and_remove_templates")


def install() -> None:
    """Make the theme's empty check skip templates that always render markup.

    The check asks the builder (``template_never_empty``); builders that
    cannot tell, and themes other than pydata's, keep the stock behaviour.
    """
    utils = sys.modules.get("pydata_sphinx_theme.utils")
    check = getattr(utils, "_update_and_remove_templates", None)
    if check is None or hasattr(check, "stock"):
        return

    @wraps(check)
    def skip_never_empty(app, context, templates, section, templates_skip_empty_check=None, **kwargs: Any):
        use_text_toc(context)  # the check is the first use of the page's TOC
        never_empty = getattr(app.builder, "template_never_empty", None)
        skip = list(templates_skip_empty_check or ())
        if never_empty is not None:
            skip += [name for name in _template_names(templates) if never_empty(name)]
        return check(app, context, templates, section, skip, **kwargs)

    skip_never_empty.stock = check
    utils._update_and_remove_templates = skip_never_empty


def _template_names(templates: list[str] | str) -> list[str]:
    """As the theme reads them: a list or a comma-separated string, ``.html``
    added to names without a suffix."""
    if isinstance(templates, str):
        templates = [name.strip() for name in templates.split(",")]
    return [name if "." in name.rpartition("/")[2] else f"{name}.html" for name in templates]
