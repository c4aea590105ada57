"""The budget benchmark at a tiny size: it times the budgets in the process and in
Redis, and a worker's start-up claim on SQLite (and PostgreSQL when the tests have
one), and prints its figures. Timings are never asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import POSTGRES_URL
from tests.redis_support import REDIS_URL, needs_redis

ROOT = Path(__file__).resolve().parents[2]


@needs_redis
def test_the_budget_benchmark_prints_its_figures() -> None:
    extra = ["--postgres", POSTGRES_URL] if POSTGRES_URL else []
    done = subprocess.run([sys.executable, "-m", "bench.budget", "--calls", "200",
                           "--redis", REDIS_URL, *extra], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=300)
    print("\n" + done.stdout)
    lines = done.stdout.splitlines()
    assert [line.split(":")[0].strip() for line in lines] == [
        "in process", "in Redis", "SQLite", *(["PostgreSQL"] if POSTGRES_URL else [])]
