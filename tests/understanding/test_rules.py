"""The offline understanding, measured on how people actually write.

`phrasings.tsv` holds about a thousand English and French messages with the
action and arguments each one asks for; the accuracy over that set is asserted
here and printed at the end of every run (see conftest.py).
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

import pytest

from bot.actions import ACTIONS, Action, build
from bot.understanding import Context
from bot.understanding.clock import parse_time
from bot.understanding.offline import understand as understand_offline
from bot.understanding.rules import understand
from bot.understanding.zones import ZONES

ACCURACY_FLOOR = 0.97


class Phrasing(NamedTuple):
    language: str
    text: str
    expected: Action


def _load() -> list[Phrasing]:
    rows = []
    for line in Path(__file__).with_name("phrasings.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, text, name, args = line.split("\t")
            rows.append(Phrasing(language, text, build(name, json.loads(args))))
    return rows


PHRASINGS = _load()
CHAT_LINES = [p.text for p in PHRASINGS if p.expected.name == "chat"]


def test_accuracy(understanding_report: dict[str, Any]) -> None:
    results = [(p, understand(p.text)) for p in PHRASINGS]
    hits = {p.text for p, got in results if got.action == p.expected}
    by_language = {
        lang: sum(p.text in hits for p in rows) / len(rows)
        for lang in ("en", "fr")
        if (rows := [p for p in PHRASINGS if p.language == lang])
    }
    accuracy = len(hits) / len(PHRASINGS)
    understanding_report.update(
        total=len(PHRASINGS),
        accuracy=accuracy,
        languages=by_language,
        sure=sum(got.sure for _, got in results) / len(results),
        misses=[f"{p.text!r} -> {got.action.name}" for p, got in results if p.text not in hits],
    )
    assert accuracy >= ACCURACY_FLOOR
    assert min(by_language.values()) >= ACCURACY_FLOOR


# A command Plaza has, without its words: not done, but surely that command (its words
# are asked for, by the offline understanding, never guessed by a model).
WORDLESS = {"/follow": "follow", "/search": "search"}


@pytest.mark.parametrize("text", CHAT_LINES)
def test_chat_stays_chat(text: str) -> None:
    got = understand(text)
    assert got.action.name == "chat", got.action
    if text in WORDLESS:
        assert got.explicit and got.runner_up == (WORDLESS[text], 1.0)
    else:
        assert not got.sure and not got.explicit


def test_a_miss_is_chat_never_another_action() -> None:
    wrong = [(p.text, got.action) for p in PHRASINGS
             if (got := understand(p.text)).action.name not in (p.expected.name, "chat")]
    assert wrong == []


def test_language_is_never_the_wrong_one() -> None:
    wrong = [(p.text, got.language) for p in PHRASINGS
             if (got := understand(p.text)).language not in (None, p.language)]
    assert wrong == []


def test_every_action_is_covered_in_both_languages() -> None:
    covered = {(p.expected.name, p.language) for p in PHRASINGS}
    missing = [(name, lang) for name in ACTIONS for lang in ("en", "fr")
               if (name, lang) not in covered]
    assert missing == []


def test_most_real_traffic_is_sure() -> None:
    asked = [p for p in PHRASINGS if p.expected.name != "chat"]
    assert sum(understand(p.text).sure for p in asked) / len(asked) >= 0.9


# -- times ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("8am", "08:00"), ("8 am", "08:00"), ("8 a.m.", "08:00"), ("9 pm", "21:00"),
    ("7:15 pm", "19:15"), ("12am", "00:00"), ("12pm", "12:00"), ("6.30am", "06:30"),
    ("18:00", "18:00"), ("0:30", "00:30"), ("7h15", "07:15"), ("19h30", "19:30"),
    ("19h", "19:00"), ("20 h 30", "20:30"), ("8 heures", "08:00"), ("8h du soir", "20:00"),
    ("8h du matin", "08:00"), ("noon", "12:00"), ("midi", "12:00"), ("midnight", "00:00"),
    ("minuit", "00:00"), ("midi et demi", "12:30"), ("8h moins le quart", "07:45"),
    ("8", "08:00"), ("20", "20:00"), ("8 o'clock", "08:00"), ("8 in the evening", "20:00"),
    ("19:30 pm", "19:30"),
])
def test_times_read(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", [
    "25:61", "24:00", "8:60", "13am", "0am", "0pm", "99", "noonish", "8h30 et quart", "", "h",
])
def test_impossible_times_are_refused(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(("text", "args"), [
    ("send my digest at 8am", {"time": "08:00"}),
    ("résumé quotidien à 19h30", {"time": "19:30"}),
    ("digest at 7:15 pm Paris time", {"time": "19:15", "timezone": "Europe/Paris"}),
    ("résumé à 8h (Europe/Madrid)", {"time": "08:00", "timezone": "Europe/Madrid"}),
    ("my timezone is america/argentina/buenos_aires",
     {"timezone": "America/Argentina/Buenos_Aires"}),
    ("timezone utc-5", {"timezone": "Etc/GMT+5"}),
])
def test_schedule_requests(text: str, args: dict[str, Any]) -> None:
    got = understand(text)
    assert (got.action.name, got.action.args(), got.sure) == ("set_digest", args, True)


@pytest.mark.parametrize("text", [
    "send my digest at 25:61", "digest at noonish", "mon résumé à 26h", "/digest 99:99",
    "digest at 25:00 Paris time",
])
def test_an_unreadable_time_asks_instead_of_guessing(text: str) -> None:
    """No time, no zone, no switch: the empty action means "I couldn't read that time"."""
    got = understand(text)
    assert (got.action.name, got.action.args(), got.sure) == ("set_digest", {}, False)


def test_every_zone_in_the_table_exists() -> None:
    known = available_timezones()
    if not known:
        pytest.skip("no time zone database on this machine")
    assert sorted(set(ZONES.values()) - known) == []
    for zone in set(ZONES.values()):
        ZoneInfo(zone)


# -- post text -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("post: Hello World", "Hello World"),
    ("POST:   Trailing spaces and CASE kept!!  ", "Trailing spaces and CASE kept!!"),
    ("please post: don't drop my punctuation, please.", "don't drop my punctuation, please."),
    ("publie : Été 2024 à Marseille ☀️🌊", "Été 2024 à Marseille ☀️🌊"),
    ("post: 👨‍👩‍👧 family day", "👨‍👩‍👧 family day"),
    ('post: "quoted"', "quoted"),
    ("post: line one\nline two", "line one\nline two"),
    ("tell everyone that I'm Moving to LYON", "I'm Moving to LYON"),
    ("dis à tout le monde qu'il neige", "il neige"),
    ("post: follow @alice, she's great", "follow @alice, she's great"),
    ("post: delete my account lol", "delete my account lol"),
    ("/post@PlazaBot Bonjour ! 🎉", "Bonjour ! 🎉"),
])
def test_post_text_is_exactly_what_was_meant(text: str, words: str) -> None:
    got = understand(text)
    assert got.action.name == "post"
    assert got.action.text == words


def test_command_forms_are_explicit_and_the_rest_are_not() -> None:
    assert understand("post: hi").explicit
    assert understand("reply to #3: hi").explicit
    assert understand("/delete").explicit
    assert not understand("tell everyone hi").explicit
    assert not understand("post hi").explicit
    assert not understand("post hi").sure  # "post office closes at 5" reads the same


def test_followers_only_posts() -> None:
    got = understand("share with my followers only: Our news")
    assert got.action.args() == {"text": "Our news", "visibility": "followers"}


def test_a_long_post_is_still_a_post() -> None:
    """The network refuses it with its own reason; understanding does not cut it."""
    got = understand("post: " + "a" * 1200)
    assert got.action.name == "post" and len(got.action.text) == 1200


# -- search queries ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "query"), [
    ("search #हिन्दी", "#हिन्दी"),  # ends in a vowel sign, which is no letter to isalnum
    ("#हिन्दी", "#हिन्दी"),
    ("find #ภาษาไทย", "#ภาษาไทย"),
    ("what are people saying about ที่นี่?", "ที่นี่"),  # ends in a tone mark
    ("cherche #vélo", "#vélo"),  # ("quoi de neuf sur #vélo ?" catches up: test_briefing)
    ("#rust", "#rust"),
    ("#12", None),  # a post number, not a hashtag
])
def test_a_search_keeps_the_whole_word_in_every_script(text: str, query: str | None) -> None:
    got = understand(text)
    if query is None:
        assert got.action.name != "search"
    else:
        assert got.action.name == "search" and got.action.query == query


# -- slash commands ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name", "args"), [
    ("/post hello", "post", {"text": "hello", "visibility": "public"}),
    ("/post@PlazaBot hello", "post", {"text": "hello", "visibility": "public"}),
    ("/follow@PlazaBot @Alice", "follow", {"handle": "alice"}),
    ("/feed@plaza_bot", "read_feed", {}),
    ("/digest@PlazaBot 7:30pm", "set_digest", {"time": "19:30"}),
    ("/digest off", "set_digest", {"enabled": False}),
    ("/discover@PlazaBot", "discover", {}),
    ("/search@PlazaBot #rust", "search", {"query": "#rust"}),
    ("/profile@PlazaBot", "show_profile", {}),
    ("/settings", "show_profile", {}),
    ("/help@PlazaBot", "help", {}),
    ("/start@PlazaBot ref-2024", "help", {}),
    ("/start@PlazaBot payload123", "show_profile", {"handle": "payload123"}),
    ("/export", "export_data", {}),
    ("/delete", "delete_account", {}),
    ("/delete 12", "delete_post", {"post": 12}),
    # a post's number written the ways people write it, in both languages
    ("/signaler n°1 spam", "report", {"post": 1, "reason": "spam"}),
    ("/signaler le message 7 arnaque", "report", {"post": 7, "reason": "arnaque"}),
    ("/report post 1 spam", "report", {"post": 1, "reason": "spam"}),
    ("/report no.1 spam", "report", {"post": 1, "reason": "spam"}),
    ("/report 99999999999", "report", {"post": 99999999999, "reason": ""}),
    ("/aime le n°1", "like", {"post": 1}),
    ("/reply le n°3 super", "reply", {"post": 3, "text": "super"}),
])
def test_slash_commands(text: str, name: str, args: dict[str, Any]) -> None:
    got = understand(text)
    assert (got.action.name, got.action.args(), got.explicit) == (name, args, True)


@pytest.mark.parametrize("text", ["/post", "/follow", "/search", "/like banana", "/nope", "/"])
def test_broken_slash_commands_are_chat(text: str) -> None:
    assert understand(text).action.name == "chat"


@pytest.mark.parametrize(("text", "language", "asked"), [
    ("/report", "en", "What do you want to report?"),
    ("/signaler", "fr", "Que voulez-vous signaler ?"),
    ("/follow", "en", "Who do you mean? Give me their @handle, like “follow @alice”."),
    ("/like banana", "en", "Which post? Give me its number"),
    ("/aime", "fr", "Quel message ?"),
    ("/search", "en", "What should I search for?"),
    ("/quiet sometimes", "en", "Which hours?"),
    ("/notifications blah", "en", "Which notifications?"),
    ("/link xyz", "en", "That command can link your accounts, but I couldn't read the rest."),
    ("/report -5 spam", "en", "What do you want to report?"),
    ("/report #1.5", "en", "What do you want to report?"),  # no post has that number
    ("/like 1.5", "en", "Which post?"),
    # the post given, its words asked for
    ("/reply 1", "en", "What's your reply to #1?"),
    ("/réponds le n°4", "fr", "Que répondez-vous au message n°4 ?"),
    ("/quote #3", "en", "What do you want to say with #3?"),
    ("/edit last", "en", "What should your last post say now?"),
])
def test_a_command_without_its_words_asks_for_them(text: str, language: str,
                                                     asked: str) -> None:
    got = understand_offline(text, Context("bob", language, "UTC", ()))
    assert got.action.name == "chat" and got.explicit
    assert got.answer is not None and got.answer.startswith(asked), got.answer


# -- hostile input -------------------------------------------------------------------------

HOSTILE = [
    "", " ", "\n\n", "\x00", "\x1b[31mred", "a" * 10_000, "post: " + "é" * 10_000,
    "!" * 10_000, "😀" * 5_000, "\u202efollow @bob", "follow @\u202eevil", "\u200b" * 100,
    "@" * 300, "#" * 300, "/" * 300, "/post@", "digest at " + "1" * 5_000,
    "follow " + "a " * 5_000, "i live in " + "x" * 5_000, "please " * 2_000,
    "\ud800", "post: \udfff", "ｆｏｌｌｏｗ　＠ａｌｉｃｅ", "ﬁnd people into ﬁlm",
    "".join(chr(c) for c in range(0, 0x3000, 7)),
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(text: str) -> None:
    got = understand(text)
    assert got.action.name in ACTIONS


def test_not_a_string_is_chat() -> None:
    assert understand(None).action.name == "chat"  # type: ignore[arg-type]


def test_bidi_and_control_characters_are_dropped() -> None:
    got = understand("post: \u202eevil\u202c text\x07")
    assert got.action.text == "evil text"
    assert understand("follow @\u200ebob").action.args() == {"handle": "bob"}


def test_handles_are_taken_as_typed_not_folded() -> None:
    """"@léa" is no handle and must not become someone else's "lea"."""
    assert understand("follow @léa").action.args() == {"handle": "léa"}
    assert unicodedata.is_normalized("NFC", understand("follow @Léa").action.handle)
    # NFKC, as storage reads handles: the ligature is "fi", in a sentence as in a command.
    assert understand("follow @\ufb01ona").action.args() == {"handle": "fiona"}
    assert understand("/follow \ufb01ona").action.args() == {"handle": "fiona"}


def test_fast_enough() -> None:
    texts = [p.text for p in PHRASINGS]
    started = time.perf_counter()
    for text in texts:
        understand(text)
    assert (time.perf_counter() - started) / len(texts) < 0.001  # typically ~20 µs


@pytest.mark.parametrize("text", ["report #1.5", "like #1.5", "repost 2.0", "signale le n°3.7"])
def test_a_decimal_number_names_no_post(text: str) -> None:
    found = understand_offline(text, Context("bob", "en", "UTC", ()))
    assert found.action.name == "chat" and not found.more, found
