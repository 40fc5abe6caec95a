"""One article's front matter, checked and normalised into an ``Article``."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import frontmatter, names
from .frontmatter import Problem, without_unwritable

PUBLISHED_KEYS = ("publishedAt", "date")  # the first valid one is the publication date
UPDATED_KEYS = ("updatedAt", "updated", "modifiedAt")  # the first valid one: the modification date
IMAGE_KEYS = ("image", "cover", "img")  # the first one given is the article's images
KNOWN_KEYS = {
    "title", "description", "sequence", "category", "category1", "category2",
    "author", "authors", "link", "head", "toc", "tags", "draft", "redirect_from",
    "ogImage", *PUBLISHED_KEYS, *UPDATED_KEYS, *IMAGE_KEYS,
}  # fmt: skip
# Keys Nuxt (Content, UI, SEO, Docus) and the templates of the Nuxt sites read
# for rendering and navigation: understood, kept as page metadata, never
# shown as facts.  A dotted key (``navigation.title``) counts as its first part.
NUXT_KEYS = {
    "layout", "template", "navigation", "head", "surround", "seo", "sitemap",
    "badge", "icon", "links", "menu", "aside", "fullscreen", "prose", "main",
    "back", "sortBy", "robots", "schemaOrg", "hero", "heroTitle", "heroDescription",
    "heroDescriptionFullWidth", "blogPostList", "videoScript", "componentImg",
    "nitroPreset", "NuxtPreset", "sponsor",
}  # fmt: skip
# Words of a key name (camelCase, ``_``, ``-``) that make it presentation,
# not a fact: ``logoSrc``, ``imgUrl``, ``bgClass``, ``color``, ``avatar``.
PRESENTATION_WORDS = {
    "img", "image", "images", "logo", "icon", "avatar", "src", "class", "color",
    "colors", "colour", "poster", "thumbnail", "thumb", "bg",
}  # fmt: skip
KEY_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
IMAGE_EXTENSION = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico|tiff?)$", re.IGNORECASE)
# An image address standing on its own in a comma-separated list: a URL, a
# site-absolute or ./ ../ path, or a bare file name with an image extension.
OWN_IMAGE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|/|\./|\.\./)", re.IGNORECASE)
AVATAR_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
TWITTER_HANDLE = re.compile(r"^@?(\w{1,15})$")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
CODE_FENCE = re.compile(r"^ {0,3}(```|~~~)")
SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)
# Longest title and label (author, category) shown as written.  Headlines are
# short; a longer value is a paste gone wrong, and a long run without a line
# break opportunity (10,000 quotation marks) stalls Chromium's layout of every
# page that lists it, sidebar included.
TITLE_LIMIT = 200
LABEL_LIMIT = 100
SHOWN_LIMIT = 60  # how much of a bad value a warning quotes


@dataclass(frozen=True)
class Author:
    """One author of an article, as a byline shows them."""

    name: str
    url: str = ""  # an http(s) URL of the author's own page, or ""
    avatar: str = ""  # an image path or http(s) URL, as written, or ""


@dataclass
class Article:
    """What the site needs to know about one source file (picklable)."""

    docname: str
    title: str
    description: str = ""
    images: list[str] = field(default_factory=list)
    sequence: int | None = None
    category: tuple[str, ...] = ()  # one or two levels, normalised labels
    authors: tuple[Author, ...] = ()  # in the editor's order, no repeats
    link: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)
    published: dt.date | None = None
    published_text: str = ""  # as written, for <lastmod> and display
    updated: dt.date | None = None  # updatedAt (or updated, modifiedAt), never before published
    updated_text: str = ""
    image_alts: dict[str, str] = field(default_factory=dict)  # image -> its own alt text ({src, alt})
    og_image: str = ""  # ogImage, when it is text
    toc: bool | None = None  # None: use the configured default
    tags: tuple[str, ...] = ()  # normalised labels, in the editor's order, no repeats
    draft: bool = False
    redirect_from: list[str] = field(default_factory=list)  # old paths, as written
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def section(self) -> str:
        return posixpath.dirname(self.docname)

    @property
    def cover(self) -> str:
        return self.images[0] if self.images else ""

    @property
    def author(self) -> str:
        """Every author's name, for metadata and one-line uses."""
        return ", ".join(author.name for author in self.authors)

    @property
    def modified(self) -> dt.date | None:
        """The modification date when given, else the publication date."""
        return self.updated or self.published

    @property
    def modified_text(self) -> str:
        return self.updated_text or self.published_text

    @property
    def facts(self) -> dict[str, Any]:
        """The extra keys shown in the facts table (see ``is_fact``)."""
        return {key: value for key, value in self.extra.items() if is_fact(key, value)}

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def shown(value: Any) -> str:
    """*value* as a warning quotes it: its repr, cut when long."""
    text = repr(value)
    if len(text) <= SHOWN_LIMIT:
        return text
    return f"{text[:SHOWN_LIMIT]}… ({len(str(value)):,} characters)"


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def normalise_label(label: str) -> str:
    """Display form of a category label: NFKC, trimmed, inner spaces folded."""
    return " ".join(unicodedata.normalize("NFKC", label).split())


