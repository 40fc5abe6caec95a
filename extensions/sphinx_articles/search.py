"""Chinese search for Traditional-Chinese sites, with a compiled segmenter.

Sphinx's ``zh`` language splits text with jieba (pure Python; about 40% of a
build's time on a large site, plus seconds to load its dictionary) and runs
every word, Chinese too, through an English stemmer.  This language uses
rjieba (the Rust jieba-rs, same dictionary and algorithm, ~30x faster) and
stems only Latin words.

jieba's dictionary is Simplified Chinese: in 「廠商來自桃園」 it finds 自桃園,
not 桃園, and the search page matches whole terms for two-character queries.
So each pair of adjacent Han characters inside the longer words is indexed
too, and any two-character word inside them is found (longer queries
already match parts of terms).
"""

from __future__ import annotations

import re
from typing import Any

import rjieba
import snowballstemmer
from sphinx.search import IndexBuilder, SearchLanguage
from sphinx.search.zh import SearchChinese

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


class SearchTraditionalChinese(SearchChinese):
    lang = "zh_TW"
    # Sphinx 9.0 names the search page's JS stemmer class after language_name
    # (``window.Stemmer = ChineseStemmer``, which does not exist: search shows
    # nothing, sphinx-doc/sphinx#14229). Latin words are stemmed with the
    # English stemmer on both sides, so the page must use EnglishStemmer.
    language_name = "English"

    def __init__(self, options: dict[str, str]) -> None:
        # Not SearchChinese.__init__: it loads jieba's 5 MB dictionary.
        SearchLanguage.__init__(self, options)
        self.latin_terms: set[str] = set()
        self.stemmer = snowballstemmer.stemmer("english")
        self._stems: dict[str, str] = {}

    def split(self, input: str) -> list[str]:
        words = rjieba.cut_for_search(input)
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        pairs = [pair for word in words if len(word) > 2 for pair in han_bigrams(word)]
        return words + latin + pairs

    def stem(self, word: str) -> str:
        # The Python Snowball stemmer costs ~40 us a word, and Sphinx
        # memoises per page; the same Latin words recur on every page.
        if not word.isascii():
            return word
        stemmed = self._stems.get(word)
        if stemmed is None:
            stemmed = super().stem(word)
            if word in self.latin_terms:  # the one state the result depends on; it only grows
                self._stems[word] = stemmed
        return stemmed


def han_bigrams(text: str):
    for run in HAN_RUN.findall(text):
        for start in range(len(run) - 1):
            yield run[start : start + 2]


# -- page names the search page can link -------------------------------------------

# Characters that change what a relative URL points to: browsers read \ as /
# and drop tabs and line ends, a ":" before the first "/" makes the name a
# scheme (`x:y/a.html`); other control characters are encoded for safety.
URL_BREAKING = re.compile(r"[#?%:\\\x00-\x1f\x7f]")
ENCODED = re.compile(r"%([0-9A-F]{2})")


class UrlSafeIndexBuilder(IndexBuilder):
    """Sphinx's search page links a result as ``docname + ".html"`` and fetches
    that URL for its snippet, without percent-encoding (sphinx-doc/sphinx#14028,
    fix proposed in #14058, checked against Sphinx 9.0.4): a page named with
    ``#``, ``?``, ``%``, ``:``, ``\\`` or a control character (editors' file names; they get an
    ``articles.filename`` warning) leads elsewhere, and the snippet's
    ``appendChild(null)`` throws.  The index stores those characters
    percent-encoded (``decoded_name`` reverses it) and decodes them
    when an incremental build loads it.  Should ``freeze``/``load`` change,
    the builder keeps Sphinx's own class (``install_url_safe_index``)."""

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
    return ENCODED.sub(lambda match: chr(int(match.group(1), 16)) if URL_BREAKING.match(chr(int(match.group(1), 16))) else match.group(0), name)


def install_url_safe_index(indexer: IndexBuilder | None) -> None:
    """Make the builder's fresh indexer a ``UrlSafeIndexBuilder``."""
    if type(indexer) is IndexBuilder and all(hasattr(IndexBuilder, name) for name in ("freeze", "load")):
        indexer.__class__ = UrlSafeIndexBuilder
