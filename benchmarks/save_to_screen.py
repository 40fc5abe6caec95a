"""Save-to-screen time of the live preview (`make livehtml`).

    python benchmarks/save_to_screen.py SRC ARTICLE [--conf-dir DIR] [--port P]

Starts sphinx-autobuild with the command of `make livehtml`, opens ARTICLE's
page in headless Chromium (Playwright driving Debian's /usr/bin/chromium),
changes the ``title:`` in its front matter and measures the wall-clock time
from writing the file until the open page, reloaded by sphinx-autobuild's
websocket script (never by this script), shows the new title in its <h1>.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# As in the Makefile's livehtml: the theme, the extension, the catalogs and
# conf.py are watched, but not what a build writes there itself.
WATCHED = ("_static", "_templates", "extensions", "locale", "conf.py")
IGNORED = ("__pycache__", r"/locale/.*\.(mo|js)")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
# sphinx-autobuild's injected script keeps its socket in the global `ws`.
SOCKET_OPEN = "() => typeof ws !== 'undefined' && ws.readyState === WebSocket.OPEN"
SHOWS_TITLE = "title => [...document.querySelectorAll('section > h1')].some(h => h.textContent.includes(title))"


def livehtml_command(source: Path, outdir: Path, conf_dir: Path, port: int, python: str = sys.executable) -> list[str]:
    """`make livehtml`'s command, with paths that work from any folder."""
    watched = [arg for name in WATCHED if (conf_dir / name).exists() for arg in ("--watch", str(conf_dir / name))]
    ignored = [arg for pattern in IGNORED for arg in ("--re-ignore", pattern)]
    return [python, "-m", "sphinx_autobuild", "--host", HOST, "--port", str(port), *watched, *ignored,
            "-b", "html", "-j", "auto", "-c", str(conf_dir), str(source), str(outdir)]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class LivePreview:
    """A running sphinx-autobuild whose terminal output (stdout and stderr,
    as one stream) is collected in ``output``."""

    def __init__(self, command: list[str], cwd: Path, port: int) -> None:
        self.url = f"http://{HOST}:{port}"
        self.started = time.perf_counter()
        # Its messages in order with Sphinx's, and plain: Sphinx colours them
        # when CI=true (as .ci/run sets), even into this pipe.
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        # A session of its own: stop() ends the server and its builds as one group.
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace", start_new_session=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self.first_build_seconds: float | None = None
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def page_url(self, source: Path, article: Path) -> str:
        return f"{self.url}/{quote(article.relative_to(source).with_suffix('').as_posix())}.html"

    def wait_until_serving(self, timeout: float) -> float:
        """Wait for the server, which answers after the first build; return
        the seconds since the start."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sphinx-autobuild exited ({self.process.returncode}):\n{self.output[-3000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.url, timeout=2):
                    self.first_build_seconds = time.perf_counter() - self.started
                    return self.first_build_seconds
            time.sleep(0.1)
        raise TimeoutError(f"no server at {self.url} after {timeout} s:\n{self.output[-3000:]}")

    def wait_for_output(self, text: str, since: int, timeout: float) -> str:
        """The output after line *since* up to the line that has *text*."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            new = self.lines[since:]
            for index, line in enumerate(new):
                if text in line:
                    return "".join(new[: index + 1])
            time.sleep(0.05)
        raise TimeoutError(f"{text!r} not in the output after {timeout} s:\n{''.join(self.lines[since:])[-3000:]}")

    def stop(self) -> None:
        """Stop the server and its builds (one process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@contextlib.contextmanager
def live_preview(source: Path, outdir: Path, conf_dir: Path, *, python: str = sys.executable, port: int | None = None,
                 timeout: float = 180) -> Iterator[LivePreview]:  # fmt: skip
    """sphinx-autobuild serving *source*, once its first build is done."""
    port = port or free_port()
    preview = LivePreview(livehtml_command(source, outdir, conf_dir, port, python), conf_dir, port)
    try:
        preview.wait_until_serving(timeout)
        yield preview
    finally:
        preview.stop()


def set_title(article: Path, title: str) -> None:
    """Replace the ``title:`` line of *article*'s front matter."""
    lines = article.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    index = next(i for i in range(1, end) if lines[i].startswith("title:"))
    lines[index] = "title: " + json.dumps(title, ensure_ascii=False)  # a JSON string is YAML
    article.write_text("\n".join(lines), encoding="utf-8")


def open_live(page, url: str) -> None:
    """Open *url* and wait until its reload socket is connected."""
    page.goto(url, wait_until="load")
    page.wait_for_function(SOCKET_OPEN)


def seconds_until_shown(page, article: Path, title: str, timeout: float) -> float:
    """Give *article* *title*; seconds until the open *page* shows it."""
    start = time.perf_counter()
    set_title(article, title)
    while (elapsed := time.perf_counter() - start) < timeout:
        with contextlib.suppress(Exception):  # the page is between two documents
            if page.evaluate(SHOWS_TITLE, title):
                return elapsed
        time.sleep(0.02)
    raise TimeoutError(f"{title!r} not shown after {timeout} s")


@contextlib.contextmanager
def chromium_page() -> Iterator:
    """A page in headless Debian Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def save_to_screen_seconds(source: Path, outdir: Path, conf_dir: Path, article: Path, *, python: str = sys.executable,
                           port: int | None = None, timeout: float = 180) -> dict:  # fmt: skip
    """Seconds from saving a new title in *article* until its open page shows it,
    and of the first build (until the server answers)."""
    source, outdir, conf_dir, article = (Path(p).resolve() for p in (source, outdir, conf_dir, article))
    with live_preview(source, outdir, conf_dir, python=python, port=port, timeout=timeout) as preview:
        with chromium_page() as page:
            open_live(page, preview.page_url(source, article))
            seconds = seconds_until_shown(page, article, f"即時預覽 {time.time_ns()}", timeout)
    return {"seconds": round(seconds, 3), "first_build_seconds": round(preview.first_build_seconds, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="content folder")
    parser.add_argument("article", type=Path, help="an article in it, whose title is changed")
    parser.add_argument("--conf-dir", type=Path, default=REPO)
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as outdir:
        result = save_to_screen_seconds(args.source, Path(outdir), args.conf_dir, args.article, port=args.port)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
