"""Dictated words written the way a chat message would be: numbers and handles.

People who dictate (voice typing on a phone) send "like post forty two", "réponds
au post quatre-vingt-un", "follow at nico underscore b", "suis arobase nico tiret
bas b". Numbers are turned into digits by text2num (`alpha2digit`, English then
French; small ones such as "one" or "deux" stay words, so "the second one" and "les
deux" keep their sense); a handle spelled out becomes "@nico_b": "arobase" (French
for @) always opens one, "at" only when "underscore" joins its parts, since "at"
alone is mostly a preposition ("look at marcus").

The offline understanding reads the written form only when the words as sent found
nothing sure (bot.understanding.offline): a post's own words are never rewritten.
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit

_JOIN = r"(?:underscore|under score|tiret bas|tiret du bas|tiret-bas)"
_PART = r"[a-z0-9]+"
_AROBASE = re.compile(rf"\b(?:arobase|arobas|arrobase)\s+({_PART}(?:\s+{_JOIN}\s+{_PART})*)",
                      re.I)
_AT_JOINED = re.compile(rf"\bat\s+({_PART}(?:\s+{_JOIN}\s+{_PART})+)", re.I)
_JOINED = re.compile(rf"\s+{_JOIN}\s+", re.I)


def _handle(match: re.Match[str]) -> str:
    return "@" + _JOINED.sub("_", match.group(1)).lower()


def written(text: str) -> str:
    """`text` with numbers said in words as digits and handles spelled out as @handles;
    `text` itself when nothing was dictated. English and French."""
    out = text
    for language in ("en", "fr"):
        try:
            out = alpha2digit(out, language)
        except Exception:  # a parser's surprise must not cost the message
            return text
    out = _AROBASE.sub(_handle, out)
    out = _AT_JOINED.sub(_handle, out)
    return _CLOCK.sub(r"\1 \2:\3", out) if out != text else text


# "at seven thirty" comes out of alpha2digit as "at 7 30": a time of day
_CLOCK = re.compile(r"\b(at|à|a|vers|for|around)\s+(\d{1,2}) ([0-5]\d)\b", re.I)
