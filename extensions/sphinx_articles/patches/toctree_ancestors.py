"""Each page's toctree ancestors from a map made once, not per page.

Sphinx 9 (checked against 9.0.0-9.0.4, ``sphinx/environment/adapters/
toctree.py``): ``_get_toctree_ancestors``, called for each page written (by
pydata-sphinx-theme and Sphinx's ``toctree()``), rebuilds the map from each
toctree entry to its parent by walking every entry of the site: quadratic in
the number of articles.  The toctrees do not change while pages are written,
so the map is made once when reading ends (``env-updated``).  No upstream
issue yet.

The module-level helper is wrapped; for any other ``toctree_includes`` than
the environment's at the end of reading, and should Sphinx rename the
helper, Sphinx's own code runs.
"""

from __future__ import annotations

from collections.abc import Set

import sphinx.environment.adapters.toctree as toctree_adapter
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# The parent of each toctree entry, made when reading ends.
_parents: dict = {"of": None, "map": {}}


def remember_parents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    parent: dict[str, str] = {}
    for page, children in env.toctree_includes.items():
        parent |= dict.fromkeys(children, page)
    _parents.update(of=env.toctree_includes, map=parent)
    return []


def forget_parents(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _parents.update(of=None, map={})


def applies(app: Sphinx | None = None) -> bool:
    return hasattr(toctree_adapter, "_get_toctree_ancestors")


def install() -> None:
    stock = getattr(toctree_adapter, "_get_toctree_ancestors", None)
    if stock is None or hasattr(stock, "stock"):
        return

    def ancestors(toctree_includes: dict[str, list[str]], docname: str) -> Set[str]:
        if toctree_includes is not _parents["of"]:
            return stock(toctree_includes, docname)
        parent, found, current = _parents["map"], [], docname
        while current in parent and current not in found:  # as Sphinx: stop at a cycle
            found.append(current)
            current = parent[current]
        return dict.fromkeys(found).keys()

    ancestors.stock = stock
    toctree_adapter._get_toctree_ancestors = ancestors


def setup(app: Sphinx) -> None:
    install()
    app.connect("env-before-read-docs", forget_parents)
    app.connect("env-updated", remember_parents)
