"""Rules for "undo": taking back the last thing Plaza did (bot/conversation/undo.py).

Said as such ("undo", "undo that", "oops, undo", "take that back", "annule", "annule
ça", "défais ça") it is explicit: it is itself the correction, so it acts at once.
Vaguer wording ("I didn't mean to do that", "revert that") is left to the intent
classifier, whose reading is never explicit: Plaza asks first, as for any consequential
action. "undo my last post", "annule mon like sur le 3" are the specific actions' own
(posting.py), read before these.
"""

from __future__ import annotations

from bot.understanding.grammar import Rule, define, rules

define(
    OOPS=r"(?:(?:oops|oopsie|whoops|woops|oh no|my bad|sorry|oups|zut|mince|pardon|"
    r"non non|ah non)[\s,!.]*)?",
    UNDONE=r"(?: (?:that|it|this|the last (?:one|thing|action)|what you (?:just )?did|"
    r"that last (?:one|thing|action)))?",
    DEFAIT=r"(?: (?:ca|cela|ceci|ce que tu (?:viens de faire|as fait)|ce que vous (?:venez de "
    r"faire|avez fait)|la derniere action|le dernier truc|tout ca))?",
)

UNDOING: list[Rule] = [
    *rules("undo", "en", r"<OOPS>(?:undo|take (?:that|it) back|undo undo)<UNDONE>",
           explicit=True),
    *rules("undo", "fr", r"<OOPS>(?:annule|annuler|annulez|defais|defaire|defaites)<DEFAIT>",
           explicit=True),
]
