"""The turns benchmark at a tiny size: it runs the same messages in one process and in two,
on copies of the network (the file itself untouched), and prints both side by side.
Rates are never asserted here; the targets live in `python -m bench.turns`."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--people", "300", "--posts", "3000", "--follows-per-person", "12", "--seed", "3"]


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("turns") / "network.db"
    _run("bench.generate", *TINY, "--out", str(path))
    return path


def _kinds(printed: str) -> set[str]:
    return {line.split()[0] for line in printed.splitlines()
            if re.match(r"(feed|follow|post|search) ", line)}


def test_one_process_and_two_side_by_side_on_copies(network: Path) -> None:
    before = hashlib.sha256(network.read_bytes()).hexdigest()
    printed = _run("bench.turns", "--db", str(network), "--messages", "400", "--people", "40",
                   "--processes", "2")
    assert "400 turns from 40 people, default mix" in printed
    assert re.search(r"^\s+1 process\s+2 processes$", printed, re.MULTILINE)
    assert _kinds(printed) == {"feed", "follow", "post", "search"}
    assert re.search(r"^all\s+400\s", printed, re.MULTILINE)
    assert re.search(r"^turns/s \(wall clock\)\s+[\d,]+\s+[\d,]+$", printed, re.MULTILINE)
    assert re.search(r"^failed\s+0\s+0$", printed, re.MULTILINE)
    assert re.search(r"^2 processes: \d+\.\d\dx one", printed, re.MULTILINE)
    assert hashlib.sha256(network.read_bytes()).hexdigest() == before


def test_the_reads_mix_only_reads_feeds_and_searches(network: Path) -> None:
    printed = _run("bench.turns", "--db", str(network), "--messages", "200", "--people", "40",
                   "--processes", "1", "--mix", "reads")
    assert "200 turns from 40 people, reads mix" in printed
    assert _kinds(printed) == {"feed", "search"}
    assert re.search(r"^failed\s+0$", printed, re.MULTILINE)
