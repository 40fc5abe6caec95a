"""Nuxt/Vue component names, and the one warning per unknown component.

MDC (``::note``, ``:badge``) and raw HTML (``<NuxtLink>``, ``<lite-youtube>``)
name the same components in two spellings; both are compared in kebab case.
A component the site does not know keeps its content in an element with
class ``mdc-<name>``, and each file reports each such name once.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from docutils import nodes

from ..report import warn

_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])")
_NOT_CLASS = re.compile(r"[^a-z0-9-]+")
_reported: WeakKeyDictionary[nodes.document, set[str]] = WeakKeyDictionary()


def kebab(name: str) -> str:
    """``NuxtLink``, ``nuxt-link`` and ``nuxt_link`` all give ``nuxt-link``."""
    return _UPPER.sub(r"-\1\2", name.strip()).replace("_", "-").lower()


def css_class(name: str) -> str:
    """``mdc-<name>``, with only the characters a class selector takes as is."""
    return "mdc-" + (_NOT_CLASS.sub("-", kebab(name)).strip("-") or "component")


def report_unknown(document: nodes.document, name: str, line: int | None) -> None:
    """One ``articles.mdc`` warning per component name per file."""
    seen = _reported.setdefault(document, set())
    key = kebab(name)
    if key in seen:
        return
    seen.add(key)
    env = document.settings.env
    warn(
        f"unknown component '{key}': its content is kept in an element with class '{css_class(name)}'"
        " (map it to a directive with articles_mdc_components)",
        (env.docname, line),
        "mdc",
    )
