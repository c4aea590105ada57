"""The few words Plaza answers without understanding: yes/no, "more", hello, thanks, and
a request to speak the other language ("speak french", "parle anglais")."""

from __future__ import annotations

import re

from storage.text import fold

_YES = {"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "confirm", "do it", "go",
        "go ahead", "oui", "ouais", "o", "d'accord", "dac", "vas-y", "vas y", "allez",
        "confirme", "confirmer", "bien sur", "carrement", "k", "kk", "yes please", "yeah sure",
        "sure go ahead", "ok go ahead", "ok sure", "sure thing", "of course", "yes yes",
        "ok vas y", "ok vas-y", "oui oui", "ouais vas-y", "ouais vas y", "grave",
        "evidemment", "oui vas-y", "oui vas y", "👍", "👌", "✅", "yea", "yeah do it",
        "yes do it", "yep do it", "sure do it", "ok do it", "oui fais-le", "oui fais le"}
_NO = {"no", "n", "nope", "nah", "cancel", "stop", "don't", "dont", "non", "annule", "annuler",
       "laisse tomber", "pas du tout", "surtout pas", "no thanks", "no thank you",
       "non merci", "nan", "👎", "❌"}
# Dropping a question asked for words ("What should #3 say now?"): a no, or these.
_NEVER_MIND = {"never mind", "nevermind", "nvm", "forget it", "forget about it", "jk",
               "just kidding", "no thanks", "no thank you", "nothing", "not now", "later",
               "oublie", "oublie ca", "oublie ça", "non merci", "nan", "rien", "tant pis",
               "pas grave", "pas maintenant", "plus tard", "laisse", "c'est bon", "cest bon"}
_MORE = {"more", "next", "next page", "show more", "plus", "suite", "la suite", "encore",
         "voir plus", "page suivante"}
_HELLO = re.compile(r"^(hi|hello|hey|yo|hiya|good (morning|afternoon|evening)|bonjour|salut|"
                    r"coucou|bonsoir|hello there)\b")
_THANKS = re.compile(r"^(thanks|thank you|thx|ty|cheers|merci)\b")
_BYE = re.compile(r"^(bye|goodbye|see you|see ya|good night|au revoir|a plus|bonne nuit|"
                  r"a bientot|ciao)\b")


_LANGUAGE_NAMES = {"english": "en", "anglais": "en", "french": "fr", "francais": "fr"}
_ASKED_LANGUAGE = re.compile(
    # a lead-in that says nothing of the request: "ok speak english", "bon, parle français"
    r"(?:(?:ok|okay|ok so|alright|right|hey|hi|hello|now|and|so|oh|um|plaza|bon|alors|"
    r"d'accord|daccord|euh|salut|coucou|maintenant|et) )*"
    r"(?:(?:can|could|would) you (?:please |pls )?|please |pls |plz |)"
    r"(?:(?:speak|talk|write|answer|reply|respond|switch|change|go|continue)(?: to me| back)?"
    r"(?: (?:in|to|into))?(?: the)? |(?:change|set|switch) (?:the |my |your )?language to |"
    r"(?:in |)|(?:(?:parle|parlez|ecris|ecrivez|reponds|repondez|passe|passez|continue|"
    r"continuez|mets|mettez)(?:-| )?(?:moi|toi|vous|nous)?(?: (?:en|au|a l'))? ?|"
    r"(?:change|mets|passe) (?:la |ta |ma )?langue (?:en|a l'|au) ?|en ))"
    r"(?P<language>english|anglais|french|francais)"
    r"(?: (?:please|pls|plz|now|again|from now on|instead|thanks|thank you|thx|stp|svp|"
    r"s'il te plait|s'il vous plait|merci|maintenant|desormais|a partir de maintenant|"
    r"a nouveau|de nouveau|encore|again please))*")


def asked_language(text: str) -> str | None:
    """"fr" or "en" when the whole message asks Plaza to speak that language ("speak
    french", "in english please", "parle-moi en anglais", "en français stp"), else None."""
    match = _ASKED_LANGUAGE.fullmatch(_plain(text))
    return _LANGUAGE_NAMES[match["language"]] if match else None


def _plain(text: str) -> str:
    return re.sub(r"[\s!.?,…]+", " ", fold(text)).strip()


_COURTESY = {"please", "pls", "plz", "thanks", "thx", "thank you", "stp", "svp", "merci",
             "s'il te plait", "s'il vous plait", "ty"}

def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None for anything else."""
    plain = _plain(text)
    head, _, last = plain.rpartition(" ")
    if head and last in _COURTESY:  # "yes pls", "oui merci"
        plain = head
    if plain in _YES:
        return True
    if plain in _NO:
        return False
    return None


def never_mind(text: str) -> bool:
    """The whole message drops what was asked ("no", "never mind", "nvm", "forget it",
    "laisse tomber", "non merci"...)."""
    plain = _plain(text)
    return plain in _NEVER_MIND or plain in _NO


def is_more(text: str) -> bool:
    return _plain(text) in _MORE


_COURTESIES = ((_HELLO, "chat.hello"), (_THANKS, "chat.thanks"), (_BYE, "chat.bye"))


def courtesy(text: str) -> bool:
    """The whole message is a greeting, thanks or goodbye: small talk with nothing to do."""
    plain = _plain(text)
    return any(pattern.fullmatch(plain) for pattern, _ in _COURTESIES)


def answer_key(text: str) -> str:
    """The phrase for small talk: a greeting, thanks, goodbye, or a gentle pointer to help."""
    plain = _plain(text)
    return next((key for pattern, key in _COURTESIES if pattern.match(plain)), "chat.unknown")



def courtesy_only(text: str) -> bool:
    """Whether `text` is only a courtesy ("pls", "merci", "s'il te plaît"): what "post
    pls" leaves as words is no post."""
    return _plain(text) in _COURTESY

