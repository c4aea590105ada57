"""Chat state: its JSON form, the two stores, and what happens when two turns write one state.

The stores are the real ones: in the process, and in each database under test
(`states`, tests/conftest.py).
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from bot.actions import ACTIONS, PostAction, ReadFeedAction, build
from bot.conversation import Conversation
from bot.conversation.memory import (
    FORMAT,
    STATE_FIELDS,
    ChatState,
    Done,
    Merging,
    Pending,
    UnreadableState,
)
from bot.conversation.states import (
    ChatStates,
    DatabaseStates,
    InProcessStates,
    StateKey,
    VersionConflict,
    keep,
)
from bot.messages import Incoming
from bot.understanding import Context, Understanding
from bot.understanding.rules import understand
from storage import chat_state
from storage.db import session_scope
from storage.models import Platform

KEY = StateKey("telegram", "-100200", "42")

# One pending action of every kind in the vocabulary, arguments of every shape: post
# numbers, "last", text with a newline and accents, a choice, handles, a time of day, a
# zone, flags, a list, an argument under an alias ("name"), none at all.
EXAMPLES: dict[str, dict[str, Any]] = {
    "post": {"text": "Soirée jazz\nà 20 h ✨", "visibility": "followers"},
    "reply": {"post": 12, "text": "me too"},
    "edit_post": {"post": "last", "text": "fixed\nwords: été"},
    "quote": {"post": 9, "text": "so true", "visibility": "followers"},
    "like": {"post": 2**31 - 1},
    "unlike": {"post": "it"},
    "repost": {"post": 7},
    "unrepost": {"post": "last"},
    "show_post": {"post": 46},
    "pin": {"post": "last"},
    "change_handle": {"new_handle": "rooty"},
    "unpin": {},
    "report": {"post": 7, "reason": "spam"},
    "delete_post": {"post": "last"},
    "follow": {"handle": "bob"},
    "unfollow": {"handle": "carol.b"},
    "block": {"handle": "mallory"},
    "unblock": {"handle": "mallory"},
    "mute": {"handle": "dave_99"},
    "unmute": {"handle": "dave_99"},
    "read_feed": {"author": "bob"},
    "digest": {},
    "set_digest": {"time": "07:30", "timezone": "America/Argentina/Buenos_Aires",
                   "enabled": True, "always": False},
    "discover": {"topic": "vélo"},
    "search": {"query": "#jazz paris"},
    "show_profile": {"handle": "bob"},
    "update_profile": {"name": "Zoé", "bio": "Here for the jazz", "interests": ["jazz", "vélo"]},
    "followers": {},
    "following": {},
    "mentions": {},
    "trending": {},
    "export_data": {},
    "delete_account": {},
    "help": {},
    "chat": {},
    "link": {"platform": "discord"},
    "linked": {},
    "unlink": {"platform": "telegram"},
    "undo": {},
    "subscribe": {"handle": "alice"},
    "unsubscribe": {"handle": "bob"},
    "notifications": {},
    "switch_notifications": {"kinds": ["like", "repost"], "on": False},
    "quiet_hours": {"start": "22:00", "end": "07:30"},
    "ai_opt_out": {"out": False},
    "explain": {"post": 12},
    "catch_up": {"topic": "#rust", "friends": True},
    "steer": {"kind": "hide", "term": "spoiler", "until": "sunday"},
    "steering": {},
    "unsteer": {"term": "spoiler"},
}


def _everything() -> ChatState:
    """A state in which no field has its default value."""
    state = ChatState(
        last_post=12, last_person="bob",
        pending=Pending(PostAction(text="hello"), "tok-3n_", datetime(2026, 12, 3, 8, 5, 9, 123456,
                                                                      tzinfo=UTC)),
        replying_to=9, composing=("edit_post", 3), awaiting_handle=True,
        first_message=Incoming(Platform.discord, "42", "channel:100200", "follow <@7>",
                               username="zoé", display_name="Zoé Ω", language="fr-CA",
                               button="like:3", group=True, opening=True,
                               private_chat="42", mentions=(("<@7>", "7", "alice"),),
                               update_id="1182"),
        newcomer_language="fr", asking_schedule=True,
        merging=Merging(7, ("alice", "zoe"), "tok-9x", datetime(2026, 12, 3, 8, 6, tzinfo=UTC)),
        next_page=(ReadFeedAction(author="bob"), 90), language_streak=2, language_chosen=True,
        turns=deque([("zoe", "salut"), ("plaza", "Bonjour !\n“quote”")], maxlen=6),
        last_done=Done("block.done", "bob", datetime(2026, 12, 3, 8, 4, tzinfo=UTC),
                       {"followed": True, "followed_back": False, "was": None,
                        "interests": ["jazz", "vélo"]},
                       (Done("follow.done", "ann", datetime(2026, 12, 3, 8, 4, tzinfo=UTC)),)),
    )
    empty = ChatState()
    assert all(getattr(state, name) != getattr(empty, name) for name in STATE_FIELDS)
    return state


def test_every_field_of_a_kept_first_message_is_set_above() -> None:
    first = _everything().first_message
    assert first is not None
    defaults = Incoming(Platform.console, "", "")
    assert all(getattr(first, f.name) != getattr(defaults, f.name) for f in fields(Incoming))


def test_every_field_survives_the_json_round_trip() -> None:
    state = _everything()
    text = state.to_json()
    again = ChatState.from_json(text)
    assert again == state and again.turns.maxlen == 6
    assert again.pending is not None and again.pending.expires_at.tzinfo is UTC
    assert isinstance(again.first_message.platform, Platform)  # type: ignore[union-attr]
    assert json.loads(text)["format"] == FORMAT


def test_expiry_times_are_kept_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    state = ChatState(pending=Pending(PostAction(text="hi"), "t", datetime(2026, 1, 1, 9,
                                                                            tzinfo=paris)))
    stored = json.loads(state.to_json())["pending"]["expires_at"]
    assert stored == "2026-01-01T08:00:00+00:00"
    assert ChatState.from_json(state.to_json()) == state


def test_the_examples_cover_the_whole_vocabulary() -> None:
    assert set(EXAMPLES) == set(ACTIONS)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_pending_action_of_each_kind_comes_back_as_it_was_asked(name: str) -> None:
    action = build(name, EXAMPLES[name])
    expires = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    state = ChatState(pending=Pending(action, "token", expires), next_page=(action, 5))
    again = ChatState.from_json(state.to_json())
    assert again == state
    assert type(again.pending.action) is type(action)  # type: ignore[union-attr]
    assert again.pending.action.args() == action.args() == EXAMPLES[name]  # type: ignore[union-attr]


@pytest.mark.parametrize("text", [
    "not json",
    "[]",
    json.dumps({"last_post": 3}),  # before formats were numbered
    json.dumps({"format": FORMAT + 1}),  # written by a newer Plaza
    json.dumps({**json.loads(ChatState().to_json()), "format": 0}),
    json.dumps({**json.loads(ChatState().to_json()),
                "next_page": {"action": {"name": "teleport", "args": {}}, "before": 1}}),
    json.dumps({**json.loads(ChatState().to_json()),
                "next_page": {"action": {"name": "like", "args": {"post": 0}}, "before": 1}}),
    json.dumps({**json.loads(ChatState().to_json()), "last_post": "twelve"}),
    json.dumps({**json.loads(ChatState().to_json()), "turns": [["plaza"]]}),
    # what a broken or tampered row may hold, each once a turn-long crash
    '{"format": 1, "x": ' + "[" * 5000 + "]" * 5000 + "}",
    json.dumps({**json.loads(ChatState().to_json()), "pending": {
        "action": {"name": "read_feed", "args": {}}, "token": "t",
        "expires_at": "0001-01-01T00:00:00+14:00"}}),
    json.dumps({**json.loads(ChatState().to_json()), "last_post": 2**70}),
    json.dumps({**json.loads(ChatState().to_json()), "replying_to": 0}),
    json.dumps({**json.loads(ChatState().to_json()), "last_done": {
        "what": "post.done", "target": 0, "at": "2026-12-03T08:00:00+00:00", "before": {}}}),
    json.dumps({**json.loads(ChatState().to_json()), "last_done": {
        "what": "block.done", "target": "bob", "at": "2026-12-03T08:00:00",  # naive
        "before": {}}}),
    json.dumps({**json.loads(ChatState().to_json()), "last_done": {
        "what": "block.done", "target": "bob", "at": "2026-12-03T08:00:00+00:00",
        "before": {"followed": {"nested": 1}}}}),
    json.dumps({**json.loads(ChatState().to_json()), "first_message": {
        "platform": "console", "external_id": 7, "chat_id": "7", "text": "hi",
        "username": None, "display_name": "", "language": None, "button": None,
        "group": False}}),
])
def test_what_is_no_state_of_this_format_is_refused(text: str) -> None:
    with pytest.raises(UnreadableState):
        ChatState.from_json(text)


def test_an_unknown_format_in_the_database_loads_as_a_fresh_state(engine: sa.Engine,
                                                                  caplog) -> None:
    newer = json.dumps({"format": FORMAT + 1, "something": "else"})
    with session_scope(engine) as session:
        chat_state.save(session, KEY, newer, 0)
    states = DatabaseStates(engine)
    with caplog.at_level(logging.WARNING, logger="bot.conversation.states"):
        state, version = states.load(KEY)
    assert state == ChatState() and version == 1
    assert f"format {FORMAT + 1}, not {FORMAT}" in caplog.text
    state.last_post = 5
    assert states.save(KEY, state, version) == 2  # replaces it, through the version check
    assert states.load(KEY) == (state, 2)


def test_a_load_is_a_copy(states: ChatStates) -> None:
    state, version = states.load(KEY)
    state.remember("alice", "hi")
    version = states.save(KEY, state, version)
    loaded, _ = states.load(KEY)
    loaded.remember("plaza", "not saved")
    loaded.last_post = 3
    assert states.load(KEY) == (state, version) and list(state.turns) == [("alice", "hi")]


def test_a_save_over_a_version_no_longer_there_is_refused(states: ChatStates) -> None:
    first, version = states.load(KEY)
    second, _ = states.load(KEY)
    first.last_post = 1
    assert states.save(KEY, first, version) == version + 1
    second.last_post = 2
    with pytest.raises(VersionConflict):
        states.save(KEY, second, version)
    assert states.load(KEY) == (first, version + 1)
    with pytest.raises(VersionConflict):
        states.save(StateKey("telegram", "-100200", "someone else"), second, 3)


def test_a_conflict_merges_what_each_turn_changed(states: ChatStates, caplog) -> None:
    start = ChatState(last_post=1, pending=Pending(PostAction(text="hi"), "t",
                                                   datetime(2030, 1, 1, tzinfo=UTC)))
    start.remember("alice", "tell everyone hi")
    states.save(KEY, start, 0)
    answering, version = states.load(KEY)  # this turn answers the question...
    answering_loaded = answering.copy()
    other, other_version = states.load(KEY)  # ...while another only looks something up
    other_loaded = other.copy()
    assert answering.take_pending(datetime(2029, 1, 1, tzinfo=UTC)) is not None
    answering.last_post = 2
    answering.remember("alice", "yes")
    answering.remember("plaza", "Posted! It's #2.")
    keep(states, KEY, answering, answering_loaded, version)
    other.last_person = "bob"
    other.remember("plaza", "@bob: 3 posts")
    with caplog.at_level(logging.INFO, logger="bot.conversation.states"):
        keep(states, KEY, other, other_loaded, other_version)
    assert "merging" in caplog.text
    merged, _ = states.load(KEY)
    # the question answered stays answered: a second "yes" can never post it again
    assert merged.pending is None
    assert (merged.last_post, merged.last_person) == (2, "bob")
    assert list(merged.turns) == [("alice", "tell everyone hi"), ("alice", "yes"),
                                  ("plaza", "Posted! It's #2."), ("plaza", "@bob: 3 posts")]


def test_a_reset_state_is_saved_whole_over_a_conflict(states: ChatStates) -> None:
    states.save(KEY, ChatState(last_post=1), 0)
    deleting, version = states.load(KEY)
    loaded = deleting.copy()
    other, other_version = states.load(KEY)
    other.last_person = "bob"
    states.save(KEY, other, other_version)
    deleting.reset()
    deleting.remember("plaza", "Your account is gone.")
    keep(states, KEY, deleting, loaded, version)
    assert states.load(KEY)[0] == ChatState(turns=deque([("plaza", "Your account is gone.")]))


def test_a_state_no_turn_changed_is_not_written_again(states: ChatStates) -> None:
    states.save(KEY, ChatState(last_post=1), 0)
    state, version = states.load(KEY)
    keep(states, KEY, state, state.copy(), version)
    assert states.load(KEY)[1] == version


def test_the_in_process_store_forgets_the_least_recently_used_first() -> None:
    states = InProcessStates(capacity=2)
    keys = [StateKey("console", str(n), str(n)) for n in range(3)]
    for n, key in enumerate(keys[:2]):
        states.save(key, ChatState(last_post=n + 1), 0)
    states.load(keys[0])  # used again: the second is now the oldest
    states.save(keys[2], ChatState(last_post=3), 0)
    assert [states.load(key)[1] for key in keys] == [1, 0, 1]


def test_a_moved_chat_takes_its_states_along_unless_one_is_there(states: ChatStates) -> None:
    old, new = StateKey("telegram", "-1", "alice"), StateKey("telegram", "-1009", "alice")
    bob_old, bob_new = StateKey("telegram", "-1", "bob"), StateKey("telegram", "-1009", "bob")
    elsewhere = StateKey("console", "-1", "alice")
    for key, post in ((old, 1), (bob_old, 2), (bob_new, 3), (elsewhere, 4)):
        states.save(key, ChatState(last_post=post), 0)
    states.move("telegram", "-1", "-1009")
    assert [states.load(key)[0].last_post for key in (old, new, bob_old, bob_new, elsewhere)] \
        == [None, 1, None, 3, 4]


def _incoming(user: str, text: str, chat: str | None = None) -> Incoming:
    return Incoming(Platform.console, user, chat or user, text, username=user,
                    group=chat is not None)


def _say(conversation: Conversation, user: str, text: str, chat: str | None = None) -> str:
    """What `user` reads in `chat` (their private chat by default)."""
    replies = conversation.handle(_incoming(user, text, chat))
    return "\n\n".join(reply.text for reply in replies if reply.chat_id is None)


def test_a_pending_post_survives_a_restart_with_the_database(engine: sa.Engine) -> None:
    before = Conversation(engine, states=DatabaseStates(engine))
    _say(before, "alice", "hi")
    assert _say(before, "alice", "tell everyone hello").startswith("Post this?")
    after = Conversation(engine, states=DatabaseStates(engine))  # a new process
    assert _say(after, "alice", "yes").startswith("Posted! It's #1.")
    assert _say(after, "alice", "yes").startswith("🙂 Anything I can do for you?")


def test_a_private_matter_from_a_group_and_a_private_turn_at_once_both_count(
    engine: sa.Engine, states: ChatStates, caplog
) -> None:
    """Turns holds one turn at a time per chat, but a group's turn writes to the private
    chat's state: here while a turn in that private chat waits on its understanding."""
    entered, release = threading.Event(), threading.Event()

    def slow(text: str, context: Context) -> Understanding:
        if text == "catch me up":
            entered.set()
            assert release.wait(10)
        return understand(text)

    conversation = Conversation(engine, understand=slow, states=states)
    _say(conversation, "bob", "post: hello from bob")
    _say(conversation, "alice", "hi")
    answers: list[str] = []
    waiting = threading.Thread(target=lambda: answers.append(
        _say(conversation, "alice", "catch me up")))
    waiting.start()
    assert entered.wait(10)
    in_group = _say(conversation, "alice", "follow @bob", chat="club")
    assert in_group == "I've answered you in our private chat."
    with caplog.at_level(logging.INFO, logger="bot.conversation.states"):
        release.set()
        waiting.join(10)
    assert answers and "merging" in caplog.text
    # the group's turn made bob whom "her" means in the private chat; it still is
    assert _say(conversation, "alice", "unfollow her") == "You no longer follow @bob."


