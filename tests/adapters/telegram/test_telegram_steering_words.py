"""Steering the feed by talking, through the fake Telegram (issue 18): a French word hidden
keeps a subscribed post that says it from being pushed while another still is; /hide and
/steering in English; the replies in each reader's language."""

from __future__ import annotations

from tests.adapters.telegram.telegram_support import ALICE, BOB, Plaza
from tests.adapters.telegram.test_telegram_notifications import pushed, started


async def text_of(plaza: Plaza, person: object, words: str) -> str:
    [answer] = await plaza.say(person, words)  # type: ignore[arg-type]
    return answer.text


async def test_a_hidden_word_is_never_pushed(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(BOB, "préviens-moi quand @alice publie")
    assert (await text_of(plaza, BOB, "cache les messages avec le mot spoiler")).startswith(
        "Je cacherai les messages qui disent « spoiler » de votre résumé, des tendances et des "
        "notifications.")
    await plaza.say(ALICE, "post: Spoiler : le majordome l'a fait")
    assert await plaza.notifications() == 0
    await plaza.say(ALICE, "post: Jazz ce soir")
    [told] = await pushed(plaza, BOB)
    assert told.text == "🔔 Nouveau message de @alice (n°2) : « Jazz ce soir »"


async def test_hide_and_steering_commands_in_english(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE)
    assert (await text_of(plaza, ALICE, "/hide crypto")).startswith(
        "I'll hide posts that say “crypto” from your digest, trending and notifications.")
    assert (await text_of(plaza, ALICE, "/steering")).startswith(
        "What you asked of your feed:\n\nHidden: “crypto”")
    assert await text_of(plaza, ALICE, "/unhide crypto") == (
        "Done: “crypto” is shown and ranked as before.")
