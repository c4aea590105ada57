"""Counts in Plaza's words take each language's plural rule: "1 follower", "0 abonné"."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.digest.compose import Digest, outline
from bot.digest.summary import extractive
from bot.phrases import PHRASES, PLURALS, plural, say
from bot.replies import ago, person_line, profile_lines, render
from storage.views import PersonView, PostView

COUNTS = (0, 1, 2, 21)
NOW = datetime(2026, 5, 20, 12, 0)

# key, language, other fields, what Plaza says for 0, 1, 2 and 21: English uses the
# singular for 1 only, French for 0 and 1.
EXPECTED: list[tuple[str, str, dict[str, str], tuple[str, str, str, str]]] = [
    ("count.followers", "en", {}, ("0 followers", "1 follower", "2 followers", "21 followers")),
    ("count.followers", "fr", {}, ("0 abonné", "1 abonné", "2 abonnés", "21 abonnés")),
    ("count.following", "en", {}, ("0 following", "1 following", "2 following", "21 following")),
    ("count.following", "fr", {},
     ("0 abonnement", "1 abonnement", "2 abonnements", "21 abonnements")),
    ("count.posts", "en", {}, ("0 posts", "1 post", "2 posts", "21 posts")),
    ("count.posts", "fr", {}, ("0 message", "1 message", "2 messages", "21 messages")),
    ("count.people", "en", {}, ("0 people", "1 person", "2 people", "21 people")),
    ("linked.accounts", "en", {"platform": "Telegram"},
     ("Telegram (0 accounts)", "Telegram (1 account)", "Telegram (2 accounts)",
      "Telegram (21 accounts)")),
    ("linked.accounts", "fr", {"platform": "Telegram"},
     ("Telegram (0 compte)", "Telegram (1 compte)", "Telegram (2 comptes)",
      "Telegram (21 comptes)")),
    ("count.likes", "en", {}, ("0 likes", "1 like", "2 likes", "21 likes")),
    ("count.likes", "fr", {}, ("0 j'aime", "1 j'aime", "2 j'aime", "21 j'aime")),
    ("wait.seconds", "en", {}, ("0 s", "1 s", "2 s", "21 s")),
    ("wait.seconds", "fr", {}, ("0 s", "1 s", "2 s", "21 s")),
    ("wait.minutes", "en", {}, ("0 min", "1 min", "2 min", "21 min")),
    ("wait.minutes", "fr", {}, ("0 min", "1 min", "2 min", "21 min")),
    ("wait.hours", "en", {}, ("0 hours", "1 hour", "2 hours", "21 hours")),
    ("wait.hours", "fr", {}, ("0 heure", "1 heure", "2 heures", "21 heures")),
    ("count.quotes", "en", {}, ("0 quotes", "1 quote", "2 quotes", "21 quotes")),
    ("count.quotes", "fr", {}, ("0 citation", "1 citation", "2 citations", "21 citations")),
    ("count.reposts", "en", {}, ("0 reposts", "1 repost", "2 reposts", "21 reposts")),
    ("count.reposts", "fr", {}, ("0 partage", "1 partage", "2 partages", "21 partages")),
    ("count.replies", "en", {}, ("0 replies", "1 reply", "2 replies", "21 replies")),
    ("count.replies", "fr", {}, ("0 réponse", "1 réponse", "2 réponses", "21 réponses")),
    ("show_post.liked_by_more", "en", {"handles": "@a"},
     ("♥ @a and 0 more", "♥ @a and 1 more", "♥ @a and 2 more", "♥ @a and 21 more")),
    ("show_post.liked_by_more", "fr", {"handles": "@a"},
     ("♥ @a et 0 autre", "♥ @a et 1 autre", "♥ @a et 2 autres", "♥ @a et 21 autres")),
    ("show_post.reposted_by_more", "en", {"handles": "@a"},
     ("↻ @a and 0 more", "↻ @a and 1 more", "↻ @a and 2 more", "↻ @a and 21 more")),
    ("show_post.reposted_by_more", "fr", {"handles": "@a"},
     ("↻ @a et 0 autre", "↻ @a et 1 autre", "↻ @a et 2 autres", "↻ @a et 21 autres")),
    ("count.follows", "en", {}, ("0 follows", "1 follow", "2 follows", "21 follows")),
    ("count.follows", "fr", {}, ("0 lien d'abonnement", "1 lien d'abonnement",
                                 "2 liens d'abonnement", "21 liens d'abonnement")),
    ("count.people", "fr", {}, ("0 personne", "1 personne", "2 personnes", "21 personnes")),
    ("ago.days", "en", {}, ("0 days ago", "1 day ago", "2 days ago", "21 days ago")),
    ("ago.days", "fr", {},
     ("il y a 0 jour", "il y a 1 jour", "il y a 2 jours", "il y a 21 jours")),
    ("digest.new_followers", "en", {"handles": "@bo"},
     ("New followers: @bo", "New follower: @bo", "New followers: @bo", "New followers: @bo")),
    ("digest.new_followers", "fr", {"handles": "@bo"},
     ("Nouvel abonné : @bo", "Nouvel abonné : @bo", "Nouveaux abonnés : @bo",
      "Nouveaux abonnés : @bo")),
    ("digest.new_followers_more", "en", {"handles": "@bo"},
     ("New followers: @bo and 0 more", "New followers: @bo and 1 more",
      "New followers: @bo and 2 more", "New followers: @bo and 21 more")),
    ("digest.new_followers_more", "fr", {"handles": "@bo"},
     ("Nouveaux abonnés : @bo et 0 autre", "Nouveaux abonnés : @bo et 1 autre",
      "Nouveaux abonnés : @bo et 2 autres", "Nouveaux abonnés : @bo et 21 autres")),
    ("digest.lead_followers", "en", {"handles": "@bo"},
     ("You have 0 new followers: @bo.", "You have a new follower: @bo.",
      "You have 2 new followers: @bo.", "You have 21 new followers: @bo.")),
    ("digest.lead_followers", "fr", {"handles": "@bo"},
     ("Vous avez 0 nouvel abonné : @bo.", "Vous avez 1 nouvel abonné : @bo.",
      "Vous avez 2 nouveaux abonnés : @bo.", "Vous avez 21 nouveaux abonnés : @bo.")),
    ("digest.also_posts_by", "en", {"author": "bo"},
     ("0 more posts by @bo", "one more post by @bo", "2 more posts by @bo",
      "21 more posts by @bo")),
    ("digest.also_posts_by", "fr", {"author": "bo"},
     ("0 autre message de @bo", "1 autre message de @bo", "2 autres messages de @bo",
      "21 autres messages de @bo")),
    ("digest.also_posts", "en", {"people": "2 people"},
     ("0 more posts by 2 people", "one more post by 2 people", "2 more posts by 2 people",
      "21 more posts by 2 people")),
    ("digest.also_posts", "fr", {"people": "2 personnes"},
     ("0 autre message de 2 personnes", "1 autre message de 2 personnes",
      "2 autres messages de 2 personnes", "21 autres messages de 2 personnes")),
    ("digest.also_mentions", "en", {},
     ("0 replies and mentions for you", "a reply or mention for you",
      "2 replies and mentions for you", "21 replies and mentions for you")),
    ("digest.also_mentions", "fr", {},
     ("0 réponse ou mention pour vous", "1 réponse ou mention pour vous",
      "2 réponses et mentions pour vous", "21 réponses et mentions pour vous")),
    ("digest.also_followers", "en", {},
     ("0 new followers", "a new follower", "2 new followers", "21 new followers")),
    ("digest.also_followers", "fr", {},
     ("0 nouvel abonné", "1 nouvel abonné", "2 nouveaux abonnés", "21 nouveaux abonnés")),
    ("notify.likes", "en", {"actor": "bo", "id": 12},
     ("@bo and 0 other people liked your post #12.", "@bo and 1 other person liked your post #12.",
      "@bo and 2 other people liked your post #12.",
      "@bo and 21 other people liked your post #12.")),
    ("notify.likes", "fr", {"actor": "bo", "id": 12},
     ("@bo et 0 autre personne ont aimé votre message n°12.",
      "@bo et 1 autre personne ont aimé votre message n°12.",
      "@bo et 2 autres personnes ont aimé votre message n°12.",
      "@bo et 21 autres personnes ont aimé votre message n°12.")),
    ("notify.several", "en", {},
     ("🔔 0 notifications:", "🔔 1 notification:", "🔔 2 notifications:",
      "🔔 21 notifications:")),
    ("notify.several", "fr", {},
     ("🔔 0 notification :", "🔔 1 notification :", "🔔 2 notifications :",
      "🔔 21 notifications :")),
]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(("key", "language", "fields", "expected"), EXPECTED,
                         ids=[f"{key}-{language}" for key, language, _, _ in EXPECTED])
def test_every_counted_phrase_agrees_with_its_count(key, language, fields, expected) -> None:
    assert tuple(say(key, language, n=n, **fields) for n in COUNTS) == expected


def test_the_table_above_covers_every_counted_phrase_in_both_languages() -> None:
    assert {(key, language) for key, language, _, _ in EXPECTED} == {
        (key, language) for key in PLURALS for language in ("en", "fr")}


@pytest.mark.parametrize("key", sorted(PLURALS))
def test_counted_phrases_have_the_same_fields_and_show_the_count(key: str) -> None:
    assert key not in PHRASES  # one place per phrase
    en, fr = PLURALS[key]
    assert {field for form in en for field in _fields(form)} - {"n"} == {
        field for form in fr for field in _fields(form)} - {"n"}
    # A phrase that shows its count shows it in every form but English's first, the only
    # one for a single number (1), so the only one that may say "a" or "one" instead.
    if any("n" in _fields(form) for form in (*en, *fr)):
        assert "n" in _fields(en[1]) and all("n" in _fields(form) for form in fr)


def test_the_rule_is_the_languages_not_the_phrases() -> None:
    forms = ("{n} thing", "{n} things")
    assert [plural(n, forms, "en") for n in (0, 1, 2)] == ["0 things", "1 thing", "2 things"]
    assert [plural(n, forms, "fr") for n in (0, 1, 2)] == ["0 thing", "1 thing", "2 things"]
    assert plural(1, forms, "xx") == "1 thing" and plural(0, forms, "xx") == "0 things"


@pytest.mark.parametrize(("counts", "en", "fr"), [
    ((1, 1, 1), "1 follower · 1 following · 1 post", "1 abonné · 1 abonnement · 1 message"),
    ((0, 0, 0), "0 followers · 0 following · 0 posts", "0 abonné · 0 abonnement · 0 message"),
    ((21, 2, 21), "21 followers · 2 following · 21 posts",
     "21 abonnés · 2 abonnements · 21 messages"),
])
def test_a_profile_counts_in_the_readers_language(counts, en: str, fr: str) -> None:
    followers, following, posts = counts
    person = PersonView("alice", "", "", ["jazz"], followers, following, posts)
    assert profile_lines(person, "en", NOW).endswith("\n" + en)
    assert profile_lines(person, "fr", NOW).endswith("\n" + fr)
    assert person_line(person, "en").endswith(" · " + en.split(" · ")[0])
    assert person_line(person, "fr").endswith(" · " + fr.split(" · ")[0])


def test_a_day_old_post_is_yesterday_and_older_ones_count_days() -> None:
    assert ago(NOW - timedelta(days=1, hours=2), NOW, "fr") == "hier"
    assert ago(NOW - timedelta(days=2), NOW, "en") == "2 days ago"
    assert ago(NOW - timedelta(days=6), NOW, "fr") == "il y a 6 jours"


def _digest(language: str, posts: int, authors: int, mentions: int, followers: int) -> Digest:
    views = [PostView(i + 1, f"author{i % authors}", "", f"post {i + 1}",
                      NOW - timedelta(hours=i + 1)) for i in range(posts)]
    said = [PostView(100 + i, "dan", "", f"@alice hi {i}", NOW - timedelta(hours=i + 1))
            for i in range(mentions)]
    handles = [f"fan{i}" for i in range(min(followers, 3))]
    return Digest("alice", language, date(2026, 5, 20), NOW - timedelta(days=1), NOW,
                  [[view] for view in views], [], said, handles, followers)


@pytest.mark.parametrize(("shape", "en", "fr"), [
    ((2, 1, 1, 1), "Also: one more post by @author0, a reply or mention for you and a new "
     "follower.", "Aussi : 1 autre message de @author0, 1 réponse ou mention pour vous et 1 "
     "nouvel abonné."),
    ((3, 2, 3, 21), "Also: 2 more posts by 2 people, 3 replies and mentions for you and 21 new "
     "followers.", "Aussi : 2 autres messages de 2 personnes, 3 réponses et mentions pour vous "
     "et 21 nouveaux abonnés."),
    ((22, 3, 2, 2), "Also: 21 more posts by 3 people, 2 replies and mentions for you and 2 new "
     "followers.", "Aussi : 21 autres messages de 3 personnes, 2 réponses et mentions pour vous "
     "et 2 nouveaux abonnés."),
])
def test_the_digests_count_up_agrees_with_its_counts(shape, en: str, fr: str) -> None:
    assert extractive(_digest("en", *shape)).endswith(en)
    assert extractive(_digest("fr", *shape)).endswith(fr)


@pytest.mark.parametrize(("followers", "en", "fr"), [
    (1, "New follower: @fan0", "Nouvel abonné : @fan0"),
    (2, "New followers: @fan0, @fan1", "Nouveaux abonnés : @fan0, @fan1"),
    (4, "New followers: @fan0, @fan1, @fan2 and 1 more",
     "Nouveaux abonnés : @fan0, @fan1, @fan2 et 1 autre"),
    (21, "New followers: @fan0, @fan1, @fan2 and 18 more",
     "Nouveaux abonnés : @fan0, @fan1, @fan2 et 18 autres"),
])
def test_the_digests_new_followers_agree_with_their_count(followers, en: str, fr: str) -> None:
    for language, line in (("en", en), ("fr", fr)):
        digest = _digest(language, 1, 1, 0, followers)
        text = render(outline(digest, "summary"), language, NOW).text
        assert line in text.splitlines()


def test_a_profile_read_in_the_chat_counts_right_on_each_engine(talk, engine) -> None:
    talk("alice", "post: First light on the river")
    talk("bob", "follow @alice")
    assert "@alice\n1 follower · 0 following · 1 post" in talk("bob", "who is @alice")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE person SET language = 'fr' WHERE handle = 'bob'"))
    assert "@alice\n1 abonné · 0 abonnement · 1 message" in talk("bob", "qui est @alice ?")
