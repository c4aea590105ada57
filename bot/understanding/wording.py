"""A message as the rules read it: cleaned, folded, and its polite wrapping set aside.

`Message.low` is the text folded for matching (lower case, accents dropped, one
kind of apostrophe and quote) and has exactly the length of `Message.text`, so a
span matched in `low` cuts the same words, with their case, accents and emoji,
out of `text`. That is how a post keeps every character its author typed while
the rules only ever compare plain lower-case ASCII-ish words.

`start`/`end` frame the "core": the message without "please", "can you",
"stp", "s'il te plaît", greetings in front, or trailing punctuation and emoji.
Rules that quote the person (post text, bio) read on to the real end instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from storage.text import clean_text

# Folded to one character each, so indices stay aligned with the original.
_SAME = {
    **dict.fromkeys("\u2019\u2018\u02bc`\u00b4\u2032", "'"),
    **dict.fromkeys("\u00ab\u00bb\u201c\u201d\u201e", '"'),
    **dict.fromkeys("\u00a0\u202f\u2009\u2007", " "),
    **dict.fromkeys("\u2010\u2011\u2013\u2014", "-"),
}

_POLITE = (
    # English: asking nicely, addressing Plaza, wanting, and "show me"-like verbs
    # that every read-only request may start with.
    r"please|pls|plz|kindly|okay|ok|alright|hey|hello|hi|yo|dear|plaza|then|so|and|also|now|"
    r"oh|ah|well|"
    r"can you please|could you please|would you please|can you|could you|would you|"
    r"will you|can u|could u|would you mind|i'd like to|i would like to|i'd like|"
    r"i would like|i want to|i want|i wanna|i need to|i need|let me|let's|just|"
    r"go ahead and|tell me|show me|show|display|list|give me|get me|fetch|"
    r"check out|check|open|view|see|let me see|i want to see|can i see|can i get|"
    # French: the same, with and without hyphens and accents.
    r"stp|svp|s['\s]*il te plait|s['\s]*il vous plait|bonjour|bonsoir|salut|coucou|"
    r"est~ce que tu peux|est~ce que vous pouvez|est~ce que tu pourrais|peux~tu|"
    r"tu peux|pourrais~tu|tu pourrais|pouvez~vous|vous pouvez|pourriez~vous|"
    r"je voudrais|je veux|j'aimerais|je souhaite|merci de|dis~moi|montre~moi|"
    r"montrez~moi|montre|affiche~moi|affiche|donne~moi|donnez~moi|fais~moi voir|"
    r"fais voir|je veux voir|voir|liste|ouvre|allez|alors|d'accord|et|puis|et puis|du coup|"
    r"maintenant|aussi|me montrer|m'afficher|me donner|montrer|afficher"
).replace("~", r"(?:-|\s+)").replace(" ", r"\s+")
_PREFIX = re.compile(rf"(?:(?:{_POLITE})(?![\w'@#])[\s,!.;:-]*)+")
_SUFFIX = re.compile(
    r"(?<![\w'@#])(?:please|pls|plz|thanks|thank\s+you|thx|ty|stp|svp|"
    r"s['\s]*il\s+te\s+plait|s['\s]*il\s+vous\s+plait|merci(?:\s+beaucoup)?|,\s*plaza|"
    r"(?<!for\s)(?:right\s+)?now|asap|tout\s+de\s+suite|maintenant)$"
)
_KEEP_AT_END = frozenset("#@'\"_)]")

_FRENCH = re.compile(
    r"(?<![\w'])(?:je|j'|tu|il|nous|vous|mon|ma|mes|ton|ta|tes|le|la|les|des|du|une|et|"
    r"est|pas|que|qui|quoi|avec|pour|sur|dans|merci|bonjour|bonsoir|salut|coucou|oui|"
    r"non|stp|svp|s'il|c'est|ca|moi|aussi|tout|tous|neuf|mais|tres|bien|ici|d'accord|"
    r"heure|heures|qu'|m'|l'|d'|n')(?![\w])"
)
_ENGLISH = re.compile(
    r"(?<![\w'])(?:i|i'm|i'd|you|the|my|is|are|and|to|of|what|what's|whats|who|please|"
    r"thanks|thank|yes|hello|hi|it|this|that|with|for|new|good|morning|hey|your|do|"
    r"does|can|how|an|any|show|people|everyone)(?![\w'])"
)
_ACCENTED = re.compile(r"[àâçéèêëîïôûùüÿœ]")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char in _SAME:
        return _SAME[char]
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold_same_length(text: str) -> str:
    """Lower-case, accent-free, same length as `text` (one character for one).

    Not storage.text.fold, which may change the length ("ß" -> "ss"): a span
    matched here must cut the same words out of the original.
    """
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(map(_fold_char, text))


@dataclass(frozen=True, slots=True)
class Message:
    """One message, cleaned (`text`), folded (`low`), and its core span."""

    text: str
    low: str
    start: int
    end: int

    def cut(self, start: int, end: int) -> str:
        """The person's own words between two indices, trimmed and unquoted."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        quoted = self.low[start:end]
        if len(quoted) >= 2 and quoted[0] == quoted[-1] == '"' and '"' not in quoted[1:-1]:
            return self.text[start + 1 : end - 1].strip()
        return self.text[start:end]


def _ends_word(low: str, start: int, index: int) -> bool:
    """`low[index]` ends a word: a letter or digit, or a combining mark on one (the
    vowel sign closing "हिन्दी"; not the emoji selector after "❤")."""
    while index > start and unicodedata.category(low[index]).startswith("M"):
        index -= 1
    return low[index].isalnum()


def _trim_end(low: str, start: int, end: int) -> int:
    """Move `end` back over trailing punctuation, emoji and polite words."""
    while True:
        new = end
        while new > start and not (low[new - 1] in _KEEP_AT_END
                                   or _ends_word(low, start, new - 1)):
            new -= 1
        if polite := _SUFFIX.search(low, max(start, new - 30), new):
            new = polite.start()
        if new == end:
            return end
        end = new


def read(raw: str) -> Message:
    """Clean `raw` as storage cleans what people write (control and bidi characters
    dropped), fold it, and find the core between politeness and punctuation."""
    text = clean_text(raw)
    low = fold_same_length(text)
    start = len(low) - len(low.lstrip())
    if prefix := _PREFIX.match(low, start):
        start = prefix.end()
    return Message(text, low, start, _trim_end(low, start, len(low)))


def guess_language(message: Message) -> str | None:
    """"en" or "fr" when the little words clearly lean one way, else None."""
    lead = french_lead(message)
    return "fr" if lead > 0 else "en" if lead < 0 else None


def french_lead(message: Message) -> int:
    """How many more of French's little words (and an accent) than English's `message`
    holds: above 0 it leans French, below English; the further from 0, the surer."""
    sample = message.low[:400]
    accents = 1 if _ACCENTED.search(message.text[:400].lower()) else 0
    return len(_FRENCH.findall(sample)) + accents - len(_ENGLISH.findall(sample))
