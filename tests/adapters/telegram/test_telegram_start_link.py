"""Telegram's "/start <payload>": a link t.me/PlazaBot?start=alice opens with alice's profile,
for a newcomer (whose first message it is) as for someone Plaza knows."""

from __future__ import annotations

from tests.adapters.telegram.telegram_support import ALICE, BOB, CAROL, Plaza
from tests.fakes.telegram_people import Person

DAVE = Person(1004, "Dave", "dave", "en")


async def test_a_start_link_to_a_person_shows_them_after_the_welcome(plaza: Plaza) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "my interests are jazz and climbing")
    greeting, profile, question = await plaza.say(BOB, "/start alice", expect=3)
    assert greeting.text.startswith("Bonjour Bob !")
    assert profile.text.startswith("@alice (Alice)") and "jazz" in profile.text
    assert "résumé" in question.text
    [followed] = await plaza.say(BOB, "suis-la")
    assert followed.text.startswith("Vous suivez maintenant @alice.")


async def test_a_start_link_waits_while_a_newcomer_picks_a_handle(plaza: Plaza) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    [ask] = await plaza.say(CAROL, "/start@PlazaBot Alice")
    assert "pick a handle" in ask.text
    greeting, profile, question = await plaza.say(CAROL, "carol_j", expect=3)
    assert greeting.text.startswith("Hi Carol!") and profile.text.startswith("@alice")
    assert "digest" in question.text


async def test_a_payload_that_names_nobody_gets_a_clear_answer(plaza: Plaza) -> None:
    greeting, nobody, question = await plaza.say(DAVE, "/start ghost_42", expect=3)
    assert greeting.text.startswith("Hi Dave!") and "@ghost_42" in nobody.text
    assert "digest" in question.text
    [known] = await plaza.say(DAVE, "/start dave")  # someone Plaza knows: the link still works
    assert known.text.startswith("Your profile:")
    await plaza.say(ALICE, "/start ref-2024", expect=2)  # no handle in it: just the welcome
    assert len(plaza.texts(ALICE.id)) == 2
