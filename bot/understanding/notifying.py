"""Rules for notifications: whose posts, which kinds, and quiet hours (issue 17).

    "notify me when @alice posts", "préviens-moi quand @alice publie"  -> subscribe
    "stop notifying me about alice", "plus d'alertes pour @alice"      -> unsubscribe
    "what do I get notified about?", "quelles notifications je reçois" -> notifications
    "stop telling me about likes", "réactive les notifications de réponses"
                                                                  -> switch_notifications
    "no notifications between 22h and 8h", "remove my quiet hours"     -> quiet_hours

A kind of notification is never a handle: "stop notifying me about likes" switches likes
off, it does not unsubscribe from someone called "likes" (`KIND_WORDS`, shared with the
slot readers of the learned understanding, intents/slots.py). Times are read by the
digest's reader (clock.py); an end that cannot be read is left out, so the network
refuses the half-given hours with a sentence that shows how to say them.
"""

from __future__ import annotations

import re

from bot.understanding.clock import SHAPE, parse_time
from bot.understanding.grammar import Args, Builder, Rule, define, handle, rules
from bot.understanding.wording import Message

# Each kind of notification (storage.models.NotificationKind) as people name it, folded.
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("replies", "reply", "answers", "reponses", "reponse", "comments",
                     "commentaires"), "reply"),
    **dict.fromkeys(("mentions", "mention", "tags", "tagged", "identifications"), "mention"),
    **dict.fromkeys(("quotes", "quote", "quote posts", "citations", "citation"), "quote"),
    **dict.fromkeys(("reposts", "repost", "shares", "boosts", "retweets", "partages",
                     "partage", "repartages", "reshares"), "repost"),
    **dict.fromkeys(("new followers", "followers", "follower", "follows", "follow",
                     "nouveaux abonnes", "nouvel abonne", "abonnes", "abonnements",
                     "followers"), "follow"),
    **dict.fromkeys(("likes", "like", "hearts", "favs", "faves", "j'aime", "jaime",
                     "coeurs", "likes"), "like"),
    **dict.fromkeys(("new posts", "posts", "post", "publications", "nouveaux messages",
                     "messages", "nouveaux posts"), "post"),
}
_KIND = "|".join(sorted((re.escape(w).replace(r"\ ", " ") for w in KIND_WORDS),
                        key=len, reverse=True))
_KIND_FIND = re.compile(rf"(?<![\w'])(?:{_KIND})(?![\w'])")

define(
    KIND=rf"(?:(?:the|les|des|de|d'|mes|my|any|all) )?(?:{_KIND})",
    KINDS=r"(?P<kinds><KIND>(?:(?: ?, ?| and | or | et | ou | & | ?, and | ?, et | nor | ni )"
    r"<KIND>)*)",
    NOTIFS=r"(?:notifications?|notifs?|alerts?|alertes?|pings?)",
    TELLING=r"(?:notifying|telling|alerting|pinging|warning|messaging)",
    PREVIENS=r"(?:previens|prevenez|alerte|alertez|avertis|avertissez|notifie|notifiez)",
    POSTED=r"(?:posts?|publishes|publish|writes?(?: something| anything)?|tweets?|shares? "
    r"something|posts? (?:something|anything)(?: new)?|says? something)",
    PUBLIE=r"(?:publie|poste|ecrit|partage|tweete)(?: (?:un|quelque chose|qqch|un message|un truc|"
    r"un post|du nouveau))?",
    TA=rf"(?P<t1>{SHAPE})",
    TB=rf"(?P<t2>{SHAPE})",
    SPAN=r"<TA> ?(?:-|–|to|and|until|till|through|a|et|jusqu'a|jusqu'?a) ?<TB>",
    QUIET=r"(?:quiet hours?|quiet time|do not disturb|dnd|heures? calmes?|heures de calme|"
    r"mode silencieux|ne pas deranger|silence)",
)


def kinds_in(low: str) -> list[str]:
    """The kinds of notification named in `low` (folded), in the order said, each once:
    "no likes or reposts" -> ["like", "repost"]."""
    return list(dict.fromkeys(KIND_WORDS[m.group(0)] for m in _KIND_FIND.finditer(low)))


