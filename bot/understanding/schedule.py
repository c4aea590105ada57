"""Rules for the daily digest's schedule: its time, time zone, and on/off.

"send my digest at 8am", "résumé quotidien à 19h30", "digest at 7:15 pm Paris
time", "I live in Tokyo", "stop sending me digests", "réactive mon résumé",
"send my digest even when there's nothing new".

A time that is recognisably a time but cannot be read ("25:61", "noonish")
gives a `set_digest` with no arguments at all (never a wrong time, and never a
time zone or switch half-applied). That empty action is the signal for the
conversation to answer "I couldn't read that time"; it is not `sure`, so a
model, when there is one, gets a chance to read it instead.
"""

from __future__ import annotations

import re

from bot.understanding.clock import LOOSE, SHAPE, parse_time
from bot.understanding.grammar import Args, Builder, Rule, define, rules
from bot.understanding.wording import Message
from bot.understanding.zones import zone_named

define(
    ZONE=r"\(?(?P<zone>[a-z][\w./+'\s-]{0,40}?)\)?(?: time| timezone| time zone| heure)?",
    ZTAIL=r"(?:(?:\s*,\s*|\s+)(?!<LATER>)(?:in |at |a |en |au |aux |(?:in )?the )?<ZONE>)",
    # Words that may close a schedule request without changing it.
    LATER=r"(?:instead|from now on|starting tomorrow|from tomorrow|every ?day|daily|"
    r"a la place|plutot|desormais|dorenavant|a partir de demain|tous les jours|chaque jour)",
    EVERY=r"(?: (?:every ?day|daily|each day|each morning|every morning|every evening|"
    r"each evening|every night|tous les (?:jours|matins|soirs)|chaque (?:jour|matin|soir)))?",
)


def schedule_args(enabled: bool | None) -> Builder:
    """Read a schedule match: its zone and time, plus `enabled` when the words switch."""

    def build(match: re.Match[str], message: Message) -> Args | None:
        args: Args = {} if enabled is None else {"enabled": enabled}
        if match.groupdict().get("zone"):
            start, end = match.span("zone")
            if (zone := zone_named(message.low[start:end], message.text[start:end])) is None:
                return None  # not a place we know: not a schedule after all
            args["timezone"] = zone
        if match.groupdict().get("when"):
            if (time := parse_time(match["when"])) is None:
                return {}  # a time we cannot read: see the module docstring
            args["time"] = time
        return args

    return build


def _unreadable(match: re.Match[str], message: Message) -> Args:
    return {}


def _always(value: bool) -> Builder:
    """ "even when there's nothing new" (True) or "only when there's something new" (False)."""
    return lambda match, message: {"always": value}


define(
    NOTHING=r"(?:(?:there'?s|there is|there are|i have|i've got) nothing(?: new)?|"
    r"(?:it'?s|it is) empty|nothing(?:'s| is)? new)",
    SOMETHING=r"(?:there'?s|there is|there are) (?:something|anything) new",
    RIEN=r"(?:(?:il )?n'y a rien(?: de (?:nouveau|neuf))?|c'est vide)",
    NEUF=r"(?:il )?y a (?:du (?:nouveau|neuf)|quelque chose de (?:nouveau|neuf))",
)
_ALWAYS = [
    *rules("set_digest", "en",
           r"(?:always )?send(?: me)? <DIG>(?: every day)? even (?:when|if|on days) <NOTHING>",
           r"always send(?: me)? <DIG>(?: every day)?",
           r"<DIG> even (?:when|if|on days) <NOTHING>",
           build=_always(True)),
    *rules("set_digest", "en",
           r"(?:only send(?: me)? <DIG>|send(?: me)? <DIG> only) (?:when|if) <SOMETHING>",
           r"(?:don't|do not|never) send(?: me)? <DIG> (?:when|if|on days) <NOTHING>",
           r"(?:no|skip(?: the)?) <DIG> (?:when|if|on days) <NOTHING>",
           build=_always(False)),
    *rules("set_digest", "fr",
           r"(?:envoie|envoyez)(?:~moi)?(?: toujours)? <DIGFR> meme (?:quand|si|s'|lorsqu') "
           r"?<RIEN>",
           r"(?:envoie|envoyez)(?:~moi)? toujours <DIGFR>",
           r"toujours (?:m'envoyer|envoyer) <DIGFR>",
           r"<DIGFR> meme (?:quand|si|s'|lorsqu') ?<RIEN>",
           build=_always(True)),
    *rules("set_digest", "fr",
           r"(?:envoie|envoyez)(?:~moi)? <DIGFR> (?:seulement|uniquement) (?:quand|si|s'|lorsqu') "
           r"?<NEUF>",
           r"<DIGFR> (?:seulement|uniquement) (?:quand|si|s'|lorsqu') ?<NEUF>",
           r"(?:pas de|ne m'envoie pas de|n'envoie pas de|ne m'envoyez pas de) <DIGFR> "
           r"(?:quand|si|s'|lorsqu') ?<RIEN>",
           build=_always(False)),
]