def label_key(label: str) -> str:
    """Identity of a category: labels that differ only in spacing are one."""
    return "".join(normalise_label(label).split()).casefold()


def read(docname: str, text: str, default_category: str | None, path: str = "") -> Article:
    """Build an ``Article`` from a file's text; never raises on bad input.

    *default_category* is None for pages that are not articles (``index.md``).
    *path* is the file's path in the content folder (``docname.md``).
    """
    fm = frontmatter.split(text)
    reader = _FieldReader(fm)
    images, alts = reader.images()
    article = Article(
        docname=docname,
        title=reader.label("title", TITLE_LIMIT),
        description=reader.text("description") or reader.seo_description(),
        images=images,
        image_alts=alts,
        sequence=reader.sequence(),
        category=reader.category(default_category),
        authors=reader.authors(),
        link=reader.link(),
        meta=reader.meta(),
        toc=reader.flag("toc"),
        tags=reader.tags(),
        draft=reader.flag("draft") is True,
        redirect_from=reader.paths("redirect_from"),
        extra=_extra_fields(fm.data),
        og_image=reader.og_image(),
        lines=fm.lines,
        body_start=fm.body_start,
    )
    article.published, article.published_text, _key = reader.first_date(PUBLISHED_KEYS)
    article.updated, article.updated_text = reader.updated(article.published)
    if not article.title:
        article.title = cut(_fallback_title(docname, text, fm.body_start, reader), TITLE_LIMIT)
    problems = fm.problems + reader.problems + file_name_problems(path or f"{docname}.md", docname)
    article.problems = sorted(problems, key=lambda problem: problem.line)
    return article


def file_name_problems(path: str, docname: str) -> list[Problem]:
    """The file's name and folders, when a character in them is unsafe, or
    when the name could not be built as it is (*docname* differs)."""
    problems = []
    if unsafe := names.unsafe_parts(path):
        found = sorted({char for part in unsafe for char in names.UNSAFE_IN_FILE_NAME.findall(part)})
        shown = " ".join(names.describe(char) for char in found)
        message = (
            f"the file name {path!r} has characters that break links and scripts: {shown}; "
            f"rename it to {names.renamed(path)!r}"
        )
        if names.CONTROL.search(path):
            message += f" (a line break or control character cannot be in a URL: published as {docname!r} until then)"
        problems.append(Problem(message, 1, "filename"))
    if names.too_long(posixpath.splitext(path)[0]) and not names.CONTROL.search(path):
        limit = names.MAX_NAME_BYTES
        message = (
            f"the file name is longer than {limit} bytes (without .md), too long to build; published as {docname!r}"
        )
        problems.append(Problem(message, 1, "filename"))
    return problems


