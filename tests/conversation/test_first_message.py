"""A newcomer's first message is acted on, whatever path it takes: the offline rules,
the language model (or its absence when down), a slash command, a question it raises,
a handle asked first, and the real terminal.

The model is the real `openai` client on the fake server of tests/fakes; the
conversation, the console and the database (SQLite and PostgreSQL) are Plaza's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.conversation import Conversation
from bot.understanding.rules import understand
from tests import processes
from tests.fakes.openai_server import FakeOpenAI, status, tool_call
from tests.processes import plaza_env

ISSUE = "I'd really like to keep up with what alice shares"
DOWN = "(My language model isn't answering right now, so I'm reading you the simple way.)"


@pytest.fixture
def conversation(engine, clock, model, states) -> Conversation:
    """The conversation fixture of conftest, understanding with the model."""
    return Conversation(engine, understand=model, clock=clock, states=states)


@pytest.fixture
def alice(talk, openai_server) -> None:
    talk("alice", "post: Hello from alice")  # the fast path: no model call
    assert openai_server.requests == []


@pytest.mark.parametrize(("first", "args"), [
    (ISSUE, {"handle": "alice"}),
    ("j'aimerais bien suivre ce que publie alice", {"handle": "alice"}),
    ("alice seems lovely, add her to the people I keep up with", {"handle": "alice"}),
])
def test_a_first_message_the_rules_are_unsure_of_reaches_the_model(
    first, args, alice, talk, openai_server, read
) -> None:
    assert not understand(first).sure
    openai_server.script(tool_call("follow", args))
    answer = talk("bob", first)
    assert answer.startswith(("Hi bob!", "Bonjour bob !"))
    assert "You now follow @alice." in answer or "Vous suivez maintenant @alice." in answer
    (request,) = openai_server.requests
    assert request.body["messages"][-1] == {"role": "user", "content": first}
    assert read("SELECT count(*) FROM follow") == 1


def test_every_path_acts_on_the_first_message(alice, talk, openai_server, read) -> None:
    assert "You now follow @alice." in talk("carol", "follow @alice")  # rules, sure
    assert "You now follow @alice." in talk("dave", "/follow alice")  # slash command
    hello = talk("erin", "hello")  # the greeting is the whole answer: no call, no second hi
    assert hello.startswith("Hi erin!") and len(hello.splitlines()) == 2
    openai_server.script(tool_call("follow", {"handle": "alice"}))
    assert "You now follow @alice." in talk("frank", ISSUE)  # rules unsure: the model
    openai_server.script(tool_call("chat"))
    hi = talk("gina", "hi there, plaza")  # small talk the model read: the welcome says hi
    assert hi.startswith("Hi gina!") and len(hi.splitlines()) == 2
    assert [r.body["messages"][-1]["content"] for r in openai_server.requests] == [
        ISSUE, "hi there, plaza"]
    assert read("SELECT count(*) FROM follow") == 3


def test_a_first_message_that_asks_a_question_is_answered_by_the_next(
    alice, talk, openai_server, read
) -> None:
    openai_server.script(tool_call("post", {"text": "I love jazz", "visibility": None}))
    question = talk("bob", "could you put out there that I love jazz")
    assert question.startswith("Hi bob!") and "Post this?\n\nI love jazz" in question
    assert read("SELECT count(*) FROM post") == 1
    assert talk("bob", "yes") == "Posted! It's #2."
    assert read("SELECT count(*) FROM post WHERE text = 'I love jazz'") == 1


def test_with_the_model_down_the_first_message_gets_the_offline_answer(
    alice, talk, openai_server
) -> None:
    openai_server.script(status(500), status(500))  # the one quick retry fails too
    answer = talk("bob", ISSUE)
    greeting, rest = answer.split("\n\n", 1)
    assert greeting.startswith("Hi bob!")
    assert rest.startswith(f"{DOWN}\n\nI'm not sure what you'd like.")
    assert len(openai_server.requests) == 2


def test_a_message_kept_while_a_handle_is_chosen_is_acted_on_after(
    alice, talk, openai_server, read
) -> None:
    assert "pick a handle" in talk("ab", ISSUE)  # "ab" cannot be a handle
    assert openai_server.requests == [], "nobody to ask for yet"
    assert "one word" in talk("ab", "call me abby")
    openai_server.script(tool_call("follow", {"handle": "alice"}))
    answer = talk("ab", "abby")
    assert answer.startswith("Hi abby!") and "You now follow @alice." in answer
    assert [r.body["messages"][-1]["content"] for r in openai_server.requests] == [ISSUE]
    assert read("SELECT count(*) FROM follow") == 1


def test_a_first_message_that_fails_leaves_the_newcomer_welcomed(talk, read) -> None:
    answer = talk("bob", "follow @nobody_here")
    assert answer.startswith("Hi bob!") and "@nobody_here" in answer
    assert read("SELECT count(*) FROM person WHERE handle = 'bob'") == 1
    assert talk("bob", "/profile").startswith("Your profile:"), "no second welcome"


def test_the_terminal_sends_the_first_message_to_the_model(engine: sa.Engine,
                                                           tmp_path: Path) -> None:
    """The real `plaza chat`, with OPENAI_BASE_URL set, on each database."""
    with FakeOpenAI() as model:
        model.script(tool_call("follow", {"handle": "alice"}))
        env = plaza_env(DATABASE_URL=engine.url.render_as_string(hide_password=False),
                        OPENAI_BASE_URL=model.base_url, PLAZA_MODEL="fake-model")

        def chat(user: str, lines: str) -> str:
            return processes.chat(env, user, lines, tmp_path)

        chat("alice", "post: Hello from alice\n")
        answer = chat("bob", f"{ISSUE}\nwhat's new?\n")
        assert model.unscripted == 0
    assert answer.startswith("Hi bob!") and "You now follow @alice." in answer
    assert "@alice · just now · #1\nHello from alice" in answer
    assert [r.body["messages"][-1]["content"] for r in model.requests] == [ISSUE]
