"""Whole conversations with Plaza on Discord, through the real discord.py client and the
fake Discord: direct messages, slash commands, buttons, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from bot.digest.scheduler import DigestScheduler
from storage.db import session_scope
from storage.models import Platform
from storage.reports import Verb, act, open_reports
from tests.adapters.discord.discord_support import ALICE, BOB, Plaza


async def test_a_newcomer_posts_and_a_follower_reads_and_likes(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    welcome, question = await plaza.say(ALICE, "hi", expect=2)
    assert welcome.content.startswith("Hi Alice!")  # Discord's display name
    assert "digest" in question.content  # no /start on Discord: a first DM opens
    [posted] = await plaza.say(ALICE, "post: Hello **Discord** <@123>")
    assert posted.content == "Posted! It's #1."
    bonjour, _ = await plaza.say(BOB, "salut", expect=2)
    assert bonjour.content.startswith("Bonjour Bob !")
    [when] = await plaza.say(BOB, "8h Europe/Paris")  # the answer to the digest question
    assert "08:00" in when.content and "Europe/Paris" in when.content
    [followed] = await plaza.say(BOB, "suivre @alice")
    assert followed.content.startswith("Vous suivez maintenant @alice.")
    [feed] = await plaza.say(BOB, "quoi de neuf ?")
    # what Alice typed is shown as typed: no bold, no mention chip
    assert feed.content == "Quoi de neuf :\n\n@alice · à l'instant · n°1\n" \
        "Hello \\*\\*Discord\\*\\* \\<@123>"
    assert feed.custom_ids() == ["plaza:like:1", "plaza:reply:1"]
    [liked] = await plaza.press(BOB, feed, "plaza:like:1")
    assert liked.content == "Vous aimez le n°1 ♥"
    assert liked.interaction_id is not None and not liked.ephemeral  # a DM: no need to hide
    [(kind, seconds, _)] = plaza.server.responses[liked.interaction_id]
    assert kind == 6 and seconds < 3.0  # acknowledged at once, answered by a follow-up


async def test_slash_commands_are_acknowledged_then_answered(plaza: Plaza) -> None:
    await plaza.join(ALICE)
    [posted] = await plaza.slash(ALICE, "post", {"text": "from a slash command"})
    assert posted.interaction_id is not None
    [(kind, seconds, _flags), *_] = plaza.server.responses[posted.interaction_id]
    assert kind == 5 and seconds < 3.0  # deferred ("thinking") within Discord's 3 s
    [feed] = await plaza.slash(ALICE, "feed", {"author": "alice"})
    assert "from a slash command" in feed.content
    said, export = await plaza.slash(ALICE, "export", expect=2)
    assert said.files == [] and export.content == ""
    [(name, content)] = export.files
    assert name.endswith(".json") and json.loads(content)["profile"]["handle"] == "alice"


async def test_a_like_and_a_repost_are_taken_back(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.say(ALICE, "post: **bold** claims")
    await plaza.join(BOB)
    await plaza.say(BOB, "follow @alice")
    [feed] = await plaza.say(BOB, "what's new?")
    await plaza.press(BOB, feed, "plaza:like:1")
    [unliked] = await plaza.say(BOB, "unfav 1")
    assert unliked.content == "You no longer like #1."
    [again] = await plaza.say(BOB, "remove my like from #1")
    assert again.content == "You hadn't liked #1."
    await plaza.say(BOB, "/repost 1")
    [undone] = await plaza.say(BOB, "unboost #1")
    assert undone.content == "You no longer share #1; the post itself stays."
    [none] = await plaza.say(ALICE, "take back my repost of #1")
    assert none.content == "You haven't shared #1, so there's no repost to take back."


async def test_a_post_opens_with_its_replies_and_their_buttons(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.say(ALICE, "post: **ride** saturday?")
    await plaza.join(BOB)
    await plaza.say(BOB, "reply to #1: count me in")
    await plaza.say(BOB, "like 1")
    [opened] = await plaza.say(ALICE, "who liked #1?")
    assert opened.content.startswith("@alice · just now · #1\n\\*\\*ride\\*\\* saturday?\n\n"
                                     "1 like · 0 reposts · 1 reply\n♥ @bob\n\nReplies (1):")
    assert opened.custom_ids() == ["plaza:like:1", "plaza:reply:1", "plaza:like:2",
                                   "plaza:reply:2"]
    [thread] = await plaza.say(BOB, "open 2")
    assert "In reply to #1:" in thread.content


async def test_trending_lists_the_hashtags_rising_today(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.say(ALICE, "post: **#gig** tonight")
    await plaza.join(BOB)
    await plaza.say(BOB, "post: #GIG later")
    [trends] = await plaza.say(BOB, "quoi de tendance ?")
    # a line opening with "#" would be a Markdown heading on Discord: escaped
    assert trends.content == "Rising in the last 24 hours:\n\n\\#gig · 2 people"
    await plaza.say(BOB, "mute @alice")
    [none] = await plaza.say(BOB, "what's trending")
    assert none.content.startswith("Nothing is rising right now")


async def test_a_feed_shows_each_posts_counts(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.say(ALICE, "post: **gig** tonight")
    await plaza.join(BOB)
    await plaza.say(BOB, "follow @alice")
    await plaza.say(BOB, "like 1")
    await plaza.say(BOB, "/repost 1")
    [feed] = await plaza.say(ALICE, "what's new?")
    assert "\\*\\*gig\\*\\* tonight\n♥ 1 · ↻ 1" in feed.content


async def test_a_pinned_post_leads_the_profile(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.say(ALICE, "post: **read** me first")
    [pinned] = await plaza.say(ALICE, "pin my last post")
    assert pinned.content == "Pinned #1: it's the first thing people see on your profile."
    await plaza.join(BOB)
    [profile] = await plaza.say(BOB, "who is @alice?")
    assert "📌 Pinned:\n@alice · just now · #1\n\\*\\*read\\*\\* me first" in profile.content
    [refused] = await plaza.say(BOB, "/pin 1")
    assert refused.content == "You can only pin your own posts, and #1 isn't yours."


async def test_a_handle_changes_and_the_old_one_is_held(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    [done] = await plaza.say(ALICE, "/handle rooty")
    assert done.content.startswith("You're now @rooty. @alice stays reserved for you")
    await plaza.join(BOB)
    [held] = await plaza.say(BOB, "/handle alice")
    assert held.content.startswith("@alice was someone's handle until lately")


async def test_an_edit_and_a_quote_in_french(plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE, "bonjour")
    await plaza.say(ALICE, "publie : rendez-vous à 17h")
    await plaza.join(BOB, "salut")
    [edited] = await plaza.say(ALICE, "corrige le n°1 : rendez-vous à 18h")
    assert edited.content.startswith("Le n°1 est modifié")
    [asked] = await plaza.say(BOB, "cite le n°1 en disant j'y serai")
    assert asked.content.startswith("Citer le n°1 avec ceci ?\n\nj'y serai")
    [quoted] = await plaza.say(BOB, "oui")
    assert quoted.content == "C'est publié ! C'est le n°2, qui cite le n°1."
    [opened] = await plaza.say(BOB, "montre le n°2")
    assert "j'y serai\n❝ @alice · à l'instant · n°1\n❝ rendez-vous à 18h" in opened.content
    await plaza.say(ALICE, "bloque @bob")
    await plaza.say(ALICE, "oui")
    [hidden] = await plaza.say(BOB, "montre le n°2")
    assert "(le message cité, n°1, n'est pas disponible)" in hidden.content


async def test_undo_takes_back_a_follow_and_an_inferred_undo_asks_first(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.join(BOB)
    await plaza.say(ALICE, "follow @bob")
    [undone] = await plaza.say(ALICE, "oops, undo that")
    assert undone.content == "Undone: you no longer follow @bob."
    await plaza.say(ALICE, "post: **oops**")
    [asked] = await plaza.say(ALICE, "i didn't mean to do that")
    assert asked.content.startswith("Undo what I just did: delete #1?")
    [undone] = await plaza.say(ALICE, "yes")
    assert undone.content == "Undone: your post #1 is deleted."
    await plaza.say(BOB, "who follows me?")  # after the digest question a newcomer is asked
    [nothing] = await plaza.say(BOB, "/undo")
    assert nothing.content == "Nothing to undo: I haven't done anything for you here lately."


async def test_a_reported_post_removed_is_told_to_its_reporter_alone(
        plaza_on_each_database: Plaza) -> None:
    plaza = plaza_on_each_database
    await plaza.join(ALICE)
    await plaza.join(BOB)
    await plaza.say(BOB, "post: cheap **watches** here")
    [thanked] = await plaza.say(ALICE, "/report 1 it's spam")  # typed: explicit, no question
    assert thanked.content.startswith("Thanks for telling me. #1 is reported: a moderator will")
    [again] = await plaza.say(ALICE, "/report 1 spam, and a scam")
    assert again.content.startswith("You reported that already; I've kept your latest words.")
    [mine] = await plaza.say(BOB, "/report 1")
    assert mine.content == "You can't report yourself or your own posts."
    with session_scope(plaza.engine) as session:
        [case] = open_reports(session)
        assert (case.reasons, case.post_text) == (["spam, and a scam"], "cheap **watches** here")
        act(session, case.ids[0], Verb.remove)
    bob_saw = plaza.contents(plaza.dm_of(BOB))
    before = len(plaza.contents(plaza.dm_of(ALICE)))
    scheduler = DigestScheduler(plaza.engine, {Platform.discord: plaza.adapter})
    try:
        assert (await scheduler.tick())["told"] == 1
    finally:
        await scheduler.stop()
    [told] = await plaza.received(plaza.dm_of(ALICE), before, 1)
    assert told.content == ("About your report: the post you reported (#1) broke Plaza's "
                            "rules and has been removed. Thank you for telling us.")
    assert plaza.contents(plaza.dm_of(BOB)) == bob_saw
    [gone] = await plaza.say(ALICE, "show #1")
    assert "#1" in gone.content and "cheap" not in gone.content
