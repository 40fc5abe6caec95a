"""The benchmark script runs end to end on a tiny generated site (benchmarks/run.py --smoke)."""

from __future__ import annotations

import json
import subprocess
import sys
from numbers import Number
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INCREMENTAL = {"incremental: edit body", "incremental: change category", "incremental: add article"}


def test_smoke_benchmark(tmp_path):
    out = tmp_path / "r.json"
    command = [sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke", "--out", str(out)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]

    report = json.loads(out.read_text(encoding="utf-8"))
    builds = {entry["build"]: entry for entry in report["results"]}
    assert {"full", *INCREMENTAL} <= builds.keys()
    for name in ["full", *INCREMENTAL]:
        entry = builds[name]
        assert entry["returncode"] == 0, entry
        assert isinstance(entry["seconds"], Number) and entry["seconds"] > 0, entry
        assert isinstance(entry["rewritten"], int) and entry["rewritten"] >= 1, entry
    assert builds["incremental: edit body"]["rewritten"] < builds["full"]["rewritten"]
    assert report["machine"]["sphinx"]
    assert report["calibration_seconds"]["20"] > 0
