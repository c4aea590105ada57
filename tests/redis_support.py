"""The Redis server tests use: TEST_REDIS_URL, as TEST_POSTGRES_URL names PostgreSQL.

Unset, the tests that need Redis are skipped (the run's header says so); set
and unreachable, the run stops at once (tests/conftest.py). `.ci/run` sets it.
"""

from __future__ import annotations

import os

import pytest

REDIS_URL: str = os.environ.get("TEST_REDIS_URL", "")

needs_redis = pytest.mark.skipif(not REDIS_URL, reason="set TEST_REDIS_URL to test with Redis")
