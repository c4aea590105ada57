"""Discord messages and interactions in, `Incoming` out: what Plaza acts on, and what not.

Chats. A person's direct messages with Plaza are addressed by their user id
(`dm_chat`), as Telegram's private chats are; the outbox opens the DM channel
from it. Like Telegram, Plaza writes to someone unprompted (a digest, a private
answer to something said in a server) only once they have written to it
privately: in its DMs, or through a slash command, whose answers are private.
A server channel or thread is "channel:<id>" (`channel_chat`); what is said there
carries the person's DMs as the private chat Plaza may open (`private_chat`), so
private matters raised in a server are answered there from the first message.

Plaza acts on, in a direct message, every new message from a person; in a
server channel or thread, only a message that mentions Plaza or replies to one
of its messages (with the mention taken out). It leaves alone, quietly:

- messages from bots (Plaza included) and webhooks: the actor is always a person;
- system messages (someone joined, a pin, a boost...): only default messages and
  replies are people talking;
- edits (acting on an edited "post: ..." would publish twice), which arrive as
  another event that Plaza does not listen to.

Attachments or a sticker with no text, in a direct message, become an empty
message, which the conversation answers by saying what it can do. Direct
messages and mentions carry their text without the privileged message content
intent (Discord's documented exception), so Plaza asks for none.
"""

from __future__ import annotations

import re

import discord

from bot.messages import Incoming
from storage.models import Platform

CHANNEL = "channel:"
_SPOKEN = (discord.MessageType.default, discord.MessageType.reply)


def dm_chat(user_id: int) -> str:
    """The chat id of a person's direct messages with Plaza: their user id."""
    return str(user_id)


def channel_chat(channel_id: int) -> str:
    """The chat id of a server channel or thread."""
    return f"{CHANNEL}{channel_id}"


def channel_of(chat_id: str) -> int | None:
    """The channel id in a server channel's chat id; None for a person's direct messages."""
    return int(chat_id.removeprefix(CHANNEL)) if chat_id.startswith(CHANNEL) else None


def language(locale: object) -> str | None:
    """Discord's locale ("fr", "en-US") as a language code hint, None when absent."""
    return str(locale) if locale else None


def from_message(message: discord.Message, me: discord.ClientUser) -> Incoming | None:
    """What the person said, or None when Plaza should not act on this message."""
    author = message.author
    if author.bot or message.webhook_id is not None or message.type not in _SPOKEN:
        return None
    text = message.content
    if message.guild is None and isinstance(message.channel, discord.DMChannel):
        if not text and not message.attachments and not message.stickers:
            return None  # nothing a person said: a call, say
        return Incoming(Platform.discord, str(author.id), dm_chat(author.id),
                        text, username=author.name,
                        display_name=author.display_name, opening=True,
                        mentions=_who(message.mentions, me))
    if message.guild is None:
        return None  # a group DM: Plaza is reached there through its commands only
    addressed = _addressed(message, me)
    if addressed is None:
        return None
    return Incoming(Platform.discord, str(author.id), channel_chat(message.channel.id),
                    addressed, username=author.name,
                    display_name=author.display_name, group=True,
                    private_chat=dm_chat(author.id), mentions=_who(message.mentions, me))


def _addressed(message: discord.Message, me: discord.ClientUser) -> str | None:
    """The text meant for Plaza in a server message, without its mention; None if not for
    Plaza. A reply to Plaza's message counts, pinging it or not; Discord sends the text of
    a message that does not mention Plaza only with the privileged message content
    intent, so such a reply arrives empty and is left alone."""
    mention = re.compile(rf"<@!?{me.id}>")
    if mention.search(message.content):
        return re.sub(r"[ \t]{2,}", " ", mention.sub("", message.content)).strip(" \t\n,:;")
    reference = message.reference
    resolved = reference.resolved if reference is not None else None
    replying = isinstance(resolved, discord.Message) and resolved.author.id == me.id
    if (replying or any(user.id == me.id for user in message.mentions)) and message.content:
        return message.content
    return None


def _who(mentioned: list[discord.User | discord.Member], me: discord.ClientUser
         ) -> tuple[tuple[str, str, str], ...]:
    """(chip, user id, username) for each person mentioned by chip ("<@1001>", what
    Discord's @ picker writes), Plaza aside; the conversation writes their handle."""
    return tuple((chip, str(user.id), user.name) for user in mentioned if user.id != me.id
                 for chip in (f"<@{user.id}>", f"<@!{user.id}>"))
