"""The search index an incremental build writes from the copy the last build saved.

``patches/search_index_update.py`` saves each term's page list as JSON text
beside the doctrees; a rebuild that adds no page reads that copy, changes
only the lists of the pages written again, and must write the bytes a clean
build writes.
"""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_incremental import basic_builds, touch_later

from sphinx_articles.patches import search_index_update as update

from conftest import build, copy_root

SAVED = ".doctrees/searchindex.html.pickle"


def edit_bodies(src):
    """Body edits only: no page is added or removed, so the lists are updated as text."""
    lamp = src / "news" / "lamp.md"
    lamp.write_text(
        lamp.read_text(encoding="utf-8").replace("第一鄰至第八鄰", "第九鄰的水溝蓋與橋墩"), encoding="utf-8"
    )
    touch_later(lamp)
    road = src / "news" / "road.md"
    road.write_text(road.read_text(encoding="utf-8") + "\n\n新增段落：鐵道博物館驗收完成。\n", encoding="utf-8")
    touch_later(road)


def index_and_saved_copy(first) -> dict:
    return {"index": first.search_index(), "saved": pickle.loads((first.outdir / SAVED).read_bytes())}


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    return basic_builds(tmp_path_factory, "search-text", index_and_saved_copy, edit_bodies)


def test_the_first_build_saves_its_index(edited):
    *_builds, before = edited
    index, saved = before["index"], before["saved"]["index"]
    assert saved["docnames"] == tuple(index["docnames"])
    assert {term: json.loads(text) for term, text in saved["terms"].items()} == index["terms"]


def test_an_edit_writes_the_clean_builds_bytes(edited):
    _first, incremental, clean, before = edited
    assert "0 added, 2 changed, 0 removed" in incremental.stdout
    written = (incremental.outdir / "searchindex.js").read_bytes()
    assert written == (clean.outdir / "searchindex.js").read_bytes()
    names = before["index"]["docnames"]
    lamp, road = names.index("news/lamp"), names.index("news/road")
    old, new = before["index"]["terms"], incremental.search_index()["terms"]
    assert old["鄰至"] == lamp and "鄰至" not in new  # 第一鄰至第八鄰: only the lamp article had it
    assert "橋墩" not in old and new["橋墩"] == lamp
    assert "鐵道" not in old and new["鐵道"] == road


def saved_with_marker(outdir, term: str) -> None:
    """Add *term* to the saved copy only, keeping its record of ``searchindex.js``."""
    path = outdir / SAVED
    saved = pickle.loads(path.read_bytes())
    saved["index"]["terms"][term] = "0"
    path.write_bytes(pickle.dumps(saved))


def test_the_saved_copy_is_read_while_the_index_is_unchanged(tmp_path):
    src = copy_root("test-basic", tmp_path)
    assert build(src, tmp_path / "out").returncode == 0
    saved_with_marker(tmp_path / "out", "只在存檔")
    edit_bodies(src)
    again = build(src, tmp_path / "out")
    assert again.returncode == 0, again.stderr[-3000:]
    assert again.search_index()["terms"]["只在存檔"] == 0


def test_a_changed_index_file_is_read_instead_of_the_saved_copy(tmp_path):
    src = copy_root("test-basic", tmp_path)
    assert build(src, tmp_path / "out").returncode == 0
    saved_with_marker(tmp_path / "out", "只在存檔")
    touch_later(tmp_path / "out" / "searchindex.js")
    edit_bodies(src)
    again = build(src, tmp_path / "out")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "只在存檔" not in again.search_index()["terms"]
    assert "橋墩" in again.search_index()["terms"]


def test_a_damaged_saved_copy_is_ignored(tmp_path):
    src = copy_root("test-basic", tmp_path)
    assert build(src, tmp_path / "out").returncode == 0
    saved = tmp_path / "out" / SAVED
    saved.write_bytes(saved.read_bytes()[:100])
    edit_bodies(src)
    again = build(src, tmp_path / "out")
    assert again.returncode == 0 and "WARNING" not in again.stderr, again.stderr[-3000:]
    assert again.search_index()["terms"]["橋墩"] == again.search_index()["docnames"].index("news/lamp")


# -- the text updates against the decoded ones -------------------------------

PAGES = 12


@st.composite
def index_changes(draw):
    """Previous terms (term -> sorted page numbers), the pages written again
    (dropped) and the terms those pages now have (fed)."""
    terms = draw(
        st.dictionaries(
            st.text(min_size=1, max_size=3),
            st.sets(st.integers(0, PAGES - 1), min_size=1).map(sorted),
            max_size=15,
        )
    )
    dropped = draw(st.sets(st.integers(0, PAGES - 1), max_size=5))
    fed_terms = st.sampled_from([*terms, "新", "x", "1"]) if terms else st.sampled_from(["新", "x", "1"])
    fed: dict[str, set[str]] = {}
    for number in dropped:
        for term in draw(st.sets(fed_terms, max_size=6)):
            fed.setdefault(term, set()).add(f"p{number:02}")
    return terms, dropped, fed


@given(index_changes())
@settings(max_examples=300, deadline=None)
def test_text_updates_equal_decoded_updates(change):
    terms, dropped, fed = change
    fn2index = {f"p{number:02}": number for number in range(PAGES)}
    stored = {term: numbers[0] if len(numbers) == 1 else numbers for term, numbers in terms.items()}
    decoded = json.loads(json.dumps(stored))
    update._remove_pages(decoded, dropped)
    update._add_pages(decoded, fed, fn2index)
    texts = {term: update._as_text(numbers) for term, numbers in stored.items()}
    update._update_texts(texts, fed, fn2index, dropped)
    assert {term: json.loads(text) for term, text in texts.items()} == decoded
    assert texts == {term: update._as_text(numbers) for term, numbers in decoded.items()}


@given(
    st.dictionaries(st.text(max_size=4), st.lists(st.integers(0, 10**6), min_size=1).map(sorted), max_size=8),
    st.dictionaries(st.text(max_size=4), st.lists(st.text(max_size=4), max_size=3), max_size=4),
)
def test_written_json_is_json_dumps(terms, alltitles):
    frozen = {"terms": terms, "titleterms": {}, "alltitles": alltitles, "docnames": ("a", "中"), "envversion": {}}
    as_text = dict(frozen, terms={term: update._as_text(numbers) for term, numbers in terms.items()})
    assert update._json(as_text) == json.dumps(frozen, separators=(",", ":"), sort_keys=True)
