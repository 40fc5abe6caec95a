"""Write N synthetic Nuxt Content-style articles for benchmarking.

    python benchmarks/generate.py N DEST [--seed S] [--text {corpus,han,phrases}] [--corpus DIR]

The articles look like the real corpus: YAML front matter (title,
description, image, sequence, category or category1/category2, author, link,
head.meta, publishedAt, toc, extra keys such as place/status/budget) and a
Traditional-Chinese body with ``##``/``###`` headings, a bullet list, a
Markdown link and a raw ``<a href>``.  Three sections: ``city/``,
``resident/`` and ``community/announcement/`` (two-level categories), about
20 categories each.  A few small PNG covers are written under
``DEST/images/``, so no image is missing.

The words come from one of three sources (``--text``):

- ``phrases`` (the default here): a fixed word list written for this benchmark,
  few distinct words, a lower bound on the search index;
- ``corpus``: sentences of the real articles in ``../shared/corpus`` (read at
  run time, never copied into this repository), reshuffled;
- ``han``: random Han characters, an upper bound on distinct search terms.

Everything is deterministic for a seed; article *k* is the same whatever N
is (each article has its own random stream).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import importlib.util
import json
import random
import re
import struct
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_BESIDE_REPO = Path("shared") / "corpus"  # the real articles, read at run time only
TEXTS = ("corpus", "han", "phrases")

# -- vocabulary (written for this benchmark) -----------------------------------

PLACES = [
    "青松里",
    "溪畔社區",
    "文昌里",
    "楓林新村",
    "南苑重劃區",
    "北湖公園",
    "中正路口",
    "老街廣場",
    "市民活動中心",
    "河濱自行車道",
    "光明國小",
    "捷運站前",
    "圖書分館",
    "長青會館",
    "里民集會所",
    "東門市場",
    "竹圍漁港",
    "山腳步道",
    "新興商圈",
    "運動中心",
]
SUBJECTS = [
    "里長",
    "里民",
    "志工隊",
    "市政府",
    "區公所",
    "環保局",
    "交通局",
    "社區發展協會",
    "巡守隊",
    "家長會",
    "長輩們",
    "青年團隊",
    "商圈店家",
    "清潔隊",
    "消防分隊",
    "衛生所",
]
VERBS = [
    "舉辦",
    "推動",
    "規劃",
    "完成",
    "啟用",
    "檢討",
    "說明",
    "協調",
    "改善",
    "增設",
    "整修",
    "宣導",
    "評估",
    "公布",
    "參與",
    "認養",
]
OBJECTS = [
    "人行道",
    "路燈",
    "公園綠地",
    "垃圾分類",
    "資源回收",
    "停車空間",
    "公車路線",
    "排水溝",
    "防災演練",
    "健康講座",
    "親子共讀",
    "社區花圃",
    "無障礙坡道",
    "自行車道",
    "夜間照明",
    "交通號誌",
    "老人共餐",
    "課後輔導",
    "環境綠化",
    "社區導覽",
    "反詐騙宣導",
    "捐血活動",
]
CONNECTORS = [
    "目前",
    "近日",
    "此外",
    "同時",
    "為了回應需求",
    "因此",
    "未來",
    "經過多次討論後",
    "在各界協助下",
    "依照年度計畫",
    "針對居民反映的問題",
    "根據最新統計",
]
TIMES = ["本週六上午", "下個月初", "今年年底前", "每週三晚間", "明年春天", "暑假期間", "農曆年前", "連續假期"]
TAILS = [
    "歡迎大家踴躍參加",
    "以提升生活品質",
    "確保用路人的安全",
    "讓社區更加美好",
    "並持續追蹤辦理進度",
    "結果將於下月公告",
    "期盼凝聚更多共識",
    "兼顧環境與發展",
    "有任何建議可向里辦公處反映",
    "相關費用由市府補助",
]
TITLE_ENDINGS = ["計畫", "說明會", "成果", "進度報告", "活動", "工程", "座談會", "公告"]
HEADING_ENDINGS = ["說明", "辦理進度", "辦理方式", "注意事項", "相關資訊", "時程安排"]
SUBHEADINGS = ["第一階段", "第二階段", "報名方式", "聯絡窗口", "經費來源", "常見問題"]
STATUSES = ["規劃中", "進行中", "已完成", "暫停"]
OG_TITLES = ["社區新聞", "地方行政", "社區網站-里民心聲"]

SECTION_CATEGORIES = {
    "city": [
        "交通建設",
        "道路養護",
        "公園綠地",
        "環境保護",
        "資源回收",
        "公共安全",
        "防災準備",
        "社會福利",
        "長照服務",
        "醫療衛生",
        "教育文化",
        "青年就業",
        "觀光休閒",
        "都市計畫",
        "住宅政策",
        "水利工程",
        "數位服務",
        "體育活動",
        "動物保護",
        "節能減碳",
    ],
    "resident": [
        "社區營造",
        "交通改善",
        "停車問題",
        "噪音陳情",
        "路燈維修",
        "綠地認養",
        "治安巡守",
        "鄰里互助",
        "親子活動",
        "長輩關懷",
        "垃圾清運",
        "排水改善",
        "人行安全",
        "寵物友善",
        "公共設施",
        "學區議題",
        "商圈發展",
        "社區美化",
        "健康促進",
        "志工招募",
    ],
}
TWO_LEVEL_CATEGORIES = {
    "1. 公共建設的推動": ["1.1 道路與橋梁", "1.2 公園與綠地", "1.3 交通設施", "1.4 公共建築", "1.5 水電管線"],
    "2. 居住環境與安全": ["2.1 環境清潔", "2.2 治安維護", "2.3 防災演練", "2.4 噪音管理", "2.5 病媒防治"],
    "3. 社團活動與互助": ["3.1 社團課程", "3.2 節慶活動", "3.3 急難救助", "3.4 志工服務", "3.5 長輩共餐"],
    "4. 里務公告": ["4.1 會議紀錄", "4.2 補助申請", "4.3 里民大會", "4.4 意見調查", "4.5 其他公告"],
}
SECTION_CATEGORIES["community/announcement"] = [
    (top, sub) for top, subs in TWO_LEVEL_CATEGORIES.items() for sub in subs
]

# folder -> (file-name prefix, share of the articles)
SECTIONS = {"city": ("t", 4), "resident": ("r", 4), "community/announcement": ("a", 2)}
COVER_COLOURS = [(46, 125, 50), (21, 101, 192), (239, 108, 0)]
COVER_SIZE = (64, 40)

FIRST_DATE = datetime.date(2023, 1, 1)
LAST_DATE = datetime.date(2026, 12, 30)
NEWEST_DATE = LAST_DATE + datetime.timedelta(days=1)  # later than every generated article


# -- articles ------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    number: int
    section: str
    title: str
    description: str
    image: str
    sequence: str
    category: str | tuple[str, str]  # a tuple: category1, category2
    author: str
    link: str
    published: datetime.date
    toc: bool
    extra: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def relpath(self) -> str:
        prefix = SECTIONS[self.section][0]
        return f"{self.section}/{prefix}{self.number:05d}.md"

    def front_matter(self) -> str:
        fields = {"title": yaml_text(self.title), "description": yaml_text(self.description), "image": self.image,
                  "sequence": self.sequence, **category_fields(self.category),
                  "author": self.author, "link": self.link, **self.extra}  # fmt: skip
        lines = ["---", *(f"{key}: {value}".rstrip() for key, value in fields.items())]
        lines += head_meta_lines(self)
        lines += [f"publishedAt: {self.published.isoformat()}", f"toc: {str(self.toc).lower()}", "---"]
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        return f"{self.front_matter()}\n{self.body}"

    def write(self, dest: Path) -> Path:
        path = Path(dest) / self.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(), encoding="utf-8")
        return path

    def replace(self, **changes) -> Article:
        return dataclasses.replace(self, **changes)


# A plain YAML scalar that would not read back as this string: quote it.  The fixed
# word list never needs it, so --text phrases writes the same bytes as before.
YAML_NOT_PLAIN = re.compile(
    r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |:$| #|\s$|^(?:true|false|yes|no|on|off|null|~|[-+.\d][-+.\d:eE_]*)$""",
    re.IGNORECASE,
)


def yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if value and YAML_NOT_PLAIN.search(value) else value


def category_fields(category: str | tuple[str, str]) -> dict[str, str]:
    if isinstance(category, tuple):
        return {"category1": category[0], "category2": category[1]}
    return {"category": category}


def head_meta_lines(article: Article) -> list[str]:
    keywords = article.category if isinstance(article.category, str) else article.category[1]
    meta = [
        ("keywords", keywords),
        ("robots", ""),
        ("author", article.author),
        ("copyright", f"© {article.published.year} 青松里社區網站"),
        ("og:title", OG_TITLES[article.number % len(OG_TITLES)]),
    ]
    lines = ["", "head:", "  meta:"]
    for name, content in meta:
        lines += [f'    - name: "{name}"', f'      content: "{content}"']
    return lines


def article_rng(seed: int, number: int) -> random.Random:
    return random.Random(f"{seed}:{number}")


def choose_section(rng: random.Random) -> str:
    folders = list(SECTIONS)
    return rng.choices(folders, weights=[SECTIONS[f][1] for f in folders])[0]


def make_article(seed: int, number: int, section: str | None = None, category=None,
                 published: datetime.date | None = None, text: Text | None = None) -> Article:  # fmt: skip
    """Article *number* for *seed*; section, category and date may be imposed.

    *text* is the source of the words (the fixed word list by default).  The
    rest (section, category, sequence, date, author, …) is the same whatever
    the text: the word list's article is made first, from the article's own
    stream as always, and another text replaces its title, description and
    body with words drawn from a second stream.  So the three texts give the
    same site with other words, and an incremental change touches the same
    pages in each."""
    rng = article_rng(seed, number)
    section = section or choose_section(rng)
    category = category or rng.choice(SECTION_CATEGORIES[section])
    place = rng.choice(PLACES)
    title = PHRASES.title(rng, place)
    article = Article(
        number=number,
        section=section,
        title=title,
        description=PHRASES.description(rng) if rng.random() < 0.7 else "",
        image=cover_path(section, rng.randrange(len(COVER_COLOURS))),
        sequence=sequence_text(section, rng.randint(1, 99)),
        category=category,
        author=rng.choice([f"{place}辦公處", rng.choice(SUBJECTS), "社區網站編輯群"]),
        link=f"https://example.org/news/{number}" if rng.random() < 0.6 else "",
        published=published or random_date(rng),
        toc=rng.random() < 0.9,
        extra=extra_keys(rng, section, place),
        body=body(rng, title, number, PHRASES),
    )
    if text is None or text is PHRASES:
        return article
    words = random.Random(f"{seed}:{number}:{text.name}")
    title = text.title(words, place)
    description = text.description(words) if article.description else ""
    return article.replace(title=title, description=description, body=body(words, title, number, text))


