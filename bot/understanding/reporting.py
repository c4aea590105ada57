"""Rules for reporting: "report #150 it's spam", "signale @bob c'est du harcèlement".

A report names a post by number or a person by @handle right after the verb; what
follows is the reason, read by the same function the learned understanding uses
(intents.slots.report_args). A bare name ("report bob") is left to the classifier, which
asks when unsure: a report concerns someone else, so it is asked before it is filed
anyway (ReportAction.consequential).
"""

from __future__ import annotations

import re

from bot.understanding.grammar import Args, Rule, rx
from bot.understanding.intents.slots import report_args
from bot.understanding.wording import Message

_TARGET = r"(?:#\s*\d{1,30}|n°\s*\d{1,30}|@[a-z0-9_.]{2,30}|(?:post|message) #?\d{1,30}|\d{1,30})"


def _report(match: re.Match[str], message: Message) -> Args | None:
    return report_args(message.low, message.text)


REPORTING: list[Rule] = [
    Rule("report", rx(rf"(?:report|flag|i want to report|i'd like to report|please report) "
                      rf"(?:the )?{_TARGET}(?:\b.*)?"), "en", whole=True, build=_report),
    Rule("report", rx(rf"(?:signale|signaler|signalez|je veux signaler|je voudrais signaler) "
                      rf"(?:le |le message |la publication )?{_TARGET}(?:\b.*)?"), "fr",
         whole=True, build=_report),
]
