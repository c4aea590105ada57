"""The few words Plaza answers without understanding: yes/no, "more", hello, thanks."""

from __future__ import annotations

import re

from storage.text import fold

_YES = {"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "confirm", "do it", "go",
        "go ahead", "oui", "ouais", "o", "d'accord", "dac", "vas-y", "vas y", "allez",
        "confirme", "confirmer", "bien sur", "carrement"}
_NO = {"no", "n", "nope", "nah", "cancel", "stop", "don't", "dont", "non", "annule", "annuler",
       "laisse tomber", "pas du tout", "surtout pas"}
_MORE = {"more", "next", "next page", "show more", "plus", "suite", "la suite", "encore",
         "voir plus", "page suivante"}
_HELLO = re.compile(r"^(hi|hello|hey|yo|hiya|good (morning|afternoon|evening)|bonjour|salut|"
                    r"coucou|bonsoir|hello there)\b")
_THANKS = re.compile(r"^(thanks|thank you|thx|ty|cheers|merci)\b")
_BYE = re.compile(r"^(bye|goodbye|see you|see ya|good night|au revoir|a plus|bonne nuit|"
                  r"a bientot|ciao)\b")


def _plain(text: str) -> str:
    return re.sub(r"[\s!.?,…]+", " ", fold(text)).strip()


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None for anything else."""
    plain = _plain(text).removesuffix(" please").removesuffix(" stp")
    if plain in _YES:
        return True
    if plain in _NO:
        return False
    return None


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