def sequence_text(section: str, value: int) -> str:
    """Like the corpus: ``030`` in most sections, ``4030`` for announcements.
    Values 1..99 give ties within a category once it has a few articles."""
    return str(4000 + value) if section == "community/announcement" else f"{value:03d}"


def random_date(rng: random.Random) -> datetime.date:
    return FIRST_DATE + datetime.timedelta(days=rng.randint(0, (LAST_DATE - FIRST_DATE).days))


def extra_keys(rng: random.Random, section: str, place: str) -> dict[str, str]:
    extra = {}
    if section == "resident":
        extra["place"] = place
    if rng.random() < 0.3:
        extra["status"] = rng.choice(STATUSES)
    if rng.random() < 0.15:
        extra["budget"] = f"{rng.randint(10, 900) * 10} 萬元"
    return extra


def cover_path(section: str, index: int) -> str:
    return f"/images/{section.split('/')[-1]}/cover-{index + 1}.png"


# -- body text -----------------------------------------------------------------


def paragraph(rng: random.Random, text: Text) -> str:
    return "".join(text.sentence(rng) for _ in range(rng.randint(2, 5)))


def bullet_list(rng: random.Random, text: Text) -> str:
    return "\n".join([f"- {text.list_item(rng)}" for _ in range(rng.randint(3, 5))])


def links(rng: random.Random, number: int, text: Text) -> str:
    markdown = f"[{text.link_text(rng)}](https://example.org/info/{number})"
    raw = f'<a href="https://example.com/docs/{number}.html">{text.raw_link_text(rng)}</a>'
    return f"詳情請見{markdown}，或參考 {raw}。"


