"""Plaza's slash commands on Discord, made from the one menu (bot.menu), in every language.

Each menu entry but /start (Telegram's way of opening a chat) becomes a slash
command whose one option, if any, is typed as the menu says: words are a string,
a post's number an integer from 1, a handle a string offered from the people
one follows as one types (autocomplete). Names and descriptions are
`locale_str`s carrying their French words, which `MenuTranslator` hands to
discord.py for Discord's French locale, so the command list reads in French
for people whose Discord is in French.

Commands are allowed everywhere Discord allows an app: servers, the bot's DMs
and other private channels, for a server install and a user install alike
(discord.py's allowed_contexts / allowed_installs), so Plaza works for someone
who shares no server with it.

A command, when used, is read as the same command typed in a chat
(`MenuCommand.invocation`): "/search jazz" takes one path through the
understanding whichever platform it came from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import locale_str

from bot.menu import MenuCommand, OptionKind, menu

DESCRIPTION_LIMIT = 100  # characters, Discord's limit for command and option descriptions
POST_NUMBERS = app_commands.Range[int, 1, 999_999_999]  # as the understanding reads them
NOT_ON_DISCORD = ("start",)  # Telegram's /start is how a chat opens there; Discord has none

# Discord's locale for each language Plaza speaks besides English, the default.
LOCALES = {discord.Locale.french: "fr"}

# Per command: the words used, the command and the option's value (None when left out).
OnCommand = Callable[[discord.Interaction, MenuCommand, object], Awaitable[None]]
# Per handle box: the interaction and what was typed so far; the handles to offer.
OnComplete = Callable[[discord.Interaction, str], Awaitable[list[str]]]

# French command names: words the understanding also reads as these commands
# (bot/understanding/slash.py), should someone type them.
FRENCH_NAMES = {
    "post": "publier", "feed": "fil", "digest": "resume", "discover": "decouvrir",
    "search": "chercher", "explain": "expliquer", "catchup": "rattraper", "profile": "profil",
    "settings": "reglages", "help": "aide",
    "export": "exporter", "delete": "supprimer", "link": "lier",
    "notifications": "notifications", "notify": "alerte", "quiet": "calme", "hide": "cacher",
    "steering": "filtres",
}


def _short(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "…"


def _words(words: dict[str, str]) -> locale_str:
    """English words, carrying the other languages' for `MenuTranslator`."""
    return locale_str(_short(words["en"]),
                      **{language: _short(text) for language, text in words.items()})


class MenuTranslator(app_commands.Translator):
    """Gives discord.py the French of each command's name, description and option."""

    async def translate(self, string: locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        language = LOCALES.get(locale)
        return string.extras.get(language) if language else None


Callback = Callable[..., Coroutine[Any, Any, None]]


def _callback(entry: MenuCommand, on_command: OnCommand) -> Callback:
    """The function discord.py reads the command's option from: its one parameter,
    `value`, typed as the menu says."""
    option = entry.option

    async def bare(interaction: discord.Interaction) -> None:
        await on_command(interaction, entry, None)

    async def words(interaction: discord.Interaction, value: str) -> None:
        await on_command(interaction, entry, value)

    async def maybe_words(interaction: discord.Interaction, value: str | None = None) -> None:
        await on_command(interaction, entry, value)

    async def number(interaction: discord.Interaction, value: POST_NUMBERS) -> None:
        await on_command(interaction, entry, value)

    async def maybe_number(interaction: discord.Interaction,
                           value: POST_NUMBERS | None = None) -> None:
        await on_command(interaction, entry, value)

    chosen: Callback
    if option is None:
        return bare
    if option.kind is OptionKind.number:
        chosen = number if option.required else maybe_number
    else:
        chosen = words if option.required else maybe_words
    chosen = app_commands.rename(value=_words(option.names))(chosen)
    return app_commands.describe(value=_words(option.descriptions))(chosen)


def slash_commands(on_command: OnCommand, on_complete: OnComplete
                   ) -> list[app_commands.Command[Any, ..., None]]:
    """The menu as slash commands, in menu order."""
    made = []
    for entry in menu():
        if entry.command in NOT_ON_DISCORD:
            continue
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=locale_str(entry.command, fr=FRENCH_NAMES[entry.command]),
            description=_words(entry.descriptions),
            callback=_callback(entry, on_command),
        )
        if entry.option is not None and entry.option.kind is OptionKind.handle:
            command.autocomplete("value")(_completer(on_complete))
        made.append(command)
    return made


def _completer(on_complete: OnComplete) -> Callable[
        [discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def complete(interaction: discord.Interaction, current: str
                       ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"@{handle}", value=handle)
                for handle in await on_complete(interaction, current)]
    return complete


def command_tree(client: discord.Client, on_command: OnCommand, on_complete: OnComplete
                 ) -> app_commands.CommandTree[discord.Client]:
    """A command tree holding the menu, allowed in every context and install type."""
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        client,
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True,
                                                        private_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
    )
    for command in slash_commands(on_command, on_complete):
        tree.add_command(command)
    return tree
