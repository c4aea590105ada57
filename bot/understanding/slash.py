"""Slash commands: "/post hello", "/follow alice", "/digest 8am", "/help".

Telegram appends the bot's name in groups ("/post@PlazaBot hello"); that
suffix is dropped. A command is explicit whatever it does, but a command with
a missing or malformed argument ("/follow" alone, "/like banana") answers
chat, so the conversation can ask rather than guess. "/delete" alone is the
account (which always asks first); "/delete 12" is a post. "/settings" shows
your own profile, which carries the digest settings. "/notifications" says what one is
told of, "/notifications likes off" switches kinds, "/quiet 22:00-07:00" sets quiet hours
("/quiet off" takes them away, "/quiet" alone shows them), "/notify alice" and
"/unnotify alice" her every post.

"/start alice" is what Telegram sends when someone opens the link
t.me/<bot>?start=alice: it shows alice's profile. Telegram allows a payload of
A-Z, a-z, 0-9, _ and -; one that cannot be a handle is ignored, and "/start"
is then the greeting (or help, for someone Plaza knows).
"""

from __future__ import annotations

import re

from bot.understanding.clock import SHAPE
from bot.understanding.grammar import Args, handle, interests, phrase, rx
from bot.understanding.linking import PLATFORM_WORDS
from bot.understanding.notifying import kinds_in, quiet_span
from bot.understanding.schedule import schedule_args
from bot.understanding.steering import term_in, until_of
from bot.understanding.wording import Message
from storage.linking import normalize_code

_COMMAND = re.compile(r"/(?P<cmd>[a-z_]+)(?:@[a-z0-9_]+)?(?:\s+(?P<rest>.*?))?\s*", re.S)
# A post's number as written after a command: "12", "#12", "n°12", "no. 12", "le 12",
# "le message 12", "post 12"; not "1.5" (no post has that number). Folded text.
_NUMBER = (r"(?:(?:the|le|la|du) )?(?:(?:post|message|publication|tweet) )?"
           r"(?:#|n°|no\.?|numero|number)?\s*(?P<n>\d{1,30})(?![.,]?\d)")
_REF = re.compile(rf"{_NUMBER}|(?P<word>last|it|dernier|derniere)")
_ACCOUNT = re.compile(r"|(?:my |mon )?(?:account|compte)")
_REPLY = re.compile(rf"{_NUMBER}\s*:?\s+(?P<text>\S.*)", re.S)
# "/edit 12 new words", "/edit last: new words"
_EDIT = re.compile(rf"(?:{_NUMBER}|(?P<last>last|dernier))\s*:?\s+(?P<text>\S.*)", re.S)
# "/report 150 it's spam", "/report #150", "/signaler @bob harcèlement"
_REPORT = re.compile(rf"(?:{_NUMBER}|(?P<h>@?[a-z0-9_.]{{3,30}}))(?=[\s,:;-]|$)"
                     r"[\s,:;-]*(?P<why>.*)", re.S)
_LINKED_HANDLE = re.compile(r"[a-z0-9_]{3,30}")  # a handle a t.me ?start= payload can carry
_ON = frozenset({"on", "oui", "active", "yes", "start"})
_OFF = frozenset({"off", "stop", "non", "no", "desactive", "pause"})
_SCHEDULES = (rx(f"(?P<when>{SHAPE})<ZTAIL>?"), rx("<ZONE>"))
_HIDDEN = rx("<SWORD><STERM><SUNTIL>")  # bot/understanding/steering.py
_TIMES = re.compile(rf"(?<![\d:.h])(?:{SHAPE})")