def body(rng: random.Random, title: str, number: int, text: Text) -> str:
    """Title heading, then sections of paragraphs until 600-1500 characters."""
    target = rng.randint(600, 1500) - 100  # the last block overshoots
    blocks = [f"## {title}", paragraph(rng, text), bullet_list(rng, text), links(rng, number, text)]
    while sum(map(len, blocks)) < target:
        blocks += [f"## {text.heading(rng)}", paragraph(rng, text)]
        if rng.random() < 0.5:
            blocks += [f"### {text.subheading(rng)}", paragraph(rng, text)]
    return "\n\n".join(blocks) + "\n"


class Text:
    """Where the words come from.  Every method draws from the article's own *rng*."""

    name = "text"

    def title(self, rng: random.Random, place: str) -> str:
        raise NotImplementedError

    def sentence(self, rng: random.Random) -> str:
        raise NotImplementedError

    def fragment(self, rng: random.Random) -> str:
        """A short run of words: a list item, a heading, a link's text."""
        raise NotImplementedError

    def description(self, rng: random.Random) -> str:
        return self.sentence(rng)

    def list_item(self, rng: random.Random) -> str:
        return self.fragment(rng)

    def heading(self, rng: random.Random) -> str:
        return self.fragment(rng)

    def subheading(self, rng: random.Random) -> str:
        return self.fragment(rng)

    def link_text(self, rng: random.Random) -> str:
        return self.fragment(rng)

    def raw_link_text(self, rng: random.Random) -> str:
        return self.fragment(rng)


class Phrases(Text):
    """The fixed word list: few distinct words (a lower bound on distinct search terms).
    Draws exactly as the generator always has, so old seeds give the same files."""

    name = "phrases"

    def title(self, rng: random.Random, place: str) -> str:
        verb, thing = rng.choice(VERBS), rng.choice(OBJECTS)
        return f"{place}{verb}{thing}{rng.choice(TITLE_ENDINGS)}"

    def sentence(self, rng: random.Random) -> str:
        lead = f"{rng.choice(CONNECTORS)}，" if rng.random() < 0.5 else ""
        when = rng.choice(TIMES) if rng.random() < 0.4 else ""
        return (
            f"{lead}{rng.choice(PLACES)}{rng.choice(SUBJECTS)}{when}{rng.choice(VERBS)}"
            f"{rng.choice(OBJECTS)}，{rng.choice(TAILS)}。"
        )

    def fragment(self, rng: random.Random) -> str:
        return f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"

    def list_item(self, rng: random.Random) -> str:
        return f"{rng.choice(TIMES)}：{rng.choice(VERBS)}{rng.choice(OBJECTS)}"

    def heading(self, rng: random.Random) -> str:
        return f"{rng.choice(OBJECTS)}{rng.choice(HEADING_ENDINGS)}"

    def subheading(self, rng: random.Random) -> str:
        return rng.choice(SUBHEADINGS)

    def link_text(self, rng: random.Random) -> str:
        return f"{rng.choice(OBJECTS)}相關資訊"

    def raw_link_text(self, rng: random.Random) -> str:
        return f"{rng.choice(SUBJECTS)}公告全文"


HAN_FIRST, HAN_LAST = 0x4E00, 0x9FFF  # CJK Unified Ideographs
HAN_WORD_LENGTHS = (1, 2, 2, 2, 2, 3, 3, 4)  # Chinese words are mostly two characters
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")


@functools.cache
def jieba_words() -> tuple[str, ...]:
    """The Han words of 2-4 characters in jieba's dictionary (rjieba, the search's
    splitter, has the same one), sorted; empty if the ``jieba`` package is missing."""
    spec = importlib.util.find_spec("jieba")
    dictionary = Path(spec.origin).parent / "dict.txt" if spec and spec.origin else None
    if not dictionary or not dictionary.is_file():
        return ()
    lines = dictionary.read_text(encoding="utf-8").splitlines()
    return tuple(sorted({word for word in (line.split(" ", 1)[0] for line in lines) if HAN_WORD.fullmatch(word)}))


