"""Each page's table of contents pickled once, not at every build.

Sphinx (checked against 9.0.0-9.0.4) keeps every document's table of
contents as docutils nodes in ``env.tocs`` and pickles the whole environment
after reading, even when one article changed; the next build unpickles it
whole.  The TOCs are half of that work: at 4,000 articles, 1.3 s of the
2.8 s it takes to load and save the environment, growing with the archive.
No upstream issue yet.

``env.tocs`` becomes a mapping that keeps each TOC as the bytes it was
pickled to: a build unpickles only the TOCs it uses (the pages it writes and
their toctree entries) and pickles only those it changed.  A TOC that was
unpickled is pickled again, since Sphinx may change it in place (section
numbers).  Should ``env.tocs`` not be a plain dict, it is left alone.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, MutableMapping
from typing import Any

from sphinx.application import Sphinx


class PackedTocs(MutableMapping):
    """``docname -> TOC``; values not used since loading stay pickled."""

    def __init__(self, values: dict[str, Any] | None = None, packed: dict[str, bytes] | None = None) -> None:
        self._values: dict[str, Any] = dict(values or {})
        self._packed: dict[str, bytes] = dict(packed or {})

    def __getitem__(self, docname: str) -> Any:
        try:
            return self._values[docname]
        except KeyError:
            value = self._values[docname] = pickle.loads(self._packed.pop(docname))
            return value

    def __setitem__(self, docname: str, value: Any) -> None:
        self._packed.pop(docname, None)
        self._values[docname] = value

    def __delitem__(self, docname: str) -> None:
        if self._values.pop(docname, _MISSING) is _MISSING:
            del self._packed[docname]

    def __contains__(self, docname: object) -> bool:
        return docname in self._values or docname in self._packed

    def __iter__(self) -> Iterator[str]:
        yield from list(self._packed)
        yield from list(self._values)

    def __len__(self) -> int:
        return len(self._packed) + len(self._values)

    def __reduce__(self):
        packed = dict(self._packed)
        for docname, value in self._values.items():
            packed[docname] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        return (_loaded, (packed,))


_MISSING = object()


def _loaded(packed: dict[str, bytes]) -> PackedTocs:
    return PackedTocs(packed=packed)


def applies(app: Sphinx) -> bool:
    return type(getattr(app.env, "tocs", None)) in (dict, PackedTocs)


def install(app: Sphinx) -> None:
    """Pack the environment's TOCs (a loaded environment's already are)."""
    if type(getattr(app.env, "tocs", None)) is dict:
        app.env.tocs = PackedTocs(app.env.tocs)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", install)
