"""Plain replies as Telegram messages: escaped so Telegram reads back exactly the same text,
cut at line ends within 4,096 UTF-16 units, with buttons that fit."""

from __future__ import annotations

import pytest

from bot.adapters.telegram_format import escape, keyboard, menu, split, utf16_len
from bot.messages import Button
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
    assert len(commands) == 11
    assert all(3 <= len(c.description) <= 256 and c.command.islower() for c in commands)
