"""The package's layout keeps its promises: ``content`` needs no Sphinx."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

BLOCK_SPHINX = """
import importlib.abc, sys

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {"sphinx", "docutils", "myst_parser"}:
            raise ImportError(f"content imported {name}")
        return None

sys.meta_path.insert(0, Blocked())
from sphinx_articles.content import article, frontmatter, names, site
built = site.build({"news/a": article.read("news/a", "---\\ntitle: 標題\\ncategory: 公告\\n---\\n", "未分類")},
                   root_doc="index", section_titles={}, home_title="首頁")
print(sorted(built.pages))
"""


def test_content_imports_neither_sphinx_nor_docutils():
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_SPHINX],
        capture_output=True, text=True, cwd=REPO, env={"PYTHONPATH": str(REPO / "extensions")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "news/_category/公告" in result.stdout


def test_the_blocker_does_block():
    """The check above can fail: the same blocker stops the whole package."""
    code = BLOCK_SPHINX.replace("from sphinx_articles.content import", "from sphinx_articles.web import")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, cwd=REPO, env={"PYTHONPATH": str(REPO / "extensions")},
    )  # fmt: skip
    assert result.returncode != 0 and "content imported sphinx" in result.stderr
