"""What the intent classifier sees of a message: its shape, as character and word n-grams.

    shape("Follow @Kai_M pls!!")  -> "follow @h pls !"
    features("like #52")          -> [" l", "li", ..., "w:like", "w:#n", "w:like #n"]

`shape` folds case and accents and replaces what varies from one request to the next
by a placeholder: a handle, with its @ or shaped like one ("kai_m"), becomes "@h", a
post number "#n", a time "9h"; the classifier learns the words around them. The same
function serves training (scikit-learn's TfidfVectorizer takes it as its analyzer)
and reading (`model`), so both see exactly the same features.
"""

from __future__ import annotations

import re

from storage.text import fold

_HANDLE = re.compile(r"@[a-z0-9_.]{1,30}")
# A word shaped like a handle though written without its @: letters then "_" or digits
# ("kai_m", "jake99", "crypto_max"); never a number, an ordinal ("2nd") or a time.
_BARE_HANDLE = re.compile(r"(?<![\w@#])[a-z][a-z0-9]*(?:_[a-z0-9_]*|[a-z]\d+[a-z0-9]*)(?![\w'])")
_TIME = re.compile(r"\b\d{1,2}(?:[:h]\d{2}|\s?(?:am|pm|h)\b)")
_NUMBER = re.compile(r"(?:#|\bn°|\bno\.)?\s?\d+")
_PUNCT = re.compile(r"([!?.,;:])\1+")
_SPACES = re.compile(r"\s+")
CHAR_SIZES = (2, 3, 4, 5)


def shape(text: str) -> str:
    """`text` folded (lower case, no accents) with handles, times and numbers as placeholders."""
    low = fold(text)
    low = _HANDLE.sub(" @h ", low)
    low = _BARE_HANDLE.sub(" @h ", low)
    low = _TIME.sub(" 9h ", low)
    low = _NUMBER.sub(" #n ", low)
    low = _PUNCT.sub(r"\1", low)
    return _SPACES.sub(" ", low).strip()


def features(text: str) -> list[str]:
    """Character n-grams (2 to 5, inside words padded by a space) and word 1- and 2-grams
    ("w:" in front) of `shape(text)`; the analyzer of training and of reading alike."""
    words = shape(text).split(" ")
    grams: list[str] = []
    for word in words:
        padded = f" {word} "
        for size in CHAR_SIZES:
            grams.extend(padded[i:i + size] for i in range(len(padded) - size + 1))
    grams.extend(f"w:{word}" for word in words)
    grams.extend(f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return grams
