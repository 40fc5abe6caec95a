"""The benchmark scripts: run.py end to end on a tiny generated site (--smoke), the three kinds
of generated text (generate.py --text), and run.py's profile summary and ratio targets."""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import re
import subprocess
import sys
from numbers import Number
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate  # noqa: E402
import run  # noqa: E402

INCREMENTAL = {"incremental: edit body", "incremental: change category", "incremental: add article"}
HAN = re.compile(r"[\u4e00-\u9fff]")
# sha256 of the 20 phrases articles of seed 0 (paths and bytes): the word list's output must not
# change, so that old and new benchmark runs measure the same files.
PHRASES_20_SEED_0 = "15e8d21f6d93e9b29571dc3344818d22022a97a0939ddd3b0611fb6a1bf72432"


def test_smoke_benchmark(tmp_path):
    out = tmp_path / "r.json"
    command = [sys.executable, str(BENCHMARKS / "run.py"), "--smoke", "--out", str(out)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]

    report = json.loads(out.read_text(encoding="utf-8"))
    builds = {entry["build"]: entry for entry in report["results"]}
    assert {"full", *INCREMENTAL} <= builds.keys()
    for name in ["full", *INCREMENTAL]:
        entry = builds[name]
        assert entry["returncode"] == 0, entry
        assert entry["text"] == "phrases", entry
        assert isinstance(entry["seconds"], Number) and entry["seconds"] > 0, entry
        assert isinstance(entry["rewritten"], int) and entry["rewritten"] >= 1, entry
    assert builds["incremental: edit body"]["rewritten"] < builds["full"]["rewritten"]
    assert report["machine"]["sphinx"]
    assert report["calibration_seconds"]["20"]["phrases"] > 0
    assert report["profiles"] == [] and report["save_to_screen"] == []


def test_sizes_take_turns_for_each_incremental_change(tmp_path):
    """The incremental changes of all sizes are made one after the other, each
    change on every size in turn, so their ratios compare builds made moments
    apart (this machine's speed drifts between a size's run and the next's)."""
    out = tmp_path / "r.json"
    command = [sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "10", "20", "--jobs", "1",
               "--text", "phrases", "--out", str(out)]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    entries = json.loads(out.read_text(encoding="utf-8"))["results"]
    order = [(entry["build"], entry["size"]) for entry in entries if entry["build"] in INCREMENTAL]
    assert order == [(f"incremental: {name}", size) for name in run.INCREMENTAL_CHANGES for size in (10, 20)]
    assert all(entry["returncode"] == 0 for entry in entries)


def articles(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}


def fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_phrases_are_unchanged(tmp_path):
    generate.generate(20, tmp_path, seed=0, text="phrases")
    assert fingerprint(tmp_path) == PHRASES_20_SEED_0


TEXTS = ["han", pytest.param("corpus", marks=pytest.mark.skipif(
    not generate.default_corpus().is_dir(), reason=f"no corpus at {generate.default_corpus()}"))]  # fmt: skip


@pytest.mark.parametrize("text", TEXTS)
def test_generated_text(tmp_path, text):
    generate.generate(12, tmp_path / "a", seed=0, text=text)
    generate.generate(12, tmp_path / "b", seed=0, text=text)
    generate.generate(12, tmp_path / "c", seed=1, text=text)
    first = articles(tmp_path / "a")
    assert len(first) == 12
    assert first == articles(tmp_path / "b"), "the same seed gives the same articles"
    assert first != articles(tmp_path / "c"), "another seed gives other articles"
    generate.generate(12, tmp_path / "p", seed=0, text="phrases")
    phrases = articles(tmp_path / "p")
    assert first.keys() == phrases.keys()
    for path, markdown in first.items():
        _, front, body = markdown.split("---\n", 2)
        meta = yaml.safe_load(front)
        same_site = yaml.safe_load(phrases[path].split("---\n", 2)[1])  # only the words differ
        assert {k: v for k, v in meta.items() if k not in {"title", "description"}} == {
            k: v for k, v in same_site.items() if k not in {"title", "description"}}  # fmt: skip
        assert bool(meta["description"]) == bool(same_site["description"])
        assert isinstance(meta["title"], str) and HAN.search(meta["title"]), meta
        assert isinstance(meta["description"] or "", str) and meta["publishedAt"], meta
        assert {"image", "sequence", "author", "head", "toc"} <= meta.keys()
        assert body.lstrip().startswith(f"## {meta['title']}\n"), body[:200]
        assert len(HAN.findall(body)) >= 200, body
        assert "\n- " in body and "](https://example.org/info/" in body and "<a href=" in body
        assert not re.search(r"^(?:!\[|\||::)", body, re.MULTILINE), body  # no images, tables, components


