"""Every action, in English and in French, through the console: what the speaker reads.

Three people share a network: bob (who posts and mentions the others), carol
(whom both speakers follow), and the speaker, alice in English or julien in
French. Each case is one message, plus "yes"/"oui" where Plaza asks first.
"""

from __future__ import annotations

import pytest

from bot.actions import ACTIONS

# action: (English message, what alice reads), (French message, what julien reads)
CASES = {
    "post": (("post: Hello all", "Posted! It's #4."),
             ("publie : Bonjour à tous", "C'est publié ! C'est le n°4.")),
    "reply": (("reply to #1: nice one", "Replied to #1. Your reply is #4."),
              ("réponds à #1 : super", "Réponse envoyée au n°1. C'est le n°4.")),
    "edit_post": (("change my last post to say My better words",
                   "Edited #3; its replies, likes and reposts stay"),
                  ("modifie mon dernier message pour dire Mes meilleurs mots",
                   "Le n°3 est modifié")),
    "quote": (("quote #1 and say so good", "Posted! It's #4, quoting #1."),
              ("cite le n°1 en disant trop bien",
               "C'est publié ! C'est le n°4, qui cite le n°1.")),
    "like": (("like #1", "Liked #1 ♥"), ("j'aime le #1", "Vous aimez le n°1 ♥")),
    "repost": (("repost #1", "Shared #1 by @bob with your followers."),
               ("repartage le #1", "Le n°1 de @bob est partagé avec vos abonnés.")),
    "unlike": (("unlike #1", "You hadn't liked #1."),
               ("je n'aime plus le n°1", "Vous n'aimiez pas le n°1.")),
    "unrepost": (("undo my repost of #1",
                  "You haven't shared #1, so there's no repost to take back."),
                 ("annule mon partage du n°1",
                  "Vous n'avez pas partagé le n°1 : il n'y a pas de partage à retirer.")),
    "show_post": (("show #1", "@bob · just now · #1\nJazz tonight with @alice and @julien "
                              "#jazz\n\n0 likes · 0 reposts · 0 replies"),
                  ("montre le n°1", "0 j'aime · 0 partage · 0 réponse")),
    "trending": (("what's trending?", "Nothing is rising right now"),
                 ("quoi de tendance ?", "Rien n'est en hausse pour l'instant")),
    "change_handle": (("change my handle to rooty", "You're now @rooty. @alice stays"),
                      ("change mon pseudo en racine", "Vous êtes maintenant @racine.")),
    "pin": (("pin my last post", "Pinned #3: it's the first thing people see on your profile."),
            ("épingle mon dernier message",
             "Le n°3 est épinglé : c'est ce qu'on voit en premier sur votre profil.")),
    "unpin": (("unpin", "You have no pinned post."),
              ("désépingle", "Vous n'avez pas de message épinglé.")),
    "report": (("report #1 it's spam", "Thanks for telling me. #1 is reported"),
               ("signale le n°1 c'est du spam", "Merci de me l'avoir dit. Le n°1 est signalé")),
    "delete_post": (("delete my last post", "Deleted #3."),
                    ("supprime mon dernier message", "Le n°3 est supprimé.")),
    "follow": (("follow @bob", "You now follow @bob."),
               ("suis @bob", "Vous suivez maintenant @bob.")),
    "unfollow": (("unfollow @carol", "You no longer follow @carol."),
                 ("ne suis plus @carol", "Vous ne suivez plus @carol.")),
    "block": (("block @bob", "Blocked @bob."), ("bloque @bob", "@bob est bloqué.")),
    "unblock": (("unblock @bob", "@bob wasn't blocked."),
                ("débloque @bob", "@bob n'était pas bloqué.")),
    "mute": (("mute @carol", "Muted @carol"), ("masque @carol", "@carol est masqué")),
    "unmute": (("unmute @carol", "@carol wasn't muted."),
               ("réaffiche @carol", "@carol n'était pas masqué.")),
    "subscribe": (("notify me when @bob posts", "I'll tell you each time @bob posts."),
                  ("préviens-moi quand @bob publie",
                   "Je vous préviendrai chaque fois que @bob publiera.")),
    "unsubscribe": (("stop notifying me about @carol",
                     "You weren't getting notified of @carol's posts."),
                    ("plus d'alertes pour @carol",
                     "Vous n'étiez pas prévenu des messages de @carol.")),
    "notifications": (("what do I get notified about?",
                       "Your notifications:\n\nOn: replies, mentions, quotes, reposts, new "
                       "followers, likes and posts of people you asked about.\nNo quiet hours."),
                      ("quelles notifications je reçois ?",
                       "Vos notifications :\n\nActivées : réponses, mentions, citations, "
                       "partages, nouveaux abonnés, j'aime et messages des personnes "
                       "demandées.\nPas d'heures calmes.")),
    "switch_notifications": (("stop telling me about likes and reposts",
                              "Notifications off: likes and reposts."),
                             ("ne me préviens plus des j'aime",
                              "Notifications coupées : j'aime.")),
    "quiet_hours": (("no notifications between 22h and 8h",
                     "Quiet hours: 22:00 to 08:00 (UTC). Notifications that come then wait"),
                    ("pas de notifications entre 22 h et 8 h",
                     "Heures calmes : de 22:00 à 08:00 (UTC).")),
    "ai_opt_out": (("don't use my posts for AI",
                    "Done: your posts will never be sent to a language model"),
                   ("n'utilise pas mes messages pour l'IA",
                    "C'est fait : vos messages ne seront jamais envoyés à un modèle")),
    "explain": (("explain #1", "#1 by @bob: 0 likes.\nNothing else you can see is about it"),
                ("c'est quoi le contexte du n°1 ?",
                 "Le n°1 de @bob : 0 j'aime.\nRien d'autre que vous voyez n'en parle")),
    "catch_up": (("catch me up on #jazz", "On #jazz in the last day: 1 post by 1 person."),
                 ("quoi de neuf sur #jazz ?", "Sur #jazz depuis hier : 1 message de 1 personne.")),
    "steer": (("show me less politics this week", "You'll see less of “politics” in your "
                                                   "digest, until the end of Sunday"),
              ("cache les messages avec le mot spoiler jusqu'à dimanche",
               "Je cacherai les messages qui disent « spoiler » de votre résumé, des tendances "
               "et des notifications, jusqu'à la fin du dimanche")),
    "steering": (("what have I asked you to hide?", "You haven't asked me to hide anything"),
                 ("qu'est-ce que je t'ai demandé de cacher ?",
                  "Vous ne m'avez rien demandé de cacher")),
    "unsteer": (("stop hiding spoiler", "You had asked nothing about “spoiler”."),
                ("arrête de cacher spoiler", "Vous n'aviez rien demandé sur « spoiler ».")),
    "read_feed": (("what's new?", "What's new:\n\n@alice · just now · #3\nMy own words\n\n"
                                  "@carol · just now · #2\nCarol here"),
                  ("quoi de neuf ?", "Quoi de neuf :\n\n@julien · à l'instant · n°3\nMy own "
                                     "words\n\n@carol · à l'instant · n°2\nCarol here")),
    "digest": (("my digest", "From the people you follow:\n\n@carol"),
               ("mon résumé", "Des personnes que vous suivez :\n\n@carol")),
    "set_digest": (("send my digest at 8am", "every day at 08:00 (UTC)."),
                   ("résumé quotidien à 19h30", "chaque jour à 19:30 (UTC).")),
    "discover": (("find people into jazz", "People into jazz:\n\n@bob"),
                 ("trouve des gens qui aiment le jazz", "Des personnes qui aiment jazz :\n\n@bob")),
    "search": (("search jazz", "Posts about “jazz”:\n\n@bob"),
               ("cherche jazz", "Messages sur « jazz » :\n\n@bob")),
    "show_profile": (("who is @bob?", "@bob\nInto: jazz"),
                     ("qui est @bob ?", "@bob\nAime : jazz")),
    "update_profile": (("my bio is Trumpet at night",
                        "Profile updated.\n\n@alice\nTrumpet at night"),
                       ("ma bio : Trompette la nuit", "Profil mis à jour.\n\n@julien\nTrompette")),
    "followers": (("who follows me?", "Your followers (1):\n\n@bob"),
                  ("qui me suit ?", "Vos abonnés (1) :\n\n@bob")),
    "following": (("who do I follow?", "You follow (1):\n\n@carol"),
                  ("qui est-ce que je suis ?", "Vous suivez (1) :\n\n@carol")),
    "mentions": (("any mentions?", "Replies and mentions:\n\n@bob"),
                 ("mes mentions", "Réponses et mentions :\n\n@bob")),
    "export_data": (("export my data", "Here is everything you gave Plaza, as JSON."),
                    ("exporte mes données", "Voici tout ce que vous avez confié à Plaza")),
    "delete_account": (("delete my account", "Your account and everything in it are gone."),
                       ("supprime mon compte", "Votre compte et tout son contenu sont supprimés.")),
    "help": (("help", "Here's what I can do."), ("aide", "Voici ce que je sais faire.")),
    "link": (("link my discord", "Your code: "), ("lie mon compte discord", "Votre code : ")),
    "linked": (("where am I linked?", "is linked on:\n\n• the terminal: used just now"),
               ("où suis-je relié ?", "est présent sur :\n\n• le terminal : utilisé à l'instant")),
    "unlink": (("unlink the terminal", "I can reach your account only on the terminal"),
               ("délie le terminal", "Je ne peux joindre votre compte que sur le terminal")),
    "chat": (("hello", "Hi alice! What's up?"), ("bonjour", "Bonjour julien !")),
    "undo": (("undo", "Undone: your post #3 is deleted."),
             ("annule", "Annulé : votre message n°3 est supprimé.")),
}


