"""Site-absolute paths (``/images/x.jpeg``) resolved against the public folder.

Nuxt serves ``public/`` at the site root; Sphinx takes a leading ``/`` as the
source folder.  These helpers turn a site-absolute path into the
source-relative form Sphinx's image and download collectors understand, and
refuse paths that would leave the public folder.
"""

from __future__ import annotations

import functools
import glob
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.images import parse_data_uri

from ..content.site import find_route
from ..report import warn

REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass
class Resolved:
    uri: str  # what to put in the node ("" when refused or missing)
    problem: str = ""


def public_dir(app: Sphinx) -> Path:
    return _public_dir(str(app.srcdir), str(app.confdir), app.config.articles_public_dir)


@functools.cache
def _public_dir(srcdir: str, confdir: str, configured: str) -> Path:
    return (Path(confdir) / configured).resolve() if configured else Path(srcdir).resolve()


@functools.cache
def _resolved_dir(folder: str) -> Path:
    return Path(folder).resolve()  # a system call per folder level: once, not for every image


def is_site_absolute(uri: str) -> bool:
    return uri.startswith("/") and not uri.startswith("//")


def resolve(app: Sphinx, uri: str, public: Path | None = None, docname: str | None = None) -> Resolved:
    """Map a local *uri* to a path Sphinx resolves from the source folder.

    Site-absolute paths are looked up in the public folder; relative ones,
    when *docname* is given, in the document's folder (the result then works
    from any page, e.g. a cover shown on a category page).  A missing file is
    a problem here rather than later: the LaTeX writer would put its name,
    unchecked, into ``\\includegraphics`` and the PDF would not compile.
    URLs, and relative paths without *docname*, are returned unchanged.
    """
    if uri[:5].lower() == "data:" and not is_data_uri(uri):
        # Sphinx's LaTeX and EPUB builders decode data: images, and stop the build at one they cannot
        return Resolved("", f"{uri[:40]!r} is not a valid data: URI; not used")
    if REMOTE.match(uri) or uri.startswith("//"):
        return Resolved(uri)
    srcdir = _resolved_dir(str(app.srcdir))
    path_part = unquote(uri.split("#", 1)[0].split("?", 1)[0])
    if is_site_absolute(uri):
        root = public or public_dir(app)
        where = outside = "the public folder"
        target = Path(os.path.normpath(root / path_part.lstrip("/")))
    elif docname is not None:
        root, where, outside = srcdir, f"the folder of {docname!r}", "the source folder"
        target = Path(os.path.normpath(srcdir / posixpath.dirname(docname) / path_part))
    else:
        return Resolved(uri)
    if target != root and root not in target.parents:
        return Resolved("", f"{uri!r} points outside {outside}; not used")
    if not file_exists(target):
        return Resolved("", f"file {uri!r} not found in {where}")
    relative = posixpath.normpath(os.path.relpath(target, srcdir).replace(os.sep, "/"))
    return Resolved("/" + relative)


def is_data_uri(uri: str) -> bool:
    try:
        return parse_data_uri(uri) is not None
    except ValueError:
        return False


def file_exists(target: Path) -> bool:
    """A file, or for Sphinx's ``name.*`` image pattern, any file it may pick.
    A name no file system can hold (too long, a NUL) is not there either."""
    try:
        if target.name.endswith(".*"):
            return any(path.is_file() for path in target.parent.glob(glob.escape(target.name[:-1]) + "*"))
        return target.is_file()
    except (OSError, ValueError):
        return False


RAW_ASSET = re.compile(r"""\b(src|href|poster)\s*=\s*(["'])(/(?!/)[^"']*)\2""", re.IGNORECASE)


