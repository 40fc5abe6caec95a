"""Every change to another package's internals, one module each.

Each module says in its docstring which versions it was checked against,
the upstream issue or pull request if there is one, and what happens when
the internal it relies on is gone (always: the stock behaviour).
``tests/test_patches.py`` fails when one no longer applies.  To drop one,
delete its module and its line below (and its use, named in the docstring).

Speed (the results are the same, the build is faster):
``docutils_settings``, ``toc_collector``, ``toctree_ancestors``,
``parallel_builds``, ``theme_empty_check``, ``theme_page_toc``,
``sitemap_queue``, ``sitemap_unchanged``, ``packed_tocs``, ``search_index_update``,
``outdated_files``, ``fast_discovery``, ``title_text``.
Behaviour: ``project_class`` (generated pages),
``sitemap_dirhtml`` (the ``dirhtml`` builder's URLs in the sitemap),
``remote_image_location`` (a remote image that cannot be fetched, at its line),
``tolerant_decoding`` (files that are not UTF-8), ``search_page_names``
and ``theme_escaping`` (upstream bugs with hostile page names and titles).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import (
    docutils_settings,
    outdated_files,
    packed_tocs,
    project_class,
    remote_image_location,
    sitemap_dirhtml,
    sitemap_queue,
    sitemap_unchanged,
    theme_escaping,
    theme_page_toc,
    title_text,
    toc_collector,
    toctree_ancestors,
    tolerant_decoding,
)  # fmt: skip

# Installed by the builders that use them: parallel_builds (a builder mixin),
# search_page_names and search_index_update (web/builder.py, when the
# indexer is made),
# theme_empty_check (web/builder.py, once the theme is loaded).
# fast_discovery is called by pages/discovery.py's ArticlesProject.discover.


def setup(app: Sphinx) -> None:
    docutils_settings.setup(app)
    toctree_ancestors.setup(app)
    toc_collector.setup(app)
    packed_tocs.setup(app)
    outdated_files.setup(app)
    project_class.setup(app)
    remote_image_location.setup(app)
    tolerant_decoding.setup(app)
    sitemap_queue.setup(app)
    sitemap_unchanged.setup(app)
    sitemap_dirhtml.setup(app)
    theme_escaping.setup(app)
    theme_page_toc.setup(app)
    title_text.setup(app)