def _extra_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Keys the site has no place for, plus a ``link`` that is not a URL."""
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    link = data.get("link")
    if isinstance(link, str) and link.strip() and not SAFE_URL.match(link.strip()):
        extra["link"] = link.strip()
    return extra


def is_fact(key: str, value: Any) -> bool:
    """Whether an extra key is shown in the facts table: a value a reader
    can read (text, a number, true/false, or a list of those), not empty,
    under a key that is neither one Nuxt reads for rendering or navigation
    (``NUXT_KEYS``) nor named for presentation (``PRESENTATION_WORDS``).
    Other values (mappings, lists of mappings) stay page metadata, unshown."""
    if key.split(".", 1)[0] in NUXT_KEYS:
        return False
    if any(word.lower() in PRESENTATION_WORDS for word in KEY_WORD.findall(key)):
        return False
    items = value if isinstance(value, list) else [value]
    shown_items = [item for item in items if item is not None and str(item).strip()]
    return bool(shown_items) and not any(isinstance(item, (list, dict)) for item in items)


def split_images(text: str) -> list[str]:
    """A comma-separated list of images, split only when every part is an
    image address of its own (a Cloudinary URL's ``c_fill,w_800`` is one)."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 1 and all(part and _is_own_image(part) for part in parts):
        return parts
    return [text.strip()] if text.strip() else []


def _is_own_image(part: str) -> bool:
    return bool(OWN_IMAGE.match(part)) or ("/" not in part and bool(IMAGE_EXTENSION.search(part.split("?")[0])))


def _fallback_title(docname: str, text: str, body_start: int, reader: _FieldReader) -> str:
    heading = first_heading(text.replace("\r\n", "\n").split("\n")[body_start:])
    if heading:
        reader.warn("title", "no 'title' in front matter; using the first heading")
        return without_unwritable(heading)
    reader.warn("title", "no 'title' in front matter and no heading; using the file name")
    return without_unwritable(posixpath.basename(docname)) or "-"


def first_heading(lines: list[str]) -> str:
    in_code = False
    for line in lines:
        if CODE_FENCE.match(line):
            in_code = not in_code
        elif not in_code and (match := HEADING.match(line)):
            return match.group(2).strip()
    return ""


def _scalar_text(value: Any) -> str:
    """A text, number or date value as stripped text; "" for anything else."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return ""


class _FieldReader:
    """Typed access to front-matter values, collecting a problem per bad one."""

    def __init__(self, fm: frontmatter.FrontMatter) -> None:
        self.data = fm.data
        self.lines = fm.lines
        self.problems: list[Problem] = []

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(message, self.lines.get(key, 1)))

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
            self.warn(key, f"'{key}' should be text, not a list; the items are joined")
            return " ".join(str(v) for v in value if v is not None).strip()
        if isinstance(value, (dict, list)):
            self.warn(key, f"'{key}' should be text; the value is ignored")
            return ""
        return str(value).strip()

    def label(self, key: str, limit: int) -> str:
        """Text shown in titles, bylines and menus: cut at *limit* characters."""
        value = self.text(key)
        if len(value) > limit:
            self.warn(key, f"'{key}' is {len(value):,} characters long; only its first {limit} are shown")
        return cut(value, limit)

    def images(self) -> tuple[list[str], dict[str, str]]:
        """``image`` (or ``cover``, ``img``): text, ``{src, alt}``, or a list
        of these; comma-separated text only where ``split_images`` allows."""
        key = next((k for k in IMAGE_KEYS if self.data.get(k) not in (None, "", [])), "")
        value = self.data.get(key) if key else None
        images: list[str] = []
        alts: dict[str, str] = {}
        for item in value if isinstance(value, list) else [] if value is None else [value]:
            if isinstance(item, dict):
                src, alt = item.get("src") or item.get("url"), item.get("alt")
                if isinstance(src, str) and src.strip():
                    images.append(src.strip())
                    if isinstance(alt, (str, int, float)) and str(alt).strip():
                        alts.setdefault(src.strip(), str(alt).strip())
                    continue
            elif isinstance(item, str):
                images += split_images(item)
                continue
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                images.append(str(item))
                continue
            if item is not None:
                self.warn(key, f"'{key}' should be an image path or URL, or {{src, alt}}; ignored: {shown(item)}")
        return images, alts

    def seo_description(self) -> str:
        seo = self.data.get("seo")
        description = seo.get("description") if isinstance(seo, dict) else None
        return description.strip() if isinstance(description, str) else ""

    def og_image(self) -> str:
        value = self.data.get("ogImage")
        return value.strip() if isinstance(value, str) else ""

    def authors(self) -> tuple[Author, ...]:
        """``author`` and ``authors``: a name, a list of names, or
        ``{name, to, avatar, …}`` objects (``link``/``url`` for ``to``,
        ``avatarUrl`` or ``avatar.src`` for ``avatar``, ``twitter``)."""
        found: dict[str, Author] = {}
        for key in ("author", "authors"):
            value = self.data.get(key)
            if value is None:
                continue
            if isinstance(value, str) and key == "authors":
                items: list[Any] = value.split(",")
            else:
                items = value if isinstance(value, list) else [value]
            for item in items:
                author = self._author(key, item)
                if author is not None:
                    found.setdefault(label_key(author.name), author)
        return tuple(found.values())

    def _author(self, key: str, item: Any) -> Author | None:
        if item is None or (isinstance(item, str) and not item.strip()):
            return None
        if isinstance(item, list) or (isinstance(item, dict) and not _scalar_text(item.get("name"))):
            self.warn(key, f"an entry of '{key}' has no name; ignored: {shown(item)}")
            return None
        name = _scalar_text(item.get("name") if isinstance(item, dict) else item)
        if len(name) > LABEL_LIMIT:
            what = f"'{key}'" if item is self.data.get(key) else f"a name in '{key}'"
            self.warn(key, f"{what} is {len(name):,} characters long; only its first {LABEL_LIMIT} are shown")
            name = cut(name, LABEL_LIMIT)
        if not isinstance(item, dict):
            return Author(name)
        url = ""
        for link_key in ("to", "link", "url", "href"):
            link = _scalar_text(item.get(link_key))
            if link and SAFE_URL.match(link):
                url = link
                break
            if link:
                self.warn(
                    key, f"'{link_key}' of author {shown(name)} must be an http(s) URL; not linked: {shown(link)}"
                )
        handle = TWITTER_HANDLE.match(_scalar_text(item.get("twitter")))
        if not url and handle:
            url = f"https://x.com/{handle.group(1)}"
        avatar = item.get("avatar")
        if isinstance(avatar, dict):
            avatar = avatar.get("src")
        avatar = _scalar_text(avatar) or _scalar_text(item.get("avatarUrl"))
        if avatar and AVATAR_SCHEME.match(avatar) and not SAFE_URL.match(avatar):
            self.warn(key, f"the avatar of author {shown(name)} must be a path or an http(s) URL: {shown(avatar)}")
            avatar = ""
        return Author(name, url, avatar)

    def sequence(self) -> int | None:
        value = self.text("sequence")
        if not value:
            return None
        try:
            return int(value.replace("_", ""))
        except ValueError:
            self.warn("sequence", f"'sequence' should be a whole number, not {shown(value)}")
            return None

    def category(self, default: str | None) -> tuple[str, ...]:
        if "category" in self.data or "category1" not in self.data:
            levels = [self.label("category", LABEL_LIMIT)]
        else:
            levels = [self.label("category1", LABEL_LIMIT), self.label("category2", LABEL_LIMIT)]
        labels = tuple(normalise_label(level) for level in levels if normalise_label(level))
        if labels or default is None:
            return labels
        self.warn("category", f"no 'category'; the article is filed under {default!r}")
        return (default,)

    def texts(self, key: str, separator: str | None = None) -> list[str]:
        """A list of texts; one text is one item (split at *separator*)."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            items: list[Any] = value.split(separator) if separator else [value]
        elif isinstance(value, list):
            items = value
        else:
            items = [value]
        if any(isinstance(item, (list, dict)) for item in items):
            self.warn(key, f"'{key}' should be a list of texts; nested values are ignored")
        texts = [str(item) for item in items if item is not None and not isinstance(item, (list, dict))]
        return [text for text in texts if text.strip()]

    def tags(self) -> tuple[str, ...]:
        found: dict[str, str] = {}
        for text in self.texts("tags", ","):
            label = normalise_label(text)
            if len(label) > LABEL_LIMIT:
                self.warn("tags", f"a tag is {len(label):,} characters long; only its first {LABEL_LIMIT} are shown")
                label = cut(label, LABEL_LIMIT)
            found.setdefault(label_key(label), label)
        return tuple(found.values())

    def paths(self, key: str) -> list[str]:
        """Each item stripped; an empty one stays, for the reader of the
        paths to refuse with its reason (``web/redirects.py``)."""
        value = self.data.get(key)
        items = [] if value is None else value if isinstance(value, list) else [value]
        if any(isinstance(item, (list, dict)) for item in items):
            self.warn(key, f"'{key}' should be a list of texts; nested values are ignored")
        return ["" if item is None else str(item).strip() for item in items if not isinstance(item, (list, dict))]

    def link(self) -> str:
        value = self.text("link")
        if value and not SAFE_URL.match(value):
            self.warn("link", f"'link' must be an http(s) URL; {shown(value)} is not shown as a link")
            return ""
        return value

    def meta(self) -> list[tuple[str, str]]:
        head = self.data.get("head")
        entries = head.get("meta") if isinstance(head, dict) else None
        if head is not None and not isinstance(entries, list):
            self.warn("head", "'head.meta' should be a list of name/content pairs")
            return []
        pairs = []
        for entry in entries or []:
            if not isinstance(entry, dict) or not entry.get("name"):
                self.warn("head", f"ignored 'head.meta' entry without a name: {shown(entry)}")
                continue
            content = entry.get("content")
            if content not in (None, ""):
                pairs.append((str(entry["name"]).strip(), str(content)))
        return pairs

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.warn(key, f"'{key}' should be true or false, not {shown(value)}; the default is used")
        return None

    def first_date(self, keys: tuple[str, ...]) -> tuple[dt.date | None, str, str]:
        """The first of *keys* that holds a valid date, and that key (each
        bad one warned)."""
        for key in keys:
            day, text = self.date(key)
            if day is not None:
                return day, text, key
        return None, "", ""

    def updated(self, published: dt.date | None) -> tuple[dt.date | None, str]:
        day, text, key = self.first_date(UPDATED_KEYS)
        if day is not None and published is not None and day < published:
            self.warn(key, f"'{key}' {text} is before the publication date {published.isoformat()}; ignored")
            return None, ""
        return day, text

    def date(self, key: str) -> tuple[dt.date | None, str]:
        value = self.text(key)
        if not value:
            return None, ""
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.warn(key, f"'{key}' should be a date like 2024-01-31, not {shown(value)}")
            return None, ""
        if len(value) <= 10:
            return moment.date(), moment.date().isoformat()
        return moment.date(), moment.isoformat()
