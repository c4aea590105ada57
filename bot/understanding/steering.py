"""Rules for steering the feed by talking (issue 18).

    "show me less politics this week", "montre-moi moins de politique cette semaine" -> steer
    "more climbing", "plus d'escalade" (asked about first: it may mean "no more")    -> steer
    "never show me posts about crypto", "cache les messages avec le mot spoiler
     jusqu'à dimanche"                                                               -> steer
    "what have I asked you to hide?", "qu'est-ce que je t'ai demandé de cacher ?" -> steering
    "stop hiding spoiler", "show me politics again", "arrête de cacher spoiler"  -> unsteer

How long is said at the end ("this week", "until Sunday", "for 3 days", "jusqu'à
dimanche", "pendant 3 jours"), read by `until_of` into the action's `until` (actions.py
STEER_UNTIL), which the executor reads in the person's zone (storage.steering.ends_at).
A handle ("@bob"), a post number ("#12") or a word that names no topic ("more posts",
"show me more") is no term: those are other actions (mute, show_post, the feed's next page).
The slot reader of the learned understanding reads the same way (`steer_args`).
"""

from __future__ import annotations

import re

from bot.understanding.grammar import Args, Builder, Rule, define, phrase, rules, rx
from bot.understanding.wording import Message

_NUMBERS = {"a": 1, "an": 1, "one": 1, "un": 1, "une": 1, "two": 2, "deux": 2, "three": 3,
            "trois": 3, "four": 4, "quatre": 4, "five": 5, "cinq": 5, "six": 6, "seven": 7,
            "sept": 7, "ten": 10, "dix": 10}
_DAYS = {"monday": "monday", "tuesday": "tuesday", "wednesday": "wednesday",
         "thursday": "thursday", "friday": "friday", "saturday": "saturday",
         "sunday": "sunday", "lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday",
         "jeudi": "thursday", "vendredi": "friday", "samedi": "saturday", "dimanche": "sunday"}
_DAY = "|".join(_DAYS)
_COUNT = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + ")"

define(
    # where, then how long: "in my feed this week"
    SUNTIL=r"(?: (?:in|on|from|of) (?:my|the) (?:feed|digest|daily digest|timeline|tl)|"
    r" dans (?:mon|le|ma) (?:fil|resume|flux|timeline))?(?: ?,? (?P<until>"
    r"(?:for |pour )?(?:today|tonight|the (?:rest of the )?day|aujourd'hui|ce soir|la journee)"
    r"|(?:for (?:the rest of )?|pour )?(?:this|the|cette|la) (?:week|semaine)"
    r"|(?:until|till|til|through|thru|up to|jusqu'a|jusqu'au|jusqu'en) (?:next |this )?"
    rf"(?:tomorrow|demain|{_DAY})"
    rf"|(?:for|during|pendant|pour|durant) (?:the next )?{_COUNT} (?:days?|jours?|weeks?|"
    r"semaines?)"
    r"|(?:forever|for ever|for good|ever again|anymore|any more|permanently|pour toujours|"
    r"definitivement|a jamais|pour de bon)))?",
    STERM=r"(?P<term>[^,;!?]+?)",
    SPOSTS=r"(?:(?:any|all|the|les|des|tous les|de|d') ?)?(?:posts?|messages?|stuff|things|"
    r"tweets|content|anything|everything|publications?|trucs?|contenus?) ",
    SABOUT=r"(?:about|on|with|mentioning|containing|that (?:say|says|mention|mentions|contain|"
    r"contains)|saying|tagged|related to|regarding|sur|a propos d(?:e |')|avec|"
    r"qui parlent d(?:e |')|"
    r"qui parle d(?:e |')|parlant d(?:e |')|contenant|qui contiennent|qui mentionnent|"
    r"au sujet d(?:e |')|concernant)",
    SWORD=r"(?:(?:the |le |les )?(?:words?|terms?|hashtags?|tags?|topics?|subjects?|mots?|"
    r"sujets?|themes?) )?",
    SHIDE=r"(?:hide|mute|filter(?: out)?|remove)",  # "block" is for people
    SCACHE=r"(?:cache|masque|filtre)",
)

# Words after "more" or "less" that name no topic: the feed's next page, more results.
_NOT_TERMS = frozenset(
    "posts post messages message stuff things results suggestions people pages page that this "
    "it them please info details replies mentions options ideas help time like this like that "
    "of that of this of those of them notifications notifs followers likes reposts quotes "
    "ca cela plus moins encore resultats personnes gens trucs choses".split())
