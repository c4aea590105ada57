"""The arguments of an action, read from the message the classifier labelled.

    arguments("follow", "follow my friend sarah")        -> [{"handle": "sarah"}]
    arguments("follow", "abonne-moi à @julien et @manon") -> [{"handle": "julien"},
                                                             {"handle": "manon"}]
    arguments("like", "can you like 52 for me")          -> [{"post": 52}]
    arguments("follow", "follow someone")                -> None  (no handle: ask who)

A list because one message may ask the same thing for several people or posts.
A handle written without its @ is a word that is not a "carrier": carriers are every
word of the templates (templates.py), of the openers and endings people add, and of
a short list of function words, so "my", "friend", "uncle" and "pls" are never
taken for a handle.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from bot.understanding.clock import SHAPE, parse_time
from bot.understanding.intents import generate
from bot.understanding.intents.templates import EN, FR
from bot.understanding.linking import PLATFORM_WORDS
from bot.understanding.zones import zone_named
from storage.text import fold

Args = dict[str, Any]

HANDLE_ACTIONS = frozenset({"follow", "unfollow", "block", "unblock", "mute", "unmute"})
POST_ACTIONS = frozenset({"like", "repost", "delete_post"})

_WORD = re.compile(r"[\w'@#.°-]+")
_AT_HANDLE = re.compile(r"@([a-z0-9_]{2,30})\b")
_BARE = re.compile(r"[a-z][a-z0-9_]{1,29}")
_POST = re.compile(r"(?:#|\bn°|\bno\.?|\bnumero|\bnumber|\bpost|\bmessage)?\s?(\d{1,10})\b"
                   r"(?!\s?(?:h|am|pm|:\d))")
_LAST = re.compile(r"\b(?:last|latest|just posted|just wrote|dernier|derniere|"
                   r"viens de (?:poster|publier|dire|ecrire))\b")
_LIST = re.compile(r"\s*(?:,|&|\band\b|\bet\b|\bplus\b|\+)\s*")
_TIME_SPAN = re.compile(SHAPE)
_COLON = re.compile(r"^[^:]{0,60}?:\s*(?P<rest>\S.*)$", re.S)
_FOLLOWERS_ONLY = re.compile(r"followers only|only (?:to|for) my followers|to my followers|"
                             r"with my followers|pour mes abonnes|mes abonnes seulement|"
                             r"(?:seulement|juste|qu'a) (?:pour |a )?mes abonnes")
_OFF = re.compile(r"\b(?:turn off|stop|disable|pause|cancel|no more|don't want|dont want|"
                  r"arrete|coupe|desactive|stoppe|suspends|plus de|ne veux plus|"
                  r"veux plus|pas de)\b")
_ON = re.compile(r"\b(?:turn on|start|enable|resume|restart|active|reactive|relance|remets|"
                 r"rallume)\b")
_EMPTY_DAYS = re.compile(r"nothing new|empty|quiet|rien de neuf|sans nouveaut|rien de nouveau")
_NEVER_ON_EMPTY = re.compile(r"\b(?:don't|dont|do not|n'envoie rien|rien|no)\b")
_HERE = re.compile(r"\b(?:here|ici)\b")
_NAME = re.compile(r"(?:name to|name is|call me|rename me to|nom (?:en|a|pour)|appelle[- ]moi|"
                   r"je m'appelle)\s*:?\s*(?P<v>.+)$")
_BIO = re.compile(r"(?:bio (?:to|is|should be|en|a|pour)|bio\s*:|in my bio|profile\s*:|"
                  r"profil\s*:)\s*:?\s*(?P<v>.+)$")
_INTERESTS = re.compile(r"(?:interests (?:are|to)|i'm into|im into|i like|i love|"
                        r"centres d'interet sont|j'aime|je suis fan de|to my interests|"
                        r"a mes centres d'interet)\s*:?\s*(?P<v>.+)$")

# Function words of both languages that are never handles or topics on their own.
_FUNCTION_WORDS = frozenset("""
a an the my your his her their our its me you him them us it this that these those i i'm
im is are was be been to of in on at for with from by about into and or but so not no yes
some any all every what who whom which where when why how do does did can could would will
should may might must just really very too also now then there here please pls plz thanks
thx ok okay hey hi hello yo u ur ya up out off over again more less much many lot lots
le la les un une des du de d' l' au aux mon ma mes ton ta tes son sa ses notre nos votre vos
leur leurs je j' tu il elle on nous vous ils elles me moi te toi se lui ce cet cette ces ca
ça qui que quoi qu' ou où et mais donc car ni pas plus ne n' y en est sont a ai as avez ont
pour par sur dans avec sans chez vers stp svp merci oui non si bien tres trop aussi encore
""".split())


@cache
def carriers() -> frozenset[str]:
    """Words that frame a request, never its handle or topic (see the module docstring)."""
    words = set(_FUNCTION_WORDS)
    texts = [t for table in (EN, FR) for templates in table.values() for t in templates]
    texts += [*generate._OPEN_EN, *generate._CLOSE_EN, *generate._OPEN_FR, *generate._CLOSE_FR]
    for template in texts:
        plain = re.sub(r"\{\w+\}", " ", template)
        for word in re.split(r"[^\w']+", fold(plain)):
            if word:
                words.add(word)
                words.update(part for part in word.split("'") if part)
    return frozenset(words)


def _handles(low: str) -> list[str]:
    """Handles named in `low`: the @ ones if any, else words that are not carriers."""
    written = _AT_HANDLE.findall(low)
    if written:
        return list(dict.fromkeys(written))
    known = carriers()
    found = []
    for word in _WORD.findall(low):
        word = word.strip(".'-").removesuffix("'s")
        if _BARE.fullmatch(word) and word not in known:
            found.append(word)
    if len(found) > 1 and not _LIST.search(low):
        return found[:1]  # "follow sarah from work": the first word that is no carrier
    return list(dict.fromkeys(found))


def _posts(low: str) -> list[int | str]:
    numbers: list[int | str] = [int(n) for n in _POST.findall(low) if 0 < int(n) < 2**31]
    if numbers:
        return list(dict.fromkeys(numbers))
    return ["last"] if _LAST.search(low) else []


def _rest(low: str, original: str, *, keep_colon: bool = True) -> str:
    """The words of `original` after the carriers that open it and before those that
    close it: "search for rust tips pls" -> "rust tips"."""
    if keep_colon and (match := _COLON.match(original)):
        return match["rest"].strip()
    known = carriers()
    words = original.split()
    folded = low.split()
    if len(words) != len(folded):  # folding changed the word count: keep it all
        return original.strip()
    start, end = 0, len(words)
    def framing(word: str) -> bool:
        word = word.strip(",.!?:;…")
        return not word or word in known

    while start < end and framing(folded[start]):
        start += 1
    while end > start and framing(folded[end - 1]):
        end -= 1
    return " ".join(words[start:end]).strip(" ,.!?:;")


def _digest_args(low: str, original: str) -> Args:
    args: Args = {}
    for match in _TIME_SPAN.finditer(low):
        if (time := parse_time(match.group(0))) is not None:
            args["time"] = time
            break
    for marker in re.finditer(r"\b(?:in|to|is|a|en|au|sur|est)\s+", low):
        if zone := zone_named(low[marker.end():], original[marker.end():]):
            args["timezone"] = zone
            break
    for word, platform in PLATFORM_WORDS.items():
        if re.search(rf"\b{word}\b", low):
            args["platform"] = platform
    if "platform" not in args and _HERE.search(low):
        args["platform"] = "here"
    if _EMPTY_DAYS.search(low):
        args["always"] = not _NEVER_ON_EMPTY.search(low)
    elif _OFF.search(low):
        args["enabled"] = False
    elif _ON.search(low):
        args["enabled"] = True
    return args


def _platform(low: str) -> str | None:
    for word, platform in PLATFORM_WORDS.items():
        if re.search(rf"\b{word}\b", low):
            return platform
    return None


def _profile_args(low: str, original: str) -> Args | None:
    for pattern, key in ((_NAME, "name"), (_BIO, "bio")):
        if match := pattern.search(low):
            return {key: original[match.start("v"):].strip(" .!")}
    if match := _INTERESTS.search(low):
        items = [i.strip(" .!") for i in _LIST.split(original[match.start("v"):]) if i.strip()]
        return {"interests": items} if items else None
    return None


def arguments(action: str, text: str) -> list[Args] | None:
    """The argument sets `text` gives `action` (several when it names several people or
    posts), or None when an argument the action needs is missing."""
    low = fold(text)
    if len(low) != len(text):  # fold changed lengths (ligatures...): read the folded text
        text = low
    if action in HANDLE_ACTIONS:
        handles = _handles(low)
        return [{"handle": h} for h in handles] or None
    if action in POST_ACTIONS:
        posts = _posts(low)
        return [{"post": p} for p in posts] or None
    if action == "reply":
        match = _POST.search(low)
        if match is None:
            return None
        said = text[match.end():].strip(" :,")
        said = re.sub(r"^(?:saying|with|that|say|que|avec|par|:)\s+", "", said, flags=re.I)
        return [{"post": int(match.group(1)), "text": said}] if said else None
    if action in ("read_feed", "show_profile"):
        key = "author" if action == "read_feed" else "handle"
        handles = _handles(low)
        return [{key: handles[0]} if handles else {}]
    if action == "post":
        words = _rest(low, text)
        if not words:
            return None
        args: Args = {"text": words}
        if _FOLLOWERS_ONLY.search(low):
            args["visibility"] = "followers"
        return [args]
    if action in ("search", "discover"):
        words = _rest(low, text, keep_colon=False)
        key = "query" if action == "search" else "topic"
        if not words:
            return None if action == "search" else [{}]
        return [{key: words}]
    if action == "set_digest":
        return [_digest_args(low, text)]
    if action == "link":
        platform = _platform(low)
        return [{"platform": platform} if platform else {}]
    if action == "unlink":
        platform = _platform(low)
        return [{"platform": platform}] if platform else None
    if action == "update_profile":
        found = _profile_args(low, text)
        return [found] if found else None
    return [{}]


def ordinal(text: str) -> int | None:
    """Which item of a list "the second one" / "le 3" names, from 1; -1 for the last."""
    low = fold(text)
    words = {"first": 1, "1st": 1, "premier": 1, "premiere": 1, "1er": 1, "second": 2,
             "2nd": 2, "deuxieme": 2, "seconde": 2, "2e": 2, "2eme": 2, "third": 3, "3rd": 3,
             "troisieme": 3, "3e": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
             "last": -1, "dernier": -1, "derniere": -1}
    for word in re.findall(r"[\w']+", low):
        if word in words:
            return words[word]
        if word.isdigit() and 0 < int(word) < 50:
            return int(word)
    return None