def _person(match: re.Match[str], message: Message) -> Args | None:
    """A subscription's person: a handle, or "it" for "her", never a kind ("likes")."""
    if match.groupdict().get("it"):
        return {"handle": "it"}
    start, end = match.span("h")
    named = handle(message.text[start:end])
    if named is None or named.lstrip("@") in KIND_WORDS:
        return None
    return {"handle": named}


def _switch(on: bool) -> Builder:
    """A switch of the kinds the match names, on or off; not this rule when it names none."""

    def build(match: re.Match[str], message: Message) -> Args | None:
        kinds = kinds_in(message.low[match.start("kinds"):match.end("kinds")])
        return {"kinds": kinds, "on": on} if kinds else None

    return build


def quiet_span(t1: str | None, t2: str | None) -> Args | None:
    """Quiet hours from two times as written: each end that reads ("22h" -> "22:00");
    one that does not is left out, so that the network says how to give both. None when
    neither reads: both left out would mean "no quiet hours"."""
    args: Args = {}
    for key, written in (("start", t1), ("end", t2)):
        if written and (read := parse_time(written)) is not None:
            args[key] = read
    return args or None


def _quiet(match: re.Match[str], message: Message) -> Args | None:
    """Quiet hours from the two times the match holds (see `quiet_span`)."""
    return quiet_span(match["t1"], match["t2"])


def _none(match: re.Match[str], message: Message) -> Args:
    """No arguments: the listing, or quiet hours removed."""
    return {}


_WHO_EN = r"(?:(?P<it>him|her|them)|(?P<h>@?[a-z0-9_.]+))"
_WHO_FR = r"(?:(?P<it>lui|elle|eux)|(?P<h>@?[a-z0-9_.]+))"