_JOINS = frozenset("and et or ou then puis".split())  # a second clause, not a topic
TERM_WORDS = 4  # a topic is a few words ("game of thrones"); more is a sentence
# "the first one", "le dernier": a post or person pointed at, not a topic
_POINTED = re.compile(r"^(?:first|second|third|last|latest|previous|next|other|premier|"
                      r"deuxieme|dernier|derniere|autre)?(?: ?(?:one|un|une))?$")
_HANDLE_OR_NUMBER = re.compile(r"^(?:@|#?\d+$|(?:post|message|no\.?|n°) ?#?\d+$)")


def until_of(said: str | None) -> str | None:
    """The action's `until` from how long was said (folded): "this week" -> "week",
    "until sunday" / "jusqu'a dimanche" -> "sunday", "for 3 days" -> "3d", "today" ->
    "today", "until tomorrow" -> "today" (it ends as tomorrow begins); None for ever."""
    if not said:
        return None
    words = said.split()
    if any(day in words for day in ("tomorrow", "demain")):
        return "today"
    if day := next((_DAYS[w] for w in words if w in _DAYS), None):
        return day
    if any(w in ("week", "semaine") for w in words) and not any(
            w in _NUMBERS or w.isdigit() for w in words):
        return "week"
    count = next((int(w) if w.isdigit() else _NUMBERS[w] for w in words
                  if w.isdigit() or w in _NUMBERS), None)
    if count is not None:
        weeks = any(w.startswith(("week", "semaine")) for w in words)
        return f"{max(1, min(count * (7 if weeks else 1), 366))}d"
    if any(w in ("today", "tonight", "day", "aujourd'hui", "soir", "journee") for w in words):
        return "today"
    return None


def term_in(message: Message, start: int, end: int) -> str | None:
    """The topic between two indices, without a leading article; None when it is a
    handle, a post number, no topic ("more posts"), a sentence (over TERM_WORDS) or the
    start of another clause ("boost and fav 77")."""
    term = phrase(message, start, end).strip(" .\"'«»“”")
    low = term.lower()
    words = low.split()
    if (not term or _HANDLE_OR_NUMBER.match(low) or low in _NOT_TERMS or _POINTED.match(low)
            or len(words) > TERM_WORDS or words[0] in _JOINS
            or any(word.lstrip("#").isdigit() for word in words)):  # "boost and fav 77"
        return None
    return term


def _build(kind: str | None) -> Builder:
    """A builder of a steer of `kind` ("hide", "less", "more"; None: an unsteer) from a
    match's `term` and `until` groups; not this rule when the term is none (term_in)."""

    def build(match: re.Match[str], message: Message) -> Args | None:
        term = term_in(message, *match.span("term"))
        if term is None:
            return None
        if kind is None:
            return {"term": term}
        args: Args = {"kind": kind, "term": term}
        if until := until_of(match.groupdict().get("until")):
            args["until"] = until
        return args

    return build


def _shown(match: re.Match[str], message: Message) -> Args | None:
    """ "show me politics again": the reader sets "show me" aside before the rules, so
    "politics again" is only this when "show me" or "montre-moi" was said first."""
    said = message.low[:match.start()] + " " + match.group(0)
    if not re.search(r"\b(?:show me|(?:re)?montre[-\s]+moi)\b", said):
        return None
    return _build(None)(match, message)


def _none(match: re.Match[str], message: Message) -> Args:
    return {}


