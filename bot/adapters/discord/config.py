"""The Discord adapter's settings, and what to say when Discord refuses them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import DISCORD_API, Settings

DISCORD_GATEWAY = "wss://gateway.discord.gg/"  # discord.py's DiscordWebSocket.DEFAULT_GATEWAY


@dataclass(frozen=True, slots=True)
class Pace:
    """Requests per second to keep under Discord's global limit of 50 per bot
    (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit).

    `per_second` bounds everything that counts against the global limit;
    `bulk_per_second`, lower, bounds digests alone, so a digest burst always leaves
    room for people's replies. Interaction responses and follow-ups do not count
    against the global limit and are not paced.
    """

    per_second: float = 47.0
    bulk_per_second: float = 45.0

    @property
    def window(self) -> int:
        """Requests in flight or answered within the last second, at most: the rate
        rounded down, plus one for a request that straddles the second's edge (48 by
        default), so requests bunched up on their way still reach Discord under 50."""
        return int(self.per_second) + 1


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    token: str
    api_url: str = DISCORD_API  # the REST root, e.g. http://127.0.0.1:8080/api/v10
    gateway_url: str = DISCORD_GATEWAY
    pace: Pace = Pace()
    retries: int = 4  # after a network error, before giving a message up
    backoff: float = 0.5  # seconds before the first retry, doubling each time
    sync_commands: bool = True  # publish the slash commands at start (setup_hook)
    guild_ready_timeout: float = 2.0  # s discord.py waits for more servers before READY
    redis_url: str | None = None  # the global rate shared with the bot's other processes


def from_settings(settings: Settings) -> DiscordConfig:
    """The adapter's settings. SystemExit names a missing token."""
    discord = settings.discord
    if discord.bot_token is None:
        raise SystemExit("DISCORD_BOT_TOKEN is not set.")
    return DiscordConfig(token=discord.bot_token.get_secret_value(),
                         api_url=discord.api_url or DISCORD_API,
                         gateway_url=discord.gateway_url or DISCORD_GATEWAY,
                         redis_url=settings.redis_url)
