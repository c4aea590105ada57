"""Whole conversations on Telegram: several people, each reading only what Plaza sent them.

Every message goes through the fake Bot API server, which refuses invalid HTML,
over-long text and bad buttons as Telegram would; the fixtures fail any test
after which it refused something or had to answer 429.
"""

from __future__ import annotations

import gzip
import json
import os

import sqlalchemy as sa

from bot.digest.scheduler import DigestScheduler
from storage.db import session_scope
from storage.models import Platform
from storage.reports import Verb, act, open_reports
from tests.adapters.telegram.telegram_support import ALICE, BOB, CAROL, JAZZ, Plaza, running
from tests.fakes.telegram_server import FakeTelegram

COMMANDS = ["start", "post", "feed", "digest", "discover", "search", "explain", "catchup",
            "profile", "settings", "notifications", "notify", "quiet", "hide", "steering",
            "help", "link", "export", "delete"]


async def test_three_people_start_post_follow_read_and_use_buttons(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    greeting, question = await plaza.say(ALICE, "/start", expect=2)
    assert greeting.text.startswith("Hi Alice! I'm Plaza")
    assert "when should your daily digest arrive" in question.text
    assert "08:00 (UTC)" in question.text
    [digest] = await plaza.say(ALICE, "8am Paris")
    assert digest.text == "Your digest will arrive every day at 08:00 (Europe/Paris)."
    [posted] = await plaza.say(ALICE, "post: Jazz tonight at <Le Duc> & friends")
    assert posted.text == "Posted! It's #1."

    bonjour, question = await plaza.say(BOB, "/start", expect=2)
    assert bonjour.text.startswith("Bonjour Bob ! Je suis Plaza")
    assert "quelle heure voulez-vous votre résumé" in question.text
    [followed] = await plaza.say(BOB, "suis @alice")  # not an answer: simply handled
    assert followed.text.startswith("Vous suivez maintenant @alice.")
    [feed] = await plaza.say(BOB, "/feed")
    assert "@alice · à l'instant · n°1\nJazz tonight at <Le Duc> & friends" in feed.text
    assert feed.data() == ["like:1", "reply:1"]
    [liked] = await plaza.press(BOB, feed, "like:1")
    assert liked.text == "Vous aimez le n°1 ♥"
    [compose] = await plaza.press(BOB, feed, "reply:1")
    assert compose.text == "Que voulez-vous répondre au n°1 ?"
    [replied] = await plaza.say(BOB, "J'y serai !")
    assert replied.text.startswith("Réponse envoyée au n°1.")

    ask, *_ = await plaza.say(CAROL, "/start")  # no username: Plaza asks for a handle
    assert "pick a handle" in ask.text
    hello, question = await plaza.say(CAROL, "carol_j", expect=2)
    assert hello.text.startswith("Hi Carol!") and "digest" in question.text
    [confirm] = await plaza.say(CAROL, "tell everyone I love jazz")
    assert confirm.text.startswith("Post this?\n\nI love jazz")
    assert [d.split(":")[0] for d in confirm.data()] == ["yes", "no"]
    [done] = await plaza.press(CAROL, confirm, confirm.data()[0])
    assert done.text == "Posted! It's #3."
    [stale] = await plaza.press(CAROL, confirm, confirm.data()[0])
    assert stale.text == "That button has expired. Ask me again."

    assert len(plaza.server.answered) == 4  # every press was answered, stale ones too
    assert len(plaza.texts(ALICE.id)) == 4  # Alice got nothing meant for others
    with plaza.engine.connect() as db:
        posts = db.execute(sa.text("SELECT text FROM post ORDER BY id")).scalars().all()
        zone = db.execute(sa.text("SELECT timezone FROM person WHERE handle = 'alice'")).scalar()
    assert posts == ["Jazz tonight at <Le Duc> & friends", "J'y serai !", "I love jazz"]
    assert zone == "Europe/Paris"


async def test_the_command_menu_is_published_in_english_and_french(plaza: Plaza) -> None:
    english, french = plaza.server.commands[None], plaza.server.commands["fr"]
    assert [c["command"] for c in english] == COMMANDS == [c["command"] for c in french]
    assert english[1]["description"].startswith("Publish a post")
    assert french[1]["description"].startswith("Publier un message")


async def test_skipping_the_digest_question_keeps_the_defaults(plaza: Plaza) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    [kept] = await plaza.say(ALICE, "no thanks")
    assert kept.text == "Your digest will arrive every day at 08:00 (UTC)."
    [small_talk] = await plaza.say(ALICE, "no")  # the question is gone: just small talk now
    assert small_talk.text.startswith("🙂 Anything I can do for you?")


async def test_export_arrives_as_a_json_file(plaza: Plaza) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: my first post")
    note, file = await plaza.say(ALICE, "/export", expect=2)
    assert note.text == "Here is everything you gave Plaza, as JSON."
    assert file.document is not None
    name, content = file.document
    assert name == "plaza-alice.json"
    assert "my first post" in json.dumps(json.loads(content))


async def test_an_export_over_the_document_limit_arrives_gzipped_and_in_parts(
        server: FakeTelegram, sqlite_engine: sa.Engine) -> None:
    """The Bot API's 50 MB, made 1,000 bytes here so that a small export is "too big":
    six posts of 300 random hex digits gzip to between 1,000 and 2,000 bytes."""
    async with running(server, sqlite_engine, file_max=1_000) as plaza:
        await plaza.say(ALICE, "/start", expect=2)
        for _ in range(6):
            await plaza.say(ALICE, f"post: {os.urandom(150).hex()}")
        note, *files = await plaza.say(ALICE, "/export", expect=3)
        assert note.text == "Here is everything you gave Plaza, as JSON."
        assert [f.document[0] for f in files if f.document] == [
            "plaza-alice.json.gz.001", "plaza-alice.json.gz.002"]
        joined = gzip.decompress(b"".join(f.document[1] for f in files if f.document))
        assert len(json.loads(joined)["posts"]) == 6
        [again] = await plaza.say(ALICE, "/export")  # one export every five minutes
        assert again.text == "You've just exported your data: you can export it again in 5 min."


async def test_account_deletion_asks_with_buttons_and_cancel_keeps_the_account(
    plaza: Plaza,
) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    [ask] = await plaza.say(ALICE, "/delete")
    assert ask.text.startswith("Delete your account and everything in it, for good?")
    [cancelled] = await plaza.press(ALICE, ask, ask.data()[1])
    assert cancelled.text == "OK, I won't."
    [ask] = await plaza.say(ALICE, "/delete")
    [gone] = await plaza.press(ALICE, ask, ask.data()[0])
    assert gone.text.startswith("Your account and everything in it are gone.")


async def test_a_long_feed_is_split_at_line_boundaries_with_buttons_under_the_last_part(
    plaza: Plaza,
) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    stanza = "\n".join(f"line {n}: " + " ".join(["la"] * 60) for n in range(5))  # ~950 chars
    for n in range(5):  # each its own: the same words a fourth time wait (storage/flood.py)
        await plaza.say(ALICE, f"post: {n}. {stanza}")
    await plaza.say(BOB, "/start", expect=2)
    await plaza.say(BOB, "follow @alice")
    first, second = await plaza.say(BOB, "what's new?", expect=2)
    assert all(len(part.text.encode("utf-16-le")) // 2 <= 4096 for part in (first, second))
    assert first.data() == [] and len(second.data()) == 10
    whole = first.text + "\n" + second.text
    assert whole.count(stanza) == 5  # no line was cut or lost


async def test_in_a_group_plaza_answers_only_when_addressed_and_keeps_private_things_private(
    plaza: Plaza,
) -> None:
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: hello jazz fans")
    chatter = plaza.server.message(ALICE, "anyone up for a jam?", JAZZ)
    [elsewhere] = await plaza.say(ALICE, "@PlazaBot what's new?", chat=JAZZ)
    assert elsewhere.text == "I've answered you in our private chat."  # a feed may hold
    assert plaza.texts(ALICE.id)[-1].startswith("What's new:")      # followers-only posts
    [profile] = await plaza.say(ALICE, "/profile@PlazaBot", chat=JAZZ)
    assert profile.text.startswith("Your profile:")
    plaza.server.message(ALICE, "/start@OtherBot", JAZZ)
    [elsewhere] = await plaza.say(ALICE, "/export", chat=JAZZ)
    assert elsewhere.text == "I've answered you in our private chat."
    assert plaza.server.sent[ALICE.id][-1].document is not None
    [answer] = await plaza.say(ALICE, "thanks", chat=JAZZ,
                               reply_to_message={**chatter["message"], "from": plaza.server.me()})
    assert answer.text == "You're welcome!"
    group = plaza.server.sent[JAZZ.id]
    assert len(group) == 4 and all(sent.document is None for sent in group)


async def test_a_like_and_a_repost_are_taken_back(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: <b>bold</b> claims")
    await plaza.say(BOB, "/start", expect=2)
    await plaza.say(BOB, "suis @alice")
    [feed] = await plaza.say(BOB, "/feed")
    await plaza.press(BOB, feed, "like:1")
    [unliked] = await plaza.say(BOB, "je n'aime plus le n°1")
    assert unliked.text == "Vous n'aimez plus le n°1."
    [again] = await plaza.say(BOB, "/unlike@PlazaBot 1")  # a group's form of the command
    assert again.text == "Vous n'aimiez pas le n°1."
    await plaza.say(BOB, "/repost 1")
    [undone] = await plaza.say(BOB, "ne partage plus le n°1")
    assert undone.text == "Vous ne partagez plus le n°1 ; le message lui-même reste."
    [none] = await plaza.say(ALICE, "unrepost #1")
    assert none.text == "You haven't shared #1, so there's no repost to take back."
    with plaza.engine.connect() as db:
        likes = db.execute(sa.text("SELECT count(*) FROM post_like")).scalar()
        posts = db.execute(sa.text("SELECT count(*) FROM post")).scalar()
    assert (likes, posts) == (0, 1)


async def test_a_post_opens_with_its_replies_and_their_buttons(
    plaza_on_each_database: Plaza,
) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: <i>ride</i> saturday?")
    await plaza.say(BOB, "/start", expect=2)
    await plaza.say(BOB, "reply to #1: j'en suis")
    await plaza.say(BOB, "aime le n°1")
    [opened] = await plaza.say(ALICE, "#1")
    assert opened.text.startswith("@alice · just now · #1\n<i>ride</i> saturday?\n\n"
                                  "1 like · 0 reposts · 1 reply\n♥ @bob\n\nReplies (1):")
    assert opened.data() == ["like:1", "reply:1", "like:2", "reply:2"]
    [opened_fr] = await plaza.say(BOB, "/voir 2")
    assert "0 j'aime · 0 partage · 0 réponse" in opened_fr.text
    assert "En réponse au n°1 :" in opened_fr.text


async def test_trending_lists_the_hashtags_rising_today(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    for who, words in ((ALICE, "post: <b>#gig</b> tonight"), (BOB, "publie : #gig ce soir")):
        await plaza.say(who, "/start", expect=2)
        await plaza.say(who, words)
    [trends] = await plaza.say(ALICE, "what's trending?")
    assert trends.text == "Rising in the last 24 hours:\n\n#gig · 2 people"
    [tendances] = await plaza.say(BOB, "quoi de tendance ?")
    assert tendances.text == "En hausse ces dernières 24 heures :\n\n#gig · 2 personnes"
    await plaza.say(ALICE, "/block bob")
    [none] = await plaza.say(ALICE, "/trending")
    assert none.text.startswith("Nothing is rising right now")


async def test_a_feed_shows_each_posts_counts(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: <b>gig</b> tonight")
    await plaza.say(BOB, "/start", expect=2)
    await plaza.say(BOB, "/follow alice")
    await plaza.say(BOB, "/like 1")
    await plaza.say(BOB, "reply to #1: j'y serai")
    [feed] = await plaza.say(ALICE, "/feed")
    assert "<b>gig</b> tonight\n♥ 1 · ↩ 1" in feed.text


async def test_a_pinned_post_leads_the_profile(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: <b>read</b> me first")
    [pinned] = await plaza.say(ALICE, "/pin 1")
    assert pinned.text == "Pinned #1: it's the first thing people see on your profile."
    await plaza.say(BOB, "/start", expect=2)
    [profile] = await plaza.say(BOB, "qui est @alice ?")
    assert "📌 Épinglé :\n@alice · à l'instant · n°1\n<b>read</b> me first" in profile.text


async def test_a_handle_changes_with_a_button_and_the_old_one_still_finds_its_owner(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    [ask] = await plaza.say(ALICE, "change my handle to rooty")
    assert ask.text.startswith("Change your handle to @rooty?")
    [done] = await plaza.press(ALICE, ask, ask.data()[0])
    assert done.text.startswith("You're now @rooty. @alice stays reserved for you")
    await plaza.say(BOB, "/start", expect=2)
    [followed] = await plaza.say(BOB, "/follow alice")
    assert followed.text.startswith("Vous suivez maintenant @rooty.")


async def test_an_edit_shows_as_edited_and_keeps_the_earlier_words(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: picnic at 5pm")
    await plaza.say(BOB, "/start", expect=2)
    await plaza.say(BOB, "like #1")
    [asked] = await plaza.say(ALICE, "change my last post to say picnic at 6pm")
    assert asked.text.startswith("Change #1 to this?\n\npicnic at 6pm")
    [edited] = await plaza.say(ALICE, "yes")
    assert edited.text.startswith("Edited #1; its replies, likes and reposts stay")
    [opened] = await plaza.say(BOB, "/show 1")
    # bob's Telegram speaks French
    assert "n°1 · modifié à l'instant\npicnic at 6pm" in opened.text
    assert "1 j'aime" in opened.text
    assert "Avant modification :\nà l'instant : picnic at 5pm" in opened.text
    [refused] = await plaza.say(BOB, "/edit 1 hijacked")
    assert refused.text == ("Vous ne pouvez modifier que vos propres messages, et le n°1 n'est "
                            "pas à vous.")


async def test_a_quote_shows_the_quoted_post_and_never_a_followers_only_one(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(ALICE, "post: tabs beat spaces")
    await plaza.say(ALICE, "post for my followers only: secret plans")
    await plaza.say(BOB, "/start", expect=2)
    await plaza.say(BOB, "follow @alice")
    [quoted] = await plaza.say(BOB, "/quote 1 so true")
    assert quoted.text == "C'est publié ! C'est le n°3, qui cite le n°1."
    [refused] = await plaza.say(BOB, "/quote 2 look at this")
    assert refused.text == "Le n°2 n'est pas public, il ne peut pas être cité."
    [mentions] = await plaza.say(ALICE, "my mentions")
    assert "@bob · just now · #3\nso true\n❝ @alice · just now · #1\n❝ tabs beat spaces" \
        in mentions.text


async def test_undo_takes_back_the_last_thing_and_a_groups_request_is_undone_privately(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(BOB, "/start", expect=2)
    [posted] = await plaza.say(ALICE, "post: <i>tpyo</i>")
    assert posted.text == "Posted! It's #1."
    [undone] = await plaza.say(ALICE, "undo")
    assert undone.text == "Undone: your post #1 is deleted."
    [again] = await plaza.say(ALICE, "/undo")
    assert again.text == "Nothing to undo: I haven't done anything for you here lately."
    [said] = await plaza.say(BOB, "@PlazaBot suis @alice", chat=JAZZ)  # done privately
    assert said.text == "Je vous ai répondu en message privé."
    [there] = await plaza.say(BOB, "@PlazaBot annule", chat=JAZZ)
    assert there.text == ("Ce que j'ai fait en dernier pour vous, c'était dans notre "
                          "discussion privée : dites « annule » là-bas.")
    [undone] = await plaza.say(BOB, "/annuler")
    assert undone.text == "Annulé : vous ne suivez plus @alice."
    with plaza.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM post")).scalar() == 0
        assert db.execute(sa.text("SELECT count(*) FROM follow")).scalar() == 0


async def test_a_report_is_thanked_acted_on_and_the_reporter_told(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.say(ALICE, "/start", expect=2)
    await plaza.say(BOB, "/start", expect=2)
    [asked] = await plaza.say(BOB, "signale @alice c'est du harcèlement")
    assert asked.text.startswith("Signaler @alice aux modérateurs de Plaza ?\n"
                                 "Votre raison : « c'est du harcèlement »")
    [thanked] = await plaza.say(BOB, "oui")
    assert thanked.text.startswith("Merci de me l'avoir dit. Le compte @alice est signalé")
    alice_saw = plaza.texts(ALICE.id)
    with session_scope(plaza.engine) as session:
        [case] = open_reports(session)
        act(session, case.ids[0], Verb.suspend)
    scheduler = DigestScheduler(plaza.engine, {Platform.telegram: plaza.adapter})
    try:
        assert (await scheduler.tick())["told"] == 1
        assert (await scheduler.tick())["told"] == 0  # once
    finally:
        await scheduler.stop()
    [told] = await plaza.received(BOB.id, len(plaza.texts(BOB.id)) - 1, 1)
    assert told.text == ("À propos de votre signalement : le compte signalé (@alice) "
                         "enfreignait les règles de Plaza et a été suspendu. Merci de nous "
                         "l'avoir dit.")
    assert plaza.texts(ALICE.id) == alice_saw  # never told who reported her, nor of it
    [refused] = await plaza.say(ALICE, "post: still here")
    assert refused.text.startswith("Your account is suspended, so you can't do that.")
    [profile] = await plaza.say(BOB, "qui est @alice ?")
    assert profile.text == "Le compte de @alice est suspendu."
