"""Notifications in words (issue 17), through the console on each engine: whose every post
one hears of, which kinds are switched off, quiet hours at local time, and what one is
told of, in English (alice) and French (julien); the refusals said in the speaker's
language; "undo" after a subscription."""

from __future__ import annotations

import pytest


@pytest.fixture
def town(talk) -> None:
    """alice (English), julien (French) and bob, each with an account."""
    talk("alice", "hi")
    talk("julien", "bonjour")
    talk("bob", "hi")


def test_whose_posts_in_english(talk, read, town) -> None:
    assert talk("alice", "notify me when @bob posts") == "I'll tell you each time @bob posts."
    assert talk("alice", "let me know when bob posts") == (
        "You already hear about each post of @bob.")
    assert read("SELECT count(*) FROM subscription") == 1
    talk("bob", "post: hello all")
    assert read("SELECT count(*) FROM notification WHERE kind = 'post'") == 1
    assert talk("alice", "stop notifying me about bob") == (
        "No more notifications of @bob's posts.")
    assert talk("alice", "stop notifying me about @bob") == (
        "You weren't getting notified of @bob's posts.")
    assert read("SELECT count(*) FROM subscription") == 0


def test_whose_posts_in_french(talk, read, town) -> None:
    assert talk("julien", "préviens-moi quand @bob publie") == (
        "Je vous préviendrai chaque fois que @bob publiera.")
    assert talk("julien", "alerte-moi des posts de @bob") == (
        "Vous êtes déjà prévenu de chaque message de @bob.")
    assert talk("julien", "plus d'alertes pour @bob") == (
        "Plus de notifications pour les messages de @bob.")
    assert read("SELECT count(*) FROM subscription") == 0


def test_a_subscription_is_refused_for_oneself_an_unknown_handle_and_across_a_block(
    talk, town
) -> None:
    assert talk("alice", "notify me when @alice posts") == (
        "That's you! You can't get notified about yourself.")
    assert talk("julien", "préviens-moi quand @julien publie") == (
        "C'est vous ! Impossible de vous abonner aux alertes de vous-même.")
    assert talk("alice", "notify me when @nobody_here posts").startswith(
        "I don't know anyone called @nobody_here")
    assert talk("julien", "préviens-moi quand @personne_ici publie").startswith(
        "Je ne connais personne qui s'appelle @personne_ici")
    talk("bob", "block @alice")
    talk("bob", "yes")
    assert talk("alice", "notify me when @bob posts") == "You can't: @bob has blocked you."
    talk("julien", "bloque @bob")
    talk("julien", "oui")
    assert talk("julien", "préviens-moi quand @bob publie") == (
        "Vous avez bloqué @bob. Débloquez-le d'abord si vous le souhaitez.")


def test_kinds_switched_off_and_back_on_and_listed(talk, read, town) -> None:
    assert talk("alice", "stop telling me about likes") == "Notifications off: likes."
    assert talk("alice", "no more follower notifications") == (
        "Notifications off: new followers.")
    assert talk("alice", "no more notifications for reposts or quotes") == (
        "Notifications off: reposts and quotes.")
    assert read("SELECT notify_off FROM person WHERE handle = 'alice'") == (
        "quote,repost,follow,like")
    assert talk("alice", "turn follower notifications back on") == (
        "Notifications back on: new followers.")
    talk("alice", "notify me when @bob posts")
    talk("alice", "quiet hours 23:00-7:00")
    assert talk("alice", "what do I get notified about?") == (
        "Your notifications:\n\nOn: replies, mentions, new followers and posts of people you "
        "asked about.\nOff: quotes, reposts and likes.\nQuiet hours: 23:00 to 07:00 (UTC); "
        "what comes then waits until they end.\nEach post of: @bob.")
    assert talk("julien", "ne me préviens plus des j'aime ni des partages") == (
        "Notifications coupées : j'aime et partages.")
    assert talk("julien", "réactive les notifications de j'aime") == (
        "Notifications réactivées : j'aime.")
    assert talk("julien", "quelles notifications je reçois ?") == (
        "Vos notifications :\n\nActivées : réponses, mentions, citations, nouveaux abonnés, "
        "j'aime et messages des personnes demandées.\nCoupées : partages.\nPas d'heures "
        "calmes.\nLes messages de personne en particulier : dites « préviens-moi quand "
        "@alice publie » pour être prévenu de chacun.")


