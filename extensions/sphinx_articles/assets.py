"""Site-absolute paths (``/images/x.jpeg``) resolved against the public folder.

Nuxt serves ``public/`` at the site root; Sphinx takes a leading ``/`` as the
source folder.  These helpers turn a site-absolute path into the
source-relative form Sphinx's image and download collectors understand, and
refuse paths that would leave the public folder.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sphinx.application import Sphinx

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


def is_site_absolute(uri: str) -> bool:
    return uri.startswith("/") and not uri.startswith("//")


def resolve(app: Sphinx, uri: str, public: Path | None = None) -> Resolved:
    """Map a site-absolute *uri* to a path Sphinx resolves from the source folder.

    Relative paths and URLs are returned unchanged.
    """
    if not is_site_absolute(uri) or REMOTE.match(uri):
        return Resolved(uri)
    public = public or public_dir(app)
    path_part = unquote(uri.split("#", 1)[0].split("?", 1)[0])
    target = Path(os.path.normpath(public / path_part.lstrip("/")))
    if target != public and public not in target.parents:
        return Resolved("", f"{uri!r} points outside the public folder {public}; not used")
    if not target.is_file():
        return Resolved("", f"file {uri!r} not found in the public folder {public}")
    relative = posixpath.normpath(os.path.relpath(target, Path(app.srcdir).resolve()).replace(os.sep, "/"))
    return Resolved("/" + relative)
