"""Plain replies as Discord messages: markdown and chips neutralised so people read exactly
what was typed, cut within 2,000 characters between posts (a byline stays with its text),
and buttons laid out within 5 rows of 5."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.adapters.discord.format import (
    CUSTOM_ID_LIMIT,
    MESSAGE_LIMIT,
    button_rows,
    escape,
    messages,
    view,
)
from bot.adapters.text import utf16_len
from bot.messages import Button
from bot.outcomes import Outcome
from bot.replies import render
from storage.views import PostView

# What Discord shows for an escaped character: the character, without its backslash.
_ESCAPED = re.compile(r"\\([\\*_~`|>#\-<\[\]().])")


def shown(content: str) -> str:
    return _ESCAPED.sub(r"\1", content)


NASTY = ["**not bold**", "_not italic_ and snake_case", "~~kept~~", "`not code`",
         "||no spoiler||", "> not a quote", "# not a heading", "- not a list",
         "<@123> <@&5> <#7> <:e:9> <t:1700000000>", "@everyone @here", "😀" * 10,
         "a \\ backslash", "[a link](https://example.com)",
         "[a](https://ok)[free nitro](https://evil)", "1. first\n-# small print",
         "</delete:5> <id:customize>"]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    assert shown(escape(text)) == text


@pytest.mark.parametrize(("text", "markup"), [
    ("**bold**", "*"), ("_it_", "_"), ("~~strike~~", "~"), ("`code`", "`"),
    ("||spoiler||", "|"), ("> quote", ">"), ("# heading", "#"), ("- item", "-"),
    ("<@123> hi", "<"), ("<#7>", "<"), ("<t:1700000000:R>", "<"),
    ("[a](https://ok)[free nitro](https://evil)", "["), ("x [y](z) **b** (w)", "*"),
    ("x [y](z) ||s|| (w)", "|"), ("-# subtext", "-"), ("1. a list", "."),
    ("</delete:5>", "<"), ("<id:customize>", "<"),
])
def test_nothing_people_type_becomes_discord_markup(text: str, markup: str) -> None:
    escaped = escape(text)
    bare = re.findall(rf"(?<!\\){re.escape(markup)}", escaped)
    assert bare == [], f"{escaped!r} leaves {markup!r} for Discord to read as markup"


def test_links_stay_whole() -> None:
    link = "https://example.com/a_b_c*d"
    assert link in escape(f"see {link} now")


NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


def _feed(count: int, words: str) -> str:
    posts = [PostView(n, f"user{n}", f"User {n}", f"{words} {n}", NOW - timedelta(minutes=n))
             for n in range(1, count + 1)]
    return render(Outcome("read_feed.header", posts=posts), "en", NOW).text


def test_long_text_is_cut_within_the_limit_between_posts() -> None:
    text = _feed(40, "*stars* and _underscores_ " * 6)
    parts = messages(text)
    assert len(parts) > 1
    assert all(utf16_len(part) <= MESSAGE_LIMIT for part in parts)
    assert "".join(shown(part) for part in parts).replace("\n", "") \
        == text.replace("\n", "")
    assert shown(parts[0]).startswith("What's new:")
    for part in parts[1:]:  # each starts with a byline, never with a post's orphan text
        assert re.match(r"@user\d+ · ", shown(part)), part[:80]


def test_text_that_escaping_swells_is_cut_again() -> None:
    text = "*" * 1500 + "\n" + "_" * 1500
    parts = messages(text)
    assert all(len(part) <= MESSAGE_LIMIT for part in parts)
    assert "".join(shown(part) for part in parts).replace("\n", "") == text.replace("\n", "")


def test_blank_text_makes_no_message() -> None:
    assert messages("  \n ") == []


def test_buttons_wrap_at_five_and_stop_at_five_rows() -> None:
    rows = [[Button(f"b{r}{n}", f"like:{r}{n}") for n in range(7)] for r in range(4)]
    laid = button_rows(rows)
    assert len(laid) == 5 and all(len(row) <= 5 for row in laid)
    assert sum(len(row) for row in laid) <= 25
    assert laid[0][0] == ("b00", "plaza:like:00")


def test_a_feed_page_keeps_every_post_button_and_more() -> None:
    page = [[Button(f"♥ #{n}", f"like:{n}"), Button(f"↩ #{n}", f"reply:{n}")]
            for n in range(1, 11)] + [[Button("More", "more")]]
    laid = button_rows(page)
    ids = [ident for row in laid for _, ident in row]
    assert len(laid) <= 5 and all(len(row) <= 5 for row in laid)
    assert ids == [f"plaza:{b.data}" for row in page for b in row]
    assert all(len({i.split(":")[2] for i in (row[0][1], row[1][1])}) == 1
               for row in laid[:4])  # a post's Like and Reply stay side by side


def test_too_many_buttons_lose_content_rows_never_the_last() -> None:
    page = [[Button(f"♥ #{n}", f"like:{n}"), Button(f"↩ #{n}", f"reply:{n}")]
            for n in range(1, 31)] + [[Button("More", "more")]]
    ids = [ident for row in button_rows(page) for _, ident in row]
    assert len(ids) <= 25 and ids[-1] == "plaza:more" and ids[:2] == [
        "plaza:like:1", "plaza:reply:1"]


def test_a_short_list_keeps_its_last_row_apart() -> None:
    laid = button_rows([[Button("+ @a", "follow:a")], [Button("+ @b", "follow:b")],
                        [Button("More", "more")]])
    assert laid == [[("+ @a", "plaza:follow:a"), ("+ @b", "plaza:follow:b")],
                    [("More", "plaza:more")]]


def test_buttons_that_cannot_be_sent_are_left_out() -> None:
    long_data = "x" * CUSTOM_ID_LIMIT
    laid = button_rows([[Button("ok", "more"), Button("", "more"), Button("big", long_data),
                         Button("L" * 200, "yes:1")]])
    assert laid == [[("ok", "plaza:more"), ("L" * 80, "plaza:yes:1")]]


async def test_a_view_holds_the_buttons_without_keeping_itself_for_presses() -> None:
    built = view([[Button("♥ #1", "like:1"), Button("↩ #1", "reply:1")]])
    assert built is not None and built.is_finished()  # not stored per message by discord.py
    components = built.to_components()
    assert [c["custom_id"] for row in components for c in row["components"]] == [
        "plaza:like:1", "plaza:reply:1"]
    assert view([]) is None
