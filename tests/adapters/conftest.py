"""Plaza on a fake Telegram: the real python-telegram-bot client, a real socket, a real database.

`plaza.say(alice, "post: hi")` delivers a message the way Telegram would and
returns what Alice then received. No test may leave this machine: any
connection to a non-loopback address is refused and fails the test.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator

import pytest
import sqlalchemy as sa

from bot.conversation.states import ChatStates
from tests.adapters.telegram.telegram_support import FAST_SERVER, Plaza, running
from tests.fakes.telegram_server import FakeTelegram


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse, and fail the test on, any connection that would leave this machine."""
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def local(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]  # type: ignore[index]
            if not ipaddress.ip_address(host).is_loopback:
                attempts.append(address)
                raise ConnectionRefusedError(f"tests stay on this machine, not {host}")

    def connect(sock: socket.socket, address: object) -> None:
        local(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: object) -> int:
        local(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield
    assert not attempts, f"a test tried to reach the internet: {attempts}"


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(**FAST_SERVER) as fake:
        yield fake


@pytest.fixture
async def plaza(server: FakeTelegram, sqlite_engine: sa.Engine) -> AsyncIterator[Plaza]:
    """Plaza on SQLite (the root conftest's `sqlite_engine`), for tests about Telegram itself;
    chat states in the database, as `plaza run` keeps them."""
    async with running(server, sqlite_engine) as running_plaza:
        yield running_plaza


@pytest.fixture
async def plaza_on_each_database(server: FakeTelegram, engine: sa.Engine, states: ChatStates
                                 ) -> AsyncIterator[Plaza]:
    """The same, on SQLite and (with TEST_POSTGRES_URL) on PostgreSQL, with chat states in
    the process and in the database."""
    async with running(server, engine, states) as running_plaza:
        yield running_plaza
