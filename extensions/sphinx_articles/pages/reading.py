"""Reading a source file: its problems reported, front matter out of MyST's way."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..content.frontmatter import UNWRITABLE
from ..report import warn
from .state import record_of

REPLACEMENT = "\ufffd"


def strip_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Report the file's problems, and blank its front matter for MyST.

    The front matter was parsed during discovery; MyST's own parser would
    drop all of it over one bad value.  Blank lines keep line numbers right.
    """
    text = source[0]
    if REPLACEMENT in text:
        line = first_bad_byte_line(app, docname)
        if line:
            warn("the file is not valid UTF-8; bad bytes are shown as \ufffd", (docname, line), "encoding")
    record = record_of(app.env, docname)
    if record is not None:
        for problem in record.problems:
            warn(problem.message, (docname, problem.line), problem.kind)
        if record.body_start:
            lines = text.split("\n")
            source[0] = "\n" * record.body_start + "\n".join(lines[record.body_start :])
    remove_unwritable(docname, source)


def first_bad_byte_line(app: Sphinx, docname: str) -> int | None:
    """The line of the file's first byte that is not UTF-8, or None.

    Bad bytes are read as U+FFFD (``patches/tolerant_decoding.py``), but an
    editor may also have written U+FFFD itself, in valid UTF-8: only the
    file's bytes tell them apart (read again only when U+FFFD is there).
    """
    try:
        data = app.env.doc2path(docname).read_bytes()
    except OSError:
        return None
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return None


def remove_unwritable(docname: str, source: list[str]) -> None:
    """Control characters in a body are invalid in HTML, XML and LaTeX alike."""
    text = source[0]
    found = UNWRITABLE.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    count = len(UNWRITABLE.findall(text))
    warn(
        f"{count} control or invalid character(s) removed, the first is {found.group()!r}", (docname, line), "encoding"
    )
    source[0] = UNWRITABLE.sub("", text)


def setup(app: Sphinx) -> None:
    app.connect("source-read", strip_front_matter)
