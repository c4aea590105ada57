"""People, guilds, channels and messages of the fake Discord, and their JSON as Discord sends it.

    alice = User(1001, "alice", "Alice")
    jazz = Guild(7001, "Jazz", [Channel(7101, "general", 7001)])
    fake.dm(alice, "post: hello")                      # MESSAGE_CREATE in Alice's DM
    fake.channel_message(alice, jazz.channels[0], "hi", mention_bot=True)

The payload builders follow Discord's documented object shapes
(https://discord.com/developers/docs/resources/user, .../channel, .../message),
with the fields discord.py 2.7 reads; ids are strings, as on the wire.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000  # snowflakes count milliseconds from 2015-01-01
_increments = itertools.count()


def snowflake() -> int:
    """A new id shaped like Discord's: milliseconds since Discord's epoch above 22 low bits."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_increments) % (1 << 22))


def now_iso() -> str:
    """The current time as Discord writes timestamps (ISO 8601, UTC offset)."""
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    global_name: str | None = None
    locale: str = "en-US"
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        """The user object (https://discord.com/developers/docs/resources/user#user-object)."""
        found: dict[str, Any] = {
            "id": str(self.id), "username": self.username, "global_name": self.global_name,
            "discriminator": "0", "avatar": None, "public_flags": 0, "flags": 0,
            "banner": None, "accent_color": None, "avatar_decoration_data": None}
        if self.bot:
            found["bot"] = True
        return found

    def member(self, permissions: str | None = None) -> dict[str, Any]:
        """The guild member object, with its user; `permissions` as interactions carry it."""
        found = {"user": self.payload(), "roles": [], "joined_at": now_iso(), "deaf": False,
                 "mute": False, "flags": 0, "nick": None, "avatar": None, "pending": False,
                 "communication_disabled_until": None, "premium_since": None}
        if permissions is not None:
            found["permissions"] = permissions
        return found


@dataclass(frozen=True)
class Channel:
    """A guild text channel (type 0); with `thread_of`, a public thread (type 11) in that
    text channel, which GUILD_CREATE lists under `threads`."""

    id: int
    name: str
    guild_id: int
    thread_of: int | None = None

    def payload(self, position: int = 0) -> dict[str, Any]:
        if self.thread_of is not None:
            return {"id": str(self.id), "type": 11, "guild_id": str(self.guild_id),
                    "parent_id": str(self.thread_of), "owner_id": str(self.guild_id),
                    "name": self.name, "last_message_id": None, "rate_limit_per_user": 0,
                    "message_count": 0, "member_count": 1, "flags": 0,
                    "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                        "archive_timestamp": now_iso(), "locked": False}}
        return {"id": str(self.id), "type": 0, "guild_id": str(self.guild_id),
                "name": self.name, "position": position, "permission_overwrites": [],
                "nsfw": False, "parent_id": None, "topic": None, "last_message_id": None,
                "rate_limit_per_user": 0, "flags": 0}


@dataclass
class Guild:
    id: int
    name: str
    channels: list[Channel] = field(default_factory=list)

    def payload(self, bot: User, members: Sequence[User] = ()) -> dict[str, Any]:
        """The GUILD_CREATE body: the whole guild, its channels, the bot among its members."""
        everyone = {"id": str(self.id), "name": "@everyone", "color": 0, "hoist": False,
                    "position": 0, "permissions": "1071698660929", "managed": False,
                    "mentionable": False, "flags": 0}
        people = [bot, *[m for m in members if m.id != bot.id]]
        return {
            "id": str(self.id), "name": self.name, "icon": None, "splash": None,
            "discovery_splash": None, "owner_id": str(people[-1].id), "afk_channel_id": None,
            "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "roles": [everyone], "emojis": [], "features": [],
            "mfa_level": 0, "system_channel_id": None, "system_channel_flags": 0,
            "rules_channel_id": None, "vanity_url_code": None, "description": None,
            "banner": None, "premium_tier": 0, "preferred_locale": "en-US",
            "public_updates_channel_id": None, "nsfw_level": 0, "stickers": [],
            "premium_progress_bar_enabled": False, "joined_at": now_iso(), "large": False,
            "unavailable": False, "member_count": len(people), "voice_states": [],
            "members": [person.member() for person in people],
            "channels": [c.payload(i) for i, c in enumerate(self.channels)
                         if c.thread_of is None],
            "threads": [c.payload() for c in self.channels if c.thread_of is not None],
            "presences": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": []}


@dataclass(frozen=True)
class Sent:
    """One message as Discord accepted it from the bot (or an interaction response or followup).

    `components` is a list of rows, each a list of (label, custom_id) — a link button's url
    in place of its custom_id, a select menu's placeholder in place of its label. `edited`
    says this is a new version of an earlier message (PATCH @original, an update response).
    """

    message_id: int
    channel_id: int
    content: str
    components: list[list[tuple[str, str]]] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)
    allowed_mentions: dict[str, Any] | None = None
    ephemeral: bool = False
    interaction_id: int | None = None
    embeds: list[dict[str, Any]] = field(default_factory=list)
    reference: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    edited: bool = False
    at: float = 0.0  # time.monotonic() when accepted

    def custom_ids(self) -> list[str]:
        return [custom_id for row in self.components for _, custom_id in row]


def dm_channel(channel_id: int, user: User) -> dict[str, Any]:
    """A DM channel (type 1) with `user`."""
    return {"id": str(channel_id), "type": 1, "last_message_id": None, "flags": 0,
            "recipients": [user.payload()]}


def message(message_id: int, channel_id: int, author: dict[str, Any], content: str,
            **fields: Any) -> dict[str, Any]:
    """A message object (https://discord.com/developers/docs/resources/message); `fields`
    add or override anything (guild_id, member, attachments, type, message_reference...)."""
    return {"id": str(message_id), "channel_id": str(channel_id), "author": author,
            "content": content, "timestamp": now_iso(), "edited_timestamp": None,
            "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
            "components": [], **fields}


def attachment(filename: str, data: bytes, content_type: str = "application/octet-stream",
               attachment_id: int | None = None) -> dict[str, Any]:
    """An attachment object, as a message carries an uploaded file."""
    ident = attachment_id or snowflake()
    url = f"https://cdn.discordapp.com/attachments/0/{ident}/{filename}"
    return {"id": str(ident), "filename": filename, "size": len(data), "url": url,
            "proxy_url": url, "content_type": content_type}
