"""Texting shorthand written out: "ki me suit", "koi d9", "whats hot rn", "show ppl i follow".

People type in chat the way they text: dropped letters ("ppl", "msg", "bcp"), sounds
("koi", "ki", "d9") and acronyms ("rn", "jsp"). The offline understanding reads the
message as sent first; only when that found nothing sure does it read it again
written out (bot.understanding.offline, like dictated words: bot.understanding.spoken),
so a post's own words are never rewritten.

Only whole words are replaced, and only those that are shorthand and nothing else in
English or French chat: no word of either language, nothing that could be someone's
handle and meant as one in a request (a handle has at least three characters, and
three-letter shorthand such as "ppl" is read as shorthand only on the second reading).
"""

from __future__ import annotations

import re

# shorthand -> the words it stands for; lower case, matched whatever the case
SHORTHAND: dict[str, str] = {
    # English
    "u": "you", "ur": "your", "r": "are", "rn": "right now", "ppl": "people",
    "msg": "message", "msgs": "messages", "abt": "about", "bc": "because",
    "cuz": "because", "coz": "because", "tmrw": "tomorrow", "tmr": "tomorrow",
    "2day": "today", "2moro": "tomorrow", "2morrow": "tomorrow", "wat": "what",
    "wut": "what", "wht": "what", "whats": "what's", "whos": "who's", "ppls": "people's",
    "sth": "something", "smth": "something", "sb": "somebody", "pls": "please",
    "plz": "please", "thx": "thanks", "ty": "thank you", "notifs": "notifications",
    "notif": "notification", "dm": "message", "dms": "messages", "b4": "before",
    "gonna": "going to", "wanna": "want to", "gimme": "give me", "lemme": "let me",
    "im": "i'm", "dont": "don't", "cant": "can't", "ive": "i've", "ya": "you",
    # French
    "ki": "qui", "koi": "quoi", "kwa": "quoi", "d9": "de neuf",
    "slt": "salut", "pk": "pourquoi", "pq": "pourquoi", "pcq": "parce que",
    "ds": "dans", "tt": "tout", "tjrs": "toujours", "tjs": "toujours", "bcp": "beaucoup",
    "qd": "quand", "qnd": "quand", "jsp": "je sais pas", "dmn": "demain", "dem1": "demain",
    "auj": "aujourd'hui", "ajd": "aujourd'hui", "mnt": "maintenant", "mtn": "maintenant",
    "pr": "pour", "vs": "vous", "kel": "quel", "kelle": "quelle", "ke": "que",
    "chui": "je suis", "jsuis": "je suis", "jveux": "je veux", "jpeux": "je peux",
    "abo": "abonné", "abos": "abonnés", "abonnes": "abonnés",
    "stp": "s'il te plaît", "svp": "s'il vous plaît", "qqn": "quelqu'un",
    "qqch": "quelque chose", "jai": "j'ai", "cest": "c'est", "quest": "qu'est",
    "dabonnes": "d'abonnés", "dabos": "d'abonnés", "cb": "combien", "cmb": "combien",
    "oklm": "tranquille",
}
_WORD = re.compile(r"(?<![\w@#/'])(\w+)(?![\w'])")


def _replace(match: re.Match[str]) -> str:
    word = match.group(1)
    return SHORTHAND.get(word.lower(), word)


def written(text: str) -> str:
    """`text` with chat shorthand written out as words ("ki me suit" -> "qui me suit");
    `text` itself when it holds none. Handles (@…), hashtags and commands (/…) are kept."""
    out = _WORD.sub(_replace, text)
    return out if out != text else text
