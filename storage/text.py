"""Cleaning and checking the text people give Plaza: handles, posts, profiles.

Everything here is pure (no database), so the same rules serve every caller.
"""

from __future__ import annotations

import re
import unicodedata

from storage.errors import InvalidInput

HANDLE_MIN, HANDLE_MAX = 3, 30
POST_MAX = 1000
NAME_MAX = 50
BIO_MAX = 300
INTEREST_MAX = 40
INTERESTS_MAX = 20

_HANDLE = re.compile(r"[a-z0-9_.]+")
# Bidi embeddings/overrides/isolates and the invisible direction marks.
_BIDI = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_HASHTAG = re.compile(r"(?<![\w#])#(\w{1,50})")
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]{3,30})")


def normalize_handle(raw: str) -> str:
    """Return the canonical handle for `raw`, or refuse it with a reason.

    NFKC folds compatibility forms (fullwidth letters, ligatures) into plain
    ones first; whatever is still outside a-z 0-9 _ . afterwards, such as a
    Cyrillic lookalike, is refused rather than guessed at.
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


def clean_interests(raw: list[str]) -> list[str]:
    """Folded like hashtags ("Vélo" -> "velo", so every spelling finds it), de-duplicated,
    order kept."""
    seen: dict[str, None] = {}
    for item in raw:
        tag = fold(clean_field(item, "interests", INTEREST_MAX)).lstrip("#")
        if tag:
            seen[tag] = None
    if len(seen) > INTERESTS_MAX:
        raise InvalidInput("too_many", field="interests", limit=INTERESTS_MAX)
    return list(seen)


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Vélo" and "velo" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def hashtags(text: str) -> list[str]:
    """Folded hashtags in order of appearance, without duplicates."""
    return list(dict.fromkeys(fold(tag) for tag in _HASHTAG.findall(text)))


def mentions(text: str) -> list[str]:
    """Lower-cased @handles in order of appearance, without duplicates."""
    return list(dict.fromkeys(m.lower().rstrip(".") for m in _MENTION.findall(text)))