NOTIFYING: list[Rule] = [
    # quiet hours first: their times are no handle and no kind
    *rules("quiet_hours", "en",
           r"(?:(?:set|make|put|i want|give me|add|turn on) )?(?:my |some )?<QUIET>"
           r"(?: (?:from|between|at|to|is|are|=|:))? ?<SPAN>(?: every ?(?:day|night))?",
           r"(?:no|don't send(?: me)?(?: any)?|do not send(?: me)?(?: any)?|stop(?: sending)?|"
           r"hold(?: my)?|silence|mute|pause|block) (?:my )?<NOTIFS> (?:from|between) <SPAN>"
           r"(?: (?:please|every ?(?:day|night)))?",
           r"(?:don't|do not) (?:notify|disturb|ping|bother|alert) me (?:from|between) <SPAN>",
           build=_quiet),
    *rules("quiet_hours", "fr",
           r"(?:(?:mets|mettre|active|je veux|regle) )?(?:mes |des )?<QUIET>(?: (?:de|entre|:|a))?"
           r" ?<SPAN>(?: (?:stp|svp|tous les (?:jours|soirs)))?",
           r"(?:pas de|aucune|plus de|zero|coupe les|stoppe les) <NOTIFS> (?:de|entre) <SPAN>"
           r"(?: (?:stp|svp|tous les (?:jours|soirs)))?",
           r"ne me (?:derange|derangez|previens|notifie|reveille) (?:pas|plus) (?:de|entre) <SPAN>",
           build=_quiet),
    *rules("quiet_hours", "en",
           r"(?:remove|delete|clear|cancel|turn off|disable|stop|drop|end|get rid of|switch off) "
           r"(?:my |the |all )?<QUIET>",
           r"no (?:more )?<QUIET>(?: anymore| any more| please)?",
           r"i (?:don't|do not) want (?:any )?<QUIET>(?: anymore| any more)?",
           build=_none),
    *rules("quiet_hours", "fr",
           r"(?:supprime|supprimer|enleve|enlever|retire|retirer|annule|annuler|desactive|"
           r"desactiver|coupe|arrete) (?:mes|les) <QUIET>",
           r"(?:plus|pas) d'<QUIET>(?: stp| svp)?", r"je ne veux plus d'<QUIET>",
           build=_none),
    # what one is told of
    *rules("notifications", "en",
           r"what (?:do|will) i (?:get|receive) (?:notified|notifications|alerts|pinged) "
           r"(?:about|of|for)",
           r"what am i (?:notified|alerted) (?:about|of|for)",
           r"(?:show |list |check |open |see )?(?:me )?my <NOTIFS> (?:settings|preferences|"
           r"prefs|options)",
           r"<NOTIFS> (?:settings|preferences|prefs)",
           r"(?:what|which) <NOTIFS> (?:do i get|am i getting|are (?:on|off|active))",
           r"(?:who|whose posts) (?:do i|am i) (?:get )?(?:notified|alerted) (?:about|of|for)",
           build=_none),
    *rules("notifications", "fr",
           r"quelles <NOTIFS> (?:je recois|est~ce que je recois|ai~je|j'ai|sont (?:activees|"
           r"actives))",
           r"(?:mes )?(?:reglages|parametres|preferences) (?:de|des) <NOTIFS>",
           r"(?:montre|affiche)(?:~moi)? (?:mes|les) (?:reglages|parametres) (?:de|des) <NOTIFS>",
           r"de quoi (?:je suis|suis~je|est~ce que je suis) (?:prevenue?|notifiee?|avertie?|"
           r"alertee?)",
           build=_none),
    # switches: before subscriptions, whose person a kind never is
    *rules("switch_notifications", "en",
           r"(?:stop|quit) <TELLING> me (?:about|of|for|when i get) <KINDS>",
           r"(?:don't|do not|never) (?:tell|notify|alert|ping) me (?:about|of|for) <KINDS>"
           r"(?: anymore| any more| again)?",
           r"no (?:more )?<KINDS> <NOTIFS>(?: anymore| any more| please)?",
           r"no (?:more )?<NOTIFS> (?:for|about|of|on) <KINDS>(?: anymore| any more| please)?",
           r"(?:turn|switch) off <KINDS> <NOTIFS>",
           r"(?:turn|switch) off (?:the )?<NOTIFS> (?:for|about|of|on) <KINDS>",
           r"(?:turn|switch) <KINDS> <NOTIFS> off",
           r"(?:disable|mute|silence|stop|pause|kill) (?:the )?<KINDS> <NOTIFS>",
           r"i (?:don't|do not) (?:want|need|care about) (?:to (?:be notified|hear) (?:about|of) |"
           r"<NOTIFS> (?:for|about|of) )?<KINDS>(?: <NOTIFS>)?(?: anymore| any more)?",
           build=_switch(False)),
    # "no likes or reposts": kinds alone, said as a wish; asked about first
    *rules("switch_notifications", "en", r"no (?:more )?<KINDS>(?: anymore| please)?",
           build=_switch(False), sure=False),
    *rules("switch_notifications", "en",
           r"(?:turn|switch) (?:the )?<KINDS> <NOTIFS> (?:back )?on(?: again)?",
           r"(?:turn|switch) (?:back )?on (?:the )?<KINDS> <NOTIFS>",
           r"(?:turn|switch) (?:back )?on (?:the )?<NOTIFS> (?:for|about|of|on) <KINDS>",
           r"(?:enable|re~?enable|restore|unmute|resume) (?:the )?<KINDS> <NOTIFS>",
           r"(?:notify|tell|alert|ping) me (?:about|of|for) <KINDS> again",
           r"<KINDS> <NOTIFS> (?:back )?on(?: again| please)?",
           r"i want <KINDS> <NOTIFS> (?:back|again)",
           build=_switch(True)),
    *rules("switch_notifications", "fr",
           r"ne me (?:previens|prevenez|notifie|notifiez|dis|alerte|parle) plus (?:de|des|pour "
           r"les|pour|d') ?<KINDS>",
           r"(?:plus|pas) de <NOTIFS> (?:de|des|pour|pour les|sur les|d') ?<KINDS>",
           r"(?:coupe|desactive|arrete|supprime|enleve|stoppe) (?:les |mes )?<NOTIFS> (?:de|des|"
           r"pour|pour les|d') ?<KINDS>",
           r"je ne veux plus (?:de <NOTIFS> (?:de|des|pour|pour les) ?|etre prevenue? (?:de|des|"
           r"pour) ?)<KINDS>",
           build=_switch(False)),
    *rules("switch_notifications", "fr",
           r"(?:reactive|reactiver|remets|rallume|active|activer|relance) (?:les |mes )?<NOTIFS> "
           r"(?:de|des|pour|pour les|d') ?<KINDS>",
           r"(?:previens|prevenez|notifie|notifiez)~moi (?:de nouveau|a nouveau|encore) (?:des|"
           r"pour les|de) <KINDS>",
           r"je veux de nouveau (?:les )?<NOTIFS> (?:de|des|pour les) <KINDS>",
           build=_switch(True)),
    # "notify me when @alice posts"
    *rules("subscribe", "en",
           # "let me" is a polite opener, set aside before the rules: "know when" is left
           rf"(?:(?:notify|alert|tell|ping|warn|message) me(?: know)?|(?:let me )?know) "
           rf"(?:when|whenever|each time|"
           rf"every time|as soon as|if) {_WHO_EN} <POSTED>",
           rf"(?:notify|alert|tell|ping) me (?:about|of) (?:each|every|all|any|new) (?:new )?"
           rf"posts? (?:of|by|from) {_WHO_EN}",
           rf"(?:notify|alert|tell|ping) me (?:about|of) {_WHO_EN}'?s? (?:new )?posts",
           rf"(?:turn on|enable|i want|get me|give me) (?:post )?<NOTIFS> (?:for|about|of|from|"
           rf"when) {_WHO_EN}(?:'s posts|'s new posts| posts)?",
           rf"(?:subscribe|sub) (?:me )?to {_WHO_EN}'?s? (?:new )?posts",
           build=_person),
    *rules("subscribe", "fr",
           rf"<PREVIENS>~moi (?:quand|lorsque|des que|chaque fois que|a chaque fois que|si) "
           rf"{_WHO_FR} <PUBLIE>",
           rf"<PREVIENS>~moi (?:des|pour les|de chaque|a chaque|de tous les) (?:nouveaux )?"
           rf"(?:posts?|messages?|publications?) (?:de|d') ?{_WHO_FR}",
           rf"(?:active|mets) (?:les )?<NOTIFS> (?:pour|de|sur) {_WHO_FR}",
           rf"je veux (?:etre prevenue? )?(?:quand|chaque fois que) {_WHO_FR} <PUBLIE>",
           build=_person),
    *rules("unsubscribe", "en",
           rf"(?:stop|quit) <TELLING> me (?:about|of|when) {_WHO_EN}(?:'s posts|'s new posts|"
           rf" posts)?",
           rf"(?:don't|do not) (?:notify|tell|alert|ping) me (?:about|of|when) {_WHO_EN}"
           rf"(?:'s posts| posts)?(?: anymore| any more)?",
           rf"no more <NOTIFS> (?:for|about|of|from) {_WHO_EN}(?:'s posts)?",
           rf"(?:turn off|disable|stop|mute) (?:post )?<NOTIFS> (?:for|about|of|from) "
           rf"{_WHO_EN}(?:'s posts)?",
           rf"(?:unsubscribe|unsub) (?:me )?from {_WHO_EN}'?s? (?:new )?posts",
           build=_person),
    *rules("unsubscribe", "fr",
           rf"(?:plus|pas) d'<NOTIFS> (?:pour|de|sur) {_WHO_FR}",
           rf"(?:plus|pas) de <NOTIFS> (?:pour|de|sur) {_WHO_FR}",
           rf"(?:arrete|arretez|cesse|cessez) de me (?:prevenir|notifier|alerter) (?:pour|de|"
           rf"des posts de|des messages de|quand) {_WHO_FR}(?: <PUBLIE>)?",
           rf"ne me <PREVIENS> plus (?:pour|de|quand|des (?:posts|messages) de) {_WHO_FR}"
           rf"(?: <PUBLIE>)?",
           rf"(?:coupe|desactive|retire|enleve) (?:les )?<NOTIFS> (?:pour|de|sur) {_WHO_FR}",
           build=_person),
]
