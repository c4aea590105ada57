"""Cleaning and checking the text people give Plaza: handles, posts, profiles.

Everything here is pure (no database), so the same rules serve every caller.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex
from linkify_it import LinkifyIt

from storage.errors import InvalidInput, Reason

HANDLE_MIN, HANDLE_MAX = 3, 30
POST_MAX = 1000
NAME_MAX = 50
BIO_MAX = 300
INTEREST_MAX = 40
INTERESTS_MAX = 20
HASHTAG_MAX = 50

# What a stored handle may hold; databases made before NEW_HANDLE may hold any run of these.
_HANDLE = re.compile(r"[a-z0-9_.]+")
# The shape a new handle must have: it opens with a letter or digit and a dot only ever
# stands between two other characters, so a mention ("@abc." ending a sentence, "@abc...")
# reads the whole handle and nothing more. Mastodon and Telegram allow no dot at all; ours
# stay for the handles that have them.
NEW_HANDLE = r"[a-z0-9][a-z0-9_]*(?:\.[a-z0-9_]+)*"
_NEW_HANDLE = re.compile(NEW_HANDLE)
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
_LETTER = regex.compile(r"\p{L}")
# Format characters that are default-ignorable (soft hyphen, joiners, word joiner, bidi
# marks: Unicode's DerivedCoreProperties) change how a word is drawn, never which word
# it is: inside a tag they are skipped, and fold drops them.
_IGNORABLE = r"(?=\p{Cf})\p{Default_Ignorable_Code_Point}"
_HASHTAG = regex.compile(
    rf"(?<![{_NOT_AFTER}])[{_SIGNS}]"
    rf"((?:\p{{XID_Continue}}|(?:{_IGNORABLE})+(?=\p{{XID_Continue}}))+)"
)
# A mention is a whole handle of the new shape (NEW_HANDLE), ASCII as written: case is
# matched by listing both cases, since Python's IGNORECASE lets "[a-z]" match "İ" or the
# Kelvin sign, which lower() would turn into no handle at all. The word must end with the
# handle: a letter, mark or format character after it ("@alicé"), or "@" (a fediverse
# address, someone elsewhere), makes the whole word no mention; a dot ends a sentence.
_MENTION_END = r"[\p{XID_Continue}\p{Cf}@＠]"
_MENTION = regex.compile(
    rf"(?<![{_NOT_AFTER}])@({NEW_HANDLE.replace('a-z', 'A-Za-z')})"
    rf"(?!{_MENTION_END}|\.{_MENTION_END})"
)
_LINKS = LinkifyIt()  # schemes, www., mailto:, e-mail addresses, bare domains with a known TLD
# A scheme the recogniser knows, and whatever follows it up to a space, is a link even
# when it is not a valid one ("mailto:@alice", "https:#top").
_SCHEMES = "|".join(re.escape(s) for s in _LINKS.default_schemas if s.endswith(":"))
_SCHEMED = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{_SCHEMES})\S*", regex.IGNORECASE)
# Whatever a link can look like has one of these; text without any skips the recogniser.
_MAYBE_LINK = re.compile(rf"://|\w[.@]\w|{_SCHEMES}", re.IGNORECASE)
# What is not a letter, mark, digit or private-use character separates words: the
# categories SQLite's full-text tokenizer is given (storage.search_schema).
_SEPARATORS = regex.compile(r"[^\p{L}\p{M}\p{N}\p{Co}]+")

# Marks folded away: the generic diacritics, whose canonical combining class is a position
# (200 and above: accents, cedillas, ogoneks, the Greek tonos, the dot of Turkish "İ"), and
# the optional vowel points of Hebrew (10-26) and Arabic (27-35). Marks that spell a word
# stay: nuktas, viramas, kana voicing marks, Indic, Thai, Lao and Tibetan vowel and tone
# signs, whose classes lie in between (or are 0).
_FOLDED_CLASSES = (range(10, 36), range(200, 256))
_INVISIBLE = regex.compile(_IGNORABLE)
_BLANK = regex.compile(r"[\s\p{Default_Ignorable_Code_Point}\u2800]*")


def normalize_handle(raw: str) -> str:
    """Return the canonical handle for `raw`, or refuse it with a reason.

    NFKC folds compatibility forms (fullwidth letters, ligatures) into plain
    ones first; whatever is still outside a-z 0-9 _ . afterwards, such as a
    Cyrillic lookalike, is refused rather than guessed at. The length limit
    holds for the canonical form, which is what is stored.
    """
    handle = unicodedata.normalize("NFKC", raw).strip().removeprefix("@").lower()
    if len(handle) < HANDLE_MIN:
        raise InvalidInput(Reason.too_short, field="handle", limit=HANDLE_MIN)
    if len(handle) > HANDLE_MAX:
        raise InvalidInput(Reason.too_long, field="handle", limit=HANDLE_MAX)
    if not _HANDLE.fullmatch(handle):
        bad = next(c for c in handle if not _HANDLE.fullmatch(c))
        raise InvalidInput(Reason.bad_characters, field="handle", character=bad)
    return handle


# Words Plaza reads as a request or an answer when typed alone: its commands, English and
# French, with or without their slash ("undo", "edit", "help", "/annuler"), and the answers
# to its questions. Taken by someone, "undo" would be a person nobody could follow by name
# and a word that no longer says what it means. Only new handles are refused (new_handle):
# one registered before stays. tests/bot/test_vocabulary.py holds every slash command
# (bot/understanding/slash.py) to this list.
RESERVED_HANDLES = frozenset({
    # commands (bot/understanding/slash.py)
    "post", "publish", "publie", "publier", "poster", "tweet", "reply", "repondre", "reponds",
    "edit", "modifier", "modifie", "corriger", "quote", "citer", "cite", "like", "aime",
    "aimer", "unlike", "deliker", "repost", "share", "partage", "partager", "unrepost",
    "unshare", "plusrepartager", "show", "open", "voir", "ouvrir", "montre", "pin",
    "epingler", "epingle", "handle", "rename", "pseudo", "report", "signaler", "signale",
    "flag", "unpin", "desepingler", "desepingle", "delete", "supprimer", "supprime", "follow",
    "suivre", "unfollow", "neplussuivre", "block", "bloquer", "unblock", "debloquer", "mute",
    "masquer", "unmute", "demasquer", "feed", "fil", "news", "digest", "resume", "summary",
    "discover", "decouvrir", "suggest", "search", "chercher", "recherche", "rechercher",
    "profile", "profil", "whois", "settings", "reglages", "parametres", "help", "aide",
    "commands", "commandes", "start", "export", "exporter", "followers", "abonnes",
    "following", "abonnements", "mentions", "notifications", "trending", "trends",
    "tendances", "link", "lier", "relier", "unlink", "delier", "detacher", "linked", "lies",
    "comptes", "name", "nom", "bio", "interests", "interets", "undo", "annuler", "annule",
    "defaire", "redo", "stop", "menu", "notify", "alerte", "unnotify", "stopalerte", "notifs",
    "quiet", "calme", "noai", "sansia", "explain", "expliquer", "contexte", "catchup",
    "rattraper", "quoideneuf",
    "hide", "cacher", "unhide", "decacher", "steering", "filtres",
    # answers and follow-ups (bot/understanding/smalltalk.py)
    "yes", "yeah", "yea", "yep", "yup", "sure", "okay", "confirm", "confirme", "confirmer", "oui",
    "ouais", "dac", "allez", "carrement", "grave", "evidemment", "nan", "non", "nope", "nah",
    "dont", "cancel", "more", "plus", "next", "suite", "encore",
})


def new_handle(raw: str) -> str:
    """`raw` as normalize_handle makes it, refused unless it has the shape NEW_HANDLE
    asks of a handle registered now: a letter or digit first, a dot only between two
    other characters, and a letter somewhere (digits alone read as a post number).
    Handles stored before these rules ("abc.", "___") still log in and are still found
    by normalize_handle; they are only never given out again.
    A word Plaza reads as a command or an answer (RESERVED_HANDLES) is refused too.
    Raises InvalidInput(too_short | too_long | bad_characters | bad_shape | no_letter |
    reserved, field="handle").
    """
    handle = normalize_handle(raw)
    if handle in RESERVED_HANDLES:
        raise InvalidInput(Reason.reserved, field="handle", handle=handle)
    if not _NEW_HANDLE.fullmatch(handle):
        raise InvalidInput(Reason.bad_shape, field="handle")
    if not any(c.isalpha() for c in handle):  # "123" would read as a post number: "follow 123"
        raise InvalidInput(Reason.no_letter, field="handle")
    return handle


def clean_text(raw: str) -> str:
    """NFC-normalise, drop control and bidi-override characters, trim.

    Newlines survive; tabs become spaces. Zero-width joiners and variation
    selectors are kept because emoji sequences are built from them.
    """
    text = unicodedata.normalize("NFC", raw).translate(_BIDI).replace("\t", " ")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    return text.strip()


def visible(text: str) -> bool:
    """Whether `text` shows anything: False when it holds only whitespace (any of
    Unicode's), default-ignorable code points (zero-width spaces and joiners, word
    joiner, BOM, soft hyphen, variation selectors, the Hangul fillers) and the braille
    blank U+2800, each of which a chat app draws as nothing."""
    return not _BLANK.fullmatch(text)


def clean_post_text(raw: str) -> str:
    """`raw` cleaned (clean_text) for a post, a reply, a quote or an edit.
    Raises InvalidInput(empty, field="text") when nothing visible is left (`visible`),
    InvalidInput(too_long, field, limit, length) past POST_MAX characters."""
    text = clean_text(raw)
    if not visible(text):
        raise InvalidInput(Reason.empty, field="text")
    if len(text) > POST_MAX:
        raise InvalidInput(Reason.too_long, field="text", limit=POST_MAX, length=len(text))
    return text


def clean_field(raw: str, field: str, limit: int) -> str:
    """A one-line profile field: cleaned, newlines folded, length-checked."""
    text = " ".join(clean_text(raw).split())
    if not visible(text):  # a name of zero-width spaces would show as none
        return ""
    if len(text) > limit:
        raise InvalidInput(Reason.too_long, field=field, limit=limit, length=len(text))
    return text


def fit_folded(typed: str, field: str, limit: int) -> str:
    """`typed` folded, the form that is stored, refused when that form is over `limit`.

    Folding can lengthen a word ("ß" -> "ss", "ﬃ" -> "ffi"), so a limit is
    checked on what is stored, not on what was typed. The refusal carries
    `value` (as typed) when the two lengths differ, so it can say why.
    Raises InvalidInput(too_long, field, limit, length[, value]).
    """
    folded = fold(typed)
    if len(folded) > limit:
        detail = {"value": typed} if len(folded) != len(typed) else {}
        raise InvalidInput(Reason.too_long, field=field, limit=limit, length=len(folded),
                           **detail)
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
        raise InvalidInput(Reason.too_many, field="interests", limit=INTERESTS_MAX)
    return list(seen)


@lru_cache(maxsize=4096)
def _folded_away(char: str) -> bool:
    ccc = unicodedata.combining(char)
    return bool(_INVISIBLE.match(char)) or any(ccc in classes for classes in _FOLDED_CLASSES)


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


def search_words(text: str) -> list[str]:
    """The words of `text` as search stores and looks them up: folded (fold), then
    split once, here, wherever a character is not a letter, mark, digit or private-use
    one, as SQLite's unicode61 tokenizer with categories 'L* M* N* Co' splits. So
    "résumé.pdf" is "resume pdf" and "bob@example.org" is "bob example org" on every
    engine: PostgreSQL's parser, which would keep a host, an address, a path or "3.14"
    as one token, is only ever given words and spaces."""
    return [word for word in _SEPARATORS.split(fold(text)) if word]


def _link_spans(text: str) -> list[tuple[int, int]]:
    if not _MAYBE_LINK.search(text):
        return []
    spans = [(link.index, link.last_index) for link in _LINKS.match(text) or ()]
    return spans + [match.span() for match in _SCHEMED.finditer(text)]


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


def mentioned_handles(text: str) -> list[str]:
    """Lower-cased @handles in order of appearance, without duplicates; none inside a URL,
    an e-mail or fediverse address, or a word, and none but whole handles of the shape
    NEW_HANDLE gives ("@abc." names "abc"; "@alicé" and "@ALİCE" name nobody)."""
    handles = (m.lower() for m in _outside_links(_MENTION, text))
    return list(dict.fromkeys(h for h in handles if HANDLE_MIN <= len(h) <= HANDLE_MAX))
