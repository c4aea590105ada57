"""What stays out of group chats, and where it goes instead.

Some turns are nobody else's business: a person's account, what only they may
read, and who follows, blocks or mutes whom. Raised in a group, such a turn is
carried out in the person's private chat with Plaza (bot/conversation/core.py): the
question, the answer and any refusal go there, and the group reads one neutral
line, the same whatever happened. Without a private chat to go to (the person
never wrote to Plaza privately, or blocked it), the group reads "Let's do that
in a private chat with me." and nothing is done.

Private, in a group:

- account matters: export_data, delete_account, update_profile, set_digest, digest,
  link, linked, unlink (a link code typed in a group is spent, never honoured:
  bot/conversation/linking.py), and notification settings: notifications,
  switch_notifications, quiet_hours; and what one asked of one's feed (issue 18):
  steer, steering, unsteer (what a person hides is nobody else's business);
- what only this person may read (a feed or a search can hold followers-only
  posts): read_feed, search, discover, mentions;
- who follows, blocks or mutes whom: followers, following, block, unblock,
  mute, unmute, follow and unfollow; and whose every post one hears of: subscribe,
  unsubscribe (refused across a block, as a follow is);
- someone else's profile;
- a report (storage.reports): who reported whom is for the operator alone.

Follow and someone else's profile are there because of blocks too: both are
refused across one ("@carol has blocked you"), so answering them in the group
when there is no block would tell everyone there is one when the answer goes
elsewhere. For the same reason any refusal that names a block is never said
in a group, whatever asked for it (`reveals`).
"""

from __future__ import annotations

from bot.actions import Action
from storage.errors import Reason, StorageError

PRIVATE_ACTIONS = frozenset({
    "export_data", "delete_account", "update_profile", "set_digest", "digest",
    "read_feed", "search", "discover", "mentions", "trending",
    "followers", "following", "block", "unblock", "mute", "unmute", "follow", "unfollow",
    "link", "linked", "unlink", "report",
    "subscribe", "unsubscribe", "notifications", "switch_notifications", "quiet_hours",
    "ai_opt_out", "explain", "catch_up",
    "steer", "steering", "unsteer",
})
BLOCK_REFUSALS = frozenset({Reason.blocked, Reason.blocked_by})  # relations.block_between


def private(action: Action, actor: str) -> bool:
    """Whether `action`, asked for by the person with handle `actor`, is theirs alone."""
    if action.name == "show_profile":
        handle = getattr(action, "handle", None)
        return handle is not None and handle != actor
    return action.name in PRIVATE_ACTIONS


def reveals(error: StorageError) -> bool:
    """Whether saying this refusal would tell who blocked whom."""
    return error.reason in BLOCK_REFUSALS


class PrivateRefusal(Exception):
    """A refusal met while carrying out a private matter: it is said in `chat_id`."""

    def __init__(self, refusal: StorageError, chat_id: str) -> None:
        super().__init__(refusal, chat_id)
        self.refusal = refusal
        self.chat_id = chat_id