def resolve_in_document(app, document: nodes.document, docname: str) -> None:
    """Point site-absolute image and file links at the public folder."""
    public = public_dir(app)
    for raw in list(document.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            _resolve_raw_html(app, raw, docname, public)
    for image in list(document.findall(nodes.image)):
        if image.get("articles_resolved"):
            continue
        found = resolve(app, image["uri"], public, docname)
        if found.problem:
            warn(found.problem, image, "image")
            image.replace_self(nodes.inline("", image.get("alt", "")))
        else:
            image["uri"] = found.uri
    for ref in list(document.findall(addnodes.pending_xref)) + list(document.findall(addnodes.download_reference)):
        target = ref.get("reftarget", "")
        if ref.get("refdomain") not in (None, ""):
            continue
        if is_relative_route(target) and isinstance(ref, addnodes.pending_xref):
            _resolve_relative_route(app, ref, docname)
            continue
        if not is_site_absolute(target):
            continue
        if app.env.path2doc(target.lstrip("/")) and file_exists(app.srcdir / target.lstrip("/")):
            continue  # a link to another page
        found = resolve(app, target, public)
        if found.problem and (page := page_of_route(app.env, target, docname)):
            ref.replace_self(_page_link(ref, docname, *page))
            continue
        if found.problem:
            if looks_like_route(target):
                warn(f"no page at the route {target!r}, nor a file in the public folder", ref, "link")
            else:
                warn(found.problem, ref, "file")
            ref.replace_self(nodes.inline("", "", *ref.children))
            continue
        download = addnodes.download_reference(
            "", "", *ref.children, refdoc=docname, reftarget=found.uri, refexplicit=True, refdomain=None
        )
        download.update_basic_atts(ref)
        if "html_attributes" in ref:
            download["html_attributes"] = ref["html_attributes"]
        download.line, download.source = ref.line, ref.source
        ref.replace_self(download)


# The last part of a path that names a file (``x.pdf``, ``a.tar.gz``), not a
# route (``v3-8``, ``v3.8``, ``installation``); ``.html`` is a page's.
FILE_SUFFIX = re.compile(r"\.(?!html$)[A-Za-z][A-Za-z0-9]{0,7}$")


def looks_like_route(target: str) -> bool:
    """``/blog/v3-8``, ``/docs/x#anchor``, ``../guide/x/``: a page's address, not a file's."""
    path = target.partition("#")[0].partition("?")[0]
    return not FILE_SUFFIX.search(path.rstrip("/").rpartition("/")[2]) or path.endswith("/")


def is_relative_route(target: str) -> bool:
    """``./installation``, ``../guide/x``: a route relative to the page (Nuxt's links)."""
    return target.startswith(("./", "../")) and looks_like_route(target)


def _resolve_relative_route(app, ref: addnodes.pending_xref, docname: str) -> None:
    page = page_of_route(app.env, ref["reftarget"], docname)
    if page is not None:
        ref.replace_self(_page_link(ref, docname, *page))
        return
    warn(f"no page at the route {ref['reftarget']!r} (relative to this page)", ref, "link")
    ref.replace_self(nodes.inline("", "", *ref.children))


def page_of_route(env, target: str, docname: str = "") -> tuple[str, str] | None:
    """The page a Nuxt route names, and its fragment: ``/news/n001``,
    ``/news/n001/``, ``/news/n001.html#x``, ``/docs/1.intro/2.install``,
    relative ``./install`` or ``../guide/x`` (from *docname*).  One dict
    lookup in the route table made at discovery; the answer is recorded, so
    the page is read again when it changes (a page added at that route)."""
    path, _, fragment = target.partition("#")
    path = unquote(path.partition("?")[0])
    site = getattr(env, "articles_site", None)
    if site is None or not site.routes:
        return _page_of_route_without_table(env, path, fragment)
    if env.docname:
        from ..pages import incremental  # (pages imports markup)

        incremental.use(env, "route", path, docname)
    found = find_route(site.routes, path, docname)
    return (found, fragment) if found is not None and found in env.found_docs else None


def _page_of_route_without_table(env, path: str, fragment: str) -> tuple[str, str] | None:
    path = path.strip("/").removesuffix(".html")
    for docname in (path, f"{path}/index" if path else "index"):
        if docname in env.found_docs:
            return docname, fragment
    return None


def _page_link(ref: addnodes.pending_xref, docname: str, page: str, fragment: str) -> addnodes.pending_xref:
    """A link to *page*, as MyST makes of ``[text](page.md#fragment)``."""
    # MyST takes the link text from the children of the first child (Markdown's <inline class="xref myst">).
    single = len(ref.children) == 1 and isinstance(ref[0], nodes.Element)
    content = ref[0] if single else nodes.inline("", "", *ref.children)
    link = addnodes.pending_xref(
        "", content, refdomain="doc", reftarget=page, reftargetid=fragment or None,
        refdoc=docname, reftype="myst", refexplicit=True,
    )  # fmt: skip
    link.line, link.source = ref.line, ref.source
    return link


def _resolve_raw_html(app, raw: nodes.raw, docname: str, public) -> None:
    """``<audio src="/audio/x.mp3">`` in an editor's HTML: copy the file, fix the URL."""
    env = app.env
    to_root = "../" * docname.count("/")

    def replace(match: re.Match) -> str:
        attribute, quote, uri = match.groups()
        found = resolve(app, uri, public)
        if found.problem:
            if attribute.lower() in ("src", "poster") or posixpath.splitext(uri)[1]:
                warn(found.problem, raw, "file")
            return match.group(0)
        relative, _ = env.relfn2path(found.uri, docname)
        env.note_dependency(relative)
        target = env.dlfiles.add_file(docname, relative)
        return f"{attribute}={quote}{to_root}_downloads/{target}{quote}"

    text = RAW_ASSET.sub(replace, raw.astext())
    if text != raw.astext():
        raw.replace_self(nodes.raw("", text, format=raw["format"], **{TO_ROOT: to_root}))


# A raw node whose file links were made relative to the page's folder, as
# read; ``dirhtml`` writes the page one folder deeper (news/n001/index.html).
TO_ROOT = "articles_to_root"


def relocate_raw_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The ``_downloads/`` links of editors' raw HTML, relative to where
    this builder writes the page (doctrees are read once for every builder)."""
    if app.builder.format != "html":
        return
    to_root = "../" * app.builder.get_target_uri(docname).count("/")
    for raw in list(doctree.findall(nodes.raw)):
        written = raw.get(TO_ROOT)
        if written is None or written == to_root:
            continue
        pattern = re.compile(r"""(\b(?:src|href)\s*=\s*["'])""" + re.escape(written) + "(?=_downloads/)", re.I)
        text = pattern.sub(lambda match: match.group(1) + to_root, raw.astext())
        raw.replace_self(nodes.raw("", text, format=raw["format"], **{TO_ROOT: to_root}))


class KeepImageLines(SphinxTransform):
    """An image without alt text (``![](/img/x.png)``) keeps its line.

    Sphinx's ``ApplySourceWorkaround`` (priority 10, checked against Sphinx
    9.0.4) gives every image without ``rawsource`` line 0, a workaround for
    reST substitutions; MyST sets no ``rawsource``, and an image's text is
    its alt text, so images with empty alt text lost the line MyST gave
    them, and their warnings (a missing image) named the file without a
    line.  The image's URI as its ``rawsource`` keeps the line.
    """

    default_priority = 9

    def apply(self, **kwargs) -> None:
        for image in self.document.findall(nodes.image):
            if not image.rawsource and image.source and image.line:
                image.rawsource = image.get("uri", "") or " "


def setup(app: Sphinx) -> None:
    app.add_transform(KeepImageLines)
    app.connect("doctree-resolved", relocate_raw_downloads)
