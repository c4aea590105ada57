"""Free phrasing through the language model: every action is reachable, and what the
model inferred asks before publishing or destroying.

The real `openai` client talks to a fake server on a real socket; the
conversation, the database and the console are Plaza's own. Every message
here is one the offline rules are not sure of, so it really goes to the model.
"""

from __future__ import annotations

import json

import pytest

from bot.actions import ACTIONS
from bot.conversation import Conversation
from bot.understanding.rules import understand
from tests.fakes.openai_server import text, tool_call

# action -> (what alice writes, the tool call the model answers, what she then reads)
# Consequential ones show a preview first; `yes` then carries them out.
CASES: dict[str, tuple[str, dict, str]] = {
    "post": ("could you put out there that I love jazz",
             {"text": "I love jazz", "visibility": None}, "Posted! It's #3."),
    "reply": ("answer bob's hello saying great stuff", {"post": 1, "text": "great stuff"},
              "Replied to #1. Your reply is #3."),
    "edit_post": ("zorp my blick number 2 into: better words", {"post": 2, "text": "better words"},
                  "Edited #2"),
    "quote": ("blick bob's number 1 with my zorp: wow", {"post": 1, "text": "wow"},
              "Posted! It's #3, quoting #1."),
    "like": ("give bob's hello a heart, it's number 1", {"post": 1}, "Liked #1 ♥"),
    "unlike": ("that heart on bob's number 1, zorp it off", {"post": 1}, "You hadn't liked #1."),
    "repost": ("spread bob's hello to my people", {"post": 1}, "Shared #1 by @bob"),
    "unrepost": ("my blick of bob's number 1, zorp it away", {"post": 1},
                 "You haven't shared #1, so there's no repost to take back."),
    "show_post": ("zorp the blick bob made, number 1", {"post": 1},
                  "@bob · just now · #1\nHello from bob\n\n0 likes · 0 reposts · 0 replies"),
    "delete_post": ("get rid of the thing I wrote", {"post": "last"}, "Deleted #2."),
    "change_handle": ("zorp my blick name into rooty", {"new_handle": "rooty"},
                      "You're now @rooty."),
    "pin": ("zorp my blick on top, the last one", {"post": "last"},
            "Pinned #2: it's the first thing people see on your profile."),
    "unpin": ("take the zorp off my blicks", {}, "You have no pinned post."),
    "report": ("that zorp of bob's, number 1, the mods should hear about it",
               {"post": 1, "handle": None, "reason": "a scam"}, "#1 is reported"),
    "follow": ("i want to keep up with carol", {"handle": "carol"}, "You now follow @carol."),
    "unfollow": ("drop bob from my list", {"handle": "bob"}, "You no longer follow @bob."),
    "block": ("carol, never again, cut her off", {"handle": "carol"}, "Blocked @carol."),
    "unblock": ("let carol back in", {"handle": "carol"}, "@carol wasn't blocked."),
    "mute": ("bob is a lot, quiet him down while I stay subscribed", {"handle": "bob"},
             "Muted @bob"),
    "unmute": ("I miss bob, let him back into my stream", {"handle": "bob"}, "@bob wasn't muted."),
    "subscribe": ("whenever carol zorps a new blick, buzz me", {"handle": "carol"},
                  "I'll tell you each time @carol posts."),
    "unsubscribe": ("carol's blicks, no more buzzing me", {"handle": "carol"},
                    "You weren't getting notified of @carol's posts."),
    "notifications": ("what do you buzz me over, zorp it all out", {}, "Your notifications:"),
    "switch_notifications": ("the heart buzzes, zorp them off", {"kinds": ["like"], "on": False},
                             "Notifications off: likes."),
    "quiet_hours": ("zorp the buzzing from 11 at night until 7",
                    {"start": "23:00", "end": "07:00"}, "Quiet hours: 23:00 to 07:00 (UTC)."),
    "ai_opt_out": ("keep my blicks away from the robot brains", {"out": True},
                   "Done: your posts will never be sent to a language model"),
    "explain": ("zorp the gist of blick 1 for me", {"post": 1}, "@bob says hello (#1)."),
    "catch_up": ("zorp me the chatter of my blick gang, boiled down",
                 {"topic": None, "friends": True}, "@bob says hello (#1)."),
    "steer": ("the zorp about elections, turn it down till the week is out",
              {"kind": "less", "term": "elections", "until": "week"},
              "You'll see less of “elections” in your digest, until the end of Sunday"),
    "steering": ("which blicks did I ask you to zorp away", {}, "You haven't asked me to hide"),
    "unsteer": ("elections may zorp back into my blicks", {"term": "elections"},
                "You had asked nothing about “elections”."),
    "read_feed": ("zorp me up with the blick gang", {"author": None},
                  "\n\n@bob · just now · #1\nHello from bob"),
    "digest": ("whatever came in today, the roundup thing, now", {}, "Your digest,"),
    "set_digest": ("i'd rather get the roundup around 7 in the evening",
                   {"time": "19:00", "timezone": None, "enabled": None},
                   "Your digest will arrive every day at 19:00 (UTC)."),
    "discover": ("are there climbers on here I could meet", {"topic": "climbing"},
                 "People into climbing:"),
    "search": ("has anyone talked about hello lately", {"query": "hello"},
               "Posts about “hello”:"),
    "show_profile": ("tell me about bob", {"handle": "bob"}, "@bob\n1 follower · "),
    "update_profile": ("I'm a painter from Lyon, put that in my bio",
                       {"name": None, "bio": "Painter from Lyon", "interests": None},
                       "Profile updated."),
    "followers": ("who keeps tabs on me these days", {}, "Nobody follows you yet."),
    "following": ("remind me who i keep up with", {}, "You follow (1):\n\n@bob"),
    "mentions": ("is anyone saying stuff to me", {}, "No replies or mentions yet."),
    "trending": ("zorp me the rising blicks", {}, "Nothing is rising right now"),
    "export_data": ("pack up everything you hold about me into a file", {},
                    "Here is everything you gave Plaza, as JSON."),
    "delete_account": ("i want out of plaza for good", {},
                       "Your account and everything in it are gone."),
    "help": ("what are you good for", {}, "Here's what I can do."),
    "link": ("i'd love to use you from my other chat app as well", {"platform": None},
             "Your code: "),
    "linked": ("whose apps do I live on", {}, "is linked on:"),
    "unlink": ("forget my discord side", {"platform": "discord"},
               "No Discord account is linked to yours."),
    "chat": ("the usual, you know", {}, "I'm not sure what you'd like."),
    "undo": ("zorp that last blick of mine out of existence, make it unhappen", {},
             "Undone: your post #2 is deleted."),
}
# A second call, with no tools, writes what these answer (bot.ai.model).
WRITTEN = {"explain", "catch_up"}
CONSEQUENTIAL = {name for name, action in ACTIONS.items() if action.consequential}


