"""The search page in a real browser (headless Chromium) finds Chinese words.

The search index can be right while the page still finds nothing (Sphinx 9.0
broke its Chinese search page in JavaScript), so this runs the page itself.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=15000",
]  # fmt: skip


@pytest.fixture(scope="module")
def site_url(basic_build):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(basic_build.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def search_results(site_url: str, query: str, profile) -> list[str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    page = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", f"{site_url}/search.html?q={quote(query)}"],
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    return [a["href"] for a in BeautifulSoup(page, "lxml").select("ul.search li > a")]


@pytest.mark.parametrize("query", ["桃園", "溪畔"])
def test_search_page_finds_chinese_words(site_url, query, tmp_path, basic_build):
    expected = {
        path.relative_to(ROOTS / "test-basic").with_suffix("").as_posix()
        for path in (ROOTS / "test-basic").rglob("*.md")
        if query in path.read_text(encoding="utf-8")
    }
    found = {href.removesuffix(".html") for href in search_results(site_url, query, tmp_path)}
    assert expected and expected <= found
