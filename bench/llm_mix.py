"""A day of messages to Plaza, shaped like real traffic, for the language-model benchmark.

Mostly reading the feed, posting, following and small talk, by people who
write English (60 %) or French (40 %), each intent in several phrasings: the short commands
people learn, and the looser ways they actually write ("anything from my
people?", "je viens de finir un marathon, dis-le à tout le monde"). The
phrasings were written for this mix, not taken from the offline rules' test
list, so the fast-path share it gives is not graded on the rules' own
homework. Weights are a guess at a chat-first social app's traffic, stated
here so they can be argued with.
"""

from __future__ import annotations

import random

# intent -> (weight, English phrasings, French phrasings); {h} a handle, {t} a topic,
# {p} a post text, {n} a post number.
INTENTS: dict[str, tuple[int, list[str], list[str]]] = {
    "read": (24, [
        "what's new?", "whats new", "what's new", "feed", "anything new?", "show my feed",
        "what did I miss?", "catch me up", "anything from my people?", "what's happening",
        "what are my friends up to", "more", "show me {h}'s posts", "what has @{h} been posting",
    ], [
        "quoi de neuf ?", "quoi d'neuf", "quoi de neuf", "mon fil", "du nouveau ?",
        "qu'est-ce que j'ai raté ?", "montre-moi les nouveautés", "quoi de beau aujourd'hui",
        "les messages de @{h}", "et mes amis, ils racontent quoi ?", "la suite",
    ]),
    "post": (18, [
        "post: {p}", "post {p}", "tell everyone {p}", "share: {p}", "/post {p}",
        "post that {p}", "let everyone know {p}", "{p} — post that please",
        "can you share this with my followers: {p}", "i want to post something: {p}",
    ], [
        "publie : {p}", "publie {p}", "dis à tout le monde que {p}", "poste : {p}",
        "partage ça : {p}", "annonce que {p}", "{p}, publie-le stp",
    ]),
    "small_talk": (14, [
        "hello", "hi!", "thanks", "thank you!", "good morning", "bye", "lol", "ok cool",
        "how are you?", "you're great", "haha nice", "good night", "what's your name?",
    ], [
        "bonjour", "salut", "merci !", "merci beaucoup", "bonne nuit", "coucou", "mdr",
        "ça va ?", "super, merci", "t'es qui toi ?", "à plus",
    ]),
    "follow": (12, [
        "follow @{h}", "follow {h}", "/follow {h}", "unfollow @{h}", "follow her too",
        "i want to see what {h} posts", "add @{h} to my people", "mute @{h}",
        "stop following {h}",
    ], [
        "suis @{h}", "abonne-moi à @{h}", "suivre {h}", "je veux suivre @{h}",
        "désabonne-moi de @{h}", "ne plus suivre @{h}", "masque @{h}",
    ]),
    "discover": (7, [
        "find people into {t}", "who should I follow?", "who's into {t}?",
        "suggest people to follow", "anyone here into {t}", "/discover {t}",
    ], [
        "trouve des gens qui aiment {t}", "qui devrais-je suivre ?", "des gens fans de {t} ?",
        "suggère-moi des comptes",
    ]),
    "like_reply": (9, [
        "like it", "like #{n}", "love that one", "reply to #{n}: so true!",
        "tell {h} congrats on #{n}", "repost #{n}", "like the last one",
    ], [
        "j'aime", "j'aime le n°{n}", "réponds au n°{n} : trop bien !", "partage le n°{n}",
        "like le dernier",
    ]),
    "search": (5, [
        "search {t}", "what are people saying about #{t}", "posts about {t}", "#{t}",
    ], [
        "cherche {t}", "que dit-on de #{t} ?", "messages sur {t}",
    ]),
    "profile_digest": (6, [
        "my profile", "my interests are {t} and music", "send my digest at 8am",
        "stop sending me digests", "set my time zone to Europe/London", "digest",
        "change my bio to coffee, code and {t}",
    ], [
        "mon profil", "mes intérêts : {t}, cinéma", "résumé quotidien à 19h30",
        "plus de résumé s'il te plaît", "mon fuseau est Europe/Paris", "mon résumé",
    ]),
    "account": (3, [
        "help", "what can you do?", "who follows me?", "mentions", "export my data",
        "who am I following", "delete my last post",
    ], [
        "aide", "tu sais faire quoi ?", "qui me suit ?", "mes mentions", "supprime mon dernier "
        "message",
    ]),
    "rambling": (2, [
        "ugh mondays", "can you remind me to call mom", "is plaza free?",
        "i went hiking with {h} yesterday, it was amazing",
    ], [
        "bof, journée nulle", "tu peux m'aider à écrire un poème ?",
        "je suis allé courir avec {h} ce matin",
    ]),
}
POSTS = {
    "en": ["just finished my first marathon!", "coffee is ready ☕", "new blog post is up",
           "the sunset tonight was unreal", "anyone up for climbing on Saturday?",
           "finally fixed that bug", "reading Dune again", "my cat ignored me all day"],
    "fr": ["je viens de finir mon premier marathon !", "le café est prêt ☕",
           "quel coucher de soleil ce soir", "qui vient grimper samedi ?",
           "enfin réparé ce bug", "je relis Dune", "mon chat m'a ignoré toute la journée"],
}
TOPICS = ["jazz", "climbing", "rust", "cooking", "cinema", "running", "photography"]


def mix(count: int, people: list[str], seed: int = 7) -> list[tuple[str, str, str]]:
    """`count` (person, intent, message) triples in the order people would send them."""
    rng = random.Random(seed)
    names = list(INTENTS)
    weights = [INTENTS[name][0] for name in names]
    speaks = {person: "fr" if rng.random() < 0.4 else "en" for person in people}
    messages = []
    for _ in range(count):
        person = rng.choice(people)
        intent = rng.choices(names, weights)[0]
        language = speaks[person]
        template = rng.choice(INTENTS[intent][1 if language == "en" else 2])
        others = [p for p in people if p != person]
        message = template.format(h=rng.choice(others), t=rng.choice(TOPICS),
                                  p=rng.choice(POSTS[language]), n=rng.randint(1, 40))
        messages.append((person, intent, message))
    return messages
