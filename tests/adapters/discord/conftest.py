"""Plaza on a fake Discord: the real discord.py client, real sockets, a real database.

`plaza.say(alice, "post: hi")` delivers a direct message the way Discord would and
returns what Alice then received; `plaza.slash(...)` and `plaza.press(...)` do the
same for commands and buttons.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from bot.conversation.states import ChatStates
from tests.adapters.discord.discord_support import (
    ALICE,
    JAZZ,
    Plaza,
    discord_urls_put_back,
    running,
)
from tests.fakes.discord_server import FakeDiscord

__all__ = ["discord_urls_put_back"]  # autouse, for every test here


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(guilds=[JAZZ]) as fake:
        yield fake


@pytest.fixture
async def plaza(discord_server: FakeDiscord, sqlite_engine: sa.Engine) -> AsyncIterator[Plaza]:
    """Plaza on SQLite, for tests about Discord itself; chat states in the database."""
    async with running(discord_server, sqlite_engine) as running_plaza:
        yield running_plaza


@pytest.fixture
async def alice(plaza: Plaza) -> Plaza:
    """`plaza`, once Alice has opened her DMs with it."""
    await plaza.join(ALICE)
    return plaza


@pytest.fixture
async def plaza_on_each_database(discord_server: FakeDiscord, engine: sa.Engine,
                                 states: ChatStates) -> AsyncIterator[Plaza]:
    """The same, on SQLite and (with TEST_POSTGRES_URL) on PostgreSQL, with chat states in
    the process and in the database."""
    async with running(discord_server, engine, states) as running_plaza:
        yield running_plaza