_HIDE_EN = (
    r"(?:never|don't|do not|stop) show(?:ing)? me (?:<SPOSTS>)?<SABOUT> <SWORD><STERM><SUNTIL>",
    r"(?:never|don't|do not) show me <SWORD><STERM> (?:again|ever again|anymore|any more)",
    r"<SHIDE> (?:<SPOSTS>)?<SABOUT> <SWORD><STERM><SUNTIL>",
    r"<SHIDE> (?:the )?(?:words?|terms?|hashtags?|tags?|topics?|subjects?) <STERM><SUNTIL>",
    r"<SHIDE> (?P<term>#[^\W\d]\S*)<SUNTIL>",
    r"<SHIDE> (?:all )?<STERM> (?:posts|messages|stuff|tweets|content)<SUNTIL>",
    r"i (?:don't|do not|never) want to see (?:<SPOSTS>)?<SABOUT> <SWORD><STERM><SUNTIL>",
    r"i (?:don't|do not|never) want to see <SWORD><STERM> (?:again|anymore|any more)",
    r"no more <SPOSTS><SABOUT> <SWORD><STERM><SUNTIL>",
)
_HIDE_FR = (
    r"ne me montre (?:plus|jamais|plus jamais|pas|rien) (?:de |les |des |d')?(?:<SPOSTS>)?"
    r"<SABOUT> <SWORD><STERM><SUNTIL>",
    r"ne me montre (?:plus|jamais|plus jamais) (?:de |d'|du |de la |des )<STERM><SUNTIL>",
    r"<SCACHE> (?:les |tous les |des )?(?:messages?|posts?|publications?|trucs?) <SABOUT> "
    r"<SWORD><STERM><SUNTIL>",
    r"<SCACHE> (?:le|les) (?:mots?|termes?|hashtags?|sujets?|themes?) <STERM><SUNTIL>",
    r"<SCACHE> (?P<term>#[^\W\d]\S*)<SUNTIL>",
    r"je ne veux (?:plus|pas|jamais|plus jamais) voir (?:de |les |des |d')?(?:<SPOSTS>)?"
    r"(?:<SABOUT> )?<SWORD><STERM><SUNTIL>",
)
_LESS_EN = (
    r"(?:show|give) me (?:a lot |much |a bit |a little )?less (?:of )?(?:<SPOSTS><SABOUT> )?"
    r"<STERM><SUNTIL>",
    r"(?:show|give) me fewer (?:<SPOSTS>)?(?:<SABOUT> )?<STERM><SUNTIL>",
    r"(?:a lot |much )?less (?:of )?(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
    r"fewer <SPOSTS><SABOUT> <STERM><SUNTIL>",
    r"i (?:want|need|would like|'d like) (?:to see )?less (?:of )?(?:<SPOSTS><SABOUT> )?"
    r"<STERM><SUNTIL>",
    r"(?:down ?rank|demote|deprioriti[sz]e) (?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
)
_LESS_FR = (
    r"(?:montre|donne|affiche)~moi (?:beaucoup |un peu )?moins (?:de |d')(?:<SPOSTS><SABOUT> )?"
    r"<STERM><SUNTIL>",
    r"(?:beaucoup )?moins (?:de |d')(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
    r"je (?:veux|voudrais|prefere) (?:voir )?moins (?:de |d')(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
)
_MORE_EN = (
    r"(?:show|give) me (?:a lot |much |a bit )?more (?:of )?(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
    r"(?:a lot |much |way )?more (?:of )?(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
    r"i (?:want|need|would like|'d like) (?:to see )?more (?:of )?(?:<SPOSTS><SABOUT> )?"
    r"<STERM><SUNTIL>",
    # never "boost", which is a repost to Mastodon's people ("boost the first one")
    r"(?:prioriti[sz]e|up ?rank) (?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
)
_MORE_FR = (
    r"(?:montre|donne|affiche)~moi (?:beaucoup )?(?:plus|davantage) (?:de |d')"
    r"(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
    r"je (?:veux|voudrais|prefere) (?:voir )?(?:plus|davantage) (?:de |d')(?:<SPOSTS><SABOUT> )?"
    r"<STERM><SUNTIL>",
    r"davantage (?:de |d')(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
)
_UNSTEER_EN = (
    r"(?:stop|quit) (?:hiding|muting|filtering(?: out)?|blocking) (?:<SPOSTS><SABOUT> )?<SWORD>"
    r"<STERM>",
    r"(?:unhide|unfilter) (?:<SPOSTS><SABOUT> )?<SWORD><STERM>",
    r"unmute (?:the )?(?:words?|terms?|hashtags?|tags?|topics?|subjects?) <STERM>",
    r"unmute (?P<term>#[^\W\d]\S*)",
    r"(?:forget|remove|delete|drop|cancel|clear) (?:my |the )?(?:rule|filter|steering)s? "
    r"(?:about|on|for) <STERM>",
    r"(?:back to normal|normal again) (?:for|on|with) <STERM>",
)
# "show me" / "montre-moi" is set aside before the rules: see _shown
_UNSTEER_SHOWN = (
    r"(?:show me )?(?:<SPOSTS><SABOUT> )?<STERM> again",
    r"(?:(?:re)?montre~moi )?(?:de nouveau|a nouveau|encore) (?:<SPOSTS><SABOUT> )?<STERM>",
)
_UNSTEER_FR = (
    r"(?:arrete|arretez|cesse|cessez) de (?:cacher|masquer|filtrer|bloquer) (?:<SPOSTS><SABOUT> )?"
    r"<SWORD><STERM>",
    r"(?:ne cache plus|ne masque plus|decache|demasque|ne filtre plus) (?:<SPOSTS><SABOUT> )?"
    r"<SWORD><STERM>",
    r"(?:re)?montre~moi (?:de nouveau|a nouveau|encore) (?:<SPOSTS><SABOUT> )?<STERM>",
    r"remontre~moi (?:<SPOSTS><SABOUT> )?<STERM>",
    r"(?:supprime|retire|enleve|oublie|annule) (?:ma |la |mes |les )?(?:regle|filtre)s? "
    r"(?:sur|pour|a propos de) <STERM>",
)