class Han(Text):
    """Random Han words with punctuation: almost every word is new, an upper bound
    on distinct search terms (the stress case).

    The words are drawn uniformly from jieba's dictionary (330,000 words): the
    search's splitter keeps each as a term.  Random characters would not do: the
    splitter cuts unknown characters one by one, and Sphinx indexes no
    one-character term, so uniform U+4E00-U+9FFF text gives fewer terms than the
    corpus.  Without the ``jieba`` package (a test dependency) that is the fallback."""

    name = "han"

    def __init__(self) -> None:
        self.dictionary = jieba_words()
        self.source = "jieba dictionary words" if self.dictionary else "random characters (jieba not installed)"

    def word(self, rng: random.Random) -> str:
        if self.dictionary:
            return rng.choice(self.dictionary)
        return "".join(chr(rng.randint(HAN_FIRST, HAN_LAST)) for _ in range(rng.choice(HAN_WORD_LENGTHS)))

    def words(self, rng: random.Random, low: int, high: int) -> str:
        return "".join(self.word(rng) for _ in range(rng.randint(low, high)))

    def title(self, rng: random.Random, place: str) -> str:
        return self.words(rng, 3, 5)

    def sentence(self, rng: random.Random) -> str:
        clauses = [self.words(rng, 2, 6) for _ in range(rng.randint(1, 3))]
        return "，".join(clauses) + rng.choice("。。。！？")

    def fragment(self, rng: random.Random) -> str:
        return self.words(rng, 2, 4)


SENTENCE_END = re.compile(r"(?<=[。！？])")
CLAUSE_END = re.compile(r"[，,、；;：:]\s*|\s{2,}")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
PUNCTUATION_AT_END = "。！？；：，、.!?;:,"
# Lines that are not prose: images, HTML, tables, MDC components, fences, front matter fences.
NOT_PROSE = re.compile(r"^\s*(?:!\[|<|\||:|`{3,}|~{3,}|---)")
LINKS_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?(?:\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?[\s,，、。;；]*)+$")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
BLOCK_MARKER = re.compile(r"^\s*(?:[-*+>]\s+|#+\s*|\d+[.)]\s+)+")
INLINE_NOISE = [
    (re.compile(r"<[^>]*>"), ""),  # HTML tags (their text stays)
    (re.compile(r"\{[^}]*\}"), ""),  # MDC / attrs_inline attributes
    (re.compile(r"https?://\S+|www\.\S+"), ""),
    (re.compile(r"&[A-Za-z#0-9]+;"), " "),
    (re.compile(r"(?:^|(?<=[\s(]))(:+)(?=[A-Za-z])"), ""),  # would start an MDC inline component
    (re.compile(r"[*_`~\[\]{}<>|\\#$]"), ""),
    (re.compile(r"\s+"), " "),
]
FRAGMENT_LENGTH = (4, 30)  # characters of a title, heading or list item taken from a sentence


