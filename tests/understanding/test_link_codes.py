"""What reads as a link code sent on its own (bot.understanding.linking.code_in): a code
however typed, and never a few words that only look like one."""

from __future__ import annotations

import pytest

from bot.understanding.offline import understand


@pytest.mark.parametrize(("text", "code"), [
    ("7kq-4mx-p2z", "7KQ-4MX-P2Z"),
    ("7kq 4mx p2z", "7KQ-4MX-P2Z"),
    ("link 7kq4mxp2z", "7KQ-4MX-P2Z"),
    ("here it is: 7KQ-4MX-P2Z thanks", "7KQ-4MX-P2Z"),
    ("7KQ 4MX P1Z", "7KQ-4MX-P1Z"),
    ("BZA AO7 X4G", "BZA-A07-X4G"),  # copied in capitals, O for 0
])
def test_a_code_is_read_however_typed(text: str, code: str) -> None:
    found = understand(text)
    assert (found.action.name, found.action.args()) == ("link", {"code": code})


@pytest.mark.parametrize(("text", "name"), [
    ("lik 301 pls", "like"),  # not 11K-301-P1S
    ("follow 123", "chat"),  # a number is no handle: asked which
    ("search 555", "search"),
    ("and ava too", "chat"),
])
def test_words_that_only_look_like_a_code_are_not_one(text: str, name: str) -> None:
    assert understand(text).action.name == name
