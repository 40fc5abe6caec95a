"""Page names and file names that are safe in every output.

A page name ends up in a file name, in URLs, in the theme's inline
``<script>`` (``DOCUMENTATION_OPTIONS.pagename = '…'``), in the search index,
the sitemap, and LaTeX labels.  Names made from front-matter labels
(categories today) keep only letters, marks and digits of any script (so CJK
stays readable), ``-``, ``_`` and ``.``; when a label had to change, a short
hash of it keeps distinct labels on distinct pages.

Editors' own file and folder names are theirs to change: ``unsafe_parts``
finds the characters that break a URL, a script or a file system, and
``renamed`` suggests the rename.  Nothing here knows about Sphinx.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from urllib.parse import quote

MAX_NAME = 60
FALLBACK = "category"
# Names Windows refuses as files, whatever the extension.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
# In an editor's file or folder name: quotes and angle brackets break scripts
# and markup, # ? % change what a URL means, \ and spaces break paths and
# links people copy, control characters break everything.
UNSAFE_IN_FILE_NAME = re.compile(r"""['"<>&\\#?%\s\x00-\x1f\x7f-\x9f\u2028\u2029]""")
DOTS = re.compile(r"\.{2,}")
LINE_BREAKS = re.compile(r"[\r\n]+")
# Control characters (line breaks too): no URL, script or TeX label can hold them.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
OCF_UNSAFE = re.compile(UNSAFE_IN_FILE_NAME.pattern[:-1] + r"*:|^{}\[\]`~]")
# Sphinx writes <page name>.doctree (and .html, .md.txt) for each page; file
# systems allow 255 bytes a name.  Longer names get a shorter page name.
MAX_NAME_BYTES = 255 - len(".doctree")
# What a URL may hold as it is (RFC 3986): unreserved and sub-delimiter
# characters, ``: / ? @``, and % (an editor's URL may already be
# percent-encoded).  Brackets only in the host (IPv6), # only once.
URL_SAFE = ":/?@!$&'()*+,;=%~-._"
URL_AUTHORITY = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*", re.IGNORECASE)
STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Nuxt Content's numeric prefix of a file or folder name (``2.installation``):
# it orders the pages and is not part of the route.
NUMERIC_PREFIX = re.compile(r"^(\d+)\.(?=.)")


def is_name_char(char: str) -> bool:
    """Letters and digits of any script (with their combining marks), - _ ."""
    return char in "-_." or unicodedata.category(char)[0] in "LNM"


def safe_name(label: str) -> str:
    """A page name for *label*: the label itself when it is already safe,
    else its safe characters joined by ``-`` plus a short hash of it."""
    kept = "".join(char if is_name_char(char) else "-" for char in label)
    name = re.sub(r"-{2,}", "-", DOTS.sub("-", kept)).strip("-.") or FALLBACK
    if name != label or len(name) > MAX_NAME or name.casefold() in RESERVED:
        name = f"{name[:MAX_NAME].rstrip('-.')}-{short_hash(label.encode('utf-8', 'surrogatepass'))}"
    return name


def short_hash(data: bytes) -> str:
    """Six hex digits of SHA-1: what keeps renamed names apart."""
    return hashlib.sha1(data).hexdigest()[:6]


def too_long(docname: str) -> bool:
    return len(posixpath.basename(docname).encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES


def shortened(docname: str) -> str:
    """A page name for a file whose name is too long to build: cut at a
    character boundary, with a hash of the whole name."""
    folder, base = posixpath.split(docname)
    encoded = base.encode("utf-8", "surrogateescape")
    cut = encoded[: MAX_NAME_BYTES - 7].decode("utf-8", "ignore")
    return posixpath.join(folder, f"{cut}-{short_hash(encoded)}")


def without_control_characters(docname: str) -> str:
    """A page name for a file or folder name holding a line break (Sphinx
    cannot find those) or another control character (xelatex stops at one in
    a label), with a hash of the whole name."""
    if not CONTROL.search(docname):
        return docname
    return f"{CONTROL.sub('-', docname)}-{short_hash(docname.encode('utf-8', 'surrogateescape'))}"


def unsafe_parts(path: str) -> list[str]:
    """The parts of a relative path (``news/it's.md``) that need renaming."""
    return [part for part in path.split("/") if UNSAFE_IN_FILE_NAME.search(part)]


def describe(char: str) -> str:
    """A character as a warning can show it: invisible ones by name."""
    if char == " ":
        return "space"
    return char if char.isprintable() else f"U+{ord(char):04X}"


def renamed(path: str) -> str:
    """*path* with every unsafe character of its parts replaced by ``-``."""
    return "/".join(_renamed_part(part) for part in path.split("/"))


def _renamed_part(part: str, unsafe: re.Pattern[str] = UNSAFE_IN_FILE_NAME) -> str:
    return re.sub(r"-{2,}", "-", unsafe.sub("-", part)).strip("-") or "-"


def ocf_name(docname: str) -> str:
    """The name of *docname*'s file inside an EPUB: OCF (the EPUB container)
    forbids ``" * : < > ? \\ | ^ { } [ ] ` ~``-like characters in file names
    (epubcheck PKG-009), and spaces must be escaped (PKG-010).  Unsafe parts
    are renamed, with a hash of the whole name to keep names distinct."""
    if not OCF_UNSAFE.search(docname):
        return docname
    parts = [_renamed_part(part, OCF_UNSAFE) for part in docname.split("/")]
    return "/".join(parts) + f"-{short_hash(docname.encode('utf-8', 'surrogateescape'))}"


def url_quoted(url: str) -> str:
    """*url* with spaces, quotes, angle brackets, backslashes, non-ASCII
    characters, stray ``%`` and a second ``#`` percent-encoded, as an ``href``
    (and EPUB's stricter checker) must have them."""
    authority = URL_AUTHORITY.match(url)
    start = authority.end() if authority else 0
    rest, hash_, fragment = url[start:].partition("#")
    quoted = url[:start] and quote(url[:start], safe=URL_SAFE + "[]")
    quoted += quote(rest, safe=URL_SAFE) + hash_ + quote(fragment, safe=URL_SAFE)
    return STRAY_PERCENT.sub("%25", quoted)


def route_part(part: str) -> str:
    """A file or folder name as Nuxt routes it: without its ``N.`` prefix."""
    return NUMERIC_PREFIX.sub("", part, count=1)


def route(docname: str) -> str:
    """The Nuxt route of a page name: ``docs/1.getting-started/2.installation``
    is ``docs/getting-started/installation``."""
    return "/".join(route_part(part) for part in docname.split("/"))


def prefix_number(part: str) -> int | None:
    """The ``N`` of a name's ``N.`` prefix (None without one)."""
    found = NUMERIC_PREFIX.match(part)
    return int(found.group(1)) if found else None


def prefixed_parts(path: str) -> int:
    """How many parts of *path* carry a numeric prefix."""
    return sum(1 for part in path.split("/") if NUMERIC_PREFIX.match(part))
