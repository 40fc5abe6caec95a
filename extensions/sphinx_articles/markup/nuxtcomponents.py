"""The Nuxt/Vue components the site knows, as nodes every builder writes.

Raw HTML (``<NuxtLink to>``, ``<nuxt-img src>``, ``<lite-youtube videoid>``)
and MDC (``:nuxt-link{to=…}``) name the same components; both look them up
here by name, in any spelling (``components.kebab``), with the attributes as
a dict and the content as nodes, and get nodes back:

- ``nuxt-link``, ``router-link`` (``to``, also ``href``): a link, the same as
  a Markdown link to that target (site-absolute paths are resolved later by
  ``assets.resolve_in_document``, like every other link);
- ``nuxt-img``, ``nuxt-picture`` (``src``, ``alt``, ``width``, ``height``): an
  image, the same as ``![alt](src)`` (the public folder, missing files);
- ``lite-youtube``, ``youtube``, ``script-youtube-player`` (``videoid``): a link
  to the video on YouTube; ``video-player`` (``src``): a link to ``src``;
- any other name (``unknown_node``): its content in a ``<span>``/``<div>``
  with class ``mdc-<name>``.

A URL whose scheme is not http(s), mailto or tel (``javascript:``,
``data:``) never becomes a link or an image, as in Markdown: the content
is kept and *problems* gets a message for the caller to report.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from docutils import nodes

from .components import css_class, kebab
from .rawlinks import link_to

# Looked up without hyphens, so NuxtLink, nuxt-link and nuxtlink (html5lib's spelling) agree.
KINDS = {
    "nuxtlink": "link",
    "routerlink": "link",
    "nuxtimg": "image",
    "nuxtpicture": "image",
    "liteyoutube": "youtube",
    "youtube": "youtube",
    "youtubevideo": "youtube",
    "scriptyoutubeplayer": "youtube",
    "videoplayer": "video",
    # MDC's spellings of the same (``:read-more{to}``, ``::prose-img{src}``; markup/mdc.py)
    "readmore": "link",
    "buttonlink": "link",
    "link": "link",
    "appbutton": "link",
    "ubutton": "link",
    "button": "link",
    "img": "image",
    "proseimg": "image",
    "image": "image",
    "video": "video",
}
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
LINK_SCHEMES = frozenset(("http", "https", "mailto", "tel"))
IMAGE_SCHEMES = frozenset(("http", "https"))
DATA_IMAGE = re.compile(r"^data:image/(?:png|gif|jpeg|webp);", re.IGNORECASE)
IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")  # removed from URLs before the scheme is read
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px|%|em|rem|pt|cm|mm|in|ex)?\s*$", re.IGNORECASE)
URI_SAFE = "%:/?#[]@!$&'()*+,;=~"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
YOUTUBE = "https://www.youtube.com/watch?v="


def kind(name: str) -> str | None:
    """``"link"``, ``"image"``, ``"youtube"``, ``"video"``, or ``None`` for a component the site does not know."""
    return KINDS.get(kebab(name).replace("-", ""))


def component_nodes(
    name: str, attrs: dict[str, str], children: list[nodes.Node], inline: bool, problems: list[str]
) -> list[nodes.Node]:
    """The nodes for component *name*; an unknown one keeps its content in ``unknown_node``."""
    found = kind(name)
    attrs = _attributes(attrs)
    if found == "link":
        return [link_node(attrs, children, problems, name)]
    if found == "image":
        image = image_node(attrs, problems, name)
        return [image, *children] if image is not None else [nodes.inline("", attrs.get("alt", "")), *children]
    if found in ("youtube", "video"):
        return video_link_node(attrs, children, problems, name)
    return [unknown_node(name, children, inline)]


def link_node(attrs: dict[str, str], children: list[nodes.Node], problems: list[str], name: str = "nuxt-link"):
    """``<nuxt-link to="/docs/x">text</nuxt-link>``: a link with *children* as its text."""
    attrs = _attributes(attrs)
    target = (attrs.get("to") or attrs.get("href") or "").strip()
    if not target:
        problems.append(f"`<{kebab(name)}>` without `to`: not a link, its text kept")
        return nodes.inline("", "", *children, classes=[css_class(name)])
    if not safe_url(target, LINK_SCHEMES):
        problems.append(f"`<{kebab(name)}>` to {_scheme(target)!r} URL: not a link, its text kept")
        return nodes.inline("", "", *children, classes=[css_class(name)])
    content = children or [nodes.Text(target)]
    if not target.startswith("/"):  # quotes, spaces, <> percent-encoded: a valid URI in the EPUB too
        target = quote(target, safe=URI_SAFE)
    return link_to({"href": target, **{key: attrs[key] for key in ("target", "rel") if key in attrs}}, content)


def image_node(attrs: dict[str, str], problems: list[str], name: str = "nuxt-img") -> nodes.image | None:
    """``<nuxt-img src="/img/a.png" alt="…" width="100">``: an image, as ``![alt](/img/a.png)``.

    ``None`` (and a problem) without a usable ``src``.  A site-absolute or
    relative ``src`` is resolved with the document's other images.
    """
    attrs = _attributes(attrs)
    src = (attrs.get("src") or "").strip()
    if not src:
        problems.append(f"`<{kebab(name)}>` without `src`: no image, its `alt` text kept")
        return None
    if not (safe_url(src, IMAGE_SCHEMES) or DATA_IMAGE.match(src)):
        problems.append(f"`<{kebab(name)}>` with a {_scheme(src)!r} `src`: no image, its `alt` text kept")
        return None
    image = nodes.image("", uri=src, alt=attrs.get("alt", ""))
    for key in ("width", "height"):
        if length := _length(attrs.get(key, "")):
            image[key] = length
    return image


def video_link_node(
    attrs: dict[str, str], children: list[nodes.Node], problems: list[str], name: str = "lite-youtube"
) -> list[nodes.Node]:
    """``<lite-youtube videoid="ID">``: a link to the video on YouTube (no embed), labelled with
    ``playlabel`` or ``title``, else the content; ``video-player``'s ``src`` is linked as it is."""
    attrs = _attributes(attrs)
    if kind(name) == "video":
        url = (attrs.get("src") or "").strip()
        usable = bool(url) and safe_url(url, IMAGE_SCHEMES)
    else:
        video = (attrs.get("videoid") or attrs.get("id") or "").strip()
        usable = bool(VIDEO_ID.match(video))
        url = YOUTUBE + quote(video)
    label = (attrs.get("playlabel") or attrs.get("title") or "").strip()
    if not usable:
        problems.append(f"`<{kebab(name)}>` without a usable video: not a link, its content kept")
        kept = [nodes.Text(label)] if label else []
        return [nodes.inline("", "", *kept, *children, classes=[css_class(name)])]
    text = label or " ".join(nodes.inline("", "", *children).astext().split()) or url
    link = nodes.reference("", text, refuri=url, classes=[css_class(name)])
    # The content is the label when no attribute gives one; otherwise kept after the link.
    return [link, *children] if label and children else [link]


