"""Explain a post, catch up and the AI opt-out through the fake Telegram (issue 18),
offline: alice in English, bob in French; the answers written by code say so, the posts
follow with their buttons, and carol's followers-only post stays out of alice's."""

from __future__ import annotations

from tests.adapters.telegram.telegram_support import ALICE, BOB, Plaza
from tests.adapters.telegram.test_telegram_notifications import started


async def test_explain_and_catch_up_in_both_languages(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(BOB, "publie : Le concert de #jazz est samedi")
    await plaza.say(BOB, "publie pour mes abonnés seulement : BOB-SECRET #jazz billets")
    [answer] = await plaza.say(ALICE, "catch me up on #jazz")
    assert answer.text.startswith("On #jazz in the last day: 1 post by 1 person.")
    assert "(Written without a model.)" in answer.text and "BOB-SECRET" not in answer.text
    assert answer.data()[:2] == ["like:1", "reply:1"]  # the post itself, with its buttons
    [french] = await plaza.say(BOB, "/expliquer 1")
    assert french.text.startswith("Le n°1 de @bob : 0 j'aime.")
    assert "(Écrit sans modèle de langage.)" in french.text
    [done] = await plaza.say(BOB, "n'utilise pas mes messages pour l'IA")
    assert done.text.startswith("C'est fait : vos messages ne seront jamais envoyés")
    [profile] = await plaza.say(ALICE, "/profile bob")
    assert "Posts kept out of AI." in profile.text
