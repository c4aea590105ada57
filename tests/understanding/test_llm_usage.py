"""Token use is recorded per person and day, on SQLite and PostgreSQL, and
`python -m bot usage` prints the totals and what they cost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from pydantic import SecretStr
from sqlmodel import Session

from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates, InProcessStates
from bot.settings import Settings
from bot.understanding.llm import from_settings
from storage import usage
from storage.db import make_engine, migrate, session_scope
from storage.models import Person
from tests.fakes.openai_server import FakeOpenAI, Usage, text, tool_call
from tests.understanding.llm_support import KEY, MODEL, Ticker, console_talk, model_understanding


def used_by(session: Session, handle: str) -> usage.Tokens:
    """Everything one person used, all days and models together, as stored."""
    row = session.execute(
        sa.select(*(sa.func.coalesce(sa.func.sum(usage.usage_t.c[name]), 0)
                    for name in usage.COUNTS))
        .join(Person, Person.id == usage.usage_t.c.person_id)
        .where(Person.handle == handle)
    ).one()
    return usage.Tokens(*(int(n) for n in row))


@pytest.fixture
def conversation(engine, clock, model, states) -> Conversation:
    return Conversation(engine, understand=model, clock=clock, states=states)


def test_each_call_adds_its_tokens_to_the_persons_day(talk, openai_server, engine) -> None:
    talk("alice", "follow @alice2")
    talk("bob", "follow @alice")
    openai_server.script(
        tool_call("chat", usage=Usage(prompt=1000, completion=20, cached=768)),
        tool_call("chat", usage=Usage(prompt=1100, completion=15, cached=1024)),
        text("Hi there!", usage=Usage(prompt=90, completion=6)),
        tool_call("chat", usage=Usage(prompt=500, completion=7)),
    )
    talk("alice", "zorp")
    talk("alice", "zorp blick")
    talk("alice", "hello")  # small talk: a persona call, counted too
    talk("bob", "blick")
    talk("alice", "what's new?")  # the fast path costs nothing
    with session_scope(engine) as session:
        alice, bob = used_by(session, "alice"), used_by(session, "bob")
        rows = usage.totals(session)
    assert alice == usage.Tokens(calls=3, prompt=2190, cached=1792, completion=41)
    assert bob == usage.Tokens(calls=1, prompt=500, cached=0, completion=7)
    ((day, model, people, total),) = rows
    assert (model, people) == (MODEL, 2)
    assert total == usage.Tokens(4, 2690, 1792, 48)


def test_deleting_an_account_deletes_its_usage(talk, openai_server, engine, read) -> None:
    talk("alice", "follow @alice2")
    openai_server.script(tool_call("chat"))
    talk("alice", "zorp")
    assert read("SELECT count(*) FROM model_usage") == 1
    talk("alice", "/delete")
    talk("alice", "yes")
    assert read("SELECT count(*) FROM model_usage") == 0


def test_the_model_is_off_unless_a_key_or_a_server_is_given(engine) -> None:
    assert from_settings(Settings(_env_file=None), engine) is None
    local = from_settings(Settings(_env_file=None, openai_base_url="http://127.0.0.1:9/v1"),
                          engine)
    assert local is not None and str(local.client.base_url) == "http://127.0.0.1:9/v1/"
    local.client.close()
    settings = Settings(_env_file=None, openai_api_key=SecretStr(KEY))
    assert KEY not in repr(settings) and KEY not in str(settings.model_dump())
    hosted = from_settings(settings, engine)
    assert hosted is not None and hosted.model == "gpt-4.1-mini"
    assert str(hosted.client.base_url) == "https://api.openai.com/v1/"
    hosted.client.close()


def _usage_command(database: Path, **env: str) -> str:
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith(("PLAZA_", "OPENAI_"))}
    environment.update(DATABASE_URL=f"sqlite:///{database}", **env)
    done = subprocess.run([sys.executable, "-m", "bot", "usage"], env=environment,
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.mark.parametrize("in_database", [False, True], ids=["in_process", "database"])
def test_plaza_usage_prints_totals_and_the_estimated_cost(tmp_path, clock, in_database) -> None:
    database = tmp_path / "plaza.db"
    assert _usage_command(database).strip() == "No language-model use recorded yet."
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    states = DatabaseStates(engine) if in_database else InProcessStates()
    with FakeOpenAI() as server, model_understanding(server, engine, Ticker()) as model:
        conversation = Conversation(engine, understand=model, clock=clock, states=states)
        say = console_talk(conversation, tmp_path)
        say("alice", "follow @alice2")
        server.script(tool_call("chat", usage=Usage(prompt=2000, completion=30, cached=1024)))
        say("alice", "zorp")
    engine.dispose()
    unknown = _usage_command(database)
    assert "fake-model" in unknown and "2,000" in unknown and "1,024" in unknown
    assert "No list price known for fake-model" in unknown
    priced = _usage_command(database, PLAZA_MODEL_PRICE="1,0.5,2")
    # (2000 - 1024) x $1 + 1024 x $0.5 + 30 x $2, per million tokens
    assert priced.splitlines()[-2].endswith("$0.001548")
    assert "No list price" not in priced
