"""What a digest tick did, said in plain words with counts that agree."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.digest.tally import STATUSES, describe


@pytest.mark.parametrize(("status", "one", "many"), [
    ("sent", "1 digest sent", "21 digests sent"),
    ("empty", "1 person had nothing new, so no digest",
     "21 people had nothing new, so no digest"),
    ("unreachable", "1 person cannot be reached on any platform served here",
     "21 people cannot be reached on any platform served here"),
    ("later", "1 digest will be tried again in a few minutes",
     "21 digests will be tried again in a few minutes"),
    ("failed", "1 digest failed too often and is given up for today",
     "21 digests failed too often and are given up for today"),
    ("released", "1 digest handed back unsent, for the next run",
     "21 digests handed back unsent, for the next run"),
])
def test_each_ending_is_said_in_words_for_one_and_for_many(status: str, one: str,
                                                           many: str) -> None:
    assert describe(Counter({status: 1})) == one + "."
    assert describe(Counter({status: 21})) == many + "."
    assert describe(Counter({status: 2})) == many.replace("21", "2", 1) + "."


def test_every_status_a_tick_counts_has_words() -> None:
    assert set(STATUSES) == {"sent", "empty", "unreachable", "later", "failed", "released",
                             "adopted", "told"}


def test_nothing_due_is_said_so_and_scheduling_is_not_jargon() -> None:
    assert describe(Counter()) == "No digests were due."
    assert describe(Counter({"adopted": 0, "sent": 0})) == "No digests were due."
    assert describe(Counter({"adopted": 34})) == (
        "No digests were due; 34 people were given their next digest time "
        "(new, or settings changed).")
    assert describe(Counter({"adopted": 1, "sent": 2, "later": 1})) == (
        "2 digests sent; 1 digest will be tried again in a few minutes; 1 person was given "
        "their next digest time (new, or settings changed).")


def test_a_status_without_words_is_still_shown() -> None:
    assert describe(Counter({"sent": 1, "bounced": 3})) == "1 digest sent; 3 bounced."


def test_reporters_told_are_said_beside_the_digests() -> None:
    assert describe(Counter({"told": 1})) == (
        "No digests were due; 1 reporter was told what was done with their report.")
    assert describe(Counter({"sent": 1, "told": 2})) == (
        "1 digest sent; 2 reporters were told what was done with their report.")
