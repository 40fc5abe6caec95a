"""The search index of an incremental build: updated, not made again.

Sphinx (checked against 9.0.0-9.0.4, ``sphinx/search/__init__.py``) reads
the whole previous ``searchindex.js`` back into a set of page names per
term, removes the pages it will write again from every set (``prune``,
also once more with the environment's pages as a dict, which makes each of
the ~400,000 intersections of a large Chinese site walk every page:
sphinx-doc/sphinx#11120), and turns every set back into sorted page
numbers (``freeze``).  After a one-article edit of a 4,000-article site that
was most of the search index's 3.4 s; it grows with the archive.  Pruning
also leaves terms whose page list is empty.

Here an incremental build keeps the previous index's terms as they were
read (term -> page number or sorted numbers): the numbers of the pages
written again or removed are taken out, the remaining ones renumbered only
when pages were added or removed, and the new pages' terms added.  The
result is the index a clean build makes (``tests/test_incremental.py``
compares them), and no term is left without pages.  A full build, or an
index that cannot be read this way, goes through Sphinx's own code (its
``prune`` given a set and without empty terms).  Should ``IndexBuilder``
lose ``get_terms``, ``load`` or ``prune``, Sphinx's class stays.

Reading and writing the ~1.3 million page numbers of a 4,000-article index
as JSON took 0.4 s of each rebuild, whatever was edited.  So the builder
also saves the index it wrote, each term's page list as the JSON text it
has in ``searchindex.js``, beside the doctrees (``SAVED_NAME``).  When
``searchindex.js`` is still the file that copy was saved with, the next
build reads the copy instead; if no page is added or removed and only a few
are written again, it looks for their numbers in the text, decodes only the
lists that change, and writes the others back as they were.
"""

from __future__ import annotations

import json
import os
import pickle
from bisect import insort
from collections.abc import Iterable
from json.encoder import encode_basestring_ascii as encode_key  # how json.dumps writes a key
from pathlib import Path
from typing import Any

from sphinx.search import IndexBuilder, js_index

from . import search_page_names
from .search_page_names import UrlSafeIndexBuilder, decoded_name

Terms = dict[str, "int | list[int]"]
Texts = dict[str, str]  # term -> its page list as JSON text ("3", "[1,3]")
TERM_KEYS = ("terms", "titleterms")
SAVED_NAME = "searchindex.{builder}.pickle"
SAVED_VERSION = 1
# Looking for a page's number goes through every list's text once (~20 ms
# at 4,000 articles); beyond this many pages decoding every list is cheaper.
MOST_PAGES_LOOKED_FOR = 16


