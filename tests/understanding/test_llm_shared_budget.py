"""With REDIS_URL, the model's budgets are one for every worker of the bot.

Two model understandings stand for two `plaza run` workers: each is built by
`from_settings` as a worker builds it, with its own Redis client, on the real
Redis (TEST_REDIS_URL, else the local one) under a key prefix of this test's
own, and the fake OpenAI server. The hourly limit is counted across both, a
breaker tripped by one keeps the other away, and a Redis that dies mid-run
leaves the turns to the in-process budgets with one warning.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from bot.conversation import Conversation
from tests.fakes.openai_server import status, tool_call
from tests.redis_support import REDIS_URL, needs_redis
from tests.understanding.llm_support import Ticker, console_talk, model_understanding

pytestmark = needs_redis
DOWN = "(My language model isn't answering right now, so I'm reading you the simple way.)"
LIMIT = "(You've written a lot this hour, so I'm reading you the simple way for now.)"
VAGUE = "post that I love jazz"  # the offline rules read it, but are not sure of it
Say = Callable[[str, str], str]


@pytest.fixture
def engine(sqlite_engine: sa.Engine) -> sa.Engine:
    """Budgets, not the database: SQLite alone, shared by both workers."""
    return sqlite_engine


@pytest.fixture
def prefix() -> Iterator[str]:
    """A key prefix of this test's own on the shared Redis; its keys are gone after."""
    name = f"plaza-test:{uuid.uuid4().hex}"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    for found in client.scan_iter(f"{name}:*"):
        client.delete(found)
    client.close()


@pytest.fixture
def workers(engine, clock, states, openai_server, ticker, prefix, tmp_path
            ) -> Iterator[Callable[..., Say]]:
    """Makes a worker's `say(user, words)`: its own model understanding (and Redis client)
    from settings, on the fake server, sharing budgets under `prefix`."""
    with ExitStack() as stack:
        def worker(url: str = REDIS_URL, **settings: object) -> Say:
            model = stack.enter_context(model_understanding(
                openai_server, engine, ticker, redis_prefix=prefix, redis_url=url, **settings))
            folder = tmp_path / uuid.uuid4().hex
            folder.mkdir()
            return console_talk(Conversation(engine, understand=model, clock=clock,
                                             states=states), folder)
        yield worker


def test_the_hourly_limit_is_counted_across_workers(workers, openai_server) -> None:
    one, two = workers(plaza_model_calls_per_hour=2), workers(plaza_model_calls_per_hour=2)
    one("alice", "follow @alice_fan")  # the offline rules are sure: no call
    openai_server.script(tool_call("chat"), tool_call("chat"))
    one("alice", "zorp")
    two("alice", "zorp")
    assert one("alice", VAGUE).startswith(f"{LIMIT}\n\nPost this?")
    assert two("alice", "no") == "OK, I won't."
    # The other worker's limit too (the note is said once per worker: notices stay local).
    assert two("alice", VAGUE).startswith(f"{LIMIT}\n\nPost this?")
    assert two("alice", "no") == "OK, I won't."
    assert len(openai_server.requests) == 2, "two calls in all, not two a worker"
    openai_server.script(tool_call("chat"))
    assert two("bob", "what a day").startswith("Hi bob!")
    assert len(openai_server.requests) == 3, "bob has his own allowance"


def test_a_breaker_tripped_by_one_worker_keeps_the_other_away(workers, openai_server,
                                                              prefix) -> None:
    one, two = workers(), workers()
    one("alice", "follow @alice_fan")
    two("bob", "follow @alice")
    openai_server.script(status(500), status(500))
    assert one("alice", VAGUE).startswith(DOWN)
    asked = len(openai_server.requests)
    assert two("bob", VAGUE).startswith(DOWN)
    assert len(openai_server.requests) == asked, "the other worker did not wait on the model"
    left = redis.Redis.from_url(REDIS_URL).pttl(f"{prefix}:breaker")
    assert 0 < left <= 30_000, "the cool-down, kept by Redis"


