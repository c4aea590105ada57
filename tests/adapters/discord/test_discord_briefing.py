"""Explain a post and catch up through the fake Discord (issue 18), offline: the /explain
and /catchup slash commands with their options, and a French DM."""

from __future__ import annotations

from tests.adapters.discord.discord_support import ALICE, BOB, Plaza


async def test_explain_and_catch_up_by_slash_command_and_in_words(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.join(BOB, "bonjour")
    await plaza.say(BOB, "post: Concert de #jazz samedi")
    await plaza.say(ALICE, "post: and #jazz at mine on Sunday")  # each one's own is no news
    [said] = await plaza.slash(ALICE, "catchup", {"topic": "#jazz"})
    assert said.content.startswith("On #jazz in the last day: 1 post by 1 person.")
    assert "(Written without a model.)" in said.content
    [said] = await plaza.slash(ALICE, "explain", {"post": 1})
    assert said.content.startswith("\\#1 by @bob: 0 likes.")  # a heading's mark, escaped
    [said] = await plaza.say(BOB, "quoi de neuf sur #jazz ?")
    assert said.content.startswith("Sur #jazz depuis hier : 1 message de 1 personne.")
    assert "(Écrit sans modèle de langage.)" in said.content
