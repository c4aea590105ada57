"""The neutral shapes adapters trade with the conversation: `Incoming` in, `Reply` out.

Adapters keep platform payloads at their edge and hand the core only these.
Reply text is plain: adapters escape and format it for their platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.models import Platform


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a person did: a message, or a press on one of Plaza's buttons.

    `external_id` names the person on their platform and `chat_id` the chat to
    answer in; both come from the platform, never from the text. `username`
    and `language` are hints for first contact. `button` is the data of a
    pressed button (see `Button.data`).
    """

    platform: Platform
    external_id: str
    chat_id: str
    text: str = ""
    username: str | None = None
    display_name: str = ""
    language: str | None = None
    button: str | None = None
    group: bool = False


@dataclass(frozen=True, slots=True)
class Button:
    """A button under a reply; `data` comes back as `Incoming.button` when pressed.

    Data stays short (Telegram allows 64 bytes): "do:like 12", "ok:<token>".
    """

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/json"


@dataclass(frozen=True, slots=True)
class Reply:
    """What Plaza says. `chat_id`, when set, is where it goes instead of the chat the
    message came from: a private matter raised in a group goes to the private chat."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    attachment: Attachment | None = None
    chat_id: str | None = None
