"""Notifications set in words and by slash command, through the fake Discord (issue 17):
/notify, /quiet and /notifications with their options, a French DM, and what is pushed
after them."""

from __future__ import annotations

from tests.adapters.discord.discord_support import ALICE, BOB, Plaza
from tests.adapters.discord.test_discord_notifications import pushed


async def test_slash_commands_and_words_set_what_is_pushed(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.join(BOB, "bonjour")
    [said] = await plaza.slash(ALICE, "notify", {"person": "bob"})
    assert said.content == "I'll tell you each time @bob posts."
    await plaza.say(BOB, "post: Concert samedi")
    told = await pushed(plaza, ALICE)
    assert told.content == "🔔 New from @bob (#1): “Concert samedi”"
    [said] = await plaza.slash(ALICE, "notifications", {"kinds": "posts off"})
    assert said.content == "Notifications off: posts of people you asked about."
    await plaza.say(BOB, "post: encore un")
    assert await plaza.notifications() == 0  # switched off
    [said] = await plaza.slash(ALICE, "quiet", {"hours": "22:00-07:00"})
    assert said.content.startswith("Quiet hours: 22:00 to 07:00 (UTC).")
    [said] = await plaza.slash(ALICE, "notifications")
    assert "Off: posts of people you asked about." in said.content
    assert "Quiet hours: 22:00 to 07:00 (UTC)" in said.content
    [said] = await plaza.say(BOB, "ne me préviens plus des nouveaux abonnés")
    assert said.content == "Notifications coupées : nouveaux abonnés."
    await plaza.say(ALICE, "follow @bob")
    assert await plaza.notifications() == 0  # bob switched new followers off
    [said] = await plaza.say(BOB, "préviens-moi quand @bob publie")
    assert said.content == "C'est vous ! Impossible de vous abonner aux alertes de vous-même."
