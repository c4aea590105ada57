"""Cleaning and checking the text people give Plaza: handles, posts, profiles.

Everything here is pure (no database), so the same rules serve every caller.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex
from linkify_it import LinkifyIt

from storage.errors import InvalidInput

HANDLE_MIN, HANDLE_MAX = 3, 30
POST_MAX = 1000
NAME_MAX = 50
BIO_MAX = 300
INTEREST_MAX = 40
INTERESTS_MAX = 20
HASHTAG_MAX = 50

_HANDLE = re.compile(r"[a-z0-9_.]+")
# Bidi embeddings/overrides/isolates and the invisible direction marks.
_BIDI = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

# A tag is a run of identifier characters in the sense of Unicode UAX #31 (XID_Continue:
# letters, combining marks and viramas, digits, connector punctuation) in any script, with
# ZWJ/ZWNJ allowed between two of them (UAX #31 section 2.3); it opens with any of the
# number signs UAX #31 section 6 names for hashtags. Emoji end a tag, as on Mastodon.
# A sign right after a word character, a URL's "/", "=" or "&", or another sign starts
# no tag: "x#y", "/#install", "?ref=@alice" (what a link recogniser may miss).
_SIGNS = "#＃﹟"
_NOT_AFTER = r"\p{XID_Continue}/=&#＃﹟@＠"
_HASHTAG = regex.compile(
    rf"(?<![{_NOT_AFTER}])[{_SIGNS}]"
    r"((?:\p{XID_Continue}|[\u200c\u200d](?=\p{XID_Continue}))+)"
)
_LETTER = regex.compile(r"\p{L}")
# Handles are ASCII (normalize_handle). One longer than HANDLE_MAX, or followed by "@"
# (a fediverse address, someone elsewhere), names nobody here.
_MENTION = regex.compile(
    rf"(?<![{_NOT_AFTER}])@([a-z0-9_.]{{{HANDLE_MIN},{HANDLE_MAX}}})(?![a-z0-9_.@])",
    regex.IGNORECASE,
)
# Whatever a link can look like has one of these; text without any skips the recogniser.
_MAYBE_LINK = re.compile(r"://|\w[.@]\w|mailto:", re.IGNORECASE)
_LINKS = LinkifyIt()  # schemes, www., mailto:, e-mail addresses, bare domains with a known TLD

# Marks folded away: the generic diacritics, whose canonical combining class is a position
# (200 and above: accents, cedillas, ogoneks, the Greek tonos, the dot of Turkish "İ"), and
# the optional vowel points of Hebrew (10-26) and Arabic (27-35). Marks that spell a word
# stay: nuktas, viramas, kana voicing marks, Indic, Thai, Lao and Tibetan vowel and tone
# signs, whose classes lie in between (or are 0).
_FOLDED_CLASSES = (range(10, 36), range(200, 256))
# Joiners and soft hyphens change how a word is drawn, never which word it is.
_INVISIBLE = "\u200c\u200d\u00ad"


def normalize_handle(raw: str) -> str:
    """Return the canonical handle for `raw`, or refuse it with a reason.

    NFKC folds compatibility forms (fullwidth letters, ligatures) into plain
    ones first; whatever is still outside a-z 0-9 _ . afterwards, such as a
    Cyrillic lookalike, is refused rather than guessed at. The length limit
    holds for the canonical form, which is what is stored.
    """
    handle = unicodedata.normalize("NFKC", raw).strip().removeprefix("@").lower()
    if len(handle) < HANDLE_MIN:
        raise InvalidInput("too_short", field="handle", limit=HANDLE_MIN)
    if len(handle) > HANDLE_MAX:
        raise InvalidInput("too_long", field="handle", limit=HANDLE_MAX)
    if not _HANDLE.fullmatch(handle):
        bad = next(c for c in handle if not _HANDLE.fullmatch(c))
        raise InvalidInput("bad_characters", field="handle", character=bad)
    return handle


def clean_text(raw: str) -> str:
    """NFC-normalise, drop control and bidi-override characters, trim.

    Newlines survive; tabs become spaces. Zero-width joiners and variation
    selectors are kept because emoji sequences are built from them.
    """
    text = unicodedata.normalize("NFC", raw).translate(_BIDI).replace("\t", " ")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    return text.strip()


def clean_post_text(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        raise InvalidInput("empty", field="text")
    if len(text) > POST_MAX:
        raise InvalidInput("too_long", field="text", limit=POST_MAX, length=len(text))
    return text


def clean_field(raw: str, field: str, limit: int) -> str:
    """A one-line profile field: cleaned, newlines folded, length-checked."""
    text = " ".join(clean_text(raw).split())
    if len(text) > limit:
        raise InvalidInput("too_long", field=field, limit=limit, length=len(text))
    return text


def fit_folded(typed: str, field: str, limit: int) -> str:
    """`typed` folded, the form that is stored, refused when that form is over `limit`.

    Folding can lengthen a word ("ß" -> "ss", "ﬃ" -> "ffi"), so a limit is
    checked on what is stored, not on what was typed. The refusal carries
    `value` (as typed) when the two lengths differ, so it can say why.
    Raises InvalidInput("too_long", field, limit, length[, value]).
    """
    folded = fold(typed)
    if len(folded) > limit:
        detail = {"value": typed} if len(folded) != len(typed) else {}
        raise InvalidInput("too_long", field=field, limit=limit, length=len(folded), **detail)
    return folded


def clean_interests(raw: list[str]) -> list[str]:
    """Folded like hashtags ("Vélo" -> "velo", so every spelling finds it), de-duplicated,
    order kept; each at most INTEREST_MAX characters once folded."""
    seen: dict[str, None] = {}
    for item in raw:
        typed = " ".join(clean_text(item).split()).lstrip("#＃﹟")
        tag = fit_folded(typed, "interests", INTEREST_MAX)
        if tag:
            seen[tag] = None
    if len(seen) > INTERESTS_MAX:
        raise InvalidInput("too_many", field="interests", limit=INTERESTS_MAX)
    return list(seen)


@lru_cache(maxsize=4096)
def _folded_away(char: str) -> bool:
    ccc = unicodedata.combining(char)
    return char in _INVISIBLE or any(ccc in classes for classes in _FOLDED_CLASSES)


def fold(text: str) -> str:
    """The form search and tags compare: "Straße" -> "strasse", "ＣＡＦÉ" -> "cafe".

    NFKC spells out compatibility forms (full-width letters, ligatures), casefold
    drops case the Unicode way ("ß" -> "ss", final "ς" -> "σ", "İ" -> "i̇"), then
    diacritics and optional vowel points are dropped (see _FOLDED_CLASSES) and the
    rest recomposed (NFC), so Hangul stays in syllables and "हिन्दी" keeps its virama.
    Idempotent. The result may be longer than `text`: see fit_folded. Whatever this
    returns is stored (tags, interests, the search index), so a change here needs a
    migration that folds the stored text again, as 0007_search_fold does.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not _folded_away(c)))


