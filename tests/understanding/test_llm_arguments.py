"""Every argument the language model gives is checked by the action's own model before it
reaches the database: post numbers the posts table can hold (1 to 2**31 - 1, PostgreSQL's
INTEGER), text without NUL or other control characters.

The real `openai` client talks to the fake server on a real socket; the conversation and
the database (SQLite and PostgreSQL, by the `engine` fixture) are Plaza's own.
"""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from bot.actions import ACTIONS, POST_NUMBER_MAX, build
from bot.conversation import Conversation
from bot.errors import Misunderstood
from bot.understanding.tools import read_call
from tests.fakes.openai_server import tool_call

DIDNT_GET_IT = "Sorry, I didn't get that."
# Past PostgreSQL's INTEGER, past SQLite's 64-bit integer, as a string.
PAST_THE_TABLE = [2**31, 2**63, "9223372036854775808"]


@pytest.fixture
def conversation(engine, clock, model, states) -> Conversation:
    return Conversation(engine, understand=model, clock=clock, states=states)


@pytest.mark.parametrize("name", ["like", "reply", "repost", "delete_post"])
@pytest.mark.parametrize("number", [-1, 0, "-5", 10**30])
def test_a_post_number_no_post_can_have_is_refused_by_the_action(name, number) -> None:
    args = {"post": number} | ({"text": "hi"} if name == "reply" else {})
    with pytest.raises(Misunderstood) as caught:
        read_call(name, json.dumps(args))
    assert caught.value.reason == "invalid"


@pytest.mark.parametrize("name", ["like", "reply", "repost", "delete_post"])
@pytest.mark.parametrize("number", PAST_THE_TABLE)
def test_a_post_number_past_the_table_is_read_as_a_number(name, number) -> None:
    """A number past the ids' range is a number nobody's post has: the action takes it,
    and the conversation answers that no such post exists (never a query with it)."""
    args = {"post": number} | ({"text": "hi"} if name == "reply" else {})
    assert read_call(name, json.dumps(args)).args()["post"] == int(number)


def test_the_largest_post_number_is_postgresqls_integer() -> None:
    assert POST_NUMBER_MAX == 2**31 - 1
    assert build("like", {"post": POST_NUMBER_MAX}).args() == {"post": 2**31 - 1}
    assert build("like", {"post": f"#{POST_NUMBER_MAX}"}).args() == {"post": 2**31 - 1}


@pytest.mark.parametrize(("name", "field", "given", "kept"), [
    ("search", "query", "a\u0000b", "ab"),
    ("discover", "topic", "a\u0000b", "ab"),
    ("post", "text", "line one\nline\ttwo\u0007\u001b[31m\u007f", "line one\nline\ttwo[31m"),
    ("update_profile", "bio", "caf\u0000é\r\n", "café\n"),
    ("follow", "handle", "b\u0000ob", "bob"),
])
def test_control_characters_are_dropped_from_text_but_newline_and_tab(name, field, given,
                                                                       kept) -> None:
    assert build(name, {field: given}).args()[field] == kept


@pytest.mark.parametrize(("name", "field"), [("search", "query"), ("post", "text")])
def test_text_of_control_characters_only_is_refused(name, field) -> None:
    with pytest.raises(Misunderstood):
        read_call(name, json.dumps({field: "\u0000\u0001"}))


@pytest.mark.parametrize("name", list(ACTIONS))
def test_no_field_of_any_action_keeps_a_nul(name) -> None:
    """The rule is declared once: every field of every action, given text with a NUL,
    either drops it or refuses the value."""
    for field in ACTIONS[name].model_json_schema(by_alias=True).get("properties", {}):
        for given in ("ab\u0000cd", ["ab\u0000cd"]):
            try:
                action = build(name, {field: given})
            except ValidationError:
                continue
            assert "\\u0000" not in json.dumps(action.args()), (name, field)


@pytest.mark.parametrize(("name", "args", "answer"), [
    ("like", {"post": 2147483648}, "I can't find post #2147483648."),
    ("reply", {"post": 2**63, "text": "hi"}, "I can't find post #9223372036854775808."),
    ("repost", {"post": "9223372036854775808"}, "I can't find post #9223372036854775808."),
    ("delete_post", {"post": -1}, DIDNT_GET_IT),
])
def test_a_turn_with_an_impossible_post_number_is_answered(name, args, answer, talk,
                                                           openai_server, read) -> None:
    talk("bob", "post: Hello from bob")
    openai_server.script(tool_call(name, args))
    # past the table: no such post, said before any question (a repost asks first)
    assert answer in talk("alice", "do that thing with the big number for me")
    assert read("SELECT count(*) FROM post") == 1
    assert talk("bob", "post: still here").startswith("Posted! It's #2.")


@pytest.mark.parametrize(("name", "args", "expected"), [
    ("search", {"query": "a\u0000b"}, "“ab”"),
    ("discover", {"topic": "a\u0000b"}, "ab"),
    ("post", {"text": "nul\u0000 inside", "visibility": None}, "nul inside"),
])
def test_a_turn_with_a_nul_in_the_text_goes_through(name, args, expected, talk,
                                                    openai_server) -> None:
    talk("bob", "post: Hello from bob")
    openai_server.script(tool_call(name, args))
    answer = talk("alice", "please look into the thing I mentioned earlier")
    assert DIDNT_GET_IT not in answer and expected in answer
    if name == "post":
        assert "Say yes or no." in answer
        assert talk("alice", "yes").startswith("Posted! It's #2.")
