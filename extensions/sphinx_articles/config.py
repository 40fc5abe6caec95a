"""Configuration values; all prefixed ``articles_``."""

from __future__ import annotations

from sphinx.application import Sphinx

from .content.site import DEFAULT_TITLES

DEFAULT_LABELS = {
    "author": "作者",
    "date": "日期",
    "category": "類別",
    "categories": "類別",
    "latest": "最新文章",
    "related": "相關文章",
    "link": "原文連結",
    "tags": "標籤",
    **DEFAULT_TITLES,  # archive, year, month, undated, all_authors, all_tags: generated pages' titles
    "feed": "訂閱（Atom）",
}

# name: (default, rebuild, types, description)
CONFIG_VALUES = {
    "articles_public_dir": ("", "env", str, "folder served at the site root (Nuxt's public/), relative to conf.py"),
    # Redirect pages are written after each build: no document depends on these.
    "articles_redirects_file": ("", "", str, "YAML mapping of old paths to new ones, relative to conf.py"),
    "articles_extensionless": (False, "", bool, "html builder: news/n001/ leads to news/n001.html (Nuxt's URLs)"),
    "articles_default_category": ("未分類", "env", str, "category of articles without one"),
    "articles_sections": ({}, "env", dict, "folder -> section title, in navigation order"),
    "articles_home_latest": (5, "env", int, "how many newest articles per section the home page shows (0: all)"),
    "articles_section_latest": (20, "env", int, "how many newest articles a section page shows (0: all)"),
    "articles_feed_length": (20, "", int, "how many newest articles each Atom feed holds (0: all)"),
    "articles_feed_content": (False, "html", bool, "put each article's whole body into the Atom feeds"),
    "articles_toc_default": (True, "env", bool, "show an article's table of contents when 'toc' is missing"),
    "articles_labels": (DEFAULT_LABELS, "env", dict, "words used in bylines and listings"),
    "articles_drafts": (False, "env", bool, "publish articles marked 'draft: true' (for previews)"),
    "articles_future": (True, "env", bool, "publish articles dated after today"),
    "articles_mdc_components": ({}, "env", dict, "MDC component name -> directive that renders it"),
    "articles_latex_emoji_font": ("", "", str, "monochrome emoji font file for the PDF, relative to conf.py"),
}


def setup(app: Sphinx) -> None:
    register(app)
    app.connect("config-inited", complete_labels)


def register(app: Sphinx) -> None:
    for name, (default, rebuild, kind, description) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=(kind,), description=description)


def complete_labels(app: Sphinx, config) -> None:
    """Let users override some labels without repeating the others."""
    config.articles_labels = {**DEFAULT_LABELS, **config.articles_labels}
