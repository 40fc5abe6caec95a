"""Chinese search: our splitter (rjieba + character pairs) finds at least
what Sphinx's stock jieba splitter finds, on the real corpus.

Both indexes come from real builds of the same articles; the second uses
``html_search_language=zh`` (Sphinx's own SearchChinese with jieba). Queries
are matched the way Sphinx's searchtools.js does: every word must match a
term or title term, and words longer than two characters also match terms
that contain them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import snowballstemmer

from conftest import REPO, run_sphinx

CORPUS = REPO.parent / "shared" / "corpus"
QUERIES = [
    "桃園",
    "公園",
    "交通",
    "補助",
    "垃圾",
    "停車",
    "市政府",
    "滯洪池",
    "停車場",
    "AI 巡防",
    "YouBike 站點",
    "公車 路線",
]
STEMMER = snowballstemmer.stemmer("english")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")


def build_index(out: Path, *extra: str) -> dict:
    returncode, _stdout, stderr = run_sphinx(CORPUS, out, "-q", *extra, timeout=900)
    assert returncode == 0, stderr[-2000:]
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    pytest.importorskip("jieba", reason="the stock splitter needs jieba: pip install jieba")
    ours = build_index(tmp_path_factory.mktemp("ours"))
    stock = build_index(tmp_path_factory.mktemp("stock"), "-D", "html_search_language=zh")
    return ours, stock


def search(index: dict, query: str) -> set[str]:
    found = None
    for word in query.split():
        key = STEMMER.stemWord(word.lower()) if word.isascii() else word
        docs = set()
        for table in ("terms", "titleterms"):
            for term, hits in index[table].items():
                if term == key or (len(key) > 2 and key in term):
                    docs |= set(hits if isinstance(hits, list) else [hits])
        names = {index["docnames"][i] for i in docs}
        found = names if found is None else found & names
    return found or set()


def test_the_stock_index_really_is_jieba(indexes):
    ours, stock = indexes
    assert ours["terms"] != stock["terms"]


@pytest.mark.parametrize("query", QUERIES)
def test_finds_at_least_what_stock_finds(indexes, query):
    ours, stock = indexes
    assert search(ours, query) >= search(stock, query)


@pytest.mark.parametrize("query", ["桃園", "公園", "交通", "市政府", "AI 巡防"])
def test_common_words_are_found(indexes, query):
    ours, _ = indexes
    assert search(ours, query), query


def test_remembered_stems_equal_fresh_ones():
    from sphinx_articles.web.search import SearchTraditionalChinese

    def stems(language, text):
        return [language.stem(word) for word in language.split(text)]

    text = "AI 巡防 buses running, the ABS reports 桃園 PDFs"
    remembered = SearchTraditionalChinese({})
    first = stems(remembered, text)
    assert stems(remembered, text) == first == stems(SearchTraditionalChinese({}), text)
    assert {"ai", "buse", "run", "abs", "report", "pdfs"} <= set(first)  # short acronyms kept whole
