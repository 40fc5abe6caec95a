"""Site configuration: `sphinx-build -c . source _build/html` (or any content folder)."""

import os

project = "青松里社區網站"
author = "青松里社區網站編輯群"
copyright = "2026, 青松里社區網站"
language = "zh_TW"

extensions = ["sphinx_articles"]  # also sets up myst_parser and sphinx_sitemap

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", ".venv", "README.md", "**/node_modules"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["site.css"]
suppress_warnings = ["myst.header"]  # editors jump heading levels (## -> ####)

# MyST: raw HTML <img> becomes a real image; {target="_blank"} on links;
# no dollar maths ($300 is a price).
myst_enable_extensions = ["attrs_inline", "html_image", "strikethrough", "tasklist"]
myst_heading_anchors = 6

html_theme = "sphinx_book_theme"
html_title = project
# The sitemap's site URL; Read the Docs tells us the published one.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://example.org/")
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # home › section › category above each article
    "article_header_start": ["toggle-primary-sidebar.html", "breadcrumbs"],
}
html_last_updated_fmt = None

# sphinx-sitemap: plain URLs (no language/version prefix); html_baseurl above.
sitemap_url_scheme = "{link}"

# sphinx_articles (see README): section titles, in navigation order.
articles_sections = {
    "news": "社區新聞",
    "events": "活動公告",
    "proposals": "居民提案",
    "notices/board": "公告欄",
}

# -- PDF book (LaTeX, xelatex) -------------------------------------------------
# `make latexpdf`; needs Debian's texlive-xetex, texlive-lang-chinese, latexmk
# and fonts-noto-cjk (see README).
latex_engine = "xelatex"
latex_toplevel_sectioning = "part"  # part per section, chapter per category
latex_documents = [(root_doc, "site.tex", project, author, "manual")]
latex_show_urls = "no"
latex_use_xindy = False  # makeindex ships with TeX; xindy would be one more package
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "fontpkg": r"""
\setmainfont{Noto Serif CJK TC}
\setsansfont{Noto Sans CJK TC}
\setmonofont{Noto Sans Mono CJK TC}
\setCJKmainfont{Noto Serif CJK TC}
\setCJKsansfont{Noto Sans CJK TC}
\setCJKmonofont{Noto Sans Mono CJK TC}
""",
    "fncychap": "",
    "preamble": r"""
\usepackage{xurl}
\hypersetup{pdflang={zh-TW}}
\setcounter{secnumdepth}{-2}
""",
    "sphinxsetup": "hmargin={2.2cm,2.2cm}, vmargin={2.5cm,2.5cm}",
}

# -- EPUB ----------------------------------------------------------------------
epub_language = "zh-TW"  # BCP 47, as dc:language wants (not zh_TW)
epub_basename = "site"
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
version = release = "2026"  # EPUB 3 wants a version
epub_cover = ("_static/cover.png", "")
epub_show_urls = "no"
epub_exclude_files = ["search.html"]