def unknown_node(name: str, children: list[nodes.Node], inline: bool) -> nodes.Element:
    """A component the site does not know: its content in ``<span class="mdc-<name>">`` or a ``<div>``."""
    if inline:
        return nodes.inline("", "", *children, classes=[css_class(name)])
    return nodes.container("", *children, classes=[css_class(name)])


def safe_url(url: str, schemes: frozenset[str]) -> bool:
    """A path, or a URL with one of *schemes* (read as browsers read it: tabs and line ends removed)."""
    scheme = _scheme(url)
    return not scheme or scheme in schemes


def _scheme(url: str) -> str:
    match = SCHEME.match(IGNORED_BY_BROWSERS.sub("", url).lstrip("\x00 \x0b\x0c"))
    return match.group(1).lower() if match else ""


def _attributes(attrs: dict[str, str]) -> dict[str, str]:
    """Attribute names as Vue reads props: ``videoId``, ``video-id`` and ``videoid`` are one.
    Bound ones (``:to``, ``v-bind:to``) are code, not values: left out."""
    found: dict[str, str] = {}
    for key, value in attrs.items():
        if key.startswith((":", "v-", "@", "#")):
            continue
        found.setdefault(kebab(key).replace("-", ""), str(value))
    return found


def _length(value: str) -> str:
    """``100`` is 100 CSS pixels, as in HTML; anything but a length is left out."""
    match = LENGTH.match(value)
    if not match:
        return ""
    return match.group(1) + (match.group(2) or "px").lower()
