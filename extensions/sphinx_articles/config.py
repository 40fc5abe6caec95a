"""Configuration values; all prefixed ``articles_``."""

from __future__ import annotations

from sphinx.application import Sphinx

from .labels import LABELS, labels_for

# Today's (Traditional Chinese) words; the set used follows Sphinx's language, see labels.py.
DEFAULT_LABELS = LABELS["zh_TW"]

# name: (default, rebuild, types, description)
CONFIG_VALUES = {
    "articles_public_dir": ("", "env", str, "folder served at the site root (Nuxt's public/), relative to conf.py"),
    # Redirect pages are written after each build: no document depends on these.
    "articles_redirects_file": ("", "", str, "YAML mapping of old paths to new ones, relative to conf.py"),
    "articles_extensionless": (False, "", bool, "html builder: news/n001/ leads to news/n001.html (Nuxt's URLs)"),
    # "": the language's word (未分類, 未分类, Uncategorized), labels.py
    "articles_default_category": ("", "env", str, "category of articles without one"),
    "articles_sections": ({}, "env", dict, "folder -> section title, in navigation order"),
    "articles_home_latest": (5, "env", int, "how many newest articles per section the home page shows (0: all)"),
    "articles_section_latest": (20, "env", int, "how many newest articles a section page shows (0: all)"),
    "articles_feed_length": (20, "", int, "how many newest articles each Atom feed holds (0: all)"),
    "articles_feed_content": (False, "html", bool, "put each article's whole body into the Atom feeds"),
    "articles_toc_default": (True, "env", bool, "show an article's table of contents when 'toc' is missing"),
    # {}: the language's words (labels.py); a site's dict replaces single ones
    "articles_labels": ({}, "env", dict, "words used in bylines and listings"),
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
    """The language's words, with the ones the site gives in their place."""
    config.articles_labels = {**labels_for(config.language), **config.articles_labels}
    if not config.articles_default_category:
        config.articles_default_category = config.articles_labels["uncategorized"]
