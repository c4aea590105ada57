"""The Redis server tests use: TEST_REDIS_URL, as TEST_POSTGRES_URL names PostgreSQL.

Unset, the tests that need Redis are skipped (the run's header says so); set
and unreachable, the run stops at once (tests/conftest.py). `.ci/run` sets it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis

import bot.shared.redis as shared_redis

REDIS_URL: str = os.environ.get("TEST_REDIS_URL", "")

needs_redis = pytest.mark.skipif(not REDIS_URL, reason="set TEST_REDIS_URL to test with Redis")


@pytest.fixture
def redis_prefix(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A Redis key prefix of the test's own (bot.shared.redis.PREFIX); its keys deleted
    afterwards."""
    name = f"plaza-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(shared_redis, "PREFIX", name)
    yield name
    connection = redis.Redis.from_url(REDIS_URL)
    for found in connection.scan_iter(f"{name}:*"):
        connection.delete(found)
    connection.close()