class UpdatingIndexBuilder(UrlSafeIndexBuilder):
    """Sphinx's index builder; an incremental build updates the previous index's terms."""

    _previous: tuple[list[str], Terms | Texts, Terms | Texts] | None = None  # page names, terms, title terms
    _previous_as_text = False  # the terms' page lists are JSON text (read from the saved copy)
    _dropped: set[str]
    saved: Path | None = None  # where the index written is saved (``install``)
    _written: dict[str, Any] | None = None  # the last index dumped, terms as text

    def load(self, stream, format: Any) -> None:
        if isinstance(format, str):
            format = self.formats[format]
        frozen = self._saved_copy_of(stream) if format is js_index else None
        self._previous_as_text = frozen is not None
        if frozen is None:
            frozen = format.load(stream)
        if not isinstance(frozen, dict) or frozen.get("envversion") != self._env_version:
            raise ValueError("old format")  # as Sphinx's load: the index is made anew
        if not _is_frozen_index(frozen):
            return super().load(_Loaded(frozen), _Loaded(frozen))
        docnames = [decoded_name(name) for name in frozen["docnames"]]
        self._filenames = dict(zip(docnames, frozen["filenames"], strict=True))
        self._titles = dict(zip(docnames, frozen["titles"], strict=True))
        self._all_titles = {docname: [] for docname in docnames}
        for title, places in frozen["alltitles"].items():
            for number, anchor in places:
                self._all_titles[docnames[number]].append((title, anchor))
        self._mapping, self._title_mapping = {}, {}  # only the pages fed in this build
        self._previous = (docnames, frozen["terms"], frozen["titleterms"])
        self._dropped = set()

    def prune(self, docnames: Iterable[str]) -> None:
        keep = docnames if isinstance(docnames, (set, frozenset)) else set(docnames)
        if self._previous is not None:
            self._dropped.update(name for name in self._titles if name not in keep)
        super().prune(keep)
        for mapping in (self._mapping, self._title_mapping):
            for term in [term for term, names in mapping.items() if not names]:
                del mapping[term]

    def get_terms(self, fn2index: dict[str, int]) -> tuple[Terms | Texts, Terms | Texts]:
        if self._previous is None:
            return super().get_terms(fn2index)
        docnames, terms, title_terms = self._previous
        dropped = {number for number, name in enumerate(docnames) if name in self._dropped}
        renumber = None if docnames == list(fn2index) else [fn2index.get(name, -1) for name in docnames]
        as_text = self._previous_as_text
        if as_text and (renumber is not None or len(dropped) > MOST_PAGES_LOOKED_FOR):
            terms, title_terms, as_text = _decoded(terms), _decoded(title_terms), False
        for previous, fed in ((terms, self._mapping), (title_terms, self._title_mapping)):
            if as_text:
                _update_texts(previous, fed, fn2index, dropped)  # type: ignore[arg-type]
                continue
            _remove_pages(previous, dropped)  # type: ignore[arg-type]
            if renumber is not None:
                _renumber(previous, renumber)  # type: ignore[arg-type]
            _add_pages(previous, fed, fn2index)  # type: ignore[arg-type]
        self._previous, self._dropped = (list(fn2index), terms, title_terms), set()  # so a second freeze agrees
        self._previous_as_text = as_text
        return terms, title_terms

    def dump(self, stream, format: Any) -> None:
        """Sphinx's ``searchindex.js``, written with each term's page list as text
        (the same bytes as Sphinx's ``json.dumps``), which is kept for ``save``."""
        if isinstance(format, str):
            format = self.formats[format]
        if format is not js_index:
            return super().dump(stream, format)
        frozen = self.freeze()
        for key in TERM_KEYS:
            frozen[key] = {term: _as_text(numbers) for term, numbers in frozen[key].items()}
        stream.write(js_index.PREFIX + _json(frozen) + js_index.SUFFIX)
        self._written = frozen

    def save(self, index: Path) -> None:
        """Save the index just dumped to *index*, for the next build's ``load``."""
        if self.saved is None or self._written is None:
            return
        saved = {"version": SAVED_VERSION, "of": _stamp(index), "index": self._written}
        partial = self.saved.with_name(self.saved.name + ".tmp")
        try:
            with open(partial, "wb") as file:
                pickle.dump(saved, file, pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.saved)
        except OSError:  # a copy not saved only makes the next build read the index file
            partial.unlink(missing_ok=True)

    def _saved_copy_of(self, stream) -> dict | None:
        """The index saved with the file *stream* reads, if that file is unchanged."""
        name = getattr(stream, "name", None)
        if self.saved is None or not isinstance(name, str | os.PathLike):
            return None
        try:
            with open(self.saved, "rb") as file:
                saved = pickle.load(file)
        except Exception:  # missing, or damaged in any way: the index file is read instead
            return None
        stamp = _stamp(name)
        if (
            stamp is None
            or not isinstance(saved, dict)
            or (saved.get("version"), saved.get("of")) != (SAVED_VERSION, stamp)
        ):
            return None
        index = saved.get("index")
        return index if isinstance(index, dict) and _is_frozen_index(index) else None


def _stamp(index: str | os.PathLike) -> tuple[str, int, int] | None:
    try:
        found = os.stat(index)
    except OSError:
        return None
    return os.path.abspath(index), found.st_size, found.st_mtime_ns


def _json(frozen: dict[str, Any]) -> str:
    """``json.dumps(frozen, separators=(",", ":"), sort_keys=True)``, where the
    terms' page lists are JSON text already."""
    parts = []
    for key, value in sorted(frozen.items()):
        if key in TERM_KEYS:
            text = "{" + ",".join(f"{encode_key(term)}:{numbers}" for term, numbers in sorted(value.items())) + "}"
        else:
            text = json.dumps(value, separators=(",", ":"), sort_keys=True)
        parts.append(f"{json.dumps(key)}:{text}")
    return "{" + ",".join(parts) + "}"


def _as_text(numbers: int | list[int] | str) -> str:
    if isinstance(numbers, str):
        return numbers
    if isinstance(numbers, int):
        return str(numbers)
    return repr(numbers).replace(" ", "")  # [1, 3] -> [1,3], as json.dumps writes it (faster than a join)


