"""When the model misbehaves or fails, Plaza degrades gracefully and says so once.

Bad answers (unknown tool, malformed or invalid arguments, several calls, plain
text) become "I didn't get that" or the usual small talk; a model that is down,
slow, rate-limited or out of quota hands over to the offline rules, and the
breaker keeps the next people from waiting on it. Runs on SQLite: nothing
here depends on the database engine.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.conversation import Conversation
from tests.fakes.openai_server import delay, garbage, status, text, tool_call, tool_calls
from tests.understanding.llm_support import console_talk, model_understanding

UNCLEAR = "Sorry, I didn't get that. Try “what's new?”"
DOWN = "(My language model isn't answering right now, so I'm reading you the simple way.)"
LIMIT = "(You've written a lot this hour, so I'm reading you the simple way for now.)"
VAGUE = "post that I love jazz"  # the offline rules read it, but are not sure of it


@pytest.fixture
def engine(sqlite_engine: sa.Engine) -> sa.Engine:
    """Failures of the model, not of the database: SQLite alone."""
    return sqlite_engine


@pytest.fixture
def conversation(engine, clock, model, states) -> Conversation:
    return Conversation(engine, understand=model, clock=clock, states=states)


@pytest.fixture
def people(talk, openai_server) -> None:
    talk("alice", "follow @alice_fan")  # both arrive without the model
    talk("bob", "follow @alice")
    assert openai_server.requests == []


@pytest.mark.parametrize("answer", [
    tool_call("teleport", {"to": "mars"}),
    tool_call("follow", '{"handle": "bob"'),
    tool_call("follow", '["bob"]'),
    tool_call("follow", {"handle": "b" * 200}),
    tool_call("follow", {"handle": "bob", "as": "carol"}),
    tool_call("like", {"post": "the nice one"}),
    tool_calls(("follow", {"handle": "bob"}), ("block", {"handle": "bob"})),
], ids=["unknown tool", "malformed json", "not an object", "invalid handle",
        "extra argument", "invalid post", "several calls"])
def test_an_answer_that_is_no_valid_action_gets_a_polite_hint(answer, people, talk,
                                                              openai_server, read) -> None:
    openai_server.script(answer)
    reply = talk("alice", "do the thing with bob")
    assert reply.startswith(UNCLEAR) and "“help”" in reply
    assert read("SELECT count(*) FROM follow") == 1  # only bob's own follow of alice
    assert read("SELECT count(*) FROM block") == 0


def test_a_plain_text_answer_is_never_shown(people, talk, openai_server) -> None:
    openai_server.script(text("Done! I deleted everything."))
    reply = talk("alice", "do the thing with bob")
    assert "deleted" not in reply and reply.startswith("I'm not sure what you'd like.")


@pytest.mark.parametrize("failure", [
    [status(500), status(500)],
    [status(503), status(502)],
    [status(429), status(429)],
    [delay(3, tool_call("chat"))],
    [garbage()],
], ids=["500", "503 then 502", "429", "timeout", "not json"])
def test_a_failing_model_hands_over_to_the_offline_rules_once(failure, people, talk,
                                                              openai_server) -> None:
    openai_server.script(*failure)
    reply = talk("alice", VAGUE)
    assert reply == f"{DOWN}\n\nPost this?\n\nI love jazz\n\nSay yes or no."
    assert openai_server.pending == 0, "one retry after a quick failure, none after a timeout"
    assert talk("alice", "yes") == "Posted! It's #1."
    assert talk("alice", VAGUE).startswith("Post this?"), "said once, not every turn"


def test_one_retry_rides_out_a_single_failure(people, talk, openai_server) -> None:
    openai_server.script(status(500), tool_call("follow", {"handle": "bob"}))
    assert talk("alice", "bob seems nice, add him") == (
        "You now follow @bob. Their posts will show in your feed and digest.")


def test_after_a_failure_nobody_waits_on_the_model_until_it_rests(people, talk, openai_server,
                                                                  ticker) -> None:
    openai_server.script(status(500), status(500))
    talk("alice", VAGUE)
    asked = len(openai_server.requests)
    assert talk("bob", VAGUE).startswith(DOWN), "bob is told too, the first time"
    assert len(openai_server.requests) == asked, "nobody waited on the model meanwhile"
    ticker.advance(31)
    openai_server.script(tool_call("chat"))
    assert talk("alice", "so, anything fun today?") == "I'm not sure what you'd like. " \
        "I can post for you, follow people, show what's new or find people; say “help” for more."
    assert len(openai_server.requests) == asked + 1
    openai_server.script(status(500), status(500))
    assert talk("alice", VAGUE).startswith(DOWN), "a new outage is told again"


@pytest.mark.parametrize(("failure", "still_resting", "back"), [
    (status(429, retry_after="120"), 100, 130),
    (status(429, "insufficient_quota"), 300, 601),
], ids=["Retry-After: two minutes", "exhausted quota: ten minutes"])
def test_the_model_rests_as_long_as_the_provider_means(failure, still_resting, back, people,
                                                       talk, openai_server, ticker) -> None:
    openai_server.script(failure)
    assert talk("alice", VAGUE).startswith(DOWN)
    assert len(openai_server.requests) == 1, "no retry: the provider will not be back in a second"
    ticker.advance(still_resting)
    talk("alice", "zorp")
    assert len(openai_server.requests) == 1
    ticker.advance(back - still_resting)
    openai_server.script(tool_call("chat"))
    talk("alice", "zorp")
    assert len(openai_server.requests) == 2


def test_over_the_hourly_limit_the_offline_rules_answer(engine, clock, openai_server, ticker,
                                                        states, tmp_path) -> None:
    with model_understanding(openai_server, engine, ticker, plaza_model_calls_per_hour=2) as m:
        conversation = Conversation(engine, understand=m, clock=clock, states=states)
        say = console_talk(conversation, tmp_path)
        say("alice", "follow @alice_fan")
        openai_server.script(tool_call("chat"), tool_call("chat"))
        say("alice", "zorp")
        say("alice", "zorp")
        assert say("alice", VAGUE).startswith(f"{LIMIT}\n\nPost this?")
        assert say("alice", "no") == "OK, I won't."
        openai_server.script(tool_call("chat"))
        assert say("bob", "what a day").startswith("Hi bob!")
        assert len(openai_server.requests) == 3, "bob has his own allowance"
        ticker.advance(3600)
        openai_server.script(tool_call("chat"))
        say("alice", "zorp")
        assert len(openai_server.requests) == 4


def test_a_very_long_message_skips_the_model(people, talk, openai_server) -> None:
    reply = talk("alice", "blah " * 250)
    assert reply.startswith("(That's a long message, so I read it the simple way.)")
    assert openai_server.requests == []


def test_messages_the_rules_are_sure_of_never_reach_the_model(people, talk, openai_server):
    for message in ("what's new?", "quoi de neuf ?", "follow @bob", "post: hi", "/help",
                    "like #1", "find people into jazz", "send my digest at 8am"):
        talk("alice", message)
    assert openai_server.requests == []

