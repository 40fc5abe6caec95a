"""What the editors wrote, as plain data: front matter, articles, the site.

``frontmatter`` splits a file and loads its YAML, ``article`` checks and
normalises the fields into an ``Article``, ``names`` makes page and file
names safe in every output, ``site`` derives sections, categories, their
pages and the orders from all articles.  Nothing here imports Sphinx or
docutils (``tests/test_layout.py`` proves it), so it can be tested, profiled
and reused on its own; problems are returned as values for the caller to
report.
"""