def test_a_subscription_says_when_post_notifications_are_off(talk, town) -> None:
    talk("alice", "/notifications posts off")
    assert talk("alice", "notify me when @bob posts") == (
        "I'll tell you each time @bob posts.\n\nPost notifications are switched off, though: "
        "say “turn post notifications back on” to get them.")
    assert talk("alice", "turn post notifications back on") == (
        "Notifications back on: posts of people you asked about.")


def test_quiet_hours_set_at_local_time_removed_and_refused(talk, read, town) -> None:
    talk("alice", "send my digest at 8am Paris time")
    assert talk("alice", "no notifications between 22h and 8h") == (
        "Quiet hours: 22:00 to 08:00 (Europe/Paris). Notifications that come then wait, and "
        "arrive as one message at 08:00.")
    assert str(read("SELECT quiet_from FROM person WHERE handle = 'alice'")).startswith("22:00")
    assert talk("alice", "quiet hours 23:00-23:00") == (
        "Quiet hours need a start and an end that differ, such as “no notifications between "
        "22:00 and 8:00”.")
    assert talk("alice", "quiet hours 25:00-7:00").startswith(
        "Quiet hours need a start and an end that differ")
    assert str(read("SELECT quiet_from FROM person WHERE handle = 'alice'")).startswith("22:00")
    assert talk("alice", "remove my quiet hours") == (
        "No quiet hours: notifications come as they happen.")
    assert read("SELECT quiet_from FROM person WHERE handle = 'alice'") is None
    assert talk("julien", "pas de notifications entre 22 h et 8 h") == (
        "Heures calmes : de 22:00 à 08:00 (UTC). Les notifications qui arrivent pendant ce "
        "temps attendent, et vous parviennent en un seul message à 08:00.")
    assert talk("julien", "heures calmes de 7h à 7h") == (
        "Les heures calmes demandent un début et une fin différents, par exemple « pas de "
        "notifications entre 22 h et 8 h ».")
    assert talk("julien", "supprime mes heures calmes") == (
        "Pas d'heures calmes : les notifications arrivent dès qu'elles se produisent.")


def test_slash_commands(talk, read, town) -> None:
    assert talk("alice", "/notify bob") == "I'll tell you each time @bob posts."
    assert talk("alice", "/unnotify @bob") == "No more notifications of @bob's posts."
    assert talk("alice", "/notifications likes reposts off") == (
        "Notifications off: likes and reposts.")
    assert talk("alice", "/quiet 22:30-06:45").startswith("Quiet hours: 22:30 to 06:45 (UTC).")
    assert talk("alice", "/notifications").startswith("Your notifications:\n\nOn: replies")
    assert talk("alice", "/quiet off") == "No quiet hours: notifications come as they happen."


def test_a_subscription_is_undone_and_a_setting_says_it_is_not(talk, read, town) -> None:
    talk("alice", "notify me when @bob posts")
    assert talk("alice", "undo") == "Undone: no more notifications of @bob's posts."
    assert read("SELECT count(*) FROM subscription") == 0
    talk("alice", "stop notifying me about @bob")  # nothing to stop: the record stays
    talk("julien", "plus d'alertes pour @bob")
    talk("julien", "préviens-moi quand @bob publie")
    talk("julien", "plus d'alertes pour @bob")
    assert talk("julien", "annule") == (
        "Annulé : je vous préviendrai de nouveau chaque fois que @bob publiera.")
    assert read("SELECT count(*) FROM subscription") == 1
    talk("alice", "stop telling me about likes")
    assert talk("alice", "undo") == ("A notification setting isn't undone: just say the one "
                                     "you want, like “turn likes back on”.")
