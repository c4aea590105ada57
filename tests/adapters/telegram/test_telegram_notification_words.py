"""Notifications set in words, through the fake Telegram (issue 17): "notify me when @alice
posts" and its French, kinds switched off and back on, quiet hours said at local time and
held to, the listing, the slash commands and the refusals, each in the reader's language;
what is pushed afterwards shows the words took effect."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.models import utcnow
from tests.adapters.telegram.telegram_support import ALICE, BOB, JAZZ, Plaza
from tests.adapters.telegram.test_telegram_notifications import pushed, started


async def text_of(plaza: Plaza, person: object, words: str) -> str:
    [answer] = await plaza.say(person, words)  # type: ignore[arg-type]
    return answer.text


async def test_whose_posts_in_both_languages(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    assert await text_of(plaza, BOB, "préviens-moi quand @alice publie") == (
        "Je vous préviendrai chaque fois que @alice publiera.")
    await plaza.say(ALICE, "post: Jazz ce soir")
    [told] = await pushed(plaza, BOB)
    assert told.text == "🔔 Nouveau message de @alice (n°1) : « Jazz ce soir »"
    assert await text_of(plaza, BOB, "plus d'alertes pour @alice") == (
        "Plus de notifications pour les messages de @alice.")
    await plaza.say(ALICE, "post: encore")
    assert await plaza.notifications() == 0
    assert await text_of(plaza, ALICE, "let me know when bob posts") == (
        "I'll tell you each time @bob posts.")
    await plaza.say(BOB, "post: salut")
    [heard] = await pushed(plaza, ALICE)
    assert heard.text == "🔔 New from @bob (#3): “salut”"
    assert await text_of(plaza, ALICE, "/unnotify bob") == "No more notifications of @bob's posts."


async def test_refusals_in_the_readers_language(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    assert await text_of(plaza, ALICE, "notify me when @alice posts") == (
        "That's you! You can't get notified about yourself.")
    assert (await text_of(plaza, BOB, "préviens-moi quand @inconnu_ici publie")).startswith(
        "Je ne connais personne qui s'appelle @inconnu_ici")
    assert await text_of(plaza, BOB, "heures calmes de 7h à 7h") == (
        "Les heures calmes demandent un début et une fin différents, par exemple « pas de "
        "notifications entre 22 h et 8 h ».")
    [asked] = await plaza.say(ALICE, "block @bob")
    await plaza.press(ALICE, asked, asked.data()[0])
    assert await text_of(plaza, BOB, "alerte-moi des posts de @alice") == (
        "Impossible : @alice vous a bloqué.")
    assert await text_of(plaza, ALICE, "notify me when @bob posts") == (
        "You blocked @bob. Unblock them first if you want to.")


async def test_switches_and_quiet_hours_said_in_words_are_kept(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    await plaza.say(ALICE, "post: hello")
    assert await text_of(plaza, ALICE, "stop telling me about likes and new followers") == (
        "Notifications off: likes and new followers.")
    await plaza.say(BOB, "suis @alice")
    await plaza.say(BOB, "/like 1")
    assert await plaza.notifications() == 0  # both kinds switched off
    assert await text_of(plaza, ALICE, "turn like notifications back on") == (
        "Notifications back on: likes.")
    now = utcnow()
    start, end = (f"{(now + timedelta(hours=h)):%H:%M}" for h in (-1, 1))
    assert (await text_of(plaza, ALICE, f"quiet hours {start}-{end}")).startswith(
        f"Quiet hours: {start} to {end} (UTC).")
    await plaza.say(BOB, "/reply 1 bonne soirée")
    assert await plaza.notifications() == 0  # held through quiet hours
    listing = await text_of(plaza, ALICE, "what do I get notified about?")
    assert listing == (
        "Your notifications:\n\nOn: replies, mentions, quotes, reposts, likes and posts of "
        f"people you asked about.\nOff: new followers.\nQuiet hours: {start} to {end} (UTC); "
        "what comes then waits until they end.\nNobody's posts in particular: say “notify me "
        "when @alice posts” to hear of each one.")

    def after_quiet_hours() -> datetime:
        return utcnow() + timedelta(hours=1, minutes=1)

    [held] = await pushed(plaza, ALICE, clock=after_quiet_hours)
    assert held.text == "↩ @bob replied to you in #2: “bonne soirée”"
    assert await text_of(plaza, BOB, "ne me préviens plus des réponses") == (
        "Notifications coupées : réponses.")
    assert (await text_of(plaza, BOB, "/notifications")).startswith(
        "Vos notifications :\n\nActivées : mentions, citations")
    assert await text_of(plaza, ALICE, "remove my quiet hours") == (
        "No quiet hours: notifications come as they happen.")


async def test_in_a_group_notification_settings_are_answered_in_private(
    plaza_on_each_database: Plaza,
) -> None:
    """Whose every post one hears of, and one's settings, are nobody else's business: the
    group reads one neutral line, the answer goes to the private chat."""
    plaza = plaza_on_each_database
    await started(plaza, ALICE, BOB)
    [said] = await plaza.say(ALICE, "@PlazaBot notify me when @bob posts", chat=JAZZ)
    assert said.text == "I've answered you in our private chat."
    assert plaza.texts(ALICE.id)[-1] == "I'll tell you each time @bob posts."
    [said] = await plaza.say(BOB, "@PlazaBot pas de notifications entre 22 h et 8 h", chat=JAZZ)
    assert said.text == "Je vous ai répondu en message privé."
    assert plaza.texts(BOB.id)[-1].startswith("Heures calmes : de 22:00 à 08:00 (UTC).")
    assert plaza.texts(JAZZ.id) == ["I've answered you in our private chat.",
                                    "Je vous ai répondu en message privé."]
