"""Plaza on Discord: a discord.py 2 client on the caller's event loop.

The client is driven by its parts (`login`, then `connect` in a task) rather
than `run` or `start`, so Discord shares one asyncio loop with the other
adapters and the digest scheduler, and start-up failures come back to whoever
starts it. `setup_hook`, which discord.py runs once logged in, registers the
button handler and publishes the slash commands.

What arrives, and how it is answered:

    a direct message, a mention    bot.adapters.discord.events -> the handler; replies
    or reply in a server channel   sent to the chat through the paced `Outbox`
    a slash command (/post ...)    acknowledged at once (deferred, "thinking"), read as
                                   the same command typed (bot.menu), answered by
                                   follow-ups: ephemeral outside Plaza's DMs, so
                                   nothing private shows in a channel
    a press on a Plaza button      acknowledged at once, its data handed on as a press;
                                   buttons are one dynamic item ("plaza:<data>"), so
                                   they work after a restart, and a stale or foreign
                                   one gets a polite ephemeral answer
    a handle being typed           autocomplete from the people the person follows

Discord allows 3 seconds to acknowledge an interaction; every interaction is
acknowledged before anything else is done with it. The same message or
interaction delivered twice (a resumed gateway session replays) is acted on
once. Nothing Plaza sends can ping anyone (allowed_mentions none, the client's
default and each send's).

Only non-privileged intents are asked for: server and DM messages, and
servers. Discord delivers the text of direct messages, of messages that
mention the bot, and of replies to it without the message content intent.

`DISCORD_API_URL` and `DISCORD_GATEWAY_URL` are set where discord.py reads
them, its `Route.BASE` and `DiscordWebSocket.DEFAULT_GATEWAY`: class attributes,
so one Discord bot per process, which is how Plaza runs.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import replace
from functools import partial
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.base import Handler, Priority, Send
from bot.adapters.discord.commands import MenuTranslator, command_tree
from bot.adapters.discord.config import DiscordConfig, from_settings
from bot.adapters.discord.delivery import TRANSIENT, Outbox, extras, retrying
from bot.adapters.discord.events import channel_chat, dm_chat, from_message, language
from bot.adapters.discord.format import NO_PINGS, PREFIX, Part, custom_id, parts
from bot.adapters.discord.pacing import Pacing
from bot.adapters.recent import RecentIds
from bot.conversation.onboarding import platform_language
from bot.errors import CannotStart, DeliveryError, Stopping
from bot.menu import MenuCommand
from bot.messages import Incoming, Reply
from bot.phrases import say
from bot.settings import Settings
from storage.models import Platform

__all__ = ["DiscordAdapter", "DiscordConfig"]

log = logging.getLogger(__name__)
READY_WITHIN = 30.0  # seconds for the gateway to say READY before giving up at start


# Plaza has no voice: discord.py's warning at start that voice's libraries are missing
# would be noise in every log.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def _intents() -> discord.Intents:
    intents = discord.Intents.none()
    intents.guilds = True  # channels and threads, to tell a server channel from a DM
    intents.guild_messages = True  # mentions of Plaza and replies to it
    intents.dm_messages = True
    return intents


class _Client(discord.Client):
    """discord.py's client, handing what it receives to the adapter."""

    def __init__(self, adapter: DiscordAdapter) -> None:
        super().__init__(intents=_intents(), allowed_mentions=NO_PINGS,
                         http_trace=adapter.pacing.trace(),
                         guild_ready_timeout=adapter.config.guild_ready_timeout,
                         max_messages=None,  # no message cache: replies carry their source
                         chunk_guilds_at_startup=False,
                         member_cache_flags=discord.MemberCacheFlags.none())
        self.adapter = adapter

    async def setup_hook(self) -> None:
        await self.adapter._set_up()

    async def on_message(self, message: discord.Message) -> None:
        await self.adapter._on_message(message)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.adapter._on_interaction(interaction)


def _shown(message: discord.Message | None, ident: str) -> bool:
    """Whether `message` shows a component whose custom_id is `ident`."""
    if message is None:
        return False
    for component in message.components:
        for child in getattr(component, "children", [component]):
            if getattr(child, "custom_id", None) == ident:
                return True
    return False


class PlazaButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                  template=re.compile(re.escape(PREFIX) + r"(?P<data>.+)", re.S)):
    """Every button Plaza sends, recognised by its custom_id ("plaza:like:12") whenever it
    is pressed, whatever process sent it."""

    def __init__(self, data: str) -> None:
        super().__init__(discord.ui.Button(label="·", custom_id=custom_id(data)))
        self.data = data

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[discord.Client],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> PlazaButton:
        return cls(match["data"])

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        client = interaction.client
        if isinstance(client, _Client):
            await client.adapter._on_press(interaction, self.data)


