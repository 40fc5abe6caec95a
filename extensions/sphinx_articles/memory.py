"""Python's garbage collector during and after a build.

During: a build makes millions of short-lived objects (each doctree is a
graph of parent/child cycles) beside a large, long-lived environment.  With
the default thresholds, Python 3.11 runs a full collection every ~70,000
surviving allocations, each walking the whole heap: 3-4 s of a 1,000-article
build in the main process alone.  Young collections every 50,000 allocations
instead of 700 (as mypy does) make full ones rare; the doctrees are still
freed as the build goes.

After: when ``sphinx-build`` returns, the application, environment, search
index and cached nodes are still alive (Sphinx's logging holds on to the
application) and cyclic, so Python's final collection walks and frees them
one by one: about 2 s for 1,000 articles.  They are frozen (``gc.freeze``)
out of the collector's reach, and the operating system reclaims the memory
at exit at once.  Every file is closed by then.  A later build in the same
process (tests, a watcher) hands them back to the collector when it starts.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

BUILD_THRESHOLDS = (50_000, 20, 10)  # Python 3.11: (700, 10, 10)


def start_build(app: Sphinx, config) -> None:
    gc.unfreeze()  # a previous build's objects, if any
    app._articles_gc_thresholds = gc.get_threshold()
    gc.set_threshold(*BUILD_THRESHOLDS)


def end_build(app: Sphinx, exception: BaseException | None) -> None:
    gc.set_threshold(*getattr(app, "_articles_gc_thresholds", gc.get_threshold()))
    gc.freeze()


def setup(app: Sphinx) -> None:
    app.connect("config-inited", start_build)
    app.connect("build-finished", end_build, priority=1000)  # last
