"""Chat shorthand (bot.understanding.texting): read written out when the message as
sent found nothing sure, never rewriting a post's words or a handle."""

from __future__ import annotations

import pytest

from bot.understanding.offline import understand
from bot.understanding.texting import written


@pytest.mark.parametrize(("text", "name", "args"), [
    ("ki me suit", "followers", {}),
    ("ki sont mes abos", "followers", {}),
    ("koi d9", "read_feed", {}),
    ("whats hot rn", "trending", {}),
    ("show ppl i follow", "following", {}),
    ("who r ppl following me", "followers", {}),
    ("like post forty two", "like", {"post": 42}),  # dictated numbers still read
])
def test_shorthand_is_read_written_out(text: str, name: str, args: dict) -> None:
    found = understand(text)
    assert (found.action.name, found.action.args()) == (name, args), found


@pytest.mark.parametrize(("text", "words"), [
    ("post: ur the best rn", "ur the best rn"),
    ("tell everyone ki vivra verra", "ki vivra verra"),
])
def test_a_posts_words_are_never_rewritten(text: str, words: str) -> None:
    found = understand(text)
    assert found.action.name == "post" and found.action.args()["text"] == words


def test_only_whole_shorthand_words_are_written_out() -> None:
    assert written("ki me suit") == "qui me suit"
    assert written("koi d9 @ki #ppl /u") == "quoi de neuf @ki #ppl /u"
    assert written("kiwi, uranus, rna, build9") == "kiwi, uranus, rna, build9"
    assert written("nothing to change") == "nothing to change"
