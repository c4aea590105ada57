"""What the inbox (storage/inbox.py) keeps of a turn: the update as it came, and the
replies it gave, as JSON text.

    incoming_json / incoming_from_json   an `Incoming`, whole
    replies_json / replies_from_json     a turn's `Reply` list (an attachment's bytes
                                         as base64), for resending after a crash
    position(update_id)                  the order key of a platform's update id

Raises UnreadableEntry for text that is not what these functions wrote.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict
from typing import Any

from bot.messages import Attachment, Button, Incoming, Reply
from storage.models import Platform

# PostgreSQL's BIGINT: the largest order key a column of the inbox holds.
_BIGINT = 2**63 - 1


class UnreadableEntry(ValueError):
    """Text in the inbox that is not an update or replies as this module writes them."""


def position(update_id: str) -> int:
    """The order of an update among its chat's: its id when the platform numbers them in
    increasing order (Telegram's update_id, Discord's snowflakes, both below 2**63),
    else 0, and the order of arrival decides."""
    return int(update_id) if update_id.isdigit() and int(update_id) <= _BIGINT else 0


def incoming_json(incoming: Incoming) -> str:
    """`incoming` as JSON text, every field kept."""
    return json.dumps(asdict(incoming), ensure_ascii=False, separators=(",", ":"))


def incoming_from_json(text: str) -> Incoming:
    """The `Incoming` `incoming_json` wrote; UnreadableEntry otherwise."""
    try:
        data: dict[str, Any] = json.loads(text)
        data["platform"] = Platform(data["platform"])
        data["mentions"] = tuple(tuple(mention) for mention in data.get("mentions", ()))
        return Incoming(**data)
    except (ValueError, TypeError, KeyError) as error:
        raise UnreadableEntry(f"not an update: {error}") from None


def replies_json(replies: list[Reply]) -> str:
    """A turn's replies as JSON text; an attachment's bytes as base64."""
    return json.dumps([_reply_data(reply) for reply in replies], ensure_ascii=False,
                      separators=(",", ":"))


def _reply_data(reply: Reply) -> dict[str, Any]:
    attachment = reply.attachment
    return {
        "text": reply.text,
        "buttons": [[[button.label, button.data] for button in row] for row in reply.buttons],
        "attachment": None if attachment is None else [
            attachment.filename, base64.b64encode(attachment.content).decode()],
        "chat_id": reply.chat_id,
    }


def replies_from_json(text: str) -> list[Reply]:
    """The replies `replies_json` wrote; UnreadableEntry otherwise."""
    try:
        replies = []
        for data in json.loads(text):
            found = data["attachment"]
            attachment = (None if found is None else
                          Attachment(found[0], base64.b64decode(found[1], validate=True)))
            replies.append(Reply(
                data["text"], [[Button(label, value) for label, value in row]
                               for row in data["buttons"]],
                attachment=attachment, chat_id=data["chat_id"]))
        return replies
    except (ValueError, TypeError, KeyError, binascii.Error) as error:
        raise UnreadableEntry(f"not a list of replies: {error}") from None
