"""The command menu, the same on every platform: each command and its words per language.

The words are derived, not written twice: a command that is one action says
what that action's declaration says (its docstring, its `fr` line, as /help
does); a command that is no single action says its phrase "menu.<command>".
Each adapter lays the menu out its own way (Telegram's BotCommand list;
Discord's slash commands will come from it too).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.actions import ACTIONS
from bot.phrases import say

LANGUAGES = ("en", "fr")

# Each command, in the order shown, and the action it stands for (None: a phrase of its own).
COMMANDS: dict[str, str | None] = {
    "start": None,
    "post": "post",
    "feed": "read_feed",
    "digest": "digest",
    "discover": "discover",
    "search": "search",
    "profile": "show_profile",
    "settings": None,
    "help": "help",
    "export": "export_data",
    "delete": "delete_account",
}


@dataclass(frozen=True, slots=True)
class MenuCommand:
    """One entry of the menu: `command` (lower case, no slash) and its words per language."""

    command: str
    descriptions: dict[str, str]

    def description(self, language: str) -> str:
        """The words in `language`; English for a language Plaza does not speak."""
        return self.descriptions.get(language, self.descriptions["en"])


def _words(command: str, action: str | None, language: str) -> str:
    if action is None:
        return say(f"menu.{command}", language)
    return ACTIONS[action].fr if language == "fr" else ACTIONS[action].description()


def menu() -> list[MenuCommand]:
    """The menu, in order, with words in every language Plaza speaks (`LANGUAGES`)."""
    return [MenuCommand(command, {language: _words(command, action, language)
                                  for language in LANGUAGES})
            for command, action in COMMANDS.items()]