@pytest.fixture
def conversation(engine, clock, model, states) -> Conversation:
    """The conversation fixture of conftest, understanding with the model."""
    return Conversation(engine, understand=model, clock=clock, states=states)


@pytest.fixture
def town(talk, openai_server):
    """bob (#1) and carol (into climbing); alice follows bob and wrote #2. No model needed."""
    talk("bob", "post: Hello from bob")
    talk("carol", "my interests are jazz and climbing")
    talk("alice", "follow @bob")
    talk("alice", "post: my own words")
    assert openai_server.requests == [], "the setup should take the fast path only"


def test_the_cases_cover_the_whole_vocabulary() -> None:
    assert set(CASES) == set(ACTIONS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_action_is_reachable_from_free_phrasing(name, town, talk, openai_server, read):
    message, args, expected = CASES[name]
    assert not understand(message).sure, "the fast path would skip the model"
    openai_server.script(tool_call(name, args))
    if name in WRITTEN:
        openai_server.script(text(expected))
    answer = talk("alice", message)
    request, *written = openai_server.requests
    assert request.path == "/v1/chat/completions"
    assert {tool["function"]["name"] for tool in request.body["tools"]} == set(ACTIONS)
    assert request.body["tool_choice"] == "required"
    assert request.body["parallel_tool_calls"] is False
    assert request.body["messages"][-1] == {"role": "user", "content": message}
    # (Unlinking a platform that is not linked is refused before any question.)
    if name in CONSEQUENTIAL and name != "unlink":
        assert "Say yes or no." in answer and expected not in answer
        # what a yes changes: a post, a block, alice's handle, or a post's text
        state = ("SELECT count(*) FROM post", "SELECT count(*) FROM block",
                 "SELECT count(*) FROM person WHERE handle = 'alice'",
                 "SELECT count(*) FROM post_version", "SELECT count(*) FROM report")
        before = [read(query) for query in state]
        answer = talk("alice", "yes")
        assert [read(query) for query in state] != before or name == "delete_account"
    assert expected in answer
    if name in WRITTEN:
        (writing,) = written
        assert "tools" not in writing.body
        return
    assert len(openai_server.requests) == 1, "one model call per turn, none for the yes"


def test_an_inferred_post_cancelled_publishes_nothing(town, talk, openai_server, read) -> None:
    openai_server.script(tool_call("post", {"text": "I love jazz", "visibility": "followers"}))
    assert talk("alice", "let my people know I love jazz").startswith(
        "Post this to your followers only?\n\nI love jazz")
    assert talk("alice", "no") == "OK, I won't."
    assert read("SELECT count(*) FROM post WHERE text = 'I love jazz'") == 0


def test_an_inferred_block_waits_for_yes(town, talk, openai_server, read) -> None:
    openai_server.script(tool_call("block", {"handle": "carol"}))
    assert talk("alice", "carol zorps my blicks all day, make it stop").startswith("Block @carol?")
    assert read("SELECT count(*) FROM block") == 0
    assert talk("alice", "yes").startswith("Blocked @carol.")
    assert read("SELECT count(*) FROM block") == 1


def test_an_inferred_follow_goes_straight_through(town, talk, openai_server, read) -> None:
    openai_server.script(tool_call("follow", {"handle": "carol"}))
    assert talk("alice", "carol seems nice, add her").startswith("You now follow @carol.")
    assert read("SELECT count(*) FROM follow") == 2


def test_explicit_commands_skip_the_model_and_the_question(town, talk, openai_server, read):
    assert talk("alice", "post: straight through").startswith("Posted! It's #3.")
    assert talk("alice", "/block carol").startswith("Blocked @carol.")
    assert openai_server.requests == []
    assert read("SELECT count(*) FROM block") == 1


def test_it_refers_to_what_the_chat_just_talked_about(town, talk, openai_server) -> None:
    talk("alice", "show me bob's posts")
    openai_server.script(tool_call("like", {"post": "it"}))
    # words only a model might read: "give it a heart" alone is read offline
    assert talk("alice", "that zorp is blick, give it a zorp") == "Liked #1 ♥"
    sent = [m["content"] for m in openai_server.requests[0].body["messages"][1:]]
    assert sent[-3:] == ["show me bob's posts", "Posts by @bob:",
                         "that zorp is blick, give it a zorp"]
    assert not any("Hello from bob" in content for content in sent)


def test_the_model_is_told_who_is_writing_and_when(town, talk, openai_server) -> None:
    talk("alice", "set my time zone to Europe/Paris")
    openai_server.script(tool_call("chat"))
    talk("alice", "hmm, not sure what to do today")
    system = openai_server.requests[-1].body["messages"][0]
    assert system["role"] == "system"
    assert "@alice" in system["content"] and "Europe/Paris" in system["content"]
    tools = json.dumps(openai_server.requests[-1].body["tools"])
    assert '"strict": true' in tools and '"additionalProperties": false' in tools
