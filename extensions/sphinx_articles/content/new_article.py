"""A new article: the next file of a section folder, its front matter filled in.

``python -m sphinx_articles new SECTION TITLE`` (see ``__main__``) asks
``plan`` what to write and ``write`` writes it.  What the folder's existing
articles say decides the rest, as ``hugo new`` or ``ablog post`` would:

- the file name follows the folder's ids (``t030.md`` → ``t031.md``);
- ``sequence`` is the category's highest plus one, in the folder's width;
- ``author`` and ``category`` are the folder's most common ones;
- ``publishedAt`` is today, ``toc`` is true, the other fields are empty.

Every value goes into the YAML through ``yaml.safe_dump`` and the written
text is read back with ``article.read`` before anything is written, so a
title with quotes, ``#``, ``:``, line breaks or ``</script>`` reads back as
given.  Nothing here imports Sphinx.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

import yaml

from . import frontmatter, names
from .article import LABEL_LIMIT, TITLE_LIMIT, Article, label_key, normalise_label, read
from .frontmatter import without_unwritable

ID = re.compile(r"^(?P<prefix>[A-Za-z]*)(?P<number>[0-9]+)$")
DIGITS = re.compile(r"^[0-9]+$")
DEFAULT_WIDTH = 3  # 001: the width of the ids and sequences of every folder seen so far
# Written in double quotes (escaped, one line): characters YAML or an editor
# may take as a line end.
LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")

T = TypeVar("T")


class NewArticleError(Exception):
    """A request that cannot be carried out; the message says why."""


@dataclass
class Existing:
    """What one article already in the folder tells about the next."""

    stem: str
    article: Article
    sequence_text: str  # ``sequence`` as written (``030``), "" when missing


@dataclass
class NewArticle:
    """The file to write and how each of its values was chosen."""

    path: Path
    docname: str  # the page name in the content folder (``news/n006``)
    title: str
    category: tuple[str, ...]
    sequence: int
    sequence_text: str
    author: str
    published: dt.date
    text: str
    notes: list[str] = field(default_factory=list)  # one line per choice, for the editor
    new_folder: bool = False


def plan(
    source: Path,
    section: str,
    title: str,
    *,
    category: str | None = None,
    category2: str | None = None,
    name: str | None = None,
    today: dt.date | None = None,
) -> NewArticle:
    """Decide the file and its front matter; nothing is written.

    *source* is the content folder, *section* a folder in it (``news``,
    ``notices/board``).  *name* overrides the file name (without ``.md``).
    """
    today = today or dt.date.today()
    title = clean_title(title)
    parts = section_parts(section)
    if not source.is_dir():
        raise NewArticleError(f"the content folder {str(source)!r} does not exist")
    folder = source.joinpath(*parts)
    if not _inside(folder, source):
        raise NewArticleError(f"the section {section!r} leads outside the content folder {str(source)!r}")
    if folder.exists() and not folder.is_dir():
        raise NewArticleError(f"{str(folder)!r} is a file, not a section folder")
    existing = read_folder(folder, "/".join(parts))

    stem = clean_name(name) if name is not None else next_id([e.stem for e in existing], parts[-1])
    notes = []
    if category is not None:
        labels = clean_category(category, category2)
        known = {_category_key(e.article.category) for e in existing}
        new = "" if _category_key(labels) in known else "; no article in the folder has it yet"
        notes.append(f"category:    {' / '.join(labels)} (given{new})")
    elif category2 is not None:
        raise NewArticleError("--category2 needs --category (the first level)")
    else:
        labels, count = most_common_category(existing)
        if labels:
            shown = " / ".join(labels)
            notes.append(
                f"category:    {shown} (the folder's most common: {count} of {len(existing)} articles;"
                " --category to choose another)"
            )
        else:
            notes.append("category:    (none in the folder: fill it in, else the article is filed under 未分類)")

    sequence, width = next_sequence(existing, labels)
    sequence_text = str(sequence).zfill(width)
    author, author_count = most_common(e.article.author for e in existing if e.article.author)
    author = author or ""
    if author:
        notes.append(f"author:      {author} (the folder's most common: {author_count} of {len(existing)} articles)")
    else:
        notes.append("author:      (none in the folder: fill it in)")
    if sequence > 1:
        notes.insert(
            0, f"sequence:    {sequence_text} (after {str(sequence - 1).zfill(width)}, the highest in its category)"
        )
    else:
        notes.insert(0, f"sequence:    {sequence_text} (none in its category yet)")
    notes.append(f"publishedAt: {today.isoformat()} (today)")

    docname = "/".join([*parts, stem])
    text = front_matter(title, labels, sequence_text, author, today)
    check_reads_back(text, docname, title, labels, sequence, author, today)
    path = folder / f"{stem}.md"
    return NewArticle(
        path, docname, title, labels, sequence, sequence_text, author, today, text, notes, not folder.exists()
    )


def write(new: NewArticle) -> None:
    """Create the file; never replace one (the check and the creation are one step)."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with new.path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(new.text)
    except FileExistsError:
        raise NewArticleError(f"{str(new.path)!r} already exists; nothing was written") from None


