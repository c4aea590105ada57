"""The neutral shapes adapters trade with the conversation: `Incoming` in, `Reply` out.

Adapters keep platform payloads at their edge and hand the core only these.
Reply text is plain: adapters escape and format it for their platform.
A button carries short data back when pressed, "<verb>:<value>" (`ButtonVerb`):
made by `button_data`, read by `pressed`, the same on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from storage.models import Platform


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a person did: a message, or a press on one of Plaza's buttons.

    `external_id` names the person on their platform and `chat_id` the chat to
    answer in (equal for a private chat on some platforms, never assumed to be);
    both come from the platform, never from the text. `username` and `language`
    are hints for first contact. `button` is the data of a pressed button (see
    `Button.data`). `opening`: the person is talking to Plaza privately where the
    platform has no opening command of its own (Telegram's is "/start"; on Discord
    any direct message opens): a newcomer is then asked when their digest should come.
    `private_chat`, said in a group, is where the platform lets Plaza open a private chat
    with the person itself (Discord: their DMs, by user id); None where only the person
    can open one (Telegram), and Plaza then knows it once they have written there.
    `mentions` pairs what the text says for a person the platform named by id (a Discord
    mention chip, "<@1001>") with that id and their username there: the conversation
    writes the handle of the person behind that account in its place.
    `update_id` is the platform's id of the update that carried it (Telegram's
    update_id, a Discord message or interaction id): a delivery of the same update
    again is acted on once (storage/inbox.py). None where nothing is redelivered
    (the terminal).
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
    opening: bool = False
    private_chat: str | None = None
    mentions: tuple[tuple[str, str, str], ...] = ()
    update_id: str | None = None


class ButtonVerb(StrEnum):
    """What a button under a reply does when pressed."""

    like = "like"  # like:<post id>
    reply = "reply"  # reply:<post id>, then the next message is the reply
    follow = "follow"  # follow:<handle>
    more = "more"  # the next page of what was listed
    open = "open"  # open:<post id>, the post with its thread (a notification's)
    yes = "yes"  # yes:<token>, the answer to a question asked before acting
    no = "no"  # no:<token>
    merge = "merge"  # merge:<token>:<handle to keep>, or merge:<token>: to cancel


def button_data(verb: ButtonVerb, value: object = None) -> str:
    """The data a button carries: "like:12", "yes:<token>", or the bare verb ("more")."""
    return str(verb) if value is None else f"{verb}:{value}"


def pressed(data: str | None) -> tuple[ButtonVerb | None, str]:
    """The verb and value in a pressed button's data (`button_data` reversed); the verb is
    None for data no button of Plaza's carries now (a stale or a forged one)."""
    verb, _, value = (data or "").partition(":")
    try:
        return ButtonVerb(verb), value
    except ValueError:
        return None, value


@dataclass(frozen=True, slots=True)
class Button:
    """A button under a reply; `data` comes back as `Incoming.button` when pressed.

    Data stays short (Telegram allows 64 bytes): "like:12", "yes:<token>"
    (`button_data`).
    """

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply (an export)."""

    filename: str
    content: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    """What Plaza says. `chat_id`, when set, is where it goes instead of the chat the
    message came from: a private matter raised in a group goes to the private chat.

    `buttons` are logical rows: the buttons that belong together (a post's like and
    reply, the people to follow); each adapter lays them out within its platform's
    limits.
    """

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    attachment: Attachment | None = None
    chat_id: str | None = None
