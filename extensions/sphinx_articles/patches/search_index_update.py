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
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from typing import Any

from sphinx.search import IndexBuilder

from . import search_page_names
from .search_page_names import UrlSafeIndexBuilder, decoded_name

Terms = dict[str, "int | list[int]"]


class UpdatingIndexBuilder(UrlSafeIndexBuilder):
    """Sphinx's index builder; an incremental build updates the previous index's terms."""

    _previous: tuple[list[str], Terms, Terms] | None = None  # page names, terms, title terms as read
    _dropped: set[str]

    def load(self, stream, format: Any) -> None:
        if isinstance(format, str):
            format = self.formats[format]
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

    def get_terms(self, fn2index: dict[str, int]) -> tuple[Terms, Terms]:
        if self._previous is None:
            return super().get_terms(fn2index)
        docnames, terms, title_terms = self._previous
        dropped = {number for number, name in enumerate(docnames) if name in self._dropped}
        renumber = None if docnames == list(fn2index) else [fn2index.get(name, -1) for name in docnames]
        for previous, fed in ((terms, self._mapping), (title_terms, self._title_mapping)):
            _remove_pages(previous, dropped)
            if renumber is not None:
                _renumber(previous, renumber)
            _add_pages(previous, fed, fn2index)
        self._previous, self._dropped = (list(fn2index), terms, title_terms), set()  # so a second freeze agrees
        return terms, title_terms


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


def install(indexer: IndexBuilder | None) -> None:
    """Make the builder's fresh indexer an ``UpdatingIndexBuilder`` (else a
    ``UrlSafeIndexBuilder``, else Sphinx's own)."""
    search_page_names.install(indexer)
    if type(indexer) is UrlSafeIndexBuilder and applies():
        indexer.__class__ = UpdatingIndexBuilder
