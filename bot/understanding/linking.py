"""Rules for one person on several platforms: link codes, linked platforms, unlinking,
and where the digest goes.

    "link my discord" / "lie mon compte telegram"   -> link(platform=...)
    "link 7KQ-4MX-P2Z" / "7kq 4mx p2z"             -> link(code="7kq-4mx-p2z")
    "where am I linked?" / "où suis-je relié ?"     -> linked
    "unlink discord" / "délie discord"              -> unlink(platform="discord")
    "send my digest on discord" / "résumé ici"      -> set_digest(platform=...)

A message that sends a code (alone, with a few words around it, or after a link
verb) is read as that code, surely, so it never reaches a language model, whose
provider must not read a live code (storage/linking.py); the conversation also
recognises a live code anywhere in a message (storage.linking.live_code_in).
"""

from __future__ import annotations

import re

from bot.understanding.grammar import Args, Rule, define, rules
from bot.understanding.wording import Message
from storage.linking import CODE_SHAPE, fold_code_text, normalize_code, shown

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
# A code sent on its own, maybe with a few words around it, or after a link verb.
_AROUND_BEFORE = (r"(?:(?:ok|okay|so|done|here(?:'s| is| it is| you go)?|it's|voici|voila|"
                  r"c'est|et)\s*[:,!]?\s*)?(?:(?:my|the|le|mon|ma)\s+)?(?:(?:link(?:ing)?\s+)?"
                  r"code(?:\s+(?:is|est|de liaison))?\s*:?\s*)?")
_LINK_BEFORE = (r"/?(?:link|join|merge|pair|attach|connect|lie|lier|relie|relier|liez|reliez|"
                r"associe|associer|connecte|connecter)(?:\s+(?:with|using|me|avec|moi))?"
                r"(?:\s+(?:(?:the|my|le|mon)\s+)?code)?\s*:?\s*")
_AFTER = (r"(?:[\s,]*(?:please|pls|plz|thanks|thank you|thx|merci|stp|svp|s'il te plait|"
          r"s'il vous plait))?[\s.!?…:)]*")
_CODE_MESSAGES = (
    re.compile(rf"{_LINK_BEFORE}(?P<code>{CODE_SHAPE}){_AFTER}"),
    re.compile(rf"{_AROUND_BEFORE}(?P<code>{CODE_SHAPE}){_AFTER}"),
)
_SPACED = re.compile(r"[0-9a-z]{3}[\s\-_.·]+[0-9a-z]{3}[\s\-_.·]+[0-9a-z]{3}")
# A code's two gaps, as typed: both empty ("7kq4mxp2z") or both not ("7kq 4mx p2z"); a
# word run into a number ("follow 123", "search 555") has one gap only, and is no code.
_GAPS = re.compile(r"[0-9a-z]{3}(?P<a>[\s\-_.·]*)[0-9a-z]{3}(?P<b>[\s\-_.·]*)[0-9a-z]{3}")


def code_in(message: Message) -> str | None:
    """The link code a message sends, as shown ("7KQ-4MX-P2Z"), if the message is one: a
    code alone, maybe with a few words ("here it is: …", "… please"), or after a link verb
    ("link …", "lier …"); None otherwise. Its groups are typed with a gap between each
    two or with none (_GAPS): "follow 123" is no code. A code with no gap must hold
    a digit: "something" or "link something" is no code; so must one with gaps, unless
    typed in capitals ("AND AVA TOO" may be a code copied with O for 0; "and ava too" is
    not). What is only code-shaped inside a sentence ("my zip code is 123456789 and…") is
    not one here; the conversation still recognises a live code anywhere
    (storage.linking.live_code_in)."""
    text = fold_code_text(message.text).strip()
    cased = fold_code_text(message.text, lower=False).strip()
    for pattern in _CODE_MESSAGES:
        if (match := pattern.fullmatch(text)) is None:
            continue
        typed = match.group("code")
        gaps = _GAPS.fullmatch(typed)
        if gaps is None or bool(gaps["a"]) != bool(gaps["b"]):
            continue
        # Every code holds a digit (storage.linking never gives one without). Typed
        # with O for 0 or I for 1 it holds none: then it must look copied, in capitals,
        # so three short words ("and ava too") are never a code.
        same = len(cased) == len(text)
        as_typed = cased[match.start("code"):match.end("code")] if same else ""
        copied = _SPACED.fullmatch(typed) and as_typed.isupper()
        # Nor is a lower-case I, L or O read as 1 or 0 but in a code copied in capitals:
        # "lik 301 pls" is a like of #301 typed fast, not the code 11K-301-P1S.
        if not as_typed.isupper() and any(c in "ilo" for c in typed):
            continue
        if (code := normalize_code(typed)) and (copied or any(c.isdigit() for c in typed)):
            return shown(code)
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
           r"am i (?:linked|connected)(?: (?:anywhere|to anything|elsewhere))?",
           r"(?:which|what) (?:platforms?|apps?) am i (?:on|using)",
           r"where (?:does|do) (?:my|the) (?:digests?|summary|recap) go",
           r"(?:which|what) (?:platforms?|apps?|accounts?) (?:am i|are) (?:linked|connected)"
           r"(?: (?:on|to))?",
           r"(?:my |show |list )?(?:linked|connected) (?:accounts?|platforms?|apps?|identities)",
           r"(?:my )?(?:accounts?|platforms?|identities) (?:linked|connected)"),
    *rules("linked", "fr",
           r"ou (?:suis~je|je suis|est~ce que je suis) (?:lie|liee|relie|reliee|connecte|"
           r"connectee)",
           r"(?:sur )?quelles? (?:plateformes?|applis?|applications?|comptes?) (?:suis~je|"
           r"sont|je suis) (?:lie|liee|relie|reliee|lies|relies|connecte|connectes)",
           r"(?:mes )?comptes (?:lies|relies|connectes|associes)",
           r"(?:sur )?quelles? (?:plateformes?|applis?|applications?) (?:suis~je|je suis|"
           r"j'utilise|est~ce que j'utilise)",
           r"ou (?:va|part|arrive) (?:mon|le) (?:resume|recap)"),
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