def _decoded(texts: Terms | Texts) -> Terms:
    return {term: json.loads(text) if isinstance(text, str) else text for term, text in texts.items()}


def _update_texts(texts: Texts, fed: dict[str, set[str]], fn2index: dict[str, int], dropped: set[int]) -> None:
    """``_remove_pages`` and ``_add_pages`` on page lists kept as text: a
    list that has the same dropped pages before and after is not decoded."""
    wanted: dict[str, set[int]] = {}
    for term, names in fed.items():
        numbers = {fn2index[name] for name in names if name in fn2index}
        if numbers:
            wanted[term] = numbers
    looked_for = [(number, _as_found_in_lists(number)) for number in sorted(dropped)]
    for term, text in list(texts.items()):
        had = {number for number, forms in looked_for if _holds(text, forms)}
        wants = wanted.pop(term, set())
        if had == wants:
            continue
        numbers = json.loads(text)
        kept = {n for n in ([numbers] if isinstance(numbers, int) else numbers) if n not in dropped} | wants
        if kept:
            texts[term] = _page_list_text(kept)
        else:
            del texts[term]
    for term, numbers in wanted.items():
        texts[term] = _page_list_text(numbers)


def _page_list_text(numbers: set[int]) -> str:
    """A term's pages as a clean build writes them: one number alone, more in order."""
    ordered = sorted(numbers)
    return _as_text(ordered[0] if len(ordered) == 1 else ordered)


def _as_found_in_lists(number: int) -> tuple[str, str, str, str, str]:
    """How *number* appears in a page list's text: alone (``3``), inside a
    list (``[1,3,5]``), first, last or the only one in it."""
    return f"{number}", f",{number},", f"[{number},", f",{number}]", f"[{number}]"


def _holds(text: str, forms: tuple[str, str, str, str, str]) -> bool:
    """Whether the page list *text* holds the number written as *forms* (``_as_found_in_lists``)."""
    alone, inside, first, last, only = forms
    if not text.startswith("["):
        return text == alone
    return inside in text or text.startswith(first) or text.endswith(last) or text == only


class _Loaded:
    """An index already read, handed to Sphinx's ``load`` as stream and format."""

    def __init__(self, frozen: dict) -> None:
        self.frozen = frozen

    def load(self, stream) -> dict:
        return self.frozen


def _is_frozen_index(frozen: dict) -> bool:
    keys = ("docnames", "filenames", "titles", "terms", "titleterms", "alltitles")
    return all(key in frozen for key in keys) and isinstance(frozen["terms"], dict)


def _remove_pages(terms: Terms, dropped: set[int]) -> None:
    if not dropped:
        return
    for term, numbers in list(terms.items()):
        if isinstance(numbers, int):
            if numbers in dropped:
                del terms[term]
        elif not dropped.isdisjoint(numbers):
            _store(terms, term, [number for number in numbers if number not in dropped])


def _renumber(terms: Terms, renumber: list[int]) -> None:
    """Old page numbers to new ones; pages keep their order, so lists stay sorted."""
    for term, numbers in terms.items():
        terms[term] = renumber[numbers] if isinstance(numbers, int) else [renumber[n] for n in numbers]


def _add_pages(terms: Terms, fed: dict[str, set[str]], fn2index: dict[str, int]) -> None:
    for term, names in fed.items():
        for name in names:
            number = fn2index.get(name)
            if number is None:
                continue
            numbers = terms.get(term)
            if numbers is None:
                terms[term] = number
            elif isinstance(numbers, int):
                if numbers != number:
                    terms[term] = sorted((numbers, number))
            elif number not in numbers:
                insort(numbers, number)


def _store(terms: Terms, term: str, numbers: list[int]) -> None:
    if not numbers:
        del terms[term]
    else:
        terms[term] = numbers[0] if len(numbers) == 1 else numbers


def applies(app=None) -> bool:
    return search_page_names.applies() and all(hasattr(IndexBuilder, name) for name in ("get_terms", "prune"))


def install(indexer: IndexBuilder | None, saved: Path | None = None) -> None:
    """Make the builder's fresh indexer an ``UpdatingIndexBuilder`` (else a
    ``UrlSafeIndexBuilder``, else Sphinx's own) that saves what it writes to *saved*."""
    search_page_names.install(indexer)
    if type(indexer) is UrlSafeIndexBuilder and applies():
        indexer.__class__ = UpdatingIndexBuilder
        indexer.saved = saved
