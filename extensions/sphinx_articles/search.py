"""Chinese search for Traditional-Chinese sites.

Sphinx's ``zh`` splitter uses jieba, whose dictionary is Simplified Chinese:
in 「廠商來自桃園」 it finds 自桃園, not 桃園, and the search page matches
whole terms for two-character queries.  The splitter below also indexes
each pair of adjacent Han characters inside the longer words jieba finds,
so two-character words inside them are found too (longer queries already
match parts of terms).
"""

from __future__ import annotations

import logging
import re

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


class SearchTraditionalChinese(SearchChinese):
    lang = "zh_TW"
    language_name = "Traditional Chinese"

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        return words + [pair for word in words if len(word) > 2 for pair in han_bigrams(word)]


def han_bigrams(text: str):
    for run in HAN_RUN.findall(text):
        for start in range(len(run) - 1):
            yield run[start : start + 2]


def quiet_segmenter(app: Sphinx) -> None:
    """jieba logs "Building prefix dict..." to stderr at DEBUG level."""
    if not (app.config.language or "").startswith("zh"):
        return
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
