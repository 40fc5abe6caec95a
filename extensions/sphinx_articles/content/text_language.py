"""Which language a folder of articles is written in, from the characters of its text.

``python -m sphinx_articles init`` sets Sphinx's ``language`` with it.  Small,
fast and deterministic: the same files give the same answer, and the answer
comes with its reason.  Scripts decide, not words:

- Hangul outnumbering kana and Han together: Korean (``ko``);
- kana making at least a tenth of the kana and Han: Japanese (``ja``);
  Chinese text has none, Japanese prose is about half kana;
- otherwise Han: Chinese, Simplified (``zh_CN``) when characters that
  exist only in Simplified outnumber their Traditional forms, else
  Traditional (``zh_TW``);
- too few CJK characters beside the Latin letters: English (``en``).

Code (fenced blocks, inline code), URLs, HTML tags and MDC props are left
out of the count: they are Latin whatever the language.  Nothing here
imports Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SAMPLE_FILES = 60  # files read, spread evenly over the folder in name order
SAMPLE_BYTES = 16_384  # read from the start of each file
MIN_CJK = 20  # fewer CJK characters than this: not a CJK text
CJK_PER_LATIN = 0.1  # CJK characters per Latin letter, at least, for a CJK text
KANA_SHARE = 0.1  # of kana + Han, at least, for Japanese

# Characters of everyday Chinese written differently in the two scripts:
# each Simplified form here is not used in Traditional text, and the
# reverse.  (Forms shared by both, such as 里, 台, 后 or 只, are left out.)
SIMPLIFIED = (
    "这们来说时会个为国学发经对现过问与关开长见还进东车书门电话语样应实业动间体点头种"
    "区认让记论设计连网页题历写义华员务产场传报难边将环节术广虽办处从无么给没钱请谢机"
    "级线图读选项数据码录载"
)
TRADITIONAL = (
    "這們來說時會個為國學發經對現過問與關開長見還進東車書門電話語樣應實業動間體點頭種"
    "區認讓記論設計連網頁題歷寫義華員務產場傳報難邊將環節術廣雖辦處從無麼給沒錢請謝機"
    "級線圖讀選項數據碼錄載"
)
assert len(SIMPLIFIED) == len(TRADITIONAL) and not set(SIMPLIFIED) & set(TRADITIONAL)

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
NOT_PROSE = re.compile(
    r"`[^`\n]*`"  # inline code
    r"|https?://\S+"  # URLs
    r"|<[^<>\n]*>"  # HTML tags
    r"|\{[^{}\n]*\}"  # MDC props, attributes
)
KANA = re.compile("[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


@dataclass
class Counts:
    kana: int = 0
    hangul: int = 0
    han: int = 0
    latin: int = 0
    simplified: int = 0
    traditional: int = 0

    def add(self, text: str) -> None:
        text = NOT_PROSE.sub(" ", FENCE.sub(" ", text))
        self.kana += len(KANA.findall(text))
        self.hangul += len(HANGUL.findall(text))
        self.han += len(HAN.findall(text))
        self.latin += len(LATIN.findall(text))
        self.simplified += sum(text.count(c) for c in SIMPLIFIED)
        self.traditional += sum(text.count(c) for c in TRADITIONAL)

    @property
    def cjk(self) -> int:
        return self.kana + self.hangul + self.han


@dataclass
class Detected:
    language: str  # Sphinx's name: en, ja, ko, zh_CN, zh_TW
    reason: str
    counts: Counts
    files: int  # how many files were read


def detect(texts: Iterable[str]) -> tuple[str, str, Counts]:
    """The language of *texts* taken together, the reason, the counts."""
    counts = Counts()
    for text in texts:
        counts.add(text)
    return (*decide(counts), counts)


def decide(c: Counts) -> tuple[str, str]:
    seen = f"{c.kana:,} kana, {c.hangul:,} Hangul, {c.han:,} Han characters, {c.latin:,} Latin letters"
    if c.cjk < MIN_CJK or c.cjk < c.latin * CJK_PER_LATIN:
        return "en", f"{seen}: too few CJK characters for a CJK text"
    if c.hangul > c.kana + c.han:
        return "ko", f"{seen}: mostly Hangul"
    if c.kana >= KANA_SHARE * (c.kana + c.han):
        return "ja", f"{seen}: kana, so Japanese"
    scripts = f"{c.simplified:,} Simplified-only and {c.traditional:,} Traditional-only characters"
    if c.simplified > c.traditional:
        return "zh_CN", f"{seen}; {scripts}: Simplified Chinese"
    return "zh_TW", f"{seen}; {scripts}: Traditional Chinese"


def sample(files: list[Path], size: int = SAMPLE_FILES) -> list[Path]:
    """At most *size* of *files* (kept in their order), spread evenly."""
    if len(files) <= size:
        return list(files)
    return [files[i * len(files) // size] for i in range(size)]


def read_start(path: Path) -> str:
    try:
        with path.open("rb") as file:
            data = file.read(SAMPLE_BYTES)
    except OSError:
        return ""
    return data.decode("utf-8", errors="ignore")  # a character cut at the end is dropped


def detect_files(files: list[Path]) -> Detected:
    """The language of the articles *files* (a sample of them is read)."""
    chosen = sample(files)
    language, reason, counts = detect(read_start(path) for path in chosen)
    return Detected(language, reason, counts, len(chosen))
