"""Old paths of moved pages, as editors write them, checked and normalised.

An old path names a page of the old site: ``/city/t030``, ``old/n001.html``,
``old/n001/`` and ``old/n001/index.html`` are one page, ``old/n001``.  A
path that cannot be such a page (a URL of another site, ``..``, control
characters, a query) is refused with the reason.  Nothing here knows about
Sphinx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

# Line ends, tabs and other control characters (C0, C1), and the Unicode line
# separators: no file or link can hold them.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# A folder or file name of the old path, written as <name>.html: file
# systems allow 255 bytes.
MAX_NAME_BYTES = 255 - len(".html")
# The old spellings of one page that a host's redirect rules list.
SPELLINGS = ("", "/", ".html")


@dataclass(frozen=True)
class OldPath:
    path: str  # "city/t030"; "" is the site's root
    problem: str = ""  # why the text is refused ("" when it is not)


def old_path(text: str) -> OldPath:
    """The page an old path names, or why it cannot name one."""
    text = text.strip()
    if not text:
        return OldPath("", "it is empty")
    if SCHEME.match(text) or text.startswith(("//", "\\\\")):
        return OldPath("", "it is a URL, not a path on this site")
    if "?" in text or "#" in text:
        return OldPath("", "it has a query or a fragment ('?', '#'), which a static page cannot tell apart")
    try:
        decoded = unquote(text, errors="strict")  # old links are often copied percent-encoded
    except UnicodeDecodeError:
        return OldPath("", "it is percent-encoded, but not as UTF-8")
    if CONTROL.search(decoded):
        return OldPath("", "it has a control character or a line break")
    if "\\" in decoded or "?" in decoded or "#" in decoded:
        return OldPath("", "it has '\\', or '?' or '#' percent-encoded, which no old path holds")
    parts = [part for part in decoded.split("/") if part not in ("", ".")]
    if ".." in parts:
        return OldPath("", "it goes up a folder ('..')")
    if parts and parts[-1].endswith(".html"):
        parts[-1] = parts[-1][: -len(".html")]
        if not parts[-1]:
            parts.pop()
    if parts and parts[-1] == "index":
        parts.pop()
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in parts):
        return OldPath("", f"it has a folder or file name longer than {MAX_NAME_BYTES} bytes")
    return OldPath("/".join(parts))


def is_folder_rule(source: str, target: str) -> bool:
    """``oldnews/: news/`` in the redirects file: every page of a folder."""
    return source.strip().endswith("/") and target.strip().endswith("/")


def host_rules(base_path: str, path: str, target: str) -> list[str]:
    """``_redirects`` lines (Netlify, Cloudflare Pages) for old *path*: one
    per spelling, percent-encoded, to *target* (a URL path from the root)."""
    old = quote(f"{base_path}{path}")
    return [f"{old}{spelling} {target} 301" for spelling in SPELLINGS]


def shown(text: str, limit: int = 60) -> str:
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text):,} characters)"
