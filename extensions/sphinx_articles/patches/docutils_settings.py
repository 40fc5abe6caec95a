"""Docutils settings built once per build, not twice per document.

For every document Sphinx builds a docutils ``OptionParser`` to get the
default settings (``sphinx.util.docutils._get_settings``), and MyST builds
another one for a throwaway document it never uses (``make_document()`` is
evaluated eagerly in ``setup_render``).  Each costs about 1 ms, a tenth of
reading an article.  The result depends only on the components and the
defaults, so it is built once and copied, as Sphinx already does for
``new_document()``.  Should either library rename its helper, nothing is
patched and documents are read as before.

Checked against Sphinx 9.0.0-9.0.4 (``sphinx.util.docutils._get_settings``)
and myst-parser 5.0-5.2 (``myst_parser.mdit_to_docutils.base.
get_default_settings``).  No upstream issue yet.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from functools import wraps
from typing import Any

import myst_parser.mdit_to_docutils.base as myst_base
import sphinx.util.docutils as sphinx_docutils
from docutils import SettingsSpec
from sphinx.application import Sphinx

# What docutils' OptionParser reads from each component.
SPEC_ATTRIBUTES = frozenset({
    "settings_spec", "settings_defaults", "settings_default_overrides",
    "relative_path_settings", "config_section", "config_section_dependencies",
})  # fmt: skip


def memoised(build: Callable[..., Any]) -> Callable[..., Any]:
    """*build* computed once per distinct arguments; each call gets a copy."""
    results: dict[tuple, Any] = {}

    @wraps(build)
    def cached(*components: Any, **options: Any) -> Any:
        key = (
            tuple(map(_token, components)),
            tuple(sorted((name, _token(value)) for name, value in options.items())),
        )
        if key not in results:
            results[key] = build(*components, **options)
        return copy(results[key])

    cached.uncached = build
    return cached


def _token(value: Any) -> Any:
    """A hashable stand-in: mappings by their items, plain values by value,
    components whose specs are their class's by that class, other objects
    (the environment, lists) by identity."""
    if isinstance(value, dict):
        return tuple(sorted((k, _token(v)) for k, v in value.items()))
    if isinstance(value, (str, int, float, bool, type(None), type)):
        return value
    if isinstance(value, SettingsSpec) and not SPEC_ATTRIBUTES & vars(value).keys():
        return type(value)
    return ("id", id(value))


TARGETS = ((sphinx_docutils, "_get_settings"), (myst_base, "get_default_settings"))


def applies(app: Sphinx | None = None) -> bool:
    return all(hasattr(module, name) for module, name in TARGETS)


def setup(app: Sphinx) -> None:
    for module, name in TARGETS:
        helper = getattr(module, name, None)
        if helper is not None and not hasattr(helper, "uncached"):
            setattr(module, name, memoised(helper))
