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

The processes finish in any order, and Sphinx merges each environment as
it arrives; the order decides, among other things, the names of images
with the same file name in different folders (``cover-1.png``,
``cover-11.png`` in ``_images``), so two builds of the same site differed.
Here the environments are merged in the order of the batches.

Writing: the main process resolves each document and indexes it for search
while the workers write pages, so it is busy about half the time; Sphinx
runs only ``N`` workers beside it, leaving a core idle whenever the main
process works.  One more worker fills that gap.

The batch size and the task runner are module-level names of
``sphinx.builders`` (``make_chunks``, ``ParallelTasks``, checked against
Sphinx 9.0.0-9.0.4); they are replaced only while such a builder reads.  Should Sphinx stop using it, reading is simply
done Sphinx's way again.  ``_read_parallel`` and ``_write_parallel`` are
the builder's own (private) methods, overridden in the mixin below.  No
upstream issue yet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sphinx.builders
from sphinx.application import Sphinx
from sphinx.util.parallel import ParallelTasks


def one_batch_per_process(documents: Sequence[str], nproc: int, maxbatch: int = 0) -> list:
    return [list(documents[first::nproc]) for first in range(min(nproc, len(documents)))]


class MergedInOrder(ParallelTasks):
    """Sphinx's tasks; each result handed on in the order the tasks were added."""

    def __init__(self, nproc: int) -> None:
        super().__init__(nproc)
        self._handlers: list = []
        self._finished: dict[int, tuple] = {}

    def add_task(self, task_func, arg=None, result_func=None) -> None:
        number = len(self._handlers)
        self._handlers.append(result_func)
        super().add_task(task_func, arg, lambda arg, result: self._finished.__setitem__(number, (arg, result)))

    def join(self) -> None:
        super().join()
        for number in sorted(self._finished):
            arg, result = self._finished.pop(number)
            if self._handlers[number] is not None:
                self._handlers[number](arg, result)


@contextmanager
def batches_per_process() -> Iterator[None]:
    replaced = {"make_chunks": one_batch_per_process, "ParallelTasks": MergedInOrder}
    stock = {name: getattr(sphinx.builders, name, None) for name in replaced}
    if None in stock.values():  # Sphinx batches some other way: leave it be
        yield
        return
    for name, value in replaced.items():
        setattr(sphinx.builders, name, value)
    try:
        yield
    finally:
        for name, value in stock.items():
            setattr(sphinx.builders, name, value)


def applies(app: Sphinx | None = None) -> bool:
    builder = sphinx.builders.Builder
    return all(hasattr(target, name) for target, name in (
        (sphinx.builders, "make_chunks"), (sphinx.builders, "ParallelTasks"), (builder, "_read_parallel"),
        (builder, "_write_parallel"),
    ))  # fmt: skip


class ParallelBuilder:
    """Builder mixin: the two changes above."""

    def _read_parallel(self, docnames: list[str], nproc: int) -> None:
        with batches_per_process():
            super()._read_parallel(docnames, nproc)

    def _write_parallel(self, docnames: Sequence[str], nproc: int) -> None:
        super()._write_parallel(docnames, nproc + 1)
