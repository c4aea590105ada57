"""Plaza's slash commands come from the one menu: every command but /start, valid as
Discord requires (names, lengths), typed options, French names and descriptions through
discord.py's translator, and each command read as the same command typed in a chat."""

from __future__ import annotations

from typing import Any

import discord
import pytest
import regex

from bot.adapters.discord.commands import MenuTranslator, command_tree
from bot.menu import OptionKind, menu
from bot.understanding.rules import understand

# Discord's rule for command and option names (Application Commands, "Naming").
NAME = regex.compile(r"^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$")


async def _payloads() -> list[dict[str, Any]]:
    client = discord.Client(intents=discord.Intents.default())

    async def on_command(*_: object) -> None:
        raise AssertionError("not used here")

    async def on_complete(*_: object) -> list[str]:
        return []

    tree = command_tree(client, on_command, on_complete)
    translator = MenuTranslator()
    return [await command.get_translated_payload(tree, translator)
            for command in tree.get_commands()]


async def test_every_menu_command_but_start_is_a_slash_command() -> None:
    names = [payload["name"] for payload in await _payloads()]
    assert names == [entry.command for entry in menu() if entry.command != "start"]


async def test_names_and_descriptions_are_valid_in_both_languages() -> None:
    for payload in await _payloads():
        for thing in (payload, *payload["options"]):
            names = [thing["name"], *thing["name_localizations"].values()]
            descriptions = [thing["description"], *thing["description_localizations"].values()]
            assert all(NAME.match(name) and name == name.lower() for name in names), names
            assert all(1 <= len(text) <= 100 for text in descriptions), descriptions
            assert set(thing["name_localizations"]) == {"fr"}
            assert thing["description_localizations"]["fr"] != thing["description"]


async def test_options_are_typed_as_the_menu_says() -> None:
    options = {p["name"]: p["options"] for p in await _payloads()}
    post_text = options["post"][0]
    assert (post_text["type"], post_text["required"]) == (3, True)  # a required string
    number = options["delete"][0]
    assert (number["type"], number["required"], number["min_value"]) == (4, False, 1)
    for handle_box in ("feed", "profile"):
        assert options[handle_box][0]["autocomplete"] is True
    assert options["help"] == [] and options["export"] == []


async def test_commands_work_in_dms_and_servers_for_both_install_types() -> None:
    for payload in await _payloads():
        assert sorted(payload["contexts"]) == [0, 1, 2]  # server, bot DM, private channel
        assert sorted(payload["integration_types"]) == [0, 1]  # server and user install


@pytest.mark.parametrize("entry", [e for e in menu() if e.command != "start"],
                         ids=lambda e: e.command)
async def test_french_names_are_read_as_the_same_command(entry: Any) -> None:
    payload = {p["name"]: p for p in await _payloads()}[entry.command]
    french = payload["name_localizations"]["fr"]
    required = entry.option is not None and entry.option.required
    argument = (None if not required else 12 if entry.option.kind == OptionKind.number
                else "hello")
    english = understand(entry.invocation(argument))
    typed = understand(f"/{french} {argument or ''}".strip())
    assert english.explicit and english.action.name != "chat"
    assert (typed.action, typed.explicit) == (english.action, True)
