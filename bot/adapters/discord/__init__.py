"""Plaza on Discord (discord.py 2): the only package that imports it.

    adapter   DiscordAdapter: start(handler), send, stop, on one asyncio loop
    commands  the menu as slash commands, in English and French
    config    its settings
    delivery  the paced, retried way out to chats, for replies and digests alike
    events    Discord messages and interactions as `Incoming`; chat ids
    format    plain replies as Discord messages: escaped, cut to the limits, buttons
"""

from bot.adapters.discord.adapter import DiscordAdapter
from bot.adapters.discord.config import DiscordConfig

__all__ = ["DiscordAdapter", "DiscordConfig"]