class DiscordAdapter:
    platform = Platform.discord

    def __init__(self, config: DiscordConfig) -> None:
        self.config = config
        self.pacing = Pacing.for_bot(config)
        self.client = _Client(self)
        self.tree = command_tree(self.client, self._on_command, self._complete)
        self.outbox = Outbox(self.client, config.retries, config.backoff)
        self.done = asyncio.Event()  # set when the adapter stopped on its own
        self.failure: str | None = None
        self._handler: Handler | None = None
        self._seen = RecentIds()
        self._gateway: asyncio.Task[None] | None = None
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._closing = False

    @classmethod
    def from_settings(cls, settings: Settings) -> DiscordAdapter:
        """The adapter `plaza` runs; SystemExit names a setting missing for it."""
        return cls(from_settings(settings))

    def describe(self) -> str:
        servers = len(self.client.guilds)
        return (f"Discord as {self.client.user} (gateway, {servers} server"
                f"{'' if servers == 1 else 's'})")

    async def start(self, handler: Handler | None = None) -> None:
        """Log in (the token checked, setup_hook run); then, given a handler, open the
        gateway and return once Discord says READY. Without one, that is all: ready to
        send, receiving nothing, commands left as they are.

        Raises CannotStart when Discord refuses the token, the API answers an error
        (a wrong DISCORD_API_URL), or the API or the gateway cannot be reached.
        """
        self._handler = handler
        Route.BASE = self.config.api_url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.config.gateway_url)
        try:
            await self.client.login(self.config.token)
        except discord.LoginFailure:
            await self.client.close()
            raise CannotStart("Discord refused DISCORD_BOT_TOKEN; copy the bot's token "
                              "again from the Developer Portal (Bot, Reset Token).") from None
        except discord.HTTPException as error:
            await self.client.close()
            raise CannotStart(
                f"The Discord API answered {error.status} at {self.config.api_url}/users/@me: "
                "set DISCORD_API_URL to the API's root (like https://discord.com/api/v10), "
                "or leave it unset for Discord's.") from None
        except TRANSIENT as error:
            await self.client.close()
            raise CannotStart(f"Could not reach the Discord API at {self.config.api_url}: "
                              f"{error}") from None
        if handler is None:
            return
        self._gateway = asyncio.create_task(self._connect(), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready())
        await asyncio.wait({ready, self._gateway}, timeout=READY_WITHIN,
                           return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            reason = self.failure or f"no answer within {READY_WITHIN:.0f} s"
            await self.stop()
            raise CannotStart(f"Could not open Discord's gateway at {self.config.gateway_url}: "
                              f"{reason}")

    async def _set_up(self) -> None:
        """discord.py's setup_hook: buttons and commands, for a receiving adapter only."""
        if self._handler is None:
            return
        self.client.add_dynamic_items(PlazaButton)
        await self.tree.set_translator(MenuTranslator())
        if self.config.sync_commands:
            await self.tree.sync()

    async def _connect(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except Exception as error:  # a refused identify (4004), privileged intents (4014)...
            if not self._closing:
                log.error("The Discord gateway closed for good: %s", error)
                self.failure = f"gateway: {error}"
                self.done.set()

    async def send(self, chat_id: str, reply: Reply, priority: Priority = Priority.digest
                   ) -> None:
        """Deliver a reply nobody is waiting for (a digest, a notification): paced behind
        live answers. Raises Unreachable on a 403 or 50007, DeliveryError when retrying did
        not help."""
        await self.outbox.deliver(chat_id, reply, priority)

    async def stop(self) -> None:
        """Stop acting on what arrives, let the turns in flight finish and answer, then
        close the gateway and the HTTP session."""
        self._closing = True
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        await self.client.close()
        if self._gateway is not None:
            await asyncio.gather(self._gateway, return_exceptions=True)
        await self.pacing.close()  # its Redis connections, when the rate is shared

    def _track(self) -> bool:
        """Count the running event task as in flight until it ends; False when stopping."""
        if self._closing or self._handler is None:
            return False
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        return True

    def _acting_on(self, interaction: discord.Interaction) -> bool:
        """Whether to act on `interaction`: not while stopping, and once whatever the
        deliveries (it is then counted as in flight)."""
        return self._track() and self._seen.first_time(("i", interaction.id))

    async def _on_message(self, message: discord.Message) -> None:
        me = self.client.user
        if me is None or not self._track() or not self._seen.first_time(("m", message.id)):
            return
        found = from_message(message, me)
        if found is None or self._handler is None:
            return
        found = replace(found, update_id=str(message.id))
        if not found.group:
            self.outbox.reachable(found.chat_id)
            self.outbox.opened(message.author.id, message.channel.id)
        await self._hand_over(found, partial(self._answer, found.chat_id))

    async def _hand_over(self, found: Incoming, send: Send) -> None:
        """`found` to the handler, which runs its turn; an event arriving while the process
        stops is dropped, as one arriving after the gateway closed would be."""
        assert self._handler is not None  # _track said so
        try:
            await self._handler(found, send)
        except Stopping:
            log.info("an event arrived while stopping; not acted on")

    def replier(self, chat_id: str) -> Send:
        """How a turn another worker received answers in `chat_id`: through the outbox
        (an interaction's follow-up lives only in the process it reached)."""
        return partial(self._answer, chat_id)

    async def _answer(self, chat_id: str, replies: list[Reply]) -> None:
        """A turn's replies, in order: each to its own chat if it names one, else to
        `chat_id` (the `Send` of bot.adapters.base)."""
        for reply in replies:
            await self.outbox.deliver(reply.chat_id or chat_id, reply, Priority.reply)

    async def _on_command(self, interaction: discord.Interaction, entry: MenuCommand,
                          value: object) -> None:
        if not self._acting_on(interaction):
            return
        private = self._in_dm(interaction)
        await interaction.response.defer(ephemeral=not private, thinking=True)
        user = interaction.user
        found = Incoming(Platform.discord, str(user.id), dm_chat(user.id),
                         entry.invocation(value), username=user.name,
                         display_name=user.display_name, language=language(interaction.locale),
                         opening=private, update_id=str(interaction.id))
        if private:
            self.outbox.reachable(found.chat_id)
        await self._hand_over(found, partial(self._follow_up, interaction, not private,
                                           found.chat_id))

    async def _on_press(self, interaction: discord.Interaction, data: str) -> None:
        if not self._acting_on(interaction):
            return
        private = self._in_dm(interaction)
        await interaction.response.defer()
        user = interaction.user
        # A button under an answer only its reader sees (a slash command's, in a server)
        # belongs to the person's own chat with Plaza, like the command; one under a
        # message everyone sees belongs to that channel's conversation.
        message = interaction.message
        own = private or interaction.channel_id is None or (
            message is not None and message.flags.ephemeral)
        chat = dm_chat(user.id) if own else channel_chat(interaction.channel_id or 0)
        found = Incoming(Platform.discord, str(user.id), chat, username=user.name,
                         display_name=user.display_name, language=language(interaction.locale),
                         button=data, group=not own, private_chat=dm_chat(user.id),
                         update_id=str(interaction.id))
        await self._hand_over(found, partial(self._follow_up, interaction, not private, chat))

    async def _on_interaction(self, interaction: discord.Interaction) -> None:
        """A press on a button that is not Plaza's (an old message's, a forged one): say so,
        only to the presser. Plaza's own go to `PlazaButton`, commands to the tree.

        discord.py hands a dynamic item only a press on a button the message shows, and
        drops any other without a word; so a "plaza:" custom_id the message does not
        show (a forged one) is answered here too, or Discord would say it failed."""
        if interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        ident = str(data.get("custom_id", ""))
        if (ident.startswith(PREFIX) and _shown(interaction.message, ident)) or self._closing:
            return
        if not self._seen.first_time(("i", interaction.id)):
            return
        words = platform_language(language(interaction.locale)) or "en"
        await interaction.response.send_message(say("button.stale", words), ephemeral=True)

    async def _complete(self, interaction: discord.Interaction, typed: str) -> list[str]:
        if self._handler is None:
            return []
        return await self._handler.complete(Platform.discord, str(interaction.user.id), typed)

    @staticmethod
    def _in_dm(interaction: discord.Interaction) -> bool:
        """Whether the interaction happened in the person's DMs with Plaza, where answers
        need not be hidden. Discord says so in the interaction's context (BOT_DM); a user
        install also works in other DMs and group DMs (PRIVATE_CHANNEL), where others read
        along, and in servers: there, answers are ephemeral, and so they are when Discord
        leaves the context out (it is documented as optional)."""
        context = interaction.context
        return context.dm_channel and not (context.guild or context.private_channel)

    async def _follow_up(self, interaction: discord.Interaction, ephemeral: bool, home: str,
                         replies: list[Reply]) -> None:
        """A turn's replies to an interaction, as follow-ups to it (ephemeral outside the
        DMs); a reply meant for another chat (a private matter, to the DMs) goes there."""
        for reply in replies:
            if reply.chat_id is not None and reply.chat_id != home:
                await self.outbox.deliver(reply.chat_id, reply, Priority.reply)
                continue
            for part in parts(reply):
                await self._follow(interaction, ephemeral, part)

    async def _follow(self, interaction: discord.Interaction, ephemeral: bool,
                      part: Part) -> None:
        """One follow-up; a network error or a 429 is retried as the outbox retries a
        message (bot.adapters.discord.delivery). Raises DeliveryError, logged, when it
        still fails."""
        try:
            async for attempt in retrying(self.config.retries, self.config.backoff,
                                          webhook=True):
                with attempt:
                    await interaction.followup.send(
                        part.content or discord.utils.MISSING, ephemeral=ephemeral,
                        allowed_mentions=NO_PINGS, suppress_embeds=True, **extras(part))
        except discord.HTTPException as error:  # an expired token (15 min), a refusal
            log.error("Discord refused a follow-up to interaction %s: %s %s %s",
                      interaction.id, error.status, error.code, error.text)
            raise DeliveryError(str(interaction.channel_id)) from error
        except TRANSIENT as error:
            log.error("interaction %s: giving up a follow-up after %d tries: %r",
                      interaction.id, self.config.retries + 1, error)
            raise DeliveryError(str(interaction.channel_id)) from error
