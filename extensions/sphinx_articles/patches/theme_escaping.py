"""Values the themes write into pages unescaped, escaped.

Three upstream bugs, each worked around in the page's context after the
theme has filled it (``html-page-context``), so the theme's own templates
stay in use; each degrades to the theme's output when the theme changes:

- pydata-sphinx-theme (checked against 0.17.1-0.20.0) writes the page name
  into an inline script between single quotes (``escape_page_name_in_script``);
- sphinx-book-theme (checked against 1.3.0-1.4.0) puts the title into its
  print-only ``<h1>`` unescaped (``escape_page_title``), and the source file
  name into its download button's ``href`` (``hide_generated_source``).
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from sphinx.application import Sphinx

from ..pages import discovery

# Characters that end or break a JavaScript string quoted with ' in a <script>.
UNSAFE_IN_SCRIPT = re.compile(r"""['"\\<>&\n\r\u2028\u2029]""")


def hide_generated_source(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Generated pages have no source worth showing (and no real file name).

    sphinx-book-theme 1.4 writes the source's file name into its download
    button's ``href`` unescaped (``header_buttons/__init__.py``): a file
    named ``x"><img src=x onerror=…>.md`` ran script there (found by
    fuzzing).  Such pages get no source download (their editors are told to
    rename the file, ``articles.filename``).  Nor do pages published under
    another name than their file's (too long, control characters): Sphinx
    cuts the source's suffix from the file name at the page name's length,
    and the copy's name came out too long for the file system (found by
    fuzzing)."""
    renamed = posixpath.splitext(str(app.env.doc2path(pagename, False)))[0] != pagename
    if discovery.is_generated(app, pagename) or renamed or UNSAFE_IN_SCRIPT.search(context.get("sourcename") or ""):
        context["sourcename"] = ""
        context["page_source_suffix"] = ""  # sphinx-book-theme's download button


def escape_page_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """sphinx-book-theme puts ``title.astext()`` into its print-only ``<h1>``
    unescaped; a ``<script>`` in a front-matter title would run there."""
    if "pagetitle" in context:
        context["pagetitle"] = escape(context["pagetitle"])


def escape_page_name_in_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """pydata-sphinx-theme (0.15–0.20 at least) writes the page name into an
    inline script between single quotes, unescaped (its ``__init__.py``:
    ``DOCUMENTATION_OPTIONS.pagename = '{pagename}';``); a file named
    ``it's.md`` breaks every script after it and a crafted name runs.  Not yet
    reported upstream; readthedocs/readthedocs.org#5757 was the same bug in
    Read the Docs' own injection.  The string is rewritten as a JSON literal
    with ``< > & '`` escaped (Jinja's ``tojson``); should the theme change
    its script, nothing matches and the page is left as the theme made it.
    """
    if not UNSAFE_IN_SCRIPT.search(pagename):
        return
    stock = f"DOCUMENTATION_OPTIONS.pagename = '{pagename}';"
    scripts = context.get("script_files") or []
    for index, script in enumerate(scripts):
        attributes = getattr(script, "attributes", None)
        if isinstance(attributes, dict) and attributes.get("body") == stock:
            body = f"DOCUMENTATION_OPTIONS.pagename = {htmlsafe_json_dumps(pagename)};"
            scripts[index] = type(script)(script.filename, priority=script.priority, **{**attributes, "body": body})


def applies(app: Sphinx | None = None) -> bool:
    """Whether the three bugs are still there, as the themes' sources show."""
    import pydata_sphinx_theme
    import sphinx_book_theme

    pydata = Path(pydata_sphinx_theme.__file__).read_text(encoding="utf-8")
    book = Path(sphinx_book_theme.__file__).parent
    layout = (book / "theme" / "sphinx_book_theme" / "layout.html").read_text(encoding="utf-8")
    buttons = (book / "header_buttons" / "__init__.py").read_text(encoding="utf-8")
    return (
        "DOCUMENTATION_OPTIONS.pagename = '{pagename}';" in pydata
        and "<h1>{{ pagetitle }}</h1>" in layout
        and "context['sourcename']" in buttons
    )


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", hide_generated_source)
    app.connect("html-page-context", escape_page_title, priority=900)  # after the theme's
    app.connect("html-page-context", escape_page_name_in_script, priority=900)  # after the theme's
