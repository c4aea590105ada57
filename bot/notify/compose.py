"""What a notification says, in its recipient's language, with its buttons.

One claimed batch of a person's notifications becomes one message: a single one reads
as a sentence ("@bob replied to you in #31: “…”"); several (what waited through quiet
hours, or came in the same few seconds) are one list under a count. Each post named
gets Reply / Like / Open buttons, each new follower a Follow-back button, within the
same caps as a feed's buttons (bot.replies).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.messages import Button, ButtonVerb, Reply, button_data
from bot.phrases import say
from storage.models import NotificationKind

EXCERPT = 160  # characters of a post quoted in a notification
BUTTONED = 3  # notifications of a message that get their buttons


@dataclass(frozen=True, slots=True)
class Told:
    """One notification ready to be written: its `kind`, the actor's handle, the post it
    names (`post_id`, for a repost or likes the original) and an excerpt of its text,
    and for likes how many people like the post."""

    kind: NotificationKind
    actor: str
    post_id: int | None = None
    text: str = ""
    likes: int = 0


def excerpt(text: str) -> str:
    """`text` on one line, cut to EXCERPT characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1].rstrip() + "…"


def sentence(told: Told, language: str) -> str:
    """The line telling `told`, in `language`."""
    if told.kind == NotificationKind.like and told.likes > 1:
        return say("notify.likes", language, n=told.likes - 1, actor=told.actor,
                   id=told.post_id)
    return say(f"notify.{told.kind.value}", language, actor=told.actor, id=told.post_id,
               text=excerpt(told.text))


def buttons(told: Told, language: str) -> list[Button]:
    """The buttons under `told`: Reply, Like and Open for a post written to or about the
    recipient, Open for their own post shared or liked, Follow back for a follower."""
    if told.kind == NotificationKind.follow:
        return [Button(say("button.follow", language, handle=told.actor),
                       button_data(ButtonVerb.follow, told.actor))]
    if told.post_id is None or told.kind == NotificationKind.removed:
        return []  # a removed post has nothing left to open
    open_post = Button(say("button.open", language, id=told.post_id),
                       button_data(ButtonVerb.open, told.post_id))
    if told.kind in (NotificationKind.repost, NotificationKind.like):
        return [open_post]
    return [Button(say("button.reply", language, id=told.post_id),
                   button_data(ButtonVerb.reply, told.post_id)),
            Button(say("button.like", language, id=told.post_id),
                   button_data(ButtonVerb.like, told.post_id)),
            open_post]


def message(items: Sequence[Told], language: str) -> Reply:
    """One message for `items` (at least one), oldest first."""
    rows = [row for row in (buttons(told, language) for told in items[:BUTTONED]) if row]
    if len(items) == 1:
        return Reply(sentence(items[0], language), rows)
    lines = [say("notify.several", language, n=len(items))]
    lines += [f"• {sentence(told, language)}" for told in items]
    return Reply("\n".join(lines), rows)