def prose_lines(markdown: str) -> list[str]:
    """The body's lines of prose: front matter, images, HTML, tables, fenced code,
    MDC component lines and lines of links only are left out."""
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":
        ends = [i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"]
        lines = lines[ends[0] + 1 :] if ends else []
    prose, fenced = [], False
    for line in lines:
        if re.match(r"\s*(`{3,}|~{3,})", line):
            fenced = not fenced
            continue
        if fenced or NOT_PROSE.match(line) or LINKS_ONLY.match(line):
            continue
        prose.append(line)
    return prose


def clean(text: str) -> str:
    """Plain text: links become their text, markup and block markers go."""
    text = LINK.sub(r"\1", text)
    for pattern, replacement in INLINE_NOISE:
        text = pattern.sub(replacement, text)
    return BLOCK_MARKER.sub("", text).strip()


@functools.cache
def corpus_pools(folder: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(sentences, fragments) of the Markdown articles under *folder*, in a fixed order."""
    if not folder.is_dir():
        raise CorpusMissingError(
            f"--text corpus: no corpus folder at {folder} (give one with --corpus DIR, or use --text phrases or han)"
        )
    sentences: dict[str, None] = {}  # an ordered set
    for path in sorted(folder.rglob("*.md")):
        for line in prose_lines(path.read_text(encoding="utf-8", errors="replace")):
            for piece in SENTENCE_END.split(clean(line)):
                piece = clean(piece)  # a block marker may start a sentence, not only a line
                if len(HAN.findall(piece)) >= 2:
                    sentences[piece if piece[-1] in PUNCTUATION_AT_END else piece + "。"] = None
    fragments: dict[str, None] = {}
    low, high = FRAGMENT_LENGTH
    for sentence in sentences:
        for clause in CLAUSE_END.split(sentence):
            clause = clean(clause.strip().rstrip(PUNCTUATION_AT_END)).strip("\"' ")
            if low <= len(clause) <= high and len(HAN.findall(clause)) >= 2:
                fragments[clause] = None
    if not sentences or not fragments:
        raise CorpusMissingError(f"--text corpus: no Chinese sentences in the Markdown files under {folder}")
    return tuple(sentences), tuple(fragments)


class CorpusMissingError(Exception):
    pass


class Corpus(Text):
    """Sentences of the real articles, reshuffled: realistic words and their frequencies."""

    name = "corpus"

    def __init__(self, folder: Path) -> None:
        self.sentences, self.fragments = corpus_pools(Path(folder).resolve())

    def title(self, rng: random.Random, place: str) -> str:
        return rng.choice(self.fragments)

    def sentence(self, rng: random.Random) -> str:
        return rng.choice(self.sentences)

    def fragment(self, rng: random.Random) -> str:
        return rng.choice(self.fragments)

    def description(self, rng: random.Random) -> str:
        return rng.choice(self.fragments)


PHRASES = Phrases()


def main_checkout(repo: Path = REPO) -> Path:
    """The main checkout of *repo*: itself, or for a ``git worktree`` the checkout it was added from."""
    git = repo / ".git"
    try:
        gitdir = Path(git.read_text(encoding="utf-8").removeprefix("gitdir:").strip()) if git.is_file() else None
        common = (gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()).resolve() if gitdir else None
    except OSError:
        return repo
    return common.parent if common and common.name == ".git" else repo


def default_corpus() -> Path:
    """``../shared/corpus`` beside the repository (for a worktree, also beside its main checkout)."""
    candidates = [REPO.parent / CORPUS_BESIDE_REPO, main_checkout().parent / CORPUS_BESIDE_REPO]
    return next((folder for folder in candidates if folder.is_dir()), candidates[0])


def text_source(kind: str = "phrases", corpus: Path | None = None) -> Text:
    """The Text for ``--text`` *kind* (``corpus`` reads *corpus*, by default ../shared/corpus)."""
    if kind == "phrases":
        return PHRASES
    if kind == "han":
        return Han()
    if kind == "corpus":
        return Corpus(corpus or default_corpus())
    raise ValueError(f"--text takes one of {', '.join(TEXTS)}, not {kind!r}")


# -- images --------------------------------------------------------------------


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real RGB PNG with a simple horizontal gradient."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(channel * (x + width) // (2 * width) for x in range(width) for channel in rgb)
    raw = b"".join(b"\x00" + row for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def write_covers(dest: Path) -> None:
    for section in SECTIONS:
        for index, colour in enumerate(COVER_COLOURS):
            path = dest / cover_path(section, index).lstrip("/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png_bytes(*COVER_SIZE, colour))


# -- entry points --------------------------------------------------------------


def generate(n: int, dest, seed: int = 0, text: str | Text = "phrases", corpus: Path | None = None) -> list[Article]:
    """Write articles 1..n and the cover images into *dest*; return the articles.
    *text* is ``phrases``, ``han`` or ``corpus`` (read from *corpus*), or a Text."""
    dest = Path(dest)
    source = text if isinstance(text, Text) else text_source(text, corpus)
    write_covers(dest)
    articles = [make_article(seed, number, text=source) for number in range(1, n + 1)]
    for article in articles:
        article.write(dest)
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("dest", help="content folder to write into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--text",
        choices=TEXTS,
        default="phrases",
        help="the words: a fixed word list (phrases), real sentences (corpus), random Han (han)",
    )
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"the real articles for --text corpus (default {default_corpus()})")  # fmt: skip
    args = parser.parse_args()
    try:
        articles = generate(args.n, args.dest, args.seed, args.text, args.corpus)
    except CorpusMissingError as error:
        sys.exit(f"generate.py: {error}")
    print(f"wrote {len(articles)} articles ({args.text}) to {args.dest}")


if __name__ == "__main__":
    main()