# Tried before the rules about people: "stop hiding spoiler" is no unmute of @spoiler.
STEERING_FIRST: list[Rule] = [
    *rules("steering", "en",
           r"what (?:have|did) i (?:ask|asked|tell|told) you to (?:hide|mute|filter(?: out)?|"
           r"show (?:me )?(?:less|more)(?: of)?)",
           r"what (?:words|topics|things|hashtags) (?:are|have i|did i) (?:hidden|muted|hide|"
           r"mute|filtered)",
           r"what am i (?:hiding|muting|filtering)",
           r"(?:show |list |check |see )?(?:me )?my (?:steering|feed|muted|hidden|filtered) ?"
           r"(?:rules|filters|words|topics|settings)",
           r"(?:show |list )?(?:me )?my (?:mute|muted|hidden) (?:words|topics|hashtags)",
           build=_none),
    *rules("steering", "fr",
           r"qu'est~ce que je t'ai demande de (?:cacher|masquer|filtrer|montrer (?:moins|plus))",
           r"qu'est~ce que (?:je cache|j'ai cache|je masque|j'ai masque)",
           r"(?:montre|liste|affiche)(?:~moi)? (?:mes|les) (?:mots|sujets|filtres|regles)"
           r"(?: (?:caches|masques|filtres|du fil))?",
           r"quels (?:mots|sujets|hashtags) (?:sont|j'ai|ai~je) (?:caches?|masques?|filtres?)",
           r"mes (?:mots|sujets) (?:caches|masques|filtres)",
           build=_none),
    *rules("unsteer", "en", *_UNSTEER_EN, build=_build(None)),
    *rules("unsteer", None, *_UNSTEER_SHOWN, build=_shown),
    *rules("unsteer", "fr", *_UNSTEER_FR, build=_build(None)),
]
STEERING: list[Rule] = [
    *rules("steer", "en", *_HIDE_EN, build=_build("hide")),
    *rules("steer", "fr", *_HIDE_FR, build=_build("hide")),
    *rules("steer", "en", *_LESS_EN, build=_build("less")),
    *rules("steer", "fr", *_LESS_FR, build=_build("less")),
    *rules("steer", "en", *_MORE_EN, build=_build("more")),
    *rules("steer", "fr", *_MORE_FR, build=_build("more")),
    # "plus de politique" is "more politics", or "no more politics": asked about first
    *rules("steer", "fr", r"plus (?:de |d')(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",
           build=_build("more"), sure=False),
]

_READERS = [(rx(p), kind) for kind, patterns in (
    ("hide", _HIDE_EN + _HIDE_FR), ("less", _LESS_EN + _LESS_FR),
    ("more", _MORE_EN + _MORE_FR + (r"plus (?:de |d')(?:<SPOSTS><SABOUT> )?<STERM><SUNTIL>",)))
    for p in patterns]
_UNSTEER_READERS = [rx(p) for p in _UNSTEER_EN + _UNSTEER_FR + _UNSTEER_SHOWN]


def steer_args(message: Message) -> Args | None:
    """A steer's arguments from a message the learned understanding found to be one: the
    first way of saying it found in the core of the message; None when none reads."""
    for pattern, kind in _READERS:
        for start in _starts(message):
            match = pattern.fullmatch(message.low, start, message.end)
            if match is not None and (args := _build(kind)(match, message)) is not None:
                return args
    return None


def unsteer_args(message: Message) -> Args | None:
    """An unsteer's term, read as `steer_args` reads a steer."""
    for pattern in _UNSTEER_READERS:
        for start in _starts(message):
            match = pattern.fullmatch(message.low, start, message.end)
            if match is not None and (args := _build(None)(match, message)) is not None:
                return args
    return None


def _starts(message: Message) -> list[int]:
    """Where a way of saying it may begin: the core's start, then each word after it
    ("please, could you hide posts about crypto")."""
    spaces = re.compile(r"\s+").finditer(message.low, message.start, message.end)
    return [message.start, *(space.end() for space in spaces)]