_COMMANDS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("post", "publish", "publie", "publier", "poster", "tweet"), ("post", "text")),
    **dict.fromkeys(("reply", "repondre", "reponds"), ("reply", "reply")),
    **dict.fromkeys(("edit", "modifier", "modifie", "corriger"), ("edit_post", "edit")),
    **dict.fromkeys(("quote", "citer", "cite"), ("quote", "reply")),
    **dict.fromkeys(("like", "aime", "aimer"), ("like", "ref")),
    **dict.fromkeys(("unlike", "deliker"), ("unlike", "ref")),
    **dict.fromkeys(("repost", "share", "partage", "partager"), ("repost", "ref")),
    **dict.fromkeys(("unrepost", "unshare", "plusrepartager"), ("unrepost", "ref")),
    **dict.fromkeys(("show", "open", "voir", "ouvrir", "montre"), ("show_post", "ref")),
    **dict.fromkeys(("pin", "epingler", "epingle"), ("pin", "ref")),
    **dict.fromkeys(("handle", "rename", "pseudo"), ("change_handle", "new_handle")),
    **dict.fromkeys(("report", "signaler", "signale", "flag"), ("report", "report")),
    **dict.fromkeys(("unpin", "desepingler", "desepingle"), ("unpin", "ref?")),
    **dict.fromkeys(("delete", "supprimer", "supprime"), ("delete_account", "delete")),
    **dict.fromkeys(("follow", "suivre"), ("follow", "handle")),
    **dict.fromkeys(("unfollow", "neplussuivre"), ("unfollow", "handle")),
    **dict.fromkeys(("block", "bloquer"), ("block", "handle")),
    **dict.fromkeys(("unblock", "debloquer"), ("unblock", "handle")),
    **dict.fromkeys(("mute", "masquer"), ("mute", "handle")),
    **dict.fromkeys(("unmute", "demasquer"), ("unmute", "handle")),
    **dict.fromkeys(("feed", "fil", "news"), ("read_feed", "author")),
    **dict.fromkeys(("digest", "resume", "summary"), ("digest", "digest")),
    **dict.fromkeys(("discover", "decouvrir", "suggest"), ("discover", "topic")),
    **dict.fromkeys(("search", "chercher", "recherche", "rechercher"), ("search", "query")),
    **dict.fromkeys(("profile", "profil", "whois"), ("show_profile", "handle?")),
    **dict.fromkeys(("settings", "reglages", "parametres"), ("show_profile", "")),
    **dict.fromkeys(("help", "aide", "commands", "commandes"), ("help", "")),
    "start": ("help", "start"),
    **dict.fromkeys(("export", "exporter"), ("export_data", "")),
    **dict.fromkeys(("followers", "abonnes"), ("followers", "")),
    **dict.fromkeys(("following", "abonnements"), ("following", "")),
    **dict.fromkeys(("mentions",), ("mentions", "")),
    **dict.fromkeys(("notify", "alerte"), ("subscribe", "handle")),
    **dict.fromkeys(("unnotify", "stopalerte"), ("unsubscribe", "handle")),
    **dict.fromkeys(("notifications", "notifs"), ("notifications", "notifications")),
    **dict.fromkeys(("quiet", "calme"), ("quiet_hours", "quiet")),
    **dict.fromkeys(("hide", "cacher"), ("steer", "steer")),
    **dict.fromkeys(("unhide", "decacher"), ("unsteer", "unsteer")),
    **dict.fromkeys(("steering", "filtres"), ("steering", "")),
    **dict.fromkeys(("trending", "trends", "tendances"), ("trending", "")),
    **dict.fromkeys(("noai", "sansia"), ("ai_opt_out", "")),
    **dict.fromkeys(("explain", "expliquer", "contexte"), ("explain", "ref")),
    **dict.fromkeys(("catchup", "rattraper", "quoideneuf"), ("catch_up", "topic")),
    **dict.fromkeys(("link", "lier", "relier"), ("link", "link")),
    **dict.fromkeys(("unlink", "delier", "detacher"), ("unlink", "platform")),
    **dict.fromkeys(("linked", "lies", "comptes"), ("linked", "")),
    **dict.fromkeys(("name", "nom"), ("update_profile", "name")),
    **dict.fromkeys(("bio",), ("update_profile", "bio")),
    **dict.fromkeys(("interests", "interets"), ("update_profile", "interests")),
    **dict.fromkeys(("undo", "annuler", "annule", "defaire"), ("undo", "")),
}


def _ref(rest: str) -> int | str | None:
    if match := _REF.fullmatch(rest):
        return int(match["n"]) if match["n"] else "it" if match["word"] == "it" else "last"
    return None


def _digest(message: Message, start: int, end: int) -> tuple[str, Args]:
    rest = message.low[start:end]
    if not rest:
        return "digest", {}
    if rest in _ON or rest in _OFF:
        return "set_digest", {"enabled": rest in _ON}
    for pattern in _SCHEDULES:
        if (match := pattern.fullmatch(message.low, start, end)) and (
            args := schedule_args(None)(match, message)
        ) is not None:
            return "set_digest", args
    return "set_digest", {}  # a time we could not read


def _link(rest: str, words: str) -> Args | None:
    """ "/link" asks for a code, "/link discord" too (naming where), "/link 7KQ-4MX-P2Z"
    enters one; anything else is not understood."""
    if not rest:
        return {}
    if (platform := PLATFORM_WORDS.get(rest)) is not None:
        return {"platform": platform}
    typed = words.removeprefix("code:").strip()  # Discord's way of showing an option
    return {"code": typed} if normalize_code(typed) else None


def _report(message: Message, start: int, end: int) -> Args | None:
    """ "/report 150 it's spam" reports a post, "/report @bob rude" a person (the first
    word, with or without its @), the words after it the reason; "/report" alone asks."""
    found = _REPORT.fullmatch(message.low, start, end)
    if found is None:
        return None
    reason = message.cut(*found.span("why")).strip() if found["why"] else ""
    if found["n"]:
        return {"post": int(found["n"]), "reason": reason}
    named = handle(message.cut(*found.span("h")), bare=True)
    return {"handle": named, "reason": reason} if named else None