def test_the_cases_cover_the_whole_vocabulary() -> None:
    assert set(CASES) == set(ACTIONS)


@pytest.fixture
def network_of(talk):
    """bob posts #1 (jazz, mentioning both speakers); carol posts #2; the speaker posts #3."""

    def build(speaker: str, hello: str) -> None:
        talk(speaker, hello)
        talk("carol", "hi")
        talk("bob", "my interests are jazz")
        talk("bob", "post: Jazz tonight with @alice and @julien #jazz")
        talk("carol", "post: Carol here")
        talk(speaker, "follow @carol")
        talk("bob", f"follow @{speaker}")
        talk(speaker, "post: My own words")

    return build


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize(("speaker", "hello", "yes", "language"),
                         [("alice", "hi there", "yes", 0), ("julien", "bonjour", "oui", 1)])
def test_every_action_in_both_languages(
    talk, network_of, read, name: str, speaker: str, hello: str, yes: str, language: int
) -> None:
    network_of(speaker, hello)
    message, expected = CASES[name][language]
    answer = talk(speaker, message)
    # (Unlinking the one platform there is is refused before any question; "undo" said
    # as such is itself the correction, done at once.)
    if ACTIONS[name].consequential and name not in ("unlink", "undo") and not message.startswith(
            ("post:", "publie :", "reply to", "réponds à")):
        assert answer.endswith(("Say yes or no.", "Répondez oui ou non."))
        answer = talk(speaker, yes)
    assert expected in answer
    if name == "delete_account":
        assert read(f"SELECT count(*) FROM person WHERE handle = '{speaker}'") == 0
