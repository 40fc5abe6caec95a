"""`make livehtml`: sphinx-autobuild rebuilds a generated 300-article site after
each save and the open page in headless Chromium reloads itself; a broken
article is a warning in the terminal, never the end of the server.

The server runs with benchmarks/save_to_screen.py's command, which must stay
`make livehtml`'s (checked with `make -n`).
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, WARNING


def load_benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


save_to_screen = load_benchmark("save_to_screen")
ARTICLE = Path("city/t00001.md")  # shown in the browser
OTHER = Path("city/t00003.md")  # broken


def generated_site(folder: Path, articles: int) -> Path:
    command = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(articles), str(folder)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return generated_site(tmp_path_factory.mktemp("live") / "src", 300)


@pytest.fixture(scope="module")
def preview(browser, site):  # browser first: without Chromium, skip before building
    with save_to_screen.live_preview(site, site.parent / "html", REPO, timeout=150) as running:
        yield running


@pytest.fixture(scope="module")
def page(browser, preview, site):
    page = browser.new_page()
    save_to_screen.open_live(page, preview.page_url(site, site / ARTICLE))
    yield page
    page.close()


def test_a_saved_title_shows_in_the_open_page(page, site, preview):
    page.evaluate("window.beforeSave = true")  # gone once the page has reloaded
    seconds = save_to_screen.seconds_until_shown(page, site / ARTICLE, "即時預覽一", timeout=60)
    print(f"save to screen, 300 articles: {seconds:.2f} s (first build {preview.first_build_seconds:.1f} s)")
    assert page.evaluate("window.beforeSave") is None  # sphinx-autobuild's script reloaded it
    assert 0 < seconds < 60


def break_front_matter(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\ntitle:", "\ntitle: [未閉合", 1), encoding="utf-8")


def test_a_broken_article_is_a_warning_and_the_server_goes_on(page, site, preview):
    since = len(preview.lines)
    break_front_matter(site / OTHER)
    rebuild = preview.wait_for_output("Serving on", since, timeout=60)

    warned = [m for m in map(WARNING.match, rebuild.splitlines()) if m and Path(m["path"]) == site / OTHER]
    assert any("invalid YAML" in m["message"] for m in warned), rebuild[-3000:]
    assert preview.process.poll() is None
    with urllib.request.urlopen(preview.page_url(site, site / OTHER), timeout=10) as response:
        assert response.status == 200
    # The next good save still reaches the open page.
    save_to_screen.seconds_until_shown(page, site / ARTICLE, "即時預覽二", timeout=60)


def make_dry_run(**variables: str) -> list[str]:
    """The sphinx_autobuild command `make -n livehtml` prints."""
    settings = [f"{name}={value}" for name, value in variables.items()]
    printed = subprocess.run(
        ["make", "-n", "livehtml", *settings], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    commands = [shlex.split(line) for line in printed.stdout.replace("\\\n", " ").splitlines()]
    return next(command for command in commands if "sphinx_autobuild" in command)


@pytest.mark.skipif(shutil.which("make") is None, reason="make missing")
def test_makefile_runs_the_benchmarked_command(monkeypatch):
    monkeypatch.chdir(REPO)  # the Makefile's paths are relative to it
    expected = save_to_screen.livehtml_command(Path("src"), Path("out/html"), Path("."), 8123, ".venv/bin/python")
    assert make_dry_run(PORT="8123", SOURCEDIR="src", BUILDDIR="out") == expected


def test_save_to_screen_script(browser, tmp_path):  # browser: skips without Chromium
    site = generated_site(tmp_path / "src", 20)
    command = [sys.executable, str(REPO / "benchmarks" / "save_to_screen.py"), str(site), str(site / ARTICLE)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert 0 < figures["seconds"] < 60 and figures["first_build_seconds"] > 0
    assert "即時預覽" in (tmp_path / "src" / ARTICLE).read_text(encoding="utf-8")
