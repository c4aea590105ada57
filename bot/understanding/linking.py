"""Rules for one person on several platforms: link codes, linked platforms, unlinking,
and where the digest goes.

    "link my discord" / "lie mon compte telegram"   -> link(platform=...)
    "link 7KQ-4MX-P2Z" / "7kq 4mx p2z"             -> link(code="7kq-4mx-p2z")
    "where am I linked?" / "où suis-je relié ?"     -> linked
    "unlink discord" / "délie discord"              -> unlink(platform="discord")
    "send my digest on discord" / "résumé ici"      -> set_digest(platform=...)

A code anywhere in a message that speaks of linking, or a message that is only a
code, is read as that code, surely: such a message never reaches a language model,
whose provider must not read a live code (storage/linking.py). A code typed alone
must look like one as shown: three groups of three with separators, or nine in a
row with a digit among them ("something" is no code).
"""

from __future__ import annotations

import re

from bot.understanding.grammar import Args, Rule, define, rules
from bot.understanding.wording import Message
from storage.linking import CODE_SHAPE, normalize_code

# How people name the platforms, to the names the vocabulary takes (actions.PlatformName).
PLATFORM_WORDS = {"telegram": "telegram", "tg": "telegram", "discord": "discord",
                  "terminal": "console", "console": "console", "terminal app": "console"}
define(
    PLAT=r"(?:(?:my|the|mon|ma|le|la) )?(?:(?:compte|account) )?"
    r"(?P<plat>telegram|tg|discord|terminal|console)(?: (?:account|accounts|compte|app))?",
    LINKV=r"(?:link|connect|join|attach|merge|pair)",
    LIERV=r"(?:lie|lier|relie|relier|liez|reliez|associe|associer|connecte|connecter)",
    UNLINKV=r"(?:unlink|disconnect|detach|remove)",
    DELIERV=r"(?:delie|delier|deliez|detache|detacher|dissocie|dissocier|deconnecte|"
    r"deconnecter|retire|retirer|enleve|enlever)",
    DIGV=r"(?:send|deliver|push|put|get|i want|envoie|envoyez|envoyer|mets|mettez|"
    r"je veux|recevoir|je voudrais)",
)
_CODE_IN_TEXT = re.compile(rf"(?<![0-9a-z])(?P<code>{CODE_SHAPE})(?![0-9a-z])")
_SHOWN = re.compile(r"[0-9a-z]{3}[\s\-_.][0-9a-z]{3}[\s\-_.][0-9a-z]{3}")
_LINK_WORD = re.compile(r"\b(?:link|links|linking|code|lie|lier|relie|relier|liez|reliez|"
                        r"associe|associer|connect|connecte|connecter)\b")


def code_in(message: Message) -> str | None:
    """The link code a message carries, as typed, if it speaks of linking (or is only
    a code); None otherwise."""
    low = message.low.strip()
    alone = _CODE_IN_TEXT.fullmatch(low)
    if alone and (_SHOWN.fullmatch(low) or any(c.isdigit() for c in low)):
        return message.text.strip() if normalize_code(low) else None
    if not _LINK_WORD.search(low):
        return None
    for found in _CODE_IN_TEXT.finditer(low):
        typed = found.group("code")
        if normalize_code(typed) and (any(c.isdigit() for c in typed) or _SHOWN.fullmatch(typed)):
            return message.cut(*found.span("code"))
    return None


def _platform(match: re.Match[str], message: Message) -> Args | None:
    word = match.groupdict().get("plat")
    return {"platform": PLATFORM_WORDS[word]} if word else {}


def _digest_platform(match: re.Match[str], message: Message) -> Args | None:
    word = match.groupdict().get("plat")
    if word:
        return {"platform": PLATFORM_WORDS[word]}
    return {"platform": "here"} if match.groupdict().get("here") else None


LINKING: list[Rule] = [
    *rules("link", "en",
           r"<LINKV>(?: (?:my|our|these|the))?(?: (?:accounts?|profiles?|identities))?"
           r"(?: (?:on|to|with|from|across|together))?(?: <PLAT>)?(?: (?:to|with) (?:this|"
           r"my|plaza)(?: (?:one|account))?)?",
           r"<LINKV> <PLAT>(?: (?:to|with) (?:this|my|plaza)(?: (?:one|account))?)?",
           r"(?:how (?:do|can) i |can i )<LINKV>(?: my)?(?: accounts?)?(?: (?:on|to|with))?"
           r"(?: <PLAT>)?",
           r"(?:get |give me |send me )?(?:a |my )?(?:link|linking) code(?: for <PLAT>)?",
           build=_platform),
    *rules("link", "fr",
           r"<LIERV>(?: (?:mon|mes|nos|le|les|ce|ces))?(?: (?:comptes?|profils?))?"
           r"(?: (?:a|avec|sur|de|entre eux|ensemble))?(?: <PLAT>)?",
           r"(?:comment )?(?:je peux |puis~je )?<LIERV> <PLAT>",
           r"(?:un |mon )?code (?:de liaison|pour (?:lier|relier))(?: <PLAT>)?",
           build=_platform),
    *rules("linked", "en",
           r"where am i (?:linked|connected|logged in)(?: to| on)?",
           r"(?:which|what) (?:platforms?|apps?|accounts?) (?:am i|are) (?:linked|connected)"
           r"(?: (?:on|to))?",
           r"(?:my |show |list )?(?:linked|connected) (?:accounts?|platforms?|apps?|identities)",
           r"(?:my )?(?:accounts?|platforms?|identities) (?:linked|connected)"),
    *rules("linked", "fr",
           r"ou (?:suis~je|je suis|est~ce que je suis) (?:lie|liee|relie|reliee|connecte|"
           r"connectee)",
           r"(?:sur )?quelles? (?:plateformes?|applis?|applications?|comptes?) (?:suis~je|"
           r"sont|je suis) (?:lie|liee|relie|reliee|lies|relies|connecte|connectes)",
           r"(?:mes )?comptes (?:lies|relies|connectes|associes)"),
    *rules("unlink", "en",
           r"<UNLINKV> <PLAT>(?: (?:from|to) (?:my account|plaza|me))?", build=_platform),
    *rules("unlink", "fr",
           r"<DELIERV> <PLAT>(?: (?:de|du) (?:mon compte|plaza))?",
           r"(?:ne plus|arrete de) (?:lier|relier) <PLAT>", build=_platform),
    *rules("set_digest", "en",
           r"(?:<DIGV> )?(?:me )?<DIG> (?:on|to|via|in|through|over|by) <PLAT>",
           r"(?:<DIGV> )?(?:me )?<DIG> (?P<here>here|in this chat|on this app|to this chat)",
           r"<DIGV> (?:it|them) (?:on|to|via|in) <PLAT>",
           build=_digest_platform),
    *rules("set_digest", "fr",
           r"(?:<DIGV>(?:~moi)? )?<DIGFR> (?:sur|par|via|dans|avec) <PLAT>",
           r"(?:<DIGV>(?:~moi)? )?<DIGFR> (?P<here>ici|dans ce chat|sur cette appli)",
           build=_digest_platform),
]
