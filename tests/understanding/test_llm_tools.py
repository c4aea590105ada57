"""The tool schema derives from the vocabulary, strictly; answers are read back through
the actions' own models; prompts carry Plaza's first lines only and are checked for leaks."""

from __future__ import annotations

import json
import os

import pytest

from bot.actions import ACTIONS, PostAction, SetDigestAction
from bot.errors import Misunderstood
from bot.understanding import Context
from bot.understanding.prompting import (
    earlier,
    leaks,
    plaza_words,
    understanding_messages,
    understanding_prompt,
)
from bot.understanding.smalltalk import courtesy
from bot.understanding.tools import conventions, read_call, tools
from prompts import load


def _walk(schema: dict):
    yield schema
    for option in schema.get("anyOf", ()):
        yield from _walk(option)
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"])


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_action_is_one_strict_tool_described_by_its_docstring(name) -> None:
    (tool,) = [t["function"] for t in tools() if t["function"]["name"] == name]
    action = ACTIONS[name]
    assert tool["description"] == action.description() and tool["strict"] is True
    parameters = tool["parameters"]
    assert parameters["additionalProperties"] is False
    assert parameters["required"] == list(parameters["properties"])
    fields = action.model_json_schema(by_alias=True)
    assert set(parameters["properties"]) == set(fields.get("properties", {}))
    for field, schema in parameters["properties"].items():
        optional = field not in fields.get("required", ())
        types = [t for s in _walk(schema) for t in ([s["type"]] if isinstance(s.get("type"), str)
                                                   else s.get("type", []))]
        assert ("null" in types) == optional, f"{name}.{field}: nullable exactly when optional"
        for part in _walk(schema):
            assert not {"title", "default", "minLength", "maxLength"} & set(part)


def test_shared_argument_conventions_are_said_once_in_the_prompt() -> None:
    shared = conventions()
    assert set(shared) == {"post", "handle, author"}
    schema = json.dumps(tools())
    prompt = understanding_prompt(Context("alice"))
    for text in shared.values():
        assert text not in schema and text in prompt


def test_nulls_leave_the_actions_defaults_in_place() -> None:
    assert read_call("post", '{"text": "hi", "visibility": null}') == PostAction(text="hi")
    assert read_call("set_digest", '{"time": "7:30", "timezone": null, "enabled": null}') == (
        SetDigestAction(time="07:30"))


@pytest.mark.parametrize(("name", "arguments", "reason"), [
    ("launch_missiles", "{}", "unknown_tool"),
    ("follow", "{handle: bob}", "malformed"),
    ("follow", '"bob"', "malformed"),
    ("follow", '{"handle": ""}', "invalid"),
    ("post", '{"text": "hi", "visibility": "everyone"}', "invalid"),
    ("delete_account", '{"handle": "bob"}', "invalid"),
])
def test_a_bad_call_is_misunderstood_never_an_action(name, arguments, reason) -> None:
    with pytest.raises(Misunderstood) as caught:
        read_call(name, arguments)
    assert caught.value.reason == reason


def test_only_the_first_line_of_plazas_replies_goes_to_the_model() -> None:
    feed = "What's new:\n\n@bob · just now · #1\nsecret words"
    assert plaza_words(feed) == "What's new:"
    assert plaza_words("@bob (Bob)\nbio of bob\n3 followers") is None
    turns = (("alice", "what's new?"), ("plaza", feed), ("mallory", "evil"))
    messages = earlier(Context("alice", turns=turns))
    assert messages == [{"role": "user", "content": "what's new?"},
                        {"role": "assistant", "content": "What's new:"}]


def test_the_stable_prefix_comes_first() -> None:
    one = understanding_messages("hi", Context("alice", "en", "UTC"))[0]["content"]
    two = understanding_messages("yo", Context("bob", "fr", "Europe/Paris"))[0]["content"]
    common = os.path.commonprefix([one, two])
    assert one.endswith("The sender is @alice; they usually write in English; their time zone "
                        "is UTC.\n")
    assert len(common) > len(one) * 0.9, "only the last line differs from person to person"


def test_leaks_catch_the_key_and_any_six_words_of_a_prompt() -> None:
    line = load("understanding").template.splitlines()[0]
    assert leaks(f"Sure. {line}", ())
    assert leaks("the key is sk-abc123", ("sk-abc123",))
    assert not leaks("Hi alice! Lovely to see you. Ask me what's new any time.", ("sk-abc123",))


@pytest.mark.parametrize(("message", "expected"), [
    ("hello", True), ("Merci !", True), ("good night", True), ("hello there!", True),
    ("hi, follow bob", False), ("thanks for nothing, delete my account", False),
])
def test_courtesy_is_the_whole_message_only(message, expected) -> None:
    assert courtesy(message) is expected
