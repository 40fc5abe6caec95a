"""Site configuration: `sphinx-build -c . source _build/html` (or any content folder)."""

import os
import re
import runpy
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The site's own values.  A conf.py written by `python -m sphinx_articles init`
# for another content folder sets them and then runs this file: the values
# below that derive from them (titles, catalogs, language tags) follow.
project = globals().get("project", "青松里社區網站")
author = globals().get("author", "青松里社區網站編輯群")
copyright = globals().get("copyright", "2026 青松里社區網站")  # footer: 版權所有 © 2026 青松里社區網站
language = globals().get("language", "zh_TW")

# Interface strings (tooltips, aria-labels, search messages, footer) come from
# the site's own catalogs in locale/<language>/LC_MESSAGES/ (zh_TW, zh_CN,
# ja, en), in front of Sphinx's and the themes' (pydata-sphinx-theme has no
# zh_TW and answers in Simplified Chinese or English).  Every language's are
# compiled here, at every build, as `-D language=ja` is not known yet; see
# locale/build_catalogs.py.  An absolute path: Sphinx reads locale_dirs from
# the content folder, and this conf.py serves any content folder.
_catalogs = runpy.run_path(str(HERE / "locale" / "build_catalogs.py"))
locale_dirs = [str(_catalogs["compile_all"](HERE / "locale"))]

extensions = ["sphinx_articles"]  # also sets up myst_parser and sphinx_sitemap

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", ".venv", "README.md", "**/node_modules"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_js_files = ["site.js"]  # ☰ between the themes' breakpoints, see there
# An edited catalog changes this, so an incremental build rewrites every page.
html_context = {
    "site_catalogs": "".join(
        _catalogs["digest"](HERE / "locale", code) for code in _catalogs["languages"](HERE / "locale")
    )
}
suppress_warnings = ["myst.header"]  # editors jump heading levels (## -> ####)

# MyST: raw HTML <img> becomes a real image; {target="_blank"} on links;
# no dollar maths ($300 is a price).
myst_enable_extensions = ["attrs_inline", "html_image", "strikethrough", "tasklist"]
myst_heading_anchors = 6

html_theme = "sphinx_book_theme"
html_title = project
# The sitemap's site URL; Read the Docs tells us the published one.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://example.org/")
# The site's own pine-tree mark (青松), as the sidebar logo and the tab icon.
html_logo = "_static/logo.svg"
html_favicon = "_static/favicon.svg"
html_theme_options = {
    "show_toc_level": 2,
    # A news site, not a manual: no .md/.pdf download menu, no full-screen button.
    "use_download_button": False,
    "use_fullscreen_button": False,
    # The mark beside the site name; the theme's default alt text adds an English "- Home".
    "logo": {"text": project, "alt_text": ""},
    "home_page_in_toc": True,
    # The sticky bar above each page: ☰ (menu), the site name while the
    # sidebar is hidden, the theme's buttons on the right.  The breadcrumbs
    # (home › section › category) sit above the title, see _templates/layout.html.
    "article_header_start": ["toggle-primary-sidebar.html", "site-name.html"],
    # No top bar: layout.html leaves pydata-sphinx-theme's header out.
    "navbar_persistent": [],
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
\hypersetup{pdflang={LANGUAGE}}
\setcounter{secnumdepth}{-2}
""".replace("LANGUAGE", language.replace("_", "-")),
    "sphinxsetup": "hmargin={2.2cm,2.2cm}, vmargin={2.5cm,2.5cm}",
}

# -- EPUB ----------------------------------------------------------------------
epub_language = language.replace("_", "-")  # zh-TW: BCP 47, as dc:language wants (not zh_TW)
epub_basename = "site"
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
version = release = "2026"  # EPUB 3 wants a version
epub_cover = ("_static/cover.png", "")
epub_show_urls = "no"
epub_exclude_files = ["search.html"]


def follow_language(app, config):
    """The PDF's fonts and language and the EPUB's language follow the
    site's language (`-D language=ja` is known only once this file has run,
    a conf.py written by `init` sets it before): Noto CJK's
    JP or SC faces for Japanese or Simplified Chinese, TC for the others."""
    code = config.language.replace("_", "-")
    if code == "zh-TW":  # the fonts and tags above
        return
    face = "JP" if code.startswith("ja") else "SC" if code.startswith(("zh-CN", "zh-SG", "zh-Hans")) else "TC"
    if config.epub_language in (epub_language, "zh-TW"):
        config.epub_language = code
    if config.latex_elements is latex_elements:
        elements = {**latex_elements}
        elements["fontpkg"] = elements["fontpkg"].replace(" CJK TC}", f" CJK {face}}}")
        if not code.startswith("zh"):  # Sphinx loads xeCJK for Chinese only; polyglossia knows no Japanese
            elements["fontpkg"] = "\\usepackage{xeCJK}" + elements["fontpkg"]
            elements["polyglossia"] = elements["babel"] = ""
            if face == "JP":  # no polyglossia: the class's English names
                elements["preamble"] += "\\renewcommand{\\contentsname}{目次}\n"
        if config.latex_docclass.get("manual") == "jsbook":  # Sphinx's for ja: pLaTeX only, and a TeX package more
            config.latex_docclass = {}
        elements["preamble"] = re.sub(r"pdflang=\{[^}]*\}", f"pdflang={{{code}}}", elements["preamble"])
        config.latex_elements = elements


def setup(app):
    # sphinx-book-theme's catalog ("booktheme") lacks "Search" in zh_TW.  The
    # theme is set up after conf.py, so the site's catalog comes first.
    app.add_message_catalog("booktheme", locale_dirs[0])
    app.connect("config-inited", follow_language)