def _link_spans(text: str) -> list[tuple[int, int]]:
    if not _MAYBE_LINK.search(text):
        return []
    return [(link.index, link.last_index) for link in _LINKS.match(text) or ()]


def _outside_links(pattern: regex.Pattern, text: str) -> list[str]:
    """What group 1 of `pattern` finds in `text`, except where the sign is inside a link."""
    found = list(pattern.finditer(text))
    links = _link_spans(text) if found else []
    return [m[1] for m in found if not any(start <= m.start() < end for start, end in links)]


def hashtags(text: str) -> list[str]:
    """Folded hashtags in order of appearance, without duplicates.

    Nothing inside a URL or an e-mail address is a tag, and a number alone ("#12")
    is a post number: a tag holds at least one letter. Raises InvalidInput
    ("too_long", field="hashtag") for a tag over HASHTAG_MAX characters once folded.
    """
    tags = [tag for tag in _outside_links(_HASHTAG, text) if _LETTER.search(tag)]
    return list(dict.fromkeys(fit_folded(tag, "hashtag", HASHTAG_MAX) for tag in tags))


def mentions(text: str) -> list[str]:
    """Lower-cased @handles in order of appearance, without duplicates; none inside a URL,
    an e-mail or fediverse address, or a word."""
    handles = (m.lower().rstrip(".") for m in _outside_links(_MENTION, text))
    return list(dict.fromkeys(h for h in handles if len(h) >= HANDLE_MIN))
