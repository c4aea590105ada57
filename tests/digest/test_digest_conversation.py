"""The digest in conversation: asking for it, and setting it up with words that cannot be
used, which get one clear sentence and change nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from storage import deliveries
from storage.db import session_scope
from storage.models import utcnow

SETTINGS = ("SELECT timezone, digest_time, digest_enabled, digest_due_at, last_digest_at "
            "FROM person WHERE handle = 'alice'")


def settings(engine: sa.Engine) -> tuple:
    with engine.connect() as connection:
        return tuple(connection.execute(sa.text(SETTINGS)).one())


@pytest.fixture
def scheduled(engine: sa.Engine, talk) -> tuple:
    """alice, on Paris time at 07:00, with her next digest scheduled."""
    talk("alice", "hi")
    assert "07:00 (Europe/Paris)" in talk("alice", "digest at 7am Paris time")
    with session_scope(engine) as session:
        deliveries.adopt(session, utcnow())
    before = settings(engine)
    assert before[3] is not None
    return before


@pytest.mark.parametrize(("message", "answer"), [
    ("my timezone is Mars/Olympus", "I don't know the time zone “Mars/Olympus”."),
    ("set my time zone to UTC+25", "I don't know the time zone “UTC+25”."),
    ("digest at 8am Mars/Olympus time", "I don't know the time zone “Mars/Olympus”."),
    ("fuseau : Mars/Olympus", "I don't know the time zone “Mars/Olympus”."),
    ("send my digest at 25:61", "I couldn't read that time."),
    ("digest at noonish", "I couldn't read that time."),
    ("digest at 25:00 Paris time", "I couldn't read that time."),
    # written in French, answered in French (a message plainly in the other language
    # switches it at once, bot.conversation.core)
    ("mon résumé à 26h", "Je n'ai pas compris l'heure."),
])
def test_an_unusable_zone_or_time_is_answered_and_changes_nothing(
    engine: sa.Engine, talk, scheduled: tuple, message: str, answer: str
) -> None:
    assert talk("alice", message).startswith(answer)
    assert settings(engine) == scheduled


def test_asking_for_the_digest_shows_it_and_moves_nothing(engine: sa.Engine, talk,
                                                          scheduled: tuple) -> None:
    talk("bob", "post: the bridge opens on Monday")
    talk("alice", "follow @bob")
    shown = talk("alice", "my digest")
    assert shown.startswith("Your digest, ")
    assert "Top of your network: @bob — “the bridge opens on Monday”." in shown
    assert settings(engine) == scheduled
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM digest_delivery")).scalar() == 0


@pytest.mark.parametrize(("message", "answer", "always"), [
    ("send my digest even when there's nothing new", "with one short line on days", True),
    ("only send my digest when there's something new", "no digest at all", False),
    ("envoie-moi le résumé même quand il n'y a rien de nouveau", "une courte ligne", True),
])
def test_a_day_with_nothing_new_can_still_bring_a_line(engine: sa.Engine, talk, scheduled,
                                                      message: str, answer: str,
                                                      always: bool) -> None:
    assert answer in talk("alice", message)
    with engine.connect() as connection:
        assert connection.execute(sa.text(
            "SELECT digest_always FROM person WHERE handle = 'alice'")).scalar() == always
    assert settings(engine) == scheduled  # the time and zone stay as they were
