"""Telegram updates in, `Incoming` out: what Plaza acts on, and what it leaves alone.

Plaza acts on new messages from people and on presses of its own buttons.
It leaves alone, quietly:

- edits (acting on an edited "post: ..." would publish twice) and channel posts;
- messages with no person behind them: anonymous group admins and messages
  sent as a channel (`sender_chat`), and other bots — the actor is always the
  sender, and there is none to name;
- in groups, anything not addressed to Plaza: a command without another bot's
  @name, a message mentioning @Plaza, or a reply to one of Plaza's messages;
- service messages (someone joined, a pinned message...); the one saying a
  group became a supergroup is the adapter's (`migration`), not the conversation's.

A photo's or document's caption counts as its text; a sticker, a voice note or
a bare photo in a private chat becomes an empty message, which the
conversation answers by saying what it can do.
"""

from __future__ import annotations

import re
from dataclasses import replace

from telegram import CallbackQuery, Message, Update, User
from telegram.constants import ChatType

from bot.messages import Incoming
from storage.models import Platform

_COMMAND = re.compile(r"^(/\w+)(?:@(\w+))?", re.ASCII)


def incoming(update: Update, me: User) -> Incoming | None:
    """What the person did, or None when Plaza should not act on this update; it carries
    the update's id (Incoming.update_id), so a delivery of it again is acted on once."""
    found = _incoming(update, me)
    return None if found is None else replace(found, update_id=str(update.update_id))


def _incoming(update: Update, me: User) -> Incoming | None:
    if update.callback_query is not None:
        return _press(update.callback_query)
    message = update.message  # only new messages: edited ones arrive in other fields
    if message is None:
        return None
    person = message.from_user
    if person is None or person.is_bot or message.sender_chat is not None:
        return None
    group = message.chat.type != ChatType.PRIVATE
    text = message.text if message.text is not None else message.caption or ""
    if group:
        addressed = _addressed(message, text, me)
        if addressed is None:
            return None
        text = addressed
    elif not text and message.effective_attachment is None:
        return None  # a service message
    return Incoming(
        Platform.telegram, str(person.id), str(message.chat.id), text,
        username=person.username, display_name=person.full_name,
        language=person.language_code, group=group,
    )


def migration(update: Update) -> tuple[str, str] | None:
    """(old id, new id) when the update says a group became a supergroup, else None.

    Telegram says it twice, once in each chat: the old group's last message
    carries `migrate_to_chat_id`, the supergroup's first `migrate_from_chat_id`.
    """
    message = update.message
    if message is None:
        return None
    if message.migrate_to_chat_id:
        return str(message.chat.id), str(message.migrate_to_chat_id)
    if message.migrate_from_chat_id:
        return str(message.migrate_from_chat_id), str(message.chat.id)
    return None


def _press(query: CallbackQuery) -> Incoming | None:
    person, message = query.from_user, query.message
    if not query.data or message is None:
        return None
    return Incoming(
        Platform.telegram, str(person.id), str(message.chat.id),
        username=person.username, display_name=person.full_name,
        language=person.language_code, button=query.data,
        group=message.chat.type != ChatType.PRIVATE,
    )


def _addressed(message: Message, text: str, me: User) -> str | None:
    """The text meant for Plaza in a group message, without its @name; None if not for Plaza."""
    name = (me.username or "").lower()
    if command := _COMMAND.match(text):
        if command[2] and command[2].lower() != name:
            return None  # another bot's command
        return command[1] + text[command.end():]
    mention = re.compile(rf"(?<!\w)@{re.escape(name)}\b", re.IGNORECASE) if name else None
    if mention and mention.search(text):
        return re.sub(r"[ \t]{2,}", " ", mention.sub("", text)).strip(" \t\n,:;")
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == me.id:
        return text
    return None
