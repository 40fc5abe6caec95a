"""Page names the search page can link: percent-encoded in the index.

Sphinx's search page (checked against Sphinx 9.0.0-9.0.4, ``searchtools.js``)
links each result as ``docname + ".html"`` (``docname + "/"`` with the
``dirhtml`` builder), unencoded: sphinx-doc/sphinx#14028,
fix proposed in sphinx-doc/sphinx#14058.  The index builder's class is
swapped for the subclass below when the HTML builder loads its indexer
(``web/builder.py``); should ``IndexBuilder`` lose ``freeze`` or ``load``,
Sphinx's own class stays.  Drop this module once #14058 is released.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import IndexBuilder

# Characters that change what a relative URL points to: browsers read \ as /,
# drop tabs and line ends, and trim spaces and control characters at the
# ends (a folder " x"); a ":" before the first "/" makes the name a scheme
# (`x:y/a.html`).  Spaces and control characters are encoded everywhere.
URL_BREAKING = re.compile(r"[#?%: \\\x00-\x1f\x7f]")
ENCODED = re.compile(r"%([0-9A-F]{2})")


class UrlSafeIndexBuilder(IndexBuilder):
    """Sphinx's search page links a result as ``docname + ".html"`` and fetches
    that URL for its snippet, without percent-encoding (sphinx-doc/sphinx#14028,
    fix proposed in #14058, checked against Sphinx 9.0.4): a page named with
    ``#``, ``?``, ``%``, ``:``, ``\\``, a space or a control character (editors' file names; they get an
    ``articles.filename`` warning) leads elsewhere, and the snippet's
    ``appendChild(null)`` throws.  The index stores those characters
    percent-encoded (``decoded_name`` reverses it) and decodes them
    when an incremental build loads it.  Should ``freeze``/``load`` change,
    the builder keeps Sphinx's own class (``install``)."""

    def freeze(self) -> dict[str, Any]:
        frozen = super().freeze()
        frozen["docnames"] = tuple(URL_BREAKING.sub(_percent, name) for name in frozen["docnames"])
        return frozen

    def load(self, stream, format: Any) -> None:
        super().load(stream, format)
        self._filenames = {decoded_name(k): v for k, v in self._filenames.items()}
        self._titles = {decoded_name(k): v for k, v in self._titles.items()}
        self._all_titles = {decoded_name(k): v for k, v in self._all_titles.items()}
        for mapping in (self._mapping, self._title_mapping):
            for term, names in mapping.items():
                mapping[term] = {decoded_name(name) for name in names}


def _percent(match: re.Match) -> str:
    return f"%{ord(match.group()):02X}"


def decoded_name(name: str) -> str:
    """Undo ``freeze``'s encoding (a literal ``%`` was encoded too, so no
    ``%XX`` of the editor's own is touched)."""
    return ENCODED.sub(
        lambda match: (
            chr(int(match.group(1), 16)) if URL_BREAKING.match(chr(int(match.group(1), 16))) else match.group(0)
        ),
        name,
    )


def applies(app: Sphinx | None = None) -> bool:
    return all(hasattr(IndexBuilder, name) for name in ("freeze", "load"))


def install(indexer: IndexBuilder | None) -> None:
    """Make the builder's fresh indexer a ``UrlSafeIndexBuilder``."""
    if type(indexer) is IndexBuilder and applies():
        indexer.__class__ = UrlSafeIndexBuilder