def test_corpus_missing_is_said(tmp_path):
    command = [sys.executable, str(BENCHMARKS / "generate.py"), "3", str(tmp_path / "site"), "--text", "corpus",
               "--corpus", str(tmp_path / "nowhere")]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"no corpus folder at {tmp_path / 'nowhere'}" in result.stderr
    assert not (tmp_path / "site").exists()


def test_profile_summary(tmp_path):
    def negative(number: int) -> int:
        return -number

    profile = cProfile.Profile()
    profile.runcall(sorted, range(1000), key=negative)
    profile.dump_stats(tmp_path / "p.prof")
    summary = run.profile_summary(tmp_path / "p.prof")
    assert summary["total_calls"] >= 1000
    names = [row["function"] for row in summary["top_internal"]]
    assert "<built-in method builtins.sorted>" in names, names
    negatives = [row for row in summary["top_internal"] if row["function"].endswith("(negative)")]
    assert negatives[0]["ncalls"] == 1000 and negatives[0]["function"].startswith("tests/test_benchmark_smoke.py:")
    assert summary["top_cumulative"][0]["cumtime"] >= summary["top_cumulative"][-1]["cumtime"]


def test_ratio_targets():
    args = argparse.Namespace(sizes=[1000, 4000, 10000], jobs=["auto"], jobs_large=["auto"], incremental_jobs=["1"],
                              text=["corpus"])  # fmt: skip
    results = run.Results()
    results.calibration = {size: {"corpus": 1.0} for size in args.sizes}

    def add(tool, build, size, jobs, seconds, peak_mb=100.0):
        results.entries.append({"tool": tool, "build": build, "size": size, "jobs": jobs, "text": "corpus",
                                "seconds": seconds, "peak_mb": peak_mb, "returncode": 0, "rewritten": 1})  # fmt: skip

    add(run.OURS, "full", 1000, "auto", 10.0)
    add(run.OURS, "full", 4000, "auto", 40.0)
    add(run.OURS, "full", 10000, "auto", 120.0, peak_mb=3000.0)
    add(run.OURS, "incremental: edit body", 1000, "1", 2.0)
    add(run.OURS, "incremental: edit body", 4000, "1", 2.5)
    add(run.OURS, "incremental: add article", 1000, "1", 2.0)
    add(run.OURS, "incremental: add article", 4000, "1", 5.0)
    add("hugo", "full", 1000, "auto", 1.0)
    found = {r["what"]: r for r in run.ratios(results, args)}
    assert found["full -j auto: t(10000)/t(1000) (N grows 10.00x)"] == {
        "text": "corpus", "what": "full -j auto: t(10000)/t(1000) (N grows 10.00x)", "value": 12.0,
        "target_max": 11.0, "pass": False}  # fmt: skip
    assert found["full -j auto: t(4000)/t(1000) (N grows 4.00x)"]["pass"]
    assert found["edit body -j 1: t(4000)/t(1000)"]["value"] == 1.25
    assert found["edit body -j 1: t(4000)/t(1000)"]["pass"]
    assert not found["add article -j 1: t(4000)/t(1000)"]["pass"]
    assert not found["peak MB of a full build at N=10000 (largest of its -j values)"]["pass"]
    assert found["edit body -j 1 at N=1000 / hugo's full build of 1000"]["value"] == 2.0
    assert found["edit body -j 1 at N=1000 / hugo's full build of 1000"]["pass"]
    table = run.markdown_tables(results, list(found.values()))
    assert "| ≤ 11 | FAIL |" in table and "| ≤ 1.5 | PASS |" in table


def test_repeated_builds_give_their_median():
    """--repeat: each incremental change is measured several times and its
    ratio uses the median (a failed one makes it unknown)."""
    results = run.Results()

    def add(seconds, round_, returncode=0):
        results.entries.append({"tool": run.OURS, "build": "incremental: edit body", "size": 1000, "jobs": "1",
                                "text": "corpus", "seconds": seconds, "peak_mb": 1.0, "returncode": returncode,
                                "rewritten": 4, "round": round_})  # fmt: skip

    for round_, seconds in enumerate((2.0, 9.0, 3.0), start=1):
        add(seconds, round_)
    assert results.seconds(run.OURS, "incremental: edit body", 1000, "1", "corpus") == 3.0
    assert "incremental: edit body, round 2" in run.markdown_tables(results, [])
    add(1.0, 4, returncode=1)
    assert results.seconds(run.OURS, "incremental: edit body", 1000, "1", "corpus") is None