def test_the_rest_ends_for_every_worker_when_redis_lets_it_expire(workers, openai_server,
                                                                  prefix) -> None:
    one, two = workers(), workers()
    one("alice", "follow @alice_fan")
    two("bob", "follow @alice")
    openai_server.script(status(429, retry_after="2"))  # no retry: the provider said 2 s
    assert two("bob", VAGUE).startswith(DOWN)
    client = redis.Redis.from_url(REDIS_URL)
    assert 0 < client.pttl(f"{prefix}:breaker") <= 2000
    assert one("alice", VAGUE).startswith(DOWN)
    assert len(openai_server.requests) == 1
    for _ in range(100):  # Redis lets the key expire on its own clock
        if not client.exists(f"{prefix}:breaker"):
            break
        time.sleep(0.1)
    client.close()
    openai_server.script(tool_call("chat"))
    one("alice", "zorp")
    assert len(openai_server.requests) == 2, "back for every worker once Redis forgot it"


def test_a_trip_never_shortens_a_longer_rest(openai_server, engine, ticker, prefix) -> None:
    with (model_understanding(openai_server, engine, ticker, redis_prefix=prefix,
                              redis_url=REDIS_URL) as one,
          model_understanding(openai_server, engine, ticker, redis_prefix=prefix,
                              redis_url=REDIS_URL) as two):
        one.breaker.trip(600)  # an exhausted quota
        two.breaker.trip(2)  # a short Retry-After seen by another worker
        assert one.shared is not None
        assert one.shared.client.pttl(f"{prefix}:breaker") > 590_000
        assert two.breaker.open() and one.breaker.open()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _redis_server(port: int, folder: Path) -> subprocess.Popen[bytes]:
    """A private redis-server on `port`, so this test may kill it."""
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", str(folder)],
                              stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    return server


@pytest.mark.skipif(sys.platform == "win32", reason="starts redis-server")
def test_a_redis_that_dies_mid_run_leaves_the_budgets_to_the_process_with_one_warning(
    workers, openai_server, ticker: Ticker, tmp_path, caplog
) -> None:
    port = _free_port()
    server = _redis_server(port, tmp_path)
    try:
        one = workers(f"redis://127.0.0.1:{port}/0", plaza_model_calls_per_hour=2)
        one("alice", "follow @alice_fan")
        openai_server.script(tool_call("chat"))
        one("alice", "zorp")  # counted in Redis
        server.kill()
        server.wait()
        caplog.set_level(logging.INFO, logger="bot.understanding.budget")
        openai_server.script(tool_call("chat"), tool_call("chat"))
        one("alice", "zorp")
        one("alice", "zorp")  # counted in the process: two more, the turns go on
        assert one("alice", VAGUE).startswith(f"{LIMIT}\n\nPost this?")
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "Redis failed" in warnings[0].getMessage()
        server = _redis_server(port, tmp_path)
        ticker.advance(31)  # the rest after a failure, then Redis is asked again
        assert one("alice", "no") == "OK, I won't."
        openai_server.script(tool_call("chat"))
        one("carol", "zorp")
        assert any("Redis answers again" in r.getMessage() for r in caplog.records)
        assert len(openai_server.requests) == 4
    finally:
        server.kill()
        server.wait()


def test_without_redis_url_redis_is_never_imported(tmp_path) -> None:
    probe = """
import sys
import sqlalchemy as sa
from bot.settings import Settings
from bot.understanding.llm import from_settings
model = from_settings(Settings(_env_file=None, openai_api_key="sk-" + "x" * 40),
                      sa.create_engine("sqlite://"))
assert model is not None and model.shared is None
print(sorted(name for name in sys.modules if name.split(".")[0] in ("redis", "limits")))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "REDIS_URL"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_worker_with_redis_url_imports_it(openai_server, engine, ticker, prefix) -> None:
    with model_understanding(openai_server, engine, ticker, redis_prefix=prefix,
                             redis_url=REDIS_URL) as model:
        assert model.shared is not None and "redis" in sys.modules
