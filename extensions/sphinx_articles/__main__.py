"""``python -m sphinx_articles new SECTION TITLE``: start a new article;
``python -m sphinx_articles init CONTENT``: a conf.py for a content folder.

The command line only; what is written and why is ``content.new_article``
and ``content.init_site``.
Exit status: 0 written, 1 refused (the message is on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .content import init_site, new_article


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m sphinx_articles", description="Tools for the articles' editors.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser(
        "new",
        help="write a new article's file with its front matter filled in",
        description=(
            "Write SOURCE/SECTION/<next id>.md: the title given, the next sequence of its category, "
            "the folder's most common author and category, today's date. Never replaces a file."
        ),
    )
    new.add_argument("section", help="the section folder in the content folder, e.g. news or notices/board")
    new.add_argument("title", help="the article's title")
    new.add_argument("--category", help="the category (default: the folder's most common)")
    new.add_argument("--category2", help="a second level under --category (written as category1/category2)")
    new.add_argument("--id", dest="name", metavar="NAME", help="the file name without .md (default: the next id)")
    new.add_argument("--source", default="source", metavar="DIR", help="the content folder (default: source)")
    init = commands.add_parser(
        "init",
        help="write a conf.py that builds an existing content folder (like sphinx-quickstart)",
        description=(
            "Write DIR/conf.py for the content folder CONTENT: the site's name and URL from its Nuxt config, "
            "the language detected from the articles, section titles from _dir.yml/.navigation.yml, its "
            "public/ folder; the theme and everything else from this project's conf.py. "
            "Nothing is written into CONTENT; an existing conf.py is kept unless --force."
        ),
    )
    init.add_argument("content", help="the content folder, e.g. path/to/site/content")
    init.add_argument(
        "--conf-dir",
        metavar="DIR",
        help=f"where conf.py goes (default: {init_site.DEFAULT_CONF_DIR} beside the content folder)",
    )
    init.add_argument("--force", action="store_true", help="replace an existing conf.py")
    init.add_argument("--language", help="Sphinx's language code (default: detected from the articles' text)")
    init.add_argument(
        "--base-conf",
        metavar="FILE",
        help="the project's conf.py to build with (default: the repository's, beside the installed package)",
    )
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "init":
        return init(args)
    try:
        new = new_article.plan(
            Path(args.source),
            args.section,
            args.title,
            category=args.category,
            category2=args.category2,
            name=args.name,
        )
        new_article.write(new)
    except (new_article.NewArticleError, OSError) as error:
        print(f"python -m sphinx_articles new: {error}", file=sys.stderr)
        return 1
    print(new.path)
    if new.new_folder:
        print(f"  (a new section folder: {new.path.parent})")
    for note in new.notes:
        print(f"  {note}")
    return 0


def init(args: argparse.Namespace) -> int:
    try:
        site = init_site.plan(
            Path(args.content),
            conf_dir=Path(args.conf_dir) if args.conf_dir else None,
            force=args.force,
            language=args.language,
            base_conf=Path(args.base_conf) if args.base_conf else None,
        )
        init_site.write(site, force=args.force)
    except (init_site.InitError, OSError) as error:
        print(f"python -m sphinx_articles init: {error}", file=sys.stderr)
        return 1
    print(site.path)
    for note in site.notes:
        print(f"  {note}")
    print("Build the site with:")
    print(f"  {site.command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