# Patterns with a time; each is also tried with a loose time, for the unreadable ones.
_TIMED_EN = (
    r"(?:(?:send|give|deliver|schedule|set|move|change|put|switch|make|get|have)(?: me)? )?"
    r"(?:(?:the )?time (?:of|for) )?<DIG>(?: time)?<EVERY> (?:at|to|for|around|by|@|"
    r"at around|from now on at) <WHEN><ZTAIL>?(?: <LATER>)?",
    r"<DIG> time\s*(?::|=|to|at)?\s*<WHEN><ZTAIL>?",
)
_TIMED_FR = (
    r"(?:(?:envoie|envoyez|programme|programmez|mets|mettez|place|placez|change|changez|"
    r"deplace|deplacez|regle|reglez|fixe|fixez|decale|decalez|recevoir)(?:~moi)? )?(?:l'heure"
    r"(?: d'envoi)? (?:de |d')?)?<DIGFR><EVERY> (?:a|vers|pour|des|a partir de|sur) <WHEN>"
    r"<ZTAIL>?(?: <LATER>)?",
    r"(?:l')?heure(?: d'envoi)? <DIGFR>\s*(?::|=)?\s*<WHEN><ZTAIL>?",
)


def _timed(language: str, patterns: tuple[str, ...]) -> tuple[list[Rule], list[Rule]]:
    strict = [p.replace("<WHEN>", f"(?P<when>{SHAPE})") for p in patterns]
    loose = [p.replace("<WHEN>", f"(?P<when>{LOOSE})").replace("<ZTAIL>?", "") for p in patterns]
    return (rules("set_digest", language, *strict, build=schedule_args(None)),
            rules("set_digest", language, *loose, build=_unreadable, sure=False))


_EN, _LOOSE_EN = _timed("en", _TIMED_EN)
_FR, _LOOSE_FR = _timed("fr", _TIMED_FR)
_ON_TIME = f"(?: (?:at|for|a|vers|pour) (?P<when>{SHAPE})<ZTAIL>?)?"

SCHEDULE: list[Rule] = [
    *_EN, *_FR,
    *rules("set_digest", "en",
           r"(?:i(?: live| reside| am based|'m based| am living|'m living| stay) (?:in|at|near)|"
           r"i(?:'ve| have)? (?:just )?moved to|i(?:'m| am) now (?:living |based )?in|"
           r"my (?:time ?zone|tz|zone) is|(?:set|change|switch|update|put) my (?:time ?zone|tz|"
           r"zone) to|(?:my )?(?:time ?zone|tz)\s*(?::|=)?) <ZONE>",
           r"i(?:'m| am) (?:in the|on|in) <ZONE> (?:time ?zone|time)",
           build=schedule_args(None)),
    *rules("set_digest", "fr",
           r"(?:j'habite|je vis|je reside|je suis base|je suis basee|je viens de demenager|"
           r"j'ai demenage|je demenage|j'emmenage|je suis installe|je suis installee)"
           r"(?: (?:a|en|au|aux|dans|sur|vers))? <ZONE>",
           r"(?:mon )?fuseau(?: horaire)?\s*(?:est|c'est|:|=)?\s*<ZONE>",
           r"(?:change|mets|regle|passe|definis) mon fuseau(?: horaire)? (?:en|a|sur|pour|:) "
           r"<ZONE>",
           r"je suis (?:a|sur) l'heure (?:de |d')<ZONE>",
           build=schedule_args(None)),
    *rules("set_digest", "en",
           r"(?:stop|pause|disable|turn off|switch off|cancel|unsubscribe from|unsubscribe me "
           r"from|opt out of|deactivate|suspend|no more|no|don't send(?: me)?|do not send"
           r"(?: me)?|i don't want|i do not want|i don't need|i no longer want|no need for)"
           r"(?: (?:sending|emailing|receiving)(?: me)?)?(?: any)?(?: more)? <DIG>"
           r"(?: anymore| any more| for now| for a while)?",
           r"turn <DIG> off", r"<DIG> off",
           build=schedule_args(False)),
    *rules("set_digest", "en",
           r"(?:turn on|switch on|enable|resume|restart|start|reactivate|unpause|turn back on|"
           r"re-?enable|bring back)(?: (?:sending|emailing)(?: me)?)? <DIG>(?: again| back)?"
           + _ON_TIME,
           r"turn <DIG> (?:back )?on", r"<DIG> (?:back )?on", r"<DIG> back",
           r"(?:send|give) me <DIG> again",
           build=schedule_args(True)),
    *rules("set_digest", "fr",
           r"(?:arrete|arretez|stop|stoppe|stoppez|desactive|desactivez|coupe|coupez|suspends|"
           r"suspendez|annule|annulez|mets en pause|pause)(?: (?:de m'envoyer|d'envoyer|"
           r"l'envoi (?:de|du)|de recevoir))? <DIGFR>",
           r"(?:plus de|pas de|fini les|fini le|fini) <DIGFR>",
           r"je ne veux plus(?: recevoir)?(?: de)? <DIGFR>",
           r"(?:ne m'envoie|ne m'envoyez|n'envoie|n'envoyez) plus(?: de)? <DIGFR>",
           r"<DIGFR> (?:desactive|off|stop)",
           build=schedule_args(False)),
    *rules("set_digest", "fr",
           r"(?:active|activez|activer|reactive|reactivez|reactiver|remets|remettez|relance|"
           r"relancez|reprends|reprenez|rallume|rallumez|renvoie~moi|renvoyez~moi)"
           r"(?: l'envoi (?:de|du))? <DIGFR>" + _ON_TIME,
           r"<DIGFR> (?:active|on)",
           build=schedule_args(True)),
    *_ALWAYS,
    *_LOOSE_EN, *_LOOSE_FR,
]
