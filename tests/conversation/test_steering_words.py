"""Steering the feed by talking (issue 18), through the console on each engine: rules said
in English (alice) and French (julien), with how long they hold read at local time;
listed, taken back, and applied to the digest while "what's new?" stays everything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def town(talk, clock) -> None:
    """alice (English) and julien (French) both follow bob, on a Wednesday morning."""
    clock.now = WEDNESDAY
    talk("alice", "hi")
    talk("julien", "bonjour")
    talk("bob", "hi")
    talk("alice", "follow @bob")
    talk("julien", "suis @bob")


def test_steering_in_english(talk, read, clock, town) -> None:
    said = talk("alice", "show me less politics this week")
    assert said.startswith("You'll see less of “politics” in your digest, until the end of "
                           "Sunday December 6.")
    assert "“What's new?” still shows everything, newest first." in said
    assert talk("alice", "hide posts with the word spoiler until Sunday").startswith(
        "I'll hide posts that say “spoiler” from your digest, trending and notifications, "
        "until the end of Sunday December 6.")
    assert talk("alice", "more climbing").startswith(
        "You'll see more of “climbing” in your digest.")
    assert read("SELECT count(*) FROM steering_rule") == 3
    listed = talk("alice", "what have I asked you to hide?")
    assert listed.startswith("What you asked of your feed:")
    for line in ("Hidden: “spoiler” (until the end of Sunday December 6)",
                 "Less: “politics” (until the end of Sunday December 6)",
                 "More: “climbing”", "Say “stop hiding spoiler” to take one back."):
        assert line in listed
    # bob writes; the digest hides the spoiler and puts climbing before politics
    talk("bob", "post: Politics tonight: the vote")
    talk("bob", "post: SPOILER the butler did it")
    talk("bob", "post: Climbing at dawn")
    clock.advance(timedelta(minutes=5))
    digest = talk("alice", "my digest")
    assert "butler" not in digest
    assert digest.index("Climbing at dawn") < digest.index("Politics tonight")
    # "what's new?" stays plain: everything, newest first
    feed = talk("alice", "what's new?")
    assert feed.index("Climbing at dawn") < feed.index("butler") < feed.index("Politics")
    # the rules said for this week end with it
    clock.now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    listed = talk("alice", "/steering")
    assert "spoiler" not in listed and "politics" not in listed and "More: “climbing”" in listed
    assert talk("alice", "stop hiding spoiler") == "You had asked nothing about “spoiler”."
    assert talk("alice", "show me climbing again") == (
        "Done: “climbing” is shown and ranked as before.")
    assert talk("alice", "what have I asked you to hide?").startswith(
        "You haven't asked me to hide anything")


def test_steering_in_french(talk, read, clock, town) -> None:
    assert talk("julien", "cache les messages avec le mot spoiler jusqu'à dimanche").startswith(
        "Je cacherai les messages qui disent « spoiler » de votre résumé, des tendances et des "
        "notifications, jusqu'à la fin du dimanche 6 décembre.")
    assert talk("julien", "montre-moi moins de politique cette semaine").startswith(
        "Vous verrez moins de « politique » dans votre résumé, jusqu'à la fin du dimanche "
        "6 décembre.")
    assert talk("julien", "plus d'escalade").startswith(
        "Vous verrez plus de « escalade » dans votre résumé.")
    listed = talk("julien", "qu'est-ce que je t'ai demandé de cacher ?")
    assert listed.startswith("Ce que vous avez demandé à votre fil :")
    for line in ("Caché : « spoiler » (jusqu'à la fin du dimanche 6 décembre)",
                 "Moins : « politique » (jusqu'à la fin du dimanche 6 décembre)",
                 "Plus : « escalade »"):
        assert line in listed
    assert talk("julien", "arrête de cacher spoiler") == (
        "C'est fait : « spoiler » est de nouveau montré et classé comme avant.")
    assert read("SELECT count(*) FROM steering_rule") == 2
    assert talk("julien", "/cacher le mot crypto pendant 3 jours").startswith(
        "Je cacherai les messages qui disent « crypto » de votre résumé, des tendances et des "
        "notifications, jusqu'à samedi 5 décembre à 10:00.")


def test_a_rule_about_nothing_offers_what_is_closest(talk, read, town) -> None:
    assert talk("alice", "/hide").startswith("Which word or topic? For example")  # asked for
    talk("julien", "/cacher @bob")  # a person is muted, never a word
    assert read("SELECT count(*) FROM steering_rule") == 0
