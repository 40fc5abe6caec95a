"""Every warning names the editor's file and line, in every builder.

``tests/roots/test-warning-locations``: an image without alt text (Sphinx
took its line away), a remote image that cannot be fetched (the PDF and
EPUB builders download it; Sphinx logged no location), and an EPUB built
with its doctrees inside the output folder (``-b epub`` without ``-d``:
Sphinx warned about every doctree, naming no article).  ``example.invalid``
never resolves (RFC 6761), so the download fails the same way everywhere.
"""

from __future__ import annotations

import pytest

from conftest import ROOTS, build

ROOT = ROOTS / "test-warning-locations"
SOURCE = ROOT / "news" / "images.md"


def located(result) -> list[tuple[str, int, str]]:
    return [(w.path, w.line, w.kind) for w in result.warnings]


def assert_every_warning_located(result) -> None:
    assert len(result.warnings) == len(result.warning_lines), result.stderr


def test_image_without_alt_text_warns_at_its_line(tmp_path):
    result = build(ROOT, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert located(result) == [(str(SOURCE), 10, "articles.image")], result.stderr
    assert_every_warning_located(result)


@pytest.mark.parametrize("builder", ["latex", "epub"])
def test_remote_image_not_fetched_warns_at_its_line(tmp_path, builder):
    # No -d: the doctrees go to the output folder, as with `sphinx-build -b epub src out`.
    result = build(ROOT, tmp_path / builder, builder=builder)
    assert result.returncode == 0, result.stderr
    assert_every_warning_located(result)
    remote = [w for w in result.warnings if "Could not fetch remote image" in w.message]
    assert [(w.path, w.line) for w in remote] == [(str(SOURCE), 14)], result.stderr
    assert (str(SOURCE), 10, "articles.image") in located(result)
    assert "unknown mimetype" not in result.stderr