# -- what the editor gave ------------------------------------------------------


def clean_title(title: str) -> str:
    """The title as the site will read it: characters no output can hold
    removed, trimmed; refused when empty or longer than the site shows."""
    cleaned = without_unwritable(title).strip()
    if not cleaned:
        raise NewArticleError("the title is empty")
    if len(cleaned) > TITLE_LIMIT:
        raise NewArticleError(
            f"the title is {len(cleaned):,} characters long; the site shows at most {TITLE_LIMIT} (a paste gone wrong?)"
        )
    return cleaned


def clean_category(category: str, category2: str | None) -> tuple[str, ...]:
    levels = [category] if category2 is None else [category, category2]
    labels = tuple(normalise_label(without_unwritable(level)) for level in levels)
    if not all(labels):
        raise NewArticleError("the category is empty")
    if any(len(label) > LABEL_LIMIT for label in labels):
        raise NewArticleError(f"a category label is longer than {LABEL_LIMIT} characters")
    return labels


def section_parts(section: str) -> list[str]:
    """The folders of *section*, refused when it could lead anywhere but
    into the content folder or holds characters that break links."""
    if not section.strip():
        raise NewArticleError("the section is empty; give a folder such as 'news'")
    if section.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", section):
        raise NewArticleError(f"the section {section!r} is an absolute path; give a folder inside the content folder")
    parts = [part for part in PurePosixPath(section).parts if part != "."]
    if ".." in parts:
        raise NewArticleError(f"the section {section!r} leads outside the content folder ('..')")
    if not parts:
        raise NewArticleError(f"the section {section!r} is the content folder itself; give a folder such as 'news'")
    for part in parts:
        _check_name(part, f"the section {section!r}")
    return parts


def clean_name(name: str) -> str:
    stem = name.removesuffix(".md")
    if "/" in stem or stem in ("", ".", ".."):
        raise NewArticleError(f"the file name {name!r} must be a plain name such as 'n006'")
    _check_name(stem, f"the file name {name!r}")
    if stem == "index":
        raise NewArticleError("'index' is the section's own page, not an article")
    return stem


def _check_name(part: str, what: str) -> None:
    if part.startswith((".", "_")):
        raise NewArticleError(f"{what}: names starting with '.' or '_' are hidden or Sphinx's own")
    if names.UNSAFE_IN_FILE_NAME.search(part) or frontmatter.UNWRITABLE.search(part):
        raise NewArticleError(
            f"{what} has characters that break links and scripts; use {names.renamed(without_unwritable(part))!r}"
        )
    if len(part.encode("utf-8")) > names.MAX_NAME_BYTES:
        raise NewArticleError(f"{what} is longer than {names.MAX_NAME_BYTES} bytes")


def _inside(folder: Path, source: Path) -> bool:
    """Symbolic links included: the folder, once resolved, is in *source*."""
    return folder.resolve().is_relative_to(source.resolve())


# -- what the folder says ----------------------------------------------------


