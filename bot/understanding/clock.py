"""Clock times as people write them, in English and French, read as "HH:MM".

"8am", "9 pm", "7:15 p.m.", "9 30 pm" (dictated), "18:00", "8.30", "7h15", "19h30", "20 heures",
"8h du soir", "noon", "midi", "midnight", "minuit", and a bare "8" (which the
rules only offer right after "at"/"à", where it can only be an hour; a bare
hour is read on the 24-hour clock, as French speakers mean it).

Two layers, on purpose. `SHAPE` is a regex fragment the rules embed: it
recognises anything shaped like a time, including impossible ones such as
"25:61", so that such a message is still recognised as a schedule request.
`parse_time` then checks the ranges and answers None for the impossible ones;
the rules turn that into a `set_digest` with no arguments, which the
conversation answers with "I couldn't read that time".
"""

from __future__ import annotations

import re

_MERIDIEM = (
    r"(?P<mer>a\.?\s*m\.?|p\.?\s*m\.?|du\s+matin|du\s+soir|de\s+l'apres(?:-|\s+)midi|"
    r"de\s+l'aprem|in\s+the\s+(?:morning|evening|afternoon)|at\s+night|tonight|"
    r"ce\s+soir|le\s+soir|le\s+matin|ce\s+matin|this\s+(?:morning|evening))"
)
_SOURCE = (
    r"(?:(?P<word>noon|midday|midi|midnight|minuit)"
    r"|(?P<h>\d{1,2})(?:\s*(?:[:.]|h|heures?)\s*(?P<m>\d{2})?"
    # "9 30 pm": a dictated "nine thirty", once spoken numbers are digits (spoken.py)
    r"|\s+(?P<spoken>[0-5]\d)(?=\s*(?:[ap]\.?\s*m\b|du\s|in\s|at\s|ce\s|le\s|this\s|$)))?"
    r"(?:\s*o'?\s*clock)?)"
    r"(?:\s+(?P<part>et\s+demie?|et\s+quart|moins\s+(?:le\s+)?quart))?"
    rf"(?:\s*{_MERIDIEM})?"
)
_TIME = re.compile(_SOURCE)

# The same grammar without its groups, for embedding in larger patterns.
SHAPE = re.sub(r"\(\?P<\w+>", "(?:", _SOURCE)
# Anything a person may have meant as a time that is not shaped like one
# ("noonish", "8:5", "1930h"): enough to answer "I couldn't read that time".
LOOSE = r"(?:\d[\w:.']*|noon\w*|midi\w*|midnight\w*|minuit\w*)"

_AFTERNOON = ("p", "du soir", "de l", "in the evening", "in the afternoon", "at night",
              "tonight", "ce soir", "le soir", "this evening")
_MORNING = ("a", "du matin", "in the morning", "le matin", "ce matin", "this morning")


def parse_time(text: str) -> str | None:
    """`text` (folded: lower case, no accents) as "HH:MM", or None if impossible."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    if word := match["word"]:
        hour, minute = (0 if word in ("midnight", "minuit") else 12), 0
    else:
        hour, minute = int(match["h"]), int(match["m"] or match["spoken"] or 0)
    if part := match["part"]:  # "et demie", "et quart", "moins le quart"
        if minute or hour > 23:
            return None
        if part.startswith("moins"):
            hour, minute = (hour - 1) % 24, 45
        else:
            minute = 30 if "demi" in part else 15
    if minute > 59:
        return None
    meridiem = " ".join(match["mer"].replace(".", " ").split()) if match["mer"] else ""
    if meridiem.startswith(_AFTERNOON):
        if 13 <= hour <= 23:  # "19:30 pm", "20h du soir": already on the 24-hour clock
            pass
        elif 1 <= hour <= 12:
            hour = hour % 12 + 12
        else:
            return None
    elif meridiem.startswith(_MORNING):
        if not 1 <= hour <= 12:
            return None
        hour %= 12
    elif hour > 23:
        return None
    return f"{hour:02d}:{minute:02d}"
