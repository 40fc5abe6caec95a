"""A parallel build (-j 2) produces the same site as a serial one."""

from __future__ import annotations

import pytest

from conftest import ROOTS, article_content, build, prev_next, sidebar


@pytest.fixture(scope="module")
def parallel_build(tmp_path_factory):
    result = build(ROOTS / "test-basic", tmp_path_factory.mktemp("parallel") / "html", "-j", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_same_pages(basic_build, parallel_build):
    assert parallel_build.html_pages() == basic_build.html_pages()
    assert len(parallel_build.html_pages()) == 27


def test_same_article_content(basic_build, parallel_build):
    different = [
        d for d in basic_build.html_pages()
        if d not in ("genindex", "search") and article_content(parallel_build, d) != article_content(basic_build, d)
    ]  # fmt: skip
    assert different == []


def test_same_warnings(basic_build, parallel_build):
    def key(w):
        return (w.file, w.line, w.kind)

    assert sorted(map(key, parallel_build.warnings)) == sorted(map(key, basic_build.warnings))


def test_same_images_and_downloads(basic_build, parallel_build):
    def files(b, folder):
        return sorted(p.relative_to(b.outdir).as_posix() for p in (b.outdir / folder).rglob("*") if p.is_file())

    assert files(parallel_build, "_images") == files(basic_build, "_images")
    assert files(parallel_build, "_downloads") == files(basic_build, "_downloads")


def test_same_sitemap_and_search(basic_build, parallel_build):
    assert set(parallel_build.sitemap()) == set(basic_build.sitemap())
    one, two = parallel_build.search_index(), basic_build.search_index()
    assert dict(zip(one["docnames"], one["titles"])) == dict(zip(two["docnames"], two["titles"]))
    assert one["terms"] == two["terms"]


def test_same_navigation(basic_build, parallel_build):
    pages = basic_build.html_pages()
    assert [d for d in pages if prev_next(parallel_build, d) != prev_next(basic_build, d)] == []
    assert [d for d in pages if sidebar(parallel_build, d) != sidebar(basic_build, d)] == []


def test_parallel_reading_sends_each_document_back_once():
    from sphinx_articles.patches.parallel_builds import one_batch_per_process

    documents = [f"doc{i}" for i in range(7)]
    assert one_batch_per_process(documents, 2) == [documents[0::2], documents[1::2]]
    assert one_batch_per_process(documents[:1], 4) == [documents[:1]]


def test_docutils_settings_are_built_once_per_distinct_defaults():
    from types import SimpleNamespace

    from sphinx_articles.patches.docutils_settings import memoised

    built = []

    def build(*components, defaults):
        built.append(components)
        return SimpleNamespace(**defaults)

    settings = memoised(build)
    first = settings(str, defaults={"language_code": "zh_TW", "env": object})
    first.language_code = "changed by one document"
    second = settings(str, defaults={"language_code": "zh_TW", "env": object})
    assert len(built) == 1 and second.language_code == "zh_TW"
    settings(str, defaults={"language_code": "en", "env": object})
    assert len(built) == 2


def test_reading_processes_are_merged_in_batch_order():
    """The first batch finishes last, and is still merged first (the merge
    order names same-named images in _images)."""
    import time

    from sphinx_articles.patches.parallel_builds import MergedInOrder

    def read(batch):
        time.sleep(0.6 if batch == 0 else 0.0)
        return batch

    merged = []
    tasks = MergedInOrder(3)
    for batch in range(3):
        tasks.add_task(read, batch, lambda arg, result: merged.append(result))
    tasks.join()
    assert merged == [0, 1, 2]
