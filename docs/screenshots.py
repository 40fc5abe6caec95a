"""Remake the README's screenshots of the example site.

Serves an already built site (``make html`` first) on 127.0.0.1 and shoots
it in Debian's Chromium with Playwright, at a phone's and a desktop's width:

    home-phone.png     home-desktop.png      index.html
    article-phone.png  article-desktop.png   news/n001.html
    search-phone.png   search-desktop.png    search.html?q=公園
    menu-phone.png                           index.html with the menu (☰) open

Each is the first screen of the page (the viewport, not the full page), so
the files stay small. The shots are deterministic (the same site gives the
same bytes): locale zh-TW, light colour scheme, fonts loaded, no network
activity left, search finished, animations stopped, the text caret and focus
ring hidden, and a single raster thread (with several, the anti-aliasing of
rounded corners changed from run to run).

    python docs/screenshots.py [SITE] [--out DIR]    # SITE: _build/html

Needs Playwright (``pip install -e '.[test]'``) and ``apt-get install chromium``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
    "--force-color-profile=srgb", "--num-raster-threads=1", "--disable-partial-raster",
]  # fmt: skip
# name: (width, height, device_scale_factor).  The desktop at 1x keeps its PNGs small.
SCREENS = {"phone": (390, 844, 2), "desktop": (1366, 900, 1)}
SEARCH_WORD = "公園"
# name: (path, wait for this JavaScript to be true), shot at every screen.
PAGES = {
    "home": ("index.html", None),
    "article": ("news/n001.html", None),
    "search": (
        "search.html?q=" + quote(SEARCH_WORD),
        "() => ((document.querySelector('#search-results .search-summary') || {}).textContent || '').trim() !== ''",
    ),
}
# Nothing that moves or blinks: a shot is the same every time it is made.
STILL_CSS = """*, *::before, *::after {
    animation: none !important; transition: none !important; caret-color: transparent !important; }"""
TIMEOUT_MS = 30_000
MAX_BYTES = 300_000  # a README should not weigh megabytes (search results are the densest)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve *folder* on 127.0.0.1 (a free port) while the block runs; yield its URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def settle(page, ready: str | None) -> None:
    """Wait until the page is what a reader would see once it stopped changing."""
    if ready:
        page.wait_for_function(ready, timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready.then(() => undefined)")
    page.add_style_tag(content=STILL_CSS)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring, no caret
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def shoot(page, path: Path) -> None:
    page.screenshot(path=str(path), animations="disabled", caret="hide", full_page=False)
    print(f"{path}  {path.stat().st_size:,} bytes")


def open_menu(page) -> None:
    """Press the visible ☰ button and wait for the menu to be open."""
    buttons = [button for button in page.locator(".primary-toggle").all() if button.is_visible()]
    if not buttons:
        raise RuntimeError("no visible ☰ button (.primary-toggle) on the phone's home page")
    buttons[0].click()
    page.wait_for_function("() => document.getElementById('pst-primary-sidebar-modal').open", timeout=TIMEOUT_MS)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring on a link
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def take(site: Path, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    made = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for screen, (width, height, scale) in SCREENS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=scale,
                    locale="zh-TW",
                    color_scheme="light",
                    reduced_motion="reduce",
                    service_workers="block",
                )
                try:
                    for name, (path, ready) in PAGES.items():
                        page = context.new_page()
                        page.goto(f"{url}/{path}", wait_until="networkidle", timeout=TIMEOUT_MS)
                        settle(page, ready)
                        made.append(out / f"{name}-{screen}.png")
                        shoot(page, made[-1])
                        if name == "home" and screen == "phone":
                            open_menu(page)
                            made.append(out / "menu-phone.png")
                            shoot(page, made[-1])
                        page.close()
                finally:
                    context.close()
        finally:
            browser.close()
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "site", nargs="?", type=Path, default=REPO / "_build" / "html", help="the built site (default: _build/html)"
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "docs" / "screenshots", help="where the PNGs go (default: docs/screenshots)"
    )
    args = parser.parse_args(argv)
    site: Path = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (no index.html); run `make html` first.", file=sys.stderr)
        return 1
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found: sudo apt-get install chromium", file=sys.stderr)
        return 1
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("Playwright is missing: pip install -e '.[test]' (or `make screenshots`)", file=sys.stderr)
        return 1
    made = take(site, args.out.resolve(), chromium)
    heavy = [path.name for path in made if path.stat().st_size > MAX_BYTES]
    if heavy:
        print(f"over {MAX_BYTES:,} bytes, too heavy for the README: {', '.join(heavy)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
