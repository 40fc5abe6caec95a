"""The words the site writes itself, per language: bylines, listings, facts,
the generated pages' titles (``articles_labels``).

Sphinx's ``language`` picks the set: Traditional Chinese (``zh_TW``, also
``zh_HK``, ``zh_Hant``…), Simplified Chinese (``zh_CN``, ``zh``, ``zh_SG``,
``zh_Hans``…), Japanese (``ja``) and English for every other language.  A
site's ``articles_labels`` replaces single words of the set.

``year`` and ``month`` are templates: ``{year}``, ``{month}`` (a number)
and ``{month_name}`` (the English name) are filled in.  ``colon`` ends a
label (作者：, Author: ), ``list_separator`` joins the items of a fact
(``people: [a, b]``), ``count`` follows a link to a listing page (``{count}``:
its number of articles).
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "zh_TW": {
        "author": "作者",
        "date": "日期",
        "category": "類別",
        "categories": "類別",
        "latest": "最新文章",
        "related": "相關文章",
        "link": "原文連結",
        "tags": "標籤",
        "archive": "文章彙整",
        "year": "{year} 年",
        "month": "{year} 年 {month} 月",
        "undated": "未註明日期",
        "all_authors": "所有作者",
        "all_tags": "所有標籤",
        "feed": "訂閱（Atom）",
        "uncategorized": "未分類",
        "audio": "音訊",
        "video": "影片",
        "yes": "是",
        "no": "否",
        "colon": "：",
        "list_separator": "、",
        "pair_separator": "；",
        "count": "（{count}）",
    },
    "zh_CN": {
        "author": "作者",
        "date": "日期",
        "category": "分类",
        "categories": "分类",
        "latest": "最新文章",
        "related": "相关文章",
        "link": "原文链接",
        "tags": "标签",
        "archive": "文章归档",
        "year": "{year} 年",
        "month": "{year} 年 {month} 月",
        "undated": "未注明日期",
        "all_authors": "全部作者",
        "all_tags": "全部标签",
        "feed": "订阅（Atom）",
        "uncategorized": "未分类",
        "audio": "音频",
        "video": "视频",
        "yes": "是",
        "no": "否",
        "colon": "：",
        "list_separator": "、",
        "pair_separator": "；",
        "count": "（{count}）",
    },
    "ja": {
        "author": "著者",
        "date": "日付",
        "category": "カテゴリ",
        "categories": "カテゴリ",
        "latest": "新着記事",
        "related": "関連記事",
        "link": "元記事",
        "tags": "タグ",
        "archive": "アーカイブ",
        "year": "{year}年",
        "month": "{year}年{month}月",
        "undated": "日付なし",
        "all_authors": "著者一覧",
        "all_tags": "タグ一覧",
        "feed": "フィードを購読（Atom）",
        "uncategorized": "未分類",
        "audio": "音声",
        "video": "動画",
        "yes": "はい",
        "no": "いいえ",
        "colon": "：",
        "list_separator": "、",
        "pair_separator": "／",
        "count": "（{count}）",
    },
    "en": {
        "author": "Author",
        "date": "Date",
        "category": "Category",
        "categories": "Categories",
        "latest": "Latest articles",
        "related": "Related articles",
        "link": "Original article",
        "tags": "Tags",
        "archive": "Archive",
        "year": "{year}",
        "month": "{month_name} {year}",
        "undated": "Undated",
        "all_authors": "All authors",
        "all_tags": "All tags",
        "feed": "Subscribe (Atom)",
        "uncategorized": "Uncategorized",
        "audio": "Audio",
        "video": "Video",
        "yes": "yes",
        "no": "no",
        "colon": ": ",
        "list_separator": ", ",
        "pair_separator": "; ",
        "count": " ({count})",
    },
}
MONTH_NAMES = "January February March April May June July August September October November December".split()
TRADITIONAL = ("zh_tw", "zh_hk", "zh_mo", "zh_hant")


def label_set(language: str | None) -> str:
    """The key of LABELS for Sphinx's *language* (``ja_JP`` → ``ja``)."""
    code = (language or "en").replace("-", "_").lower()
    if code.startswith(TRADITIONAL) or code == "yue":
        return "zh_TW"
    if code == "zh" or code.startswith("zh_"):
        return "zh_CN"
    if code == "ja" or code.startswith("ja_"):
        return "ja"
    return "en"


def labels_for(language: str | None) -> dict[str, str]:
    return dict(LABELS[label_set(language)])


def fill_month(template: str, year: int, month: int) -> str:
    """A ``month`` title: ``{year}``, ``{month}`` and ``{month_name}`` filled in."""
    name = MONTH_NAMES[month - 1] if 1 <= month <= 12 else str(month)
    return template.replace("{month_name}", name).replace("{year}", str(year)).replace("{month}", str(month))
