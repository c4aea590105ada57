"""Flood and spam control (storage/flood.py) as people meet it: a clear sentence in their
language, nothing posted behind their back, every limit counted per person."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.settings import Settings
from storage import flood, network
from storage.errors import NotAllowed
from storage.models import Person, Platform, utcnow
from storage.tables import table


@pytest.fixture(autouse=True)
def default_limits() -> Iterator[None]:
    """Each test starts from the default limits and leaves them so."""
    flood.configure(flood.FloodLimits())
    yield
    flood.configure(flood.FloodLimits())


def test_two_hundred_identical_posts_at_someone_stop_at_the_third(talk, read) -> None:
    talk("victim", "hi")
    talk("troll", "hi")
    answers = [talk("troll", "post: @victim you're a clown") for _ in range(200)]
    assert [a.startswith("Posted!") for a in answers[:3]] == [True, True, True]
    assert set(answers[3:]) == {answers[3]}
    assert re.fullmatch(r"You've posted these exact words several times already\. Try "
                        r"again in (?:\d+ min|\d hours?), or change them; it wasn't posted\.",
                        answers[3]), answers[3]
    # the same words, whatever their case, punctuation or spacing
    for variant in ("post: @victim YOU'RE A CLOWN", "post: @victim  you're a clown!!"):
        assert talk("troll", variant) == answers[3]
    assert read("SELECT count(*) FROM post") == 3
    assert read("SELECT count(*) FROM mention") == 3


def test_a_new_account_posts_ten_a_minute_an_older_one_twenty(talk, read, engine) -> None:
    talk("newbie", "hi")
    answers = [talk("newbie", f"post: thought number {n}") for n in range(12)]
    assert sum(a.startswith("Posted!") for a in answers) == 10
    assert answers[10].startswith("You're posting very fast. Wait ")
    talk("elder", "hi")
    people = table(Person)
    with engine.begin() as db:  # elder joined two days ago
        db.execute(sa.update(people).where(people.c.handle == "elder")
                   .values(created_at=utcnow() - timedelta(days=2)))
    answers = [talk("elder", f"reply to #1: answer {n}") for n in range(22)]
    assert sum(a.startswith("Replied to #1") for a in answers) == 20
    assert read("SELECT count(*) FROM post WHERE author_id = "
                "(SELECT id FROM person WHERE handle = 'elder')") == 20


def test_mentioning_many_people_is_slowed_in_french(talk) -> None:
    handles = [f"voisin{n:02}" for n in range(32)]
    for handle in handles:
        talk(handle, "salut")
    talk("julien", "salut")
    talk("julien", "quoi de neuf ?")
    talk("julien", "suis @voisin00")
    first = talk("julien", "publie : " + " ".join(f"@{h}" for h in handles[:20]))
    assert first.startswith("C'est publié")
    refused = talk("julien", "publie : " + " ".join(f"@{h}" for h in handles[20:]))
    assert refused.startswith("Vous avez mentionné beaucoup de monde ces dernières minutes.")
    assert talk("julien", "publie : @voisin00 et @voisin01 encore").startswith("C'est publié")
    assert talk("julien", "publie : " + " ".join(f"@{h}" for h in handles[:31])) == (
        "Un message peut mentionner au plus 30 personnes ; le message n'a pas été publié.")


def test_the_limits_come_from_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'plaza.db'}",
           "PLAZA_NEW_POSTS_PER_MINUTE": "2"}
    for name in ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL", "DISCORD_BOT_TOKEN"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", "amy"],
                          input="hi\npost: one\npost: two\npost: three\n", env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Posted!") == 2
    assert "You're posting very fast." in done.stdout


def test_new_accounts_are_never_freer_than_older_ones() -> None:
    limits = Settings(_env_file=None, plaza_posts_per_minute=3).flood.limits()
    assert (limits.per_minute, limits.new_per_minute) == (3, 3)


def test_exports_are_one_every_few_minutes_for_every_worker(talk, engine) -> None:
    talk("julien", "bonjour")
    assert talk("julien", "exporte mes données").startswith("Voici tout ce que vous")
    assert talk("julien", "/export") == (
        "Vous venez d'exporter vos données : vous pourrez recommencer dans 5 min.")
    people = table(Person)
    with engine.begin() as db:  # the last export was six minutes ago
        db.execute(sa.update(people).where(people.c.handle == "julien")
                   .values(last_export_at=utcnow() - timedelta(minutes=6)))
    assert talk("julien", "/export").startswith("Voici tout ce que vous")


def test_two_workers_asked_for_an_export_at_once_let_one_through(engine) -> None:
    """The claim is one conditional UPDATE: whichever commits second finds it taken."""
    with Session(engine) as session:
        me = network.register(session, "ana", platform=Platform.console, external_id="a").id
        session.commit()
    now = utcnow()
    with Session(engine) as first, Session(engine) as second:
        network.claim_export(first, first.get(Person, me), now)
        first.commit()
        with pytest.raises(NotAllowed) as refused:
            network.claim_export(second, second.get(Person, me), now)
    assert refused.value.detail["wait"] == 300


@pytest.mark.parametrize(("user", "hello", "first", "refused", "undone"), [
    ("alice", "hi", "post: meet at 5pm", "edit #1: meet at 6pm",
     "the post wasn't changed: it still says what it said."),
    ("alice", "hi", "post: meet at 5pm", "reply to #1: see you there",
     "your reply wasn't sent."),
    ("alice", "hi", "post: meet at 5pm", "quote #1: so true", "your quote wasn't posted."),
    ("alice", "hi", "post: meet at 5pm", "post: and again", "it wasn't posted."),
    ("julien", "bonjour", "publie : rdv à 17h", "modifie le n°1 : rdv à 18h",
     "le message n'a pas été modifié : il dit toujours la même chose."),
    ("julien", "bonjour", "publie : rdv à 17h", "réponds au n°1 : j'y serai",
     "votre réponse n'a pas été envoyée."),
])
def test_the_slow_down_sentence_names_what_was_not_done(
        talk, read, user: str, hello: str, first: str, refused: str, undone: str) -> None:
    flood.configure(flood.FloodLimits(per_minute=1, new_per_minute=1))
    talk(user, hello)
    talk(user, first)
    answer = talk(user, refused)
    if answer.endswith(("Say yes or no.", "Répondez oui ou non.")):
        answer = talk(user, "yes" if hello == "hi" else "oui")
    assert answer.startswith(("You're posting very fast.", "Vous publiez très vite.")), answer
    assert answer.endswith(undone), answer
    assert read("SELECT count(*) FROM post") == 1
    assert read("SELECT count(*) FROM post_version") == 0  # no edit either


def test_too_many_mentions_in_an_edit_say_the_post_is_unchanged(talk, read) -> None:
    for n in range(4):
        talk(f"voisin{n}", "hi")
    flood.configure(flood.FloodLimits(mentions=3))
    talk("alice", "hi")
    talk("alice", "post: hello")
    answer = talk("alice", "edit #1: " + " ".join(f"@voisin{n}" for n in range(4)))
    assert answer == ("A post can mention at most 3 people; the post wasn't changed: it still "
                      "says what it said.")
    assert read("SELECT text FROM post") == "hello"
