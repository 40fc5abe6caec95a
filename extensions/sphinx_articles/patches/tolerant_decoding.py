"""Source files that are not valid UTF-8 read with U+FFFD, not a traceback.

Sphinx (checked against 9.0.0-9.0.4) opens sources with the docutils setting
``input_encoding`` and stops the whole build on the first byte that is not
UTF-8.  A codec that decodes UTF-8 (BOM optional) with replacement is
registered, and the environment's docutils settings name it; ``reading.py``
then warns at the line of the first U+FFFD.  Only the reader's setting
changes, so ``source_encoding`` (deprecated for anything but UTF-8) keeps
its default; a site that sets another encoding keeps it.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig

from sphinx.application import Sphinx

CODEC = "articles_utf8"


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
    if str(settings.get("input_encoding", "")).lower().replace("-", "_") in {"utf_8_sig", "utf_8", "utf8"}:
        settings["input_encoding"] = CODEC


def applies(app: Sphinx) -> bool:
    return "input_encoding" in app.env.settings


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", use_tolerant_decoding)
