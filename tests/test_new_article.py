"""``python -m sphinx_articles new``: a new article's file, run as editors run it.

Every test runs the real command in a subprocess on a copy of the example
site (or of a corpus folder), reads what it wrote with the site's own
reader (``article.read``) and, once, builds the copy with Sphinx.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from sphinx_articles.content import article, frontmatter

from conftest import REPO, build, snapshot

CORPUS = REPO.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the example site's content folder."""
    return Path(shutil.copytree(REPO / "source", tmp_path / "source"))


def new(*args: str, source: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx_articles", "new"]
    if source is not None:
        command += ["--source", str(source)]
    command += args
    # This checkout's package, whatever the installed one points at.
    path = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, timeout=60)


def written(result: subprocess.CompletedProcess[str]) -> Path:
    """The file the command says it wrote (its first line of output)."""
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    path = Path(result.stdout.splitlines()[0])
    assert path.is_file(), result.stdout
    return path


def read_back(path: Path, source: Path) -> article.Article:
    docname = path.relative_to(source).with_suffix("").as_posix()
    return article.read(docname, path.read_text(encoding="utf-8"), None)


def front_matter_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[1 : lines.index("---", 1)]


def today_range(before: dt.date) -> set[dt.date]:
    return {before, dt.date.today()}  # the run may cross midnight


# -- the example site ------------------------------------------------------------


def test_news_gets_the_next_id_sequence_author_category_and_today(site):
    before, day = snapshot(site), dt.date.today()
    result = new("news", "青松里夜間巡守成果報告", "--source", str(site))  # as the README writes it
    path = written(result)
    assert path == site / "news" / "n006.md"  # n001 … n005
    assert set(snapshot(site)) - set(before) == {"news/n006.md"}  # nothing else written
    got = read_back(path, site)
    assert got.problems == []
    assert got.title == "青松里夜間巡守成果報告"
    assert got.category == ("環境清潔",)  # 2 of 5 (公共建設 also 2: the newer file wins the tie)
    assert got.sequence == 5  # 環境清潔's highest is n005's 004
    assert got.author == "青松里辦公處"  # 4 of 5
    assert got.published in today_range(day) and got.published_text == got.published.isoformat()
    assert got.toc is True
    assert got.description == "" and got.images == [] and got.link == "" and got.meta == []
    keys = [line.split(":")[0] for line in front_matter_lines(path) if line and not line.startswith(" ")]
    assert keys == [
        "title", "description", "image", "sequence", "category", "author", "link", "head", "publishedAt", "toc",
    ]  # fmt: skip
    assert "sequence: 005" in front_matter_lines(path)  # the folder's width, as editors write it
    assert "環境清潔" in result.stdout and "most common" in result.stdout


def test_given_category_sets_the_sequence_of_that_category(site):
    result = new("news", "守望相助隊新制服", "--category", "治安安全", source=site)
    got = read_back(written(result), site)
    assert got.category == ("治安安全",) and got.sequence == 3  # n003: 002
    assert "治安安全 (given)" in result.stdout


def test_a_new_category_starts_at_one(site):
    path = written(new("events", "冬至湯圓會", "--category", "節慶活動", source=site))
    assert path.name == "e007.md"  # after the draft e006: a draft's file name is taken too
    assert "sequence: 001" in front_matter_lines(path)
    assert read_back(path, site).author == "青松里社區發展協會"  # 5 of 6 in events


def test_two_level_folder_writes_both_levels(site):
    path = written(new("notices/board", "人行道鋪面改善", source=site))
    assert path == site / "notices" / "board" / "b003.md"
    got = read_back(path, site)
    assert len(got.category) == 2 and got.category[0] == "1. 公共建設"
    assert got.sequence == 3
    keys = [line.split(":")[0] for line in front_matter_lines(path)]
    assert "category1" in keys and "category2" in keys and "category" not in keys


def test_a_new_folder_starts_at_001_after_its_first_letter(site):
    path = written(new("topics", "第一篇", source=site))
    assert path == site / "topics" / "t001.md"
    got = read_back(path, site)
    assert got.sequence == 1 and got.author == "" and got.category == ()
    assert "none in the folder" in new("公告", "沒有英文字母的資料夾", source=site).stdout
    assert (site / "公告" / "001.md").is_file()


def test_refuses_to_overwrite(site):
    first = written(new("news", "第一次", source=site))
    text = first.read_text(encoding="utf-8")
    result = new("news", "第二次", "--id", first.stem, source=site)
    assert result.returncode == 1
    assert "already exists" in result.stderr and result.stdout == ""
    assert first.read_text(encoding="utf-8") == text
    original = (site / "news" / "n001.md").read_bytes()
    assert new("news", "覆寫", "--id", "n001", source=site).returncode == 1
    assert (site / "news" / "n001.md").read_bytes() == original
    # Without --id the next run takes the next id, never the same file.
    assert written(new("news", "第二次", source=site)).name == "n007.md"


HOSTILE_TITLES = [
    "標題: 冒號 # 井號 'single' \"double\"",
    "第一行\n第二行",
    "</script><script>alert(1)</script>",
    "段落\u2028分隔\u2029字元",
    "- 列表 ? [x] {y} &z *w !t | > % @ `",
    "yes",
    "030",
    "null",
    "---",
    "a\n---\nb",
    "...",
    "\\ 反斜線 \\n \\u2028",
    "tab\there\r\nCRLF",
    "\ufeff開頭的 BOM",
    "‮反向\u200b零寬",
    "🎉 emoji 𠮷",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=range(len(HOSTILE_TITLES)))
