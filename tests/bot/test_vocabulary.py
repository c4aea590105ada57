"""One vocabulary: every action is described, executable and has words in both languages."""

from __future__ import annotations

import string

import pytest

from bot.actions import ACTIONS
from bot.conversation.execute import EXECUTORS
from bot.phrases import PHRASES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_is_described_executed_and_spoken(name: str) -> None:
    action = ACTIONS[name]
    assert len(action.description()) > 10 and len(action.fr) > 10
    assert name in EXECUTORS
    spoken = [key for key in PHRASES if key.split(".")[0] == name]
    assert spoken, f"no phrase for {name}"


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_has_both_languages_with_the_same_fields(key: str) -> None:
    en, fr = PHRASES[key]
    assert en.strip() and fr.strip()
    assert _fields(en) == _fields(fr)


def test_every_command_word_is_refused_as_a_new_handle() -> None:
    """storage.text.RESERVED_HANDLES keeps its own list (storage knows nothing of the bot):
    every slash command long enough to be a handle, and every yes, no and "more", is in it."""
    from bot.understanding import slash, smalltalk
    from storage.text import HANDLE_MIN, RESERVED_HANDLES

    words = {*slash._COMMANDS, *smalltalk._YES, *smalltalk._NO, *smalltalk._MORE}
    handles = {w for w in words if len(w) >= HANDLE_MIN and w.isalpha()}
    assert handles - RESERVED_HANDLES == set()
