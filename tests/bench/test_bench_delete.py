"""The deletion benchmark at a tiny size: it deletes the most followed person of a
copy, on SQLite and, when the tests have one, on PostgreSQL, and says whether
anyone's write failed meanwhile. Timings are never asserted here."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return done.stdout


def test_the_delete_benchmark_deletes_a_copy_and_prints_its_figures(tmp_path: Path) -> None:
    network = tmp_path / "network.db"
    _run("bench.generate", "--people", "200", "--posts", "1500", "--follows-per-person", "10",
         "--seed", "5", "--out", str(network))
    with sqlite3.connect(network) as connection:
        people = connection.execute("SELECT count(*) FROM person").fetchone()
    extra = ["--postgres", POSTGRES_URL] if POSTGRES_URL else []
    printed = _run("bench.delete", "--db", str(network), *extra)
    engines = 2 if POSTGRES_URL else 1
    deleting = r"deleting @[\w.]+ \([\d,]+ followers, [\d,]+ posts\)"
    assert len(re.findall(deleting, printed)) == engines
    assert len(re.findall(r"account gone after [\d.]+ s, in \d+ transactions", printed)) == engines
    assert len(re.findall(r"posts by @[\w.]+ meanwhile: .*, 0 failed", printed)) == engines, printed
    with sqlite3.connect(network) as connection:  # the network itself is left as it was
        assert connection.execute("SELECT count(*) FROM person").fetchone() == people