def test_hostile_title_reads_back_exactly(site, title):
    path = written(new("--", "news", title, source=site))  # "--": a title may start with "-"
    got = read_back(path, site)
    assert got.problems == []
    assert got.title == title
    assert got.sequence == 5 and got.author == "青松里辦公處"  # the fields after the title survive
    assert got.toc is True
    assert frontmatter.split(path.read_text(encoding="utf-8")).data["toc"] is True


def test_control_characters_are_stripped_as_the_site_would(site):
    got = read_back(written(new("news", "控制\x07字元\x1b", source=site)), site)
    assert got.title == "控制字元" and got.problems == []


def test_hostile_category_reads_back_as_the_site_labels_it(site):
    category = 'x: "y" # </script>\n\u2028  z'
    got = read_back(written(new("news", "類別", "--category", category, source=site)), site)
    assert got.category == (article.normalise_label(category),) == ('x: "y" # </script> z',)
    assert got.sequence == 1 and got.problems == []


@pytest.mark.parametrize(
    "section", ["..", "../escape", "news/../../escape", "/tmp/escape", ".", "", "news/it's", "_static", ".git"]
)
def test_refuses_a_section_outside_or_unsafe(site, section):
    before = snapshot(site.parent)
    result = new(section, "不該寫出", source=site)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("python -m sphinx_articles new: ") and result.stdout == ""
    assert snapshot(site.parent) == before


def test_refuses_a_section_that_links_outside(site, tmp_path):
    (tmp_path / "outside").mkdir()
    (site / "elsewhere").symlink_to(tmp_path / "outside")
    result = new("elsewhere", "不該寫出", source=site)
    assert result.returncode == 1 and "outside the content folder" in result.stderr
    assert list((tmp_path / "outside").iterdir()) == []


def test_refuses_an_empty_title_and_a_missing_content_folder(site, tmp_path):
    assert "title is empty" in new("news", "  \x07 ", source=site).stderr
    assert "does not exist" in new("news", "標題", source=tmp_path / "missing").stderr
    assert new("news", source=site).returncode == 2  # usage: argparse's own message


def test_the_new_article_is_built_on_its_page_and_its_category_page(site, tmp_path):
    title = '新文章 "測試" </script> #1'
    path = written(new("news", title, source=site))
    docname = path.relative_to(site).with_suffix("").as_posix()
    result = build(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.warning_lines == []  # the example site builds without any; the new file adds none
    h1s = result.article(docname).find_all("h1")
    assert [h.get_text().removesuffix("#").strip() for h in h1s] == [title]
    category = result.article("news/_category/環境清潔")
    page = "https://x/news/_category/環境清潔.html"
    links = {
        unquote(urljoin(page, a["href"])).removeprefix("https://x/"): a.get_text().strip()
        for a in category.find_all("a", href=True)
    }
    assert links.get(f"{docname}.html") == title


# -- a corpus folder ------------------------------------------------------------


@needs_corpus
def test_corpus_city_folder(tmp_path):
    source = tmp_path / "content"
    shutil.copytree(CORPUS / "city", source / "city")
    day = dt.date.today()
    result = new("city", "桃園捷運綠線通車時程", source=source)
    path = written(result)
    assert path == source / "city" / "t048.md"  # t001 … t047
    got = read_back(path, source)
    assert got.problems == []
    assert got.category == ("環境保護",)  # 3 of 47, the most common
    assert got.sequence == 27  # 環境保護's highest: t028's 026
    assert "sequence: 027" in front_matter_lines(path)
    assert got.author == "市政府"  # 6 of 47
    assert got.published in today_range(day)
    assert "環境保護" in result.stdout


@needs_corpus
def test_corpus_two_level_folder_with_four_digit_ids(tmp_path):
    source = tmp_path / "content"
    shutil.copytree(CORPUS / "community", source / "community")
    path = written(new("community/announcement", "社區公告", source=source))
    assert path.name == "a4002.md"  # a0001, a1001 … a4001: the highest plus one, four digits
    got = read_back(path, source)
    assert got.category == ("3. 社團活動與急難救濟", "3.1 舉辦社團活動")
    assert got.sequence == 4002 and "sequence: 4002" in front_matter_lines(path)
    assert got.author == "文青里"


# -- make new ----------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="make missing")
def test_make_new_passes_a_hostile_title_as_text(site, tmp_path):
    """``make new`` hands SECTION, TITLE and CATEGORY to the command through
    the environment: nothing in them reaches the shell as code."""
    bin_ = tmp_path / "venv" / "bin"  # a stand-in venv: make must not install anything
    bin_.mkdir(parents=True)
    (bin_ / "sphinx-build").touch()
    (bin_ / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    (bin_ / "python").chmod(0o755)
    marker = tmp_path / "injected"
    title = "引號 \"雙\" '單' `touch $$MARK` ; touch $$MARK $$(touch $$MARK) # 井號"  # $$: make's $
    command = [
        "make", "--no-print-directory", "-o", f"{bin_}/sphinx-build", "new",
        f"VENV={bin_.parent}", f"SOURCEDIR={site}", "SECTION=news", f"TITLE={title}", "CATEGORY=治安 安全",
    ]  # fmt: skip
    path = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "MARK": str(marker)}
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    got = read_back(site / "news" / "n006.md", site)
    assert got.title == title.replace("$$", "$")  # make's own `$$` → `$`, nothing more
    assert got.category == ("治安 安全",) and got.sequence == 3
    assert not marker.exists()
    usage = subprocess.run(
        [*command[:5], f"VENV={bin_.parent}", f"SOURCEDIR={site}"], cwd=REPO, capture_output=True, text=True
    )
    assert usage.returncode != 0 and "usage: make new SECTION=" in usage.stderr
