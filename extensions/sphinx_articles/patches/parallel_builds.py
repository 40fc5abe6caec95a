"""Parallel builds that keep every core busy.

Reading: one batch per process.
With ``-j N`` Sphinx reads in batches of about sqrt(10 * documents / N)
documents, forks a worker per batch, and each worker sends back its *whole*
environment, which holds every batch merged before it was forked.  The
main process unpickles all of it, so the cost grows with the square of the
number of documents: for 1,000 articles, 15 batches and 6 s of unpickling,
as long as the reading itself.  One batch per process sends every
document's data back once.  Each process takes every N-th document, so
the listing pages (a category page costs ten articles), which sort
together, are shared out too and the processes finish together.

Writing: the main process resolves each document and indexes it for search
while the workers write pages, so it is busy about half the time; Sphinx
runs only ``N`` workers beside it, leaving a core idle whenever the main
process works.  One more worker fills that gap.

The batch size is a module-level helper of ``sphinx.builders``
(``make_chunks``, checked against Sphinx 9.0.0-9.0.4); it is replaced only
while such a builder reads.  Should Sphinx stop using it, reading is simply
done Sphinx's way again.  ``_read_parallel`` and ``_write_parallel`` are
the builder's own (private) methods, overridden in the mixin below.  No
upstream issue yet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sphinx.builders
from sphinx.application import Sphinx


def one_batch_per_process(documents: Sequence[str], nproc: int, maxbatch: int = 0) -> list:
    return [list(documents[first::nproc]) for first in range(min(nproc, len(documents)))]


@contextmanager
def batches_per_process() -> Iterator[None]:
    stock = getattr(sphinx.builders, "make_chunks", None)
    if stock is None:  # Sphinx batches some other way: leave it be
        yield
        return
    sphinx.builders.make_chunks = one_batch_per_process
    try:
        yield
    finally:
        sphinx.builders.make_chunks = stock


def applies(app: Sphinx | None = None) -> bool:
    builder = sphinx.builders.Builder
    return all(hasattr(target, name) for target, name in (
        (sphinx.builders, "make_chunks"), (builder, "_read_parallel"), (builder, "_write_parallel"),
    ))  # fmt: skip


class ParallelBuilder:
    """Builder mixin: the two changes above."""

    def _read_parallel(self, docnames: list[str], nproc: int) -> None:
        with batches_per_process():
            super()._read_parallel(docnames, nproc)

    def _write_parallel(self, docnames: Sequence[str], nproc: int) -> None:
        super()._write_parallel(docnames, nproc + 1)
