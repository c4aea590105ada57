"""The command menu, the same on every platform: each command and its words per language.

The words are derived, not written twice: a command that is one action says
what that action's declaration says (its docstring, its `fr` line, as /help
does); a command that is no single action says its phrase "menu.<command>".
Each adapter lays the menu out its own way: Telegram's BotCommand list, Discord's
slash commands, whose options (`MenuOption`) are declared here too, so that a
slash command typed on Discord reads exactly as the same command typed on
Telegram (`MenuCommand.invocation`) and takes the same path through the
understanding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

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
    "explain": "explain",
    "catchup": "catch_up",
    "profile": "show_profile",
    "settings": None,
    "notifications": "notifications",
    "notify": "subscribe",
    "quiet": "quiet_hours",
    "hide": "steer",
    "steering": "steering",
    "help": "help",
    "link": None,
    "export": "export_data",
    "delete": "delete_account",
}



class OptionKind(StrEnum):
    """What a command's argument is, for platforms that type them (Discord's options)."""

    text = "text"  # free words
    handle = "handle"  # a person's handle; offered from the people one follows
    number = "number"  # a post's number, a whole number from 1


@dataclass(frozen=True, slots=True)
class MenuOption:
    """The one argument a command may take: its `names` and `descriptions` per language
    (names lower case, as Discord requires), its kind, and whether it is required."""

    names: dict[str, str]
    kind: OptionKind
    required: bool
    descriptions: dict[str, str]


def _option(key: str, kind: OptionKind, required: bool) -> MenuOption:
    names = dict(zip(LANGUAGES, say(f"option.{key}", "en").split("|"), strict=True))
    return MenuOption(names, kind, required,
                      {language: say(f"option.{key}.about", language) for language in LANGUAGES})


# Each command's argument, if it takes one; the words are phrases "option.<key>".
OPTIONS: dict[str, tuple[str, OptionKind, bool]] = {
    "post": ("text", OptionKind.text, True),
    "feed": ("author", OptionKind.handle, False),
    "digest": ("when", OptionKind.text, False),
    "discover": ("topic", OptionKind.text, False),
    "search": ("query", OptionKind.text, True),
    "explain": ("explained", OptionKind.number, True),
    "catchup": ("caught", OptionKind.text, False),
    "profile": ("handle", OptionKind.handle, False),
    "notifications": ("kinds", OptionKind.text, False),
    "notify": ("person", OptionKind.handle, True),
    "quiet": ("hours", OptionKind.text, False),
    "hide": ("words", OptionKind.text, True),
    "delete": ("post", OptionKind.number, False),
    "link": ("code", OptionKind.text, False),
}


@dataclass(frozen=True, slots=True)
class MenuCommand:
    """One entry of the menu: `command` (lower case, no slash), its words per language,
    and the argument it takes, if any."""

    command: str
    descriptions: dict[str, str]
    option: MenuOption | None = field(default=None)

    def description(self, language: str) -> str:
        """The words in `language`; English for a language Plaza does not speak."""
        return self.descriptions.get(language, self.descriptions["en"])

    def invocation(self, argument: object = None) -> str:
        """The command as typed in a chat: "/search jazz", "/delete 12", "/help"; what the
        understanding reads whichever platform the command came from. A handle may be
        given with or without its "@"."""
        words = "" if argument is None else str(argument).strip()
        return f"/{self.command} {words}".rstrip()


def _words(command: str, action: str | None, language: str) -> str:
    if action is None:
        return say(f"menu.{command}", language)
    return ACTIONS[action].fr if language == "fr" else ACTIONS[action].description()


def menu() -> list[MenuCommand]:
    """The menu, in order, with words in every language Plaza speaks (`LANGUAGES`)."""
    return [MenuCommand(command, {language: _words(command, action, language)
                                  for language in LANGUAGES},
                        _option(*OPTIONS[command]) if command in OPTIONS else None)
            for command, action in COMMANDS.items()]
