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

import rjieba
import snowballstemmer
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
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


def setup(app: Sphinx) -> None:
    app.add_search_language(SearchTraditionalChinese)
