"""Telegram's HTML parse mode, as the fake Bot API server checks it.

Only Telegram's tags are allowed, properly nested and closed; `<`, `>` and `&`
that are not part of a tag or an entity must be escaped. A bare `&` is refused
here, which is stricter than Telegram (it lets an unknown `&word` through), so
anything that passes here passes there. `plain()` returns the text a person
would read, or raises `EntityError` with a message shaped like Telegram's
"Bad Request: can't parse entities: ...".
"""

from __future__ import annotations

import re

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
        "code", "pre", "blockquote", "tg-emoji"}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(r"<(/?)([a-z][a-z-]*)((?:\s+[a-z-]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))?)*)"
                  r"\s*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-f]{1,6}));", re.IGNORECASE)


class EntityError(ValueError):
    """The text would make Telegram answer 400 "can't parse entities"."""


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def plain(text: str) -> str:
    """The text as displayed: tags removed, entities decoded; EntityError if malformed."""
    out: list[str] = []
    open_tags: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            tag = _TAG.match(text, i)
            if tag is None:
                raise EntityError(f"Unsupported start tag at byte offset {_offset(text, i)}")
            closing, name = tag[1] == "/", tag[2].lower()
            if name not in TAGS:
                raise EntityError(f'Unsupported start tag "{name}" at byte offset '
                                  f"{_offset(text, i)}")
            if closing:
                if not open_tags or open_tags[-1][0] != name:
                    raise EntityError(f'Unmatched end tag at byte offset {_offset(text, i)}, '
                                      f'expected "</{open_tags[-1][0] if open_tags else ""}>", '
                                      f'found "</{name}>"')
                open_tags.pop()
            else:
                open_tags.append((name, i))
            i = tag.end()
        elif char == ">":
            raise EntityError(f"Unexpected \">\" at byte offset {_offset(text, i)}")
        elif char == "&":
            entity = _ENTITY.match(text, i)
            if entity is None:
                raise EntityError(f'Unescaped "&" at byte offset {_offset(text, i)}')
            if entity[1]:
                out.append(NAMED[entity[1].lower()])
            else:
                code = int(entity[2]) if entity[2] else int(entity[3], 16)
                out.append(chr(code) if code <= 0x10FFFF else "\ufffd")
            i = entity.end()
        else:
            out.append(char)
            i += 1
    if open_tags:
        name, index = open_tags[-1]
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{name}" '
                          f"at byte offset {_offset(text, index)}")
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
