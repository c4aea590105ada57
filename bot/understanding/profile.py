"""Rules for changing your profile: display name, bio and interests.

Names and bios are the person's own words, cut from the original text (case,
accents and emoji kept). "call me later" or "call me back" is not a name: a
name that starts with a word like that, or runs past five words, is left to
chat. Interests are a list ("jazz, rust and climbing", "le jazz et
l'escalade"), lower-cased as storage keeps them, articles dropped.
"""

from __future__ import annotations

import re

from bot.understanding.grammar import Args, Rule, define, interests, rules
from bot.understanding.wording import Message

# "my bio is" alone is no bio "is"; a colon may stand between the words and the value.
_NOT_EMPTY = r"(?!(?:is|are|include|should be|to|as|est|sont|c'est|en|pour|par):?\W*$)"
define(
    NAME=rf"{_NOT_EMPTY}(?P<name>\S.*)",
    BIO=rf"{_NOT_EMPTY}(?P<bio>\S.*)",
    LIST=rf"{_NOT_EMPTY}(?P<list>\S.*)",
    SAYS=r"(?:\s*(?P<colon>:)\s*|\s+)",
)

_NOT_NAMES = frozenset(
    "later back tomorrow maybe when if at now soon tonight please again anytime sometime "
    "a an the on in asap whenever crazy what not by quand demain plus tard si pas".split()
)


def _name(match: re.Match[str], message: Message) -> Args | None:
    name = message.cut(*match.span("name")).strip(" .!?,")
    words = name.split()
    if not words or len(words) > 5 or words[0].lower() in _NOT_NAMES:
        return None
    return {"name": name}


def _bio(match: re.Match[str], message: Message) -> Args | None:
    return {"bio": message.cut(*match.span("bio"))}


def _interests(match: re.Match[str], message: Message) -> Args | None:
    items = interests(message, *match.span("list"))
    return {"interests": items} if items else None


# "my bio is ..." or "my bio: ...", never "my bio needs work": the verb or colon is required.
PROFILE: list[Rule] = [
    *rules("update_profile", "en",
           r"(?:call me|my name's|i'm called|my (?:display )?name (?:is|should be)|"
           r"(?:change|set|update) my (?:display )?name to|rename me(?: to| as)?) <NAME>",
           r"(?:my )?(?:display )?name\s*: ?<NAME>",
           build=_name),
    *rules("update_profile", "fr",
           r"(?:appelle~moi|appelez~moi|je m'appelle|mon nom est|mon nom c'est|mon prenom est|"
           r"(?:change|modifie|mets) mon nom (?:en|pour|a)) <NAME>",
           r"(?:mon )?nom\s*: ?<NAME>",
           build=_name),
    *rules("update_profile", "en",
           r"(?:my bio (?:is|should be|should say)|(?:set|change|update|make) my bio"
           r"(?: to| as)?)<SAYS><BIO>",
           r"(?:my bio|bio|about me|new bio)\s*(?P<colon>:)\s*<BIO>",
           whole=True, build=_bio),
    *rules("update_profile", "fr",
           r"(?:ma (?:bio|description) (?:est|c'est)|(?:change|modifie|mets a jour|remplace) "
           r"ma (?:bio|description)(?: en| par| pour| avec)?)<SAYS><BIO>",
           r"(?:ma bio|ma description|description|a propos de moi)\s*(?P<colon>:)\s*<BIO>",
           whole=True, build=_bio),
    *rules("update_profile", "en",
           r"(?:my (?:interests|hobbies|topics|passions) (?:are|include)|(?:set|change|update) "
           r"my interests(?: to)?)<SAYS><LIST>",
           r"(?:my )?(?:interests|hobbies)\s*: ?<LIST>",
           build=_interests),
    *rules("update_profile", "fr",
           r"(?:mes (?:centres? d'interets?|interets|passions|sujets) (?:sont|c'est)|"
           r"(?:change|modifie|mets a jour) mes (?:centres? d'interets?|interets)"
           r"(?: en| pour| par| avec)?)<SAYS><LIST>",
           r"(?:mes )?(?:centres? d'interets?|interets|passions)\s*: ?<LIST>",
           build=_interests),
]
