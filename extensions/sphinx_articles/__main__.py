"""``python -m sphinx_articles new SECTION TITLE``: start a new article.

The command line only; what is written and why is ``content.new_article``.
Exit status: 0 written, 1 refused (the message is on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .content import new_article


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
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