def read_folder(folder: Path, section: str) -> list[Existing]:
    """The articles directly in *folder* (``index.md`` aside), by file name."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.md")):
        if path.stem == "index" or path.name.startswith(".") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        raw = frontmatter.split(text).data.get("sequence")
        sequence_text = raw.strip() if isinstance(raw, str) else ""
        found.append(Existing(path.stem, read(f"{section}/{path.stem}", text, None), sequence_text))
    return found


def next_id(stems: Sequence[str], folder_name: str) -> str:
    """The file name after the folder's highest: the most common letter
    prefix, its highest number plus one, as many digits as its ids have.

    ``t030`` → ``t031``; ``a4001`` → ``a4002``; ``005`` → ``006``.  A folder
    without such names starts at 001 after the first ASCII letter of its
    name (``news`` → ``n001``; ``公告`` → ``001``).
    """
    ids = [(m["prefix"], m["number"]) for stem in stems if (m := ID.match(stem))]
    if not ids:
        letter = next((char for char in folder_name if char.isascii() and char.isalpha()), "")
        return f"{letter.lower()}{'1'.zfill(DEFAULT_WIDTH)}"
    prefix, _count = most_common(p for p, _ in ids)
    numbers = [number for p, number in ids if p == prefix]
    width, _count = most_common(sorted(len(number) for number in numbers))
    return f"{prefix or ''}{str(max(int(number) for number in numbers) + 1).zfill(width or DEFAULT_WIDTH)}"


def most_common_category(existing: Sequence[Existing]) -> tuple[tuple[str, ...], int]:
    """The folder's most common category (one or two levels) as most often
    written, and how many articles have it."""
    keys = [_category_key(e.article.category) for e in existing if e.article.category]
    key, count = most_common(keys)
    if not key:
        return (), 0
    labels, _ = most_common(e.article.category for e in existing if _category_key(e.article.category) == key)
    return labels or (), count


def next_sequence(existing: Sequence[Existing], labels: tuple[str, ...]) -> tuple[int, int]:
    """The category's highest ``sequence`` plus one (1 for a new category),
    and the width the folder writes sequences in (``030``: 3)."""
    key = _category_key(labels)
    in_category = [e.article.sequence for e in existing if _category_key(e.article.category) == key]
    highest = max((s for s in in_category if s is not None), default=0)
    widths = sorted(len(e.sequence_text) for e in existing if DIGITS.match(e.sequence_text))
    width, _count = most_common(widths)
    return highest + 1, width or DEFAULT_WIDTH


def _category_key(labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(label_key(label) for label in labels)


def most_common(values: Iterable[T]) -> tuple[T | None, int]:
    """The most frequent value and its count; a tie goes to the one seen
    last (the newest file, the widest width).  (None, 0) when empty."""
    counts: Counter[T] = Counter()
    last: dict[T, int] = {}
    for index, value in enumerate(values):
        counts[value] += 1
        last[value] = index
    if not counts:
        return None, 0
    best = max(counts, key=lambda value: (counts[value], last[value]))
    return best, counts[best]


# -- the file ----------------------------------------------------------------


def front_matter(title: str, labels: tuple[str, ...], sequence: str, author: str, today: dt.date) -> str:
    """The new file's text, fields in the order editors write them.

    Values come from editors (title, category) or from other files
    (author), so each is written by ``yaml.safe_dump``; only ``sequence``
    and the date, made here of digits, are written as they are (plain
    ``030`` as editors write it: the site reads it as 30).
    """
    if len(labels) == 2:
        category = _field("category1", labels[0]) + _field("category2", labels[1])
    else:
        category = _field("category", labels[0] if labels else None)
    lines = [
        "---",
        _field("title", title).rstrip("\n"),
        "description:",
        "image:",
        f"sequence: {sequence}",
        category.rstrip("\n"),
        _field("author", author or None).rstrip("\n"),
        "link:",
        "head:",
        "  meta:",
        '    - name: "keywords"',
        '      content: ""',
        f"publishedAt: {today.isoformat()}",
        "toc: true",
        "---",
        "",
        "",
    ]
    return "\n".join(lines)


def _field(key: str, value: str | None) -> str:
    """``key: value`` as YAML that reads back as *value* (``key:`` for none)."""
    if value is None:
        return f"{key}:\n"
    style = '"' if LINE_BREAK.search(value) else None
    dumped: str = yaml.safe_dump({key: value}, allow_unicode=True, default_style=style, width=2**31, sort_keys=False)
    if style:  # the key is quoted too: unquote it, as editors write keys
        dumped = dumped.replace(f'"{key}":', f"{key}:", 1)
    return dumped


def check_reads_back(
    text: str,
    docname: str,
    title: str,
    labels: tuple[str, ...],
    sequence: int,
    author: str,
    today: dt.date,
) -> None:
    """Read *text* as the site will; a difference is a bug here, never written."""
    article = read(docname, text, None)
    got = (article.title, article.category, article.sequence, article.author, article.published, article.toc)
    wanted = (title, labels, sequence, author, today, True)
    if got != wanted or article.problems:
        problems = "; ".join(problem.message for problem in article.problems)
        raise RuntimeError(f"the new front matter reads back as {got!r}, not {wanted!r} {problems}")
