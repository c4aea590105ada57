"""Turns: a language model that hangs holds up only the turns that wait on it.

Twenty people wait on a model that does not answer (the real openai client,
with Plaza's 20-second timeout, against the fake server holding every request)
while someone else's turn that needs no model is answered at once: it runs on
threads no model call can take. Nothing here is timed: each test waits until
the model holds every request, then checks that the other turn finished while
all of them were still held.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from bot.conversation import Conversation
from bot.conversation.states import ChatStates, DatabaseStates, InProcessStates
from bot.conversation.turns import Turns
from bot.messages import Incoming, Reply
from bot.settings import Settings
from bot.understanding.llm import from_settings
from storage.models import Platform
from tests.fakes.openai_server import FakeOpenAI, hang, tool_call
from tests.understanding.llm_support import KEY, MODEL, Ticker

WAITING = 20  # people waiting on the model, more than the 16 threads Turns had in all
GUARD = 30.0  # seconds before a test that would otherwise wait for ever gives up


@pytest.fixture
def hanging_model() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server
        server.release()  # whatever is still held ends before the server stops


@contextmanager
def _turns(engine: sa.Engine, server: FakeOpenAI, states: ChatStates, **threads: int
           ) -> Iterator[Turns]:
    """Turns over a conversation whose model is `server`, configured as `plaza run` does."""
    settings = Settings(_env_file=None, openai_api_key=KEY, openai_base_url=server.base_url,
                        plaza_model=MODEL, plaza_model_timeout=20.0)
    model = from_settings(settings, engine, clock=Ticker())
    assert model is not None
    turns = Turns(Conversation(engine, understand=model, states=states), **threads)
    try:
        yield turns
    finally:
        server.release()  # lets the turns still waiting end, so their threads can stop
        turns.close()
        model.client.close()


def _said(text: str = "", person: str = "last", button: str | None = None) -> Incoming:
    return Incoming(Platform.console, person, person, text, username=person, button=button)


async def _until(check: object) -> None:
    async def poll() -> None:
        while not check():  # type: ignore[operator]
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), GUARD)


async def _people_waiting_on_the_model(
    turns: Turns, server: FakeOpenAI, count: int
) -> list[asyncio.Task[None]]:
    """`count` people, each with a message only the model can read, all held by it."""
    heard: list[list[Reply]] = []

    async def keep(replies: list[Reply]) -> None:
        heard.append(replies)

    for n in range(count):
        await turns(_said("post: hello", f"person{n:02}"), keep)
    server.script(*[hang(tool_call("read_feed"))] * count)
    return [asyncio.create_task(turns(_said("zorp me up with the blick gang", f"person{n:02}"),
                                      keep))
            for n in range(count)]


@pytest.mark.parametrize(("before", "offline"), [
    (None, _said("what's new?")), (None, _said("quoi de neuf ?")), (None, _said("/feed")),
    (None, _said(button="like:1")), ("delete my last post", _said("yes")),
], ids=["whats-new", "quoi-de-neuf", "slash-feed", "like-button", "yes-to-a-question"])
async def test_a_turn_needing_no_model_is_answered_while_twenty_wait_on_it(
    engine: sa.Engine, hanging_model: FakeOpenAI, states: ChatStates, before: str | None,
    offline: Incoming
) -> None:
    answered: list[list[Reply]] = []

    async def keep(replies: list[Reply]) -> None:
        answered.append(replies)

    with _turns(engine, hanging_model, states) as turns:  # its default threads, as served
        await turns(_said("post: first"), keep)  # "last" exists, and #1 to like
        if before:
            await turns(_said(before), keep)
        waiting = await _people_waiting_on_the_model(turns, hanging_model, WAITING)
        await _until(lambda: len(hanging_model.requests) == WAITING)
        await asyncio.wait_for(turns(offline, keep), GUARD)
        assert not any(task.done() for task in waiting), "a model call ended on its own"
        assert answered[-1][0].text.startswith(
            ("What's new:", "Quoi de neuf", "Liked #1", "Deleted #1."))
        hanging_model.release()
        await asyncio.gather(*waiting)


@pytest.mark.parametrize("in_database", [False, True], ids=["in_process", "database"])
async def test_more_model_turns_than_model_threads_still_leave_the_others_free(
    sqlite_engine: sa.Engine, hanging_model: FakeOpenAI, in_database: bool
) -> None:
    answered: list[list[Reply]] = []

    async def keep(replies: list[Reply]) -> None:
        answered.append(replies)

    states = DatabaseStates(sqlite_engine) if in_database else InProcessStates()
    with _turns(sqlite_engine, hanging_model, states, workers=1, model_workers=3) as turns:
        await turns(_said("post: first"), keep)
        await turns(_said("delete my last post"), keep)  # a question, for "yes" below
        waiting = await _people_waiting_on_the_model(turns, hanging_model, 5)
        await _until(lambda: len(hanging_model.requests) == 3)  # two queue for a model thread
        for text in ("yes", "post: still here", "follow @person00", "what's new?"):
            await asyncio.wait_for(turns(_said(text), keep), GUARD)
        assert [replies[0].text.split("\n")[0] for replies in answered[-4:]] == [
            "Deleted #1.", "Posted! It's #7.", "You now follow @person00. Their posts will show "
            "in your feed and digest.", "What's new:"]
        assert not any(task.done() for task in waiting)
        hanging_model.release()
        await asyncio.gather(*waiting)
        assert len(hanging_model.requests) == 5