def test_a_remembered_line_is_cut_on_load_as_when_it_was_said() -> None:
    text = json.dumps({**json.loads(ChatState().to_json()), "turns": [["bob", "x" * 10_000]]})
    assert ChatState.from_json(text).turns == deque([("bob", "x" * 500)])


def test_a_broken_row_starts_the_chat_afresh_and_is_replaced(engine: sa.Engine) -> None:
    """A row no turn can read (nesting too deep for the JSON reader) must not fail every
    turn of that chat: the chat starts afresh and its next save replaces the row."""
    conversation = Conversation(engine, states=DatabaseStates(engine))
    key = StateKey(Platform.console, "carol", "carol")
    with session_scope(engine) as session:
        chat_state.save(session, key, "[" * 5000 + "]" * 5000, 0)
    assert _say(conversation, "carol", "hello").startswith("Hi carol!")
    state, version = DatabaseStates(engine).load(key)
    assert version == 2 and state.turns[-1][1].startswith("Hi carol!")


def test_text_no_database_encoding_can_store_is_saved_all_the_same(engine: sa.Engine) -> None:
    state = ChatState()
    state.remember("plaza", "caf\udce9 and \u00e9t\u00e9 \U0001f600")
    states = DatabaseStates(engine)
    assert states.save(KEY, state, 0) == 1
    assert states.load(KEY) == (state, 1)
