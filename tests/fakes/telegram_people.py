"""People, chats and the updates Telegram would deliver about them, as Bot API JSON.

    alice = Person(1001, "Alice", "alice")
    server.message(alice, "post: hello")             # a private message
    server.message(bob, "@PlazaBot what's new?", chat=JAZZ)   # in a group
    server.push(edited(alice, "post: hi"))           # any other kind of update

Commands and @mentions carry the entities Telegram attaches to them.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

_ENTITY = re.compile(r"(?P<command>^/\w+(?:@\w+)?)|(?P<mention>(?<!\w)@\w{3,})")
_message_ids = itertools.count(1)


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"

    def user(self) -> dict[str, Any]:
        user = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat(self) -> dict[str, Any]:
        chat = {"id": self.id, "type": "private", "first_name": self.first_name}
        return chat | ({"username": self.username} if self.username else {})


@dataclass(frozen=True)
class Group:
    id: int
    title: str
    type: str = "supergroup"

    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title}


# The account Telegram shows for an anonymous group admin.
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                   "username": "GroupAnonymousBot"}


def entities(text: str) -> list[dict[str, Any]]:
    found = []
    for match in _ENTITY.finditer(text):
        kind = "bot_command" if match["command"] else "mention"
        start = len(text[: match.start()].encode("utf-16-le")) // 2
        length = len(match[0].encode("utf-16-le")) // 2
        found.append({"type": kind, "offset": start, "length": length})
    return found


def message(
    sender: Person | None, text: str | None, chat: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """A message body; `fields` adds or overrides anything (sticker, photo, sender_chat...)."""
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat or (sender.chat() if sender else {}),
    }
    if sender:
        body["from"] = sender.user()
    if text is not None:
        body["text"] = text
        if found := entities(text):
            body["entities"] = found
    return body | fields


def edited(sender: Person, text: str) -> dict[str, Any]:
    return {"edited_message": message(sender, text, edit_date=int(time.time()))}


def channel_post(channel: Group, text: str) -> dict[str, Any]:
    return {"channel_post": message(None, text, channel.chat(), sender_chat=channel.chat())}


def sticker(sender: Person) -> dict[str, Any]:
    return {"message": message(sender, None, sticker={
        "file_id": "CAAD", "file_unique_id": "AgAD", "type": "regular", "width": 512,
        "height": 512, "is_animated": False, "is_video": False, "emoji": "👍"})}


def photo(sender: Person, caption: str | None = None) -> dict[str, Any]:
    extra = {"caption": caption} if caption else {}
    return {"message": message(sender, None, photo=[
        {"file_id": "AgAC", "file_unique_id": "AQAD", "width": 90, "height": 90}], **extra)}


def voice(sender: Person) -> dict[str, Any]:
    return {"message": message(sender, None, voice={
        "file_id": "AwAC", "file_unique_id": "AgAE", "duration": 3})}


def anonymous_admin(group: Group, text: str) -> dict[str, Any]:
    body = message(None, text, group.chat(), sender_chat=group.chat())
    return {"message": body | {"from": ANONYMOUS_ADMIN}}


def added_to(group: Group, by: Person, bot_id: int = 123456789) -> dict[str, Any]:
    """The bot's own membership changed: Plaza was added to a group."""
    bot = {"id": bot_id, "is_bot": True, "first_name": "Plaza", "username": "PlazaBot"}
    return {"my_chat_member": {
        "chat": group.chat(), "from": by.user(), "date": int(time.time()),
        "old_chat_member": {"status": "left", "user": bot},
        "new_chat_member": {"status": "member", "user": bot}}}


def joined(group: Group, person: Person) -> dict[str, Any]:
    """A service message: someone joined the group."""
    return {"message": message(person, None, group.chat(), new_chat_members=[person.user()])}
