"""Reading a source file: tolerant decoding, front matter out of MyST's way."""

from __future__ import annotations

import codecs
import encodings.utf_8_sig

from sphinx.application import Sphinx

from .frontmatter import UNWRITABLE
from .report import warn
from .site import record_of

CODEC = "articles_utf8"
REPLACEMENT = "\ufffd"


class _TolerantDecoder(encodings.utf_8_sig.IncrementalDecoder):
    """UTF-8 (BOM optional) that replaces bad bytes instead of raising."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") != CODEC:
        return None
    base = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=CODEC,
        encode=base.encode,
        decode=lambda data, errors="strict": base.decode(data, "replace"),
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=_TolerantDecoder,
        streamreader=base.streamreader,
        streamwriter=base.streamwriter,
    )


codecs.register(_find_codec)


def use_tolerant_decoding(app: Sphinx) -> None:
    """Sphinx stops with a traceback on a non-UTF-8 byte; decode it as U+FFFD.

    Only the reader's setting changes, so ``source_encoding`` (deprecated
    for anything but UTF-8) keeps its default.
    """
    settings = app.env.settings
    if settings["input_encoding"].lower().replace("-", "_") in {"utf_8_sig", "utf_8", "utf8"}:
        settings["input_encoding"] = CODEC


def strip_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Report the file's problems, and blank its front matter for MyST.

    The front matter was parsed during discovery; MyST's own parser would
    drop all of it over one bad value.  Blank lines keep line numbers right.
    """
    text = source[0]
    if REPLACEMENT in text:
        line = text.count("\n", 0, text.index(REPLACEMENT)) + 1
        warn("the file is not valid UTF-8; bad bytes are shown as \ufffd", (docname, line), "encoding")
    record = record_of(app.env, docname)
    if record is not None:
        for problem in record.problems:
            warn(problem.message, (docname, problem.line), problem.kind)
        if record.body_start:
            lines = text.split("\n")
            source[0] = "\n" * record.body_start + "\n".join(lines[record.body_start :])
    remove_unwritable(docname, source)


def remove_unwritable(docname: str, source: list[str]) -> None:
    """Control characters in a body are invalid in HTML, XML and LaTeX alike."""
    text = source[0]
    found = UNWRITABLE.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    count = len(UNWRITABLE.findall(text))
    warn(f"{count} control or invalid character(s) removed, the first is {found.group()!r}", (docname, line), "encoding")
    source[0] = UNWRITABLE.sub("", text)
