"""Plain reply text cut into messages a platform accepts, at the places people read best.

Every platform caps a message's length (Telegram 4,096 UTF-16 units after entity
parsing, Discord 2,000 characters); a long digest or feed must arrive as several
messages that each read well. `split` cuts between blocks (a post, a section)
where one fits, else between lines, else at a space, else between two
characters as people read them, and never right after a heading or a post's
byline. Lengths are counted in UTF-16 code units, which is Telegram's measure
and never less than Discord's count of characters, so one rule serves both.
"""

from __future__ import annotations

import unicodedata


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: emoji outside the BMP take two units."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


ZWJ = "\u200d"
_JOINERS = {ZWJ, "\ufe0e", "\ufe0f"}  # the zero-width joiner and the variation selectors
_SKIN_TONES = range(0x1F3FB, 0x1F400)
# Where a message may end, best first: between blocks (a post, a section), between lines,
# after a space, anywhere. Never right after a heading or a byline.
_BLOCK, _LINE, _SPACE, _ANYWHERE, _NEVER = 4, 3, 2, 1, 0


def _inside_a_character(text: str, cut: int) -> bool:
    """Whether cutting before `text[cut]` would split what people read as one character:
    a letter and its accents, an emoji and its skin tone, a sequence joined by ZWJ."""
    char = text[cut]
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char in _JOINERS
            or ord(char) in _SKIN_TONES or text[cut - 1] == ZWJ)


def _heading(line: str) -> bool:
    """ "What's new:", "@alice (Alice):", "Quoi de neuf :": a line that introduces the next."""
    return line.rstrip().endswith(":")


def _block_at(text: str, start: int) -> str:
    """The block starting at `start`, with any headings glued to the block they introduce."""
    end = text.find("\n\n", start)
    while end != -1 and _heading(text[start:end]):
        end = text.find("\n\n", end + 2)
    return text[start:] if end == -1 else text[start:end]


def _break(text: str, limit: int) -> tuple[int, int]:
    """Where the first message of over-long `text` ends, and where the next one starts.

    A line that introduces what follows (a heading, or the first line of a block
    that goes on, such as a post's byline) never ends a message: the text after
    it is cut at a space, or anywhere, so that some of it comes along.
    """
    fit = max(_fitting(text, limit), 1)
    best = (_NEVER, 0, 0)  # (rank, where this message ends, where the next starts)
    start, first_of_block = 0, True
    while (end := text.find("\n", start, fit + 1)) != -1:
        line = text[start:end]
        if line and text.startswith("\n", end + 1):  # a blank line next: a block ends here
            after = end
            while text.startswith("\n", after):
                after += 1
            rank = _NEVER if _heading(line) else _BLOCK
            if rank == _BLOCK and utf16_len(_block_at(text, after)) > limit:
                rank = _LINE  # the next block is cut anyway: let it fill this message
            best = max(best, (rank, end, after))
        elif line:
            rank = _NEVER if _heading(line) or first_of_block else _LINE
            best = max(best, (rank, end, end + 1))
        first_of_block, start = not line, end + 1
    if best[0] >= _LINE:
        return best[1], best[2]
    # `start` is where the line that runs past the limit begins: cut inside it
    space = text.rfind(" ", start, fit)
    if space > start and text[start:space].strip():
        return space + 1, space + 1
    cut = fit
    while cut > start + 1 and _inside_a_character(text, cut):
        cut -= 1
    return cut, cut


def split(text: str, limit: int) -> list[str]:
    """Plain text in messages of at most `limit` UTF-16 units; blank parts dropped.

    Cut between blocks (a post, a section) where one fits, else between lines,
    else at a space, else between two characters as people read them; never
    right after a heading or a post's byline, which always arrive with the text
    they introduce.
    """
    parts: list[str] = []
    while utf16_len(text) > limit:
        end, start = _break(text, limit)
        parts.append(text[:end])
        text = text[start:]
    parts.append(text)
    return [part for part in parts if part.strip()]
