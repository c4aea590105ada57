"""The digest benchmarks at a tiny size: they run and print their figures, and a burst of
due digests through the fake Telegram server loses, doubles and bounces nothing. Rates
are never asserted here; the targets live in `python -m bench.digest` and
`python -m bench.digest_delivery`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench import digest_delivery
from bench.digest import run

ROOT = Path(__file__).resolve().parents[2]


def test_building_a_days_digests_prints_the_figures_and_the_floor(tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    subprocess.run([sys.executable, "-m", "bench.generate", "--people", "300", "--posts", "3000",
                    "--follows-per-person", "12", "--out", str(path)], cwd=ROOT, check=True,
                   capture_output=True)
    printed: list[str] = []
    run(path, date(2026, 10, 31), None, 1, printed.append)
    text = "\n".join(printed)
    assert "digests of 300 people for 2026-10-31, in bulk, in 1 processes" in text
    assert any(line.startswith("digest, built") and " 300 " in line for line in printed)
    assert any(line.startswith("feed query alone (floor)") and " 300 " in line
               for line in printed)
    assert "peak memory per process:" in text and "target: all 300 in < 60 s" in text


def test_a_burst_of_due_digests_loses_doubles_and_bounces_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    digest_delivery.main(["--people", "40"])
    printed = capsys.readouterr().out
    assert "40 of 40 due digests sent as 40 messages" in printed
    assert "429 answers 0 (target 0)" in printed
    assert "lost 0, doubled 0 (target 0)" in printed