def _notifications(rest: str) -> tuple[str, Args] | None:
    """ "/notifications" lists them; "/notifications likes reposts off" (or "on") switches
    those kinds; anything else is not understood."""
    if not rest:
        return "notifications", {}
    words = rest.split()
    on = words[-1] in _ON
    kinds = kinds_in(" ".join(words[:-1]))
    if not kinds or not (on or words[-1] in _OFF):
        return None
    return "switch_notifications", {"kinds": kinds, "on": on}


def _quiet(rest: str) -> Args | None:
    """ "/quiet 22:00-07:00", "/quiet 22h 8h": quiet hours; "/quiet off": none."""
    if rest in _OFF or rest in ("none", "aucune", "remove"):
        return {}
    times = [m.group(0) for m in _TIMES.finditer(rest) if m.group(0).strip()]
    return quiet_span(times[0], times[1] if len(times) > 1 else None) if times else None


def slash(message: Message) -> tuple[str, Args | None] | None:
    """(action, args) for a slash command; (action, None) for a known command whose
    words are missing or unreadable ("/report" alone: which post or person is asked);
    ("chat", {}) for a command Plaza does not have; None if the message is none."""
    begin = len(message.low) - len(message.low.lstrip())
    match = _COMMAND.fullmatch(message.low, begin)
    if match is None:
        return None
    action, kind = _COMMANDS.get(match["cmd"], ("chat", ""))
    start, end = match.span("rest") if match["rest"] else (match.end(), match.end())
    rest, words = message.low[start:end], message.cut(start, end)
    args: Args | None = {}
    if kind == "text":
        args = {"text": words} if words else None
    elif kind == "reply":
        if reply := _REPLY.fullmatch(message.low, start, end):
            args = {"post": int(reply["n"]), "text": message.cut(*reply.span("text"))}
        else:  # "/reply 12" alone: the post, its words asked for (rules: compose)
            args = {"post": ref} if isinstance(ref := _ref(rest), int) else None
    elif kind == "edit":
        if edit := _EDIT.fullmatch(message.low, start, end):
            args = {"post": int(edit["n"]) if edit["n"] else "last",
                    "text": message.cut(*edit.span("text"))}
        else:
            args = {"post": ref} if (ref := _ref(rest)) in ("last",) or isinstance(
                ref, int) else None
    elif kind == "ref":
        args = {"post": ref} if (ref := _ref(rest)) is not None else None
    elif kind == "ref?":  # "/unpin" or "/unpin 4"
        args = {} if not rest.strip() else {"post": ref} if (ref := _ref(rest)) else None
    elif kind == "report":
        args = _report(message, start, end)
    elif kind == "delete" and not _ACCOUNT.fullmatch(rest):
        action, ref = "delete_post", _ref(rest)
        args = {"post": ref} if ref is not None else None
    elif kind in ("handle", "handle?", "author") and rest:
        field = "author" if kind == "author" else "handle"
        args = {field: handle(words, bare=True)} if len(words.split()) == 1 else None
    elif kind == "handle":
        args = None
    elif kind == "new_handle":  # as typed, checked by the network: "/handle rooty"
        args = {"new_handle": words.strip().lstrip("@")} if len(words.split()) == 1 else None
    elif kind == "digest":
        action, args = _digest(message, start, end)
    elif kind == "start" and _LINKED_HANDLE.fullmatch(rest):
        action, args = "show_profile", {"handle": rest}
    elif kind in ("topic", "query") and rest:
        args = {kind: phrase(message, start, end)}
    elif kind == "query":
        args = None
    elif kind in ("name", "bio"):
        args = {kind: words} if words else None
    elif kind == "link":
        args = _link(rest, words)
    elif kind == "platform":
        platform = PLATFORM_WORDS.get(rest.removesuffix(" account").strip())
        args = {"platform": platform} if platform else None
    elif kind == "notifications":
        action, args = _notifications(rest) or ("switch_notifications", None)
    elif kind == "quiet" and not rest:  # "/quiet" alone: the settings, quiet hours among them
        action, args = "notifications", {}
    elif kind == "quiet":
        args = _quiet(rest)
    elif kind == "steer":  # "/hide spoiler until sunday"
        read = _HIDDEN.fullmatch(message.low, start, end) if rest else None
        term = term_in(message, *read.span("term")) if read else None
        args = None if term is None else {"kind": "hide", "term": term}
        if args is not None and read and (until := until_of(read["until"])):
            args["until"] = until
    elif kind == "unsteer":
        args = {"term": term} if rest and (term := term_in(message, start, end)) else None
    elif kind == "interests":
        args = {"interests": interests(message, start, end)} if rest else None
    return action, args
