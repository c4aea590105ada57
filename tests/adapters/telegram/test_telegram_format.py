"""Plain replies as Telegram messages: escaped so Telegram reads back exactly the same text,
cut within 4,096 UTF-16 units between posts, lines or words (never between a post's byline
and its text), with buttons that fit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.adapters.telegram.format import escape, keyboard, menu, split
from bot.adapters.text import utf16_len
from bot.messages import Button
from bot.outcomes import Outcome
from bot.replies import render
from storage.views import PostView
from tests.fakes.telegram_html import plain

NASTY = ["<b>not bold</b>", "a & b &amp; &lt;", "x > y < z", "\u202eevil\u202c", "😀" * 10,
         "<a href='javascript:alert(1)'>", "&#0;&#x110000;", '"quoted" \'single\'', ""]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    assert plain(escape(text)) == text


def test_short_text_is_one_part() -> None:
    assert split("hello\nworld") == ["hello\nworld"]


def test_long_text_is_cut_between_lines_and_loses_nothing() -> None:
    lines = [f"{n}: " + "word " * 15 for n in range(300)]
    parts = split("\n".join(lines))
    assert len(parts) > 1
    assert all(utf16_len(part) <= 4096 for part in parts)
    assert [line for part in parts for line in part.split("\n")] == lines


def test_emoji_count_twice_as_telegram_counts_them() -> None:
    parts = split("😀" * 5000)
    assert [utf16_len(part) for part in parts] == [4096, 4096, 1808]
    assert "".join(parts) == "😀" * 5000


def test_one_huge_line_is_cut_at_spaces() -> None:
    parts = split("word " * 2000)
    assert len(parts) == 3
    assert all(part.endswith("word ") for part in parts)


def test_blank_text_makes_no_message() -> None:
    assert split("") == [] and split(" \n\t") == []


def test_buttons_whose_data_would_not_fit_are_left_out() -> None:
    markup = keyboard([[Button("ok", "like:1"), Button("too long", "x" * 65)],
                       [Button("", "like:2")], [Button("é", "é" * 32)]])
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [
        ["like:1"], ["é" * 32]]
    assert keyboard([]) is None


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_menu_fits_telegrams_rules(language: str) -> None:
    commands = menu(language)
    assert len(commands) == 19  # within the Bot API's 100
    assert all(3 <= len(c.description) <= 256 and c.command.islower() for c in commands)


# -- a post's byline and a section's heading always arrive with what they introduce --------

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BYLINE = re.compile(r"^(@\w+ · )?.* · (#|n°)\d+$")  # "@alice · 2 h ago · #2", "2 h ago · #2"
NEXT = "and the next post goes on for a while " * 12


def _post(number: int, text: str, author: str = "alice") -> PostView:
    return PostView(number, author, author.title(), text, NOW - timedelta(hours=number))


def _feed(*texts: str, language: str = "en") -> str:
    posts = [_post(n, text) for n, text in enumerate(texts, 1)]
    return render(Outcome("read_feed.header", posts=posts), language, NOW).text


def _digest(*texts: str) -> str:
    authors = ("alice", "bob") * len(texts)
    sections = [Outcome("digest.author_named", {"handle": author, "name": author.title()},
                        posts=[_post(n, text, author)], byline=False)
                for n, (author, text) in enumerate(zip(authors, texts, strict=False), 1)]
    return render(Outcome("digest.header", {"date": "2026-03-01"}, sections=sections),
                  "en", NOW).text


def _filler(units: int, emoji: bool = False) -> str:
    """Words (or emoji, two UTF-16 units each) `units` long."""
    if emoji:
        return "🎷" * (units // 2) + "a" * (units % 2)
    return ("lorem ipsum " * (units // 12 + 1))[:units]


def _ending_at(build: Callable[[str], str], line: str, units: int, emoji: bool = False) -> str:
    """`build(filler)`, the filler sized so that `line` ends `units` UTF-16 units in."""
    bare = build("")
    short = units - utf16_len(bare[: bare.index(line) + len(line)])
    text = build(_filler(short, emoji))
    assert utf16_len(text[: text.index(line) + len(line)]) == units
    return text


def _kept_together(text: str, limit: int = 4096) -> list[str]:
    """`text` split; checks every part fits, nothing is lost, and no part ends with a line
    that introduces the next (a byline, a heading)."""
    parts = split(text, limit)
    assert len(parts) > 1
    assert all(utf16_len(part) <= limit for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
    for part in parts[:-1]:
        last = part.rstrip("\n").rsplit("\n", 1)[-1]
        assert not BYLINE.match(last) and not last.rstrip().endswith(":"), last
    return parts


@pytest.mark.parametrize("end", [4060, 4080, 4090, 4095, 4096, 4120])
def test_a_byline_at_the_boundary_goes_with_its_post(end: int) -> None:
    byline = "@alice · 2 h ago · #2"
    text = _ending_at(lambda filler: _feed("first " + filler, NEXT), byline, end)
    parts = _kept_together(text)
    assert any(byline + "\nand the next post" in part for part in parts)


def test_a_long_post_after_others_starts_the_next_message_with_its_byline() -> None:
    text = _feed(*["short one " * 100] * 3, "a long one that goes on " * 60)
    first, second = _kept_together(text)
    assert second.startswith("@alice · 4 h ago · #4\na long one")


@pytest.mark.parametrize("body", ["word " * 1200, "😀" * 2100, "ab" * 2600],
                         ids=["spaces", "emoji", "no-spaces"])
def test_a_post_longer_than_a_message_keeps_its_byline_with_its_first_words(body: str) -> None:
    parts = _kept_together(_feed("a short one", body))
    [part] = [part for part in parts if "@alice · 2 h ago · #2" in part]
    assert part.endswith("@alice · 2 h ago · #2\n" + body[: len(part.split("\n")[-1])])


@pytest.mark.parametrize("end", [4089, 4094, 4095, 4096])
def test_emoji_near_the_limit_count_twice_and_never_strand_a_byline(end: int) -> None:
    # emoji take two UTF-16 units: the byline ends near 4,096 units, ~2,000 characters in
    byline = "@alice · il y a 2 h · n°2"
    text = _ending_at(lambda filler: _feed(filler, "🎺 " * 30, language="fr"), byline, end,
                      emoji=True)
    assert len(text) < 2200
    parts = _kept_together(text)
    assert any(byline + "\n🎺" in part for part in parts)


@pytest.mark.parametrize("end", [4070, 4090, 4096, 4110])
def test_a_digest_section_heading_stays_with_its_posts(end: int) -> None:
    heading = "Bob (@bob):"
    text = _ending_at(lambda filler: _digest("first " + filler, NEXT), heading, end)
    parts = _kept_together(text)
    assert any(heading + "\n\n2 h ago · #2\nand the next post" in part for part in parts)


@pytest.mark.parametrize("joined", ["👍🏽", "e\u0301", "👩\u200d👩\u200d👧", "❤\ufe0f"],
                         ids=["skin-tone", "accent", "zwj", "variation"])
def test_what_reads_as_one_character_is_never_cut(joined: str) -> None:
    for lead in range(4):  # moves the limit across each code point of the character
        text = "a" * lead + joined * (5000 // utf16_len(joined))
        parts = split(text)
        assert len(parts) > 1 and "".join(parts) == text
        assert all(part.endswith(joined) for part in parts[:-1]), lead
