"""The platform-neutral command menu (bot.menu) and button data (bot.messages)."""

from __future__ import annotations

import pytest

from bot.actions import ACTIONS
from bot.menu import COMMANDS, LANGUAGES, menu
from bot.messages import ButtonVerb, button_data, pressed
from bot.replies import confirmation


def test_the_menu_has_every_command_in_every_language_from_the_declarations() -> None:
    entries = menu()
    assert [entry.command for entry in entries] == list(COMMANDS)
    post = next(entry for entry in entries if entry.command == "post")
    assert post.description("en") == ACTIONS["post"].description()
    assert post.description("fr") == ACTIONS["post"].fr
    assert all(set(entry.descriptions) == set(LANGUAGES) for entry in entries)
    assert all(entry.description("de") == entry.description("en") for entry in entries)


@pytest.mark.parametrize(("verb", "value", "data"), [
    (ButtonVerb.like, 12, "like:12"), (ButtonVerb.reply, 7, "reply:7"),
    (ButtonVerb.follow, "alice", "follow:alice"), (ButtonVerb.more, None, "more"),
    (ButtonVerb.yes, "tok3n", "yes:tok3n"), (ButtonVerb.no, "tok3n", "no:tok3n"),
])
def test_button_data_reads_back_as_its_verb_and_value(
    verb: ButtonVerb, value: object, data: str
) -> None:
    assert button_data(verb, value) == data
    assert pressed(data) == (verb, "" if value is None else str(value))


@pytest.mark.parametrize("data", ["do:like 12", "", None, "LIKE:1", "ok:abc"])
def test_data_no_button_of_plazas_carries_has_no_verb(data: str | None) -> None:
    assert pressed(data)[0] is None


def test_a_questions_buttons_carry_its_token() -> None:
    [[yes, no]] = confirmation("confirm.delete_post", {"id": 3}, "abc", "en").buttons
    assert (pressed(yes.data), pressed(no.data)) == ((ButtonVerb.yes, "abc"),
                                                     (ButtonVerb.no, "abc"))
