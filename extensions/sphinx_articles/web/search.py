"""Search in the site's language: Chinese with a compiled segmenter, Japanese.

Sphinx picks the search language from ``language``: ``zh_TW`` and ``zh_CN``
use the Chinese languages below (``zh`` stays Sphinx's own, with jieba;
``html_search_language = "zh_CN"`` gives a ``zh`` site this one), ``ja``
Sphinx's Japanese splitter (TinySegmenter unless ``html_search_options``
names another) with the query splitter below, ``en`` Sphinx's English
stemming, and so on.

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

A query is split like the text was (`JS_SPLITTER`): a run of Han
characters that is no term of the index is cut, longest term first, into
terms that are, so 公共建設 (indexed as 公共 / 建設) finds the articles that
have both.
"""

from __future__ import annotations

import re

import rjieba
import snowballstemmer
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search.ja import SearchJapanese
from sphinx.search.zh import SearchChinese

WORD = re.compile(r"\w+")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


# The search page's ``splitQuery`` (Sphinx's hook for a language's query
# splitter, put in language_data.js).  It reads the loaded index's terms
# (``Search._index``, Sphinx 9.0); without them it splits as Sphinx does.
JS_SPLITTER = r"""
function splitQuery(query) {
  const words = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((word) => word);
  const index = typeof Search === "undefined" ? null : Search._index;
  if (!index || !index.terms || !index.titleterms) return words;
  const known = (term) => Object.hasOwn(index.terms, term) || Object.hasOwn(index.titleterms, term);
  return words.flatMap((word) => {
    if (known(word) || !/^SCRIPTS+$/u.test(word)) return [word];
    const chars = Array.from(word), terms = [];
    for (let start = 0; start < chars.length; ) {
      let end = chars.length;
      while (end > start + 1 && !known(chars.slice(start, end).join(""))) end--;
      terms.push(chars.slice(start, end).join(""));
      start = end;
    }
    return terms;
  });
}
"""
# Runs of these are cut into known terms: Han for Chinese; Han and kana for
# Japanese, whose splitter also cuts between kanji and kana (インストール方法).
JS_CHINESE = JS_SPLITTER.replace("SCRIPTS", r"\p{Script=Han}")
JS_JAPANESE = JS_SPLITTER.replace("SCRIPTS", r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]")


class SearchTraditionalChinese(SearchChinese):
    lang = "zh_TW"
    js_splitter_code = JS_CHINESE
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


class SearchSimplifiedChinese(SearchTraditionalChinese):
    """The same for Simplified Chinese (jieba's own dictionary's script)."""

    lang = "zh_CN"


class SearchArticlesJapanese(SearchJapanese):
    """Sphinx's Japanese index; queries cut into the index's terms.

    TinySegmenter leaves punctuation on its words (``、子ビュー``,
    ``。しかし``), which no query can match (the search page splits queries
    at punctuation): the words are cut at it.
    """

    js_splitter_code = JS_JAPANESE

    def split(self, input: str) -> list[str]:
        return [part for word in super().split(input) for part in WORD.findall(word)]


def han_bigrams(text: str):
    for run in HAN_RUN.findall(text):
        for start in range(len(run) - 1):
            yield run[start : start + 2]


# In ../static: snippets from the article, dates; one search box.
SEARCH_SCRIPT, SEARCH_STYLES = "articles-search.js", "articles-search.css"


def add_search_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename == "search":  # this page only, in html-page-context
        app.add_js_file(SEARCH_SCRIPT)
        app.add_css_file(SEARCH_STYLES)


def setup(app: Sphinx) -> None:
    for language in (SearchTraditionalChinese, SearchSimplifiedChinese, SearchArticlesJapanese):
        app.add_search_language(language)
    app.connect("html-page-context", add_search_script)
