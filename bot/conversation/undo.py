"""Undo: what Plaza did last for a person in a chat, and how it is taken back.

After each action, `note` keeps a record of it (memory.Done) in the chat's state, which
`plaza run` keeps in the database (states.py): every worker reads the same record, a
restart forgets nothing, and an update from the inbox saves it in the very transaction
of what it records (core.py, `_finish`). No table or migration of its own. A record
belongs to the chat where the thing was done, as the reply saying so does: "undo" takes
back what the chat shows just above. What a group's request did in the person's private
chat (privacy.py) leaves the group a record saying so (ELSEWHERE), never what it was.

Within UNDO_WINDOW of the thing done, "undo" carries out its inverse (UNDOABLE: an
action, run through its own executor with every rule it checks) and says what was undone.
Undo never acts on what changed since: the inverse finding nothing to take back (the post
already deleted, the follow already ended) is said, not forced. After the window, the
reply names what to ask for instead; what cannot be undone at all (FINAL: a digest
setting, an export, a deleted post) says so. An undo done, or finding the thing changed,
forgets the record: a second "undo" never redoes.

One message that did several things ("follow @lena and @omar") leaves one record of them
all (`together`): "undo" takes back everything that message did, last done first, and
says each.

Adding a kind: an entry in UNDOABLE keyed by the outcome key that says it was done (the
inverse action, the outcome key that says the inverse was done, and, when undoing needs
more than the record's target, `keep` to read it before the action and `then` to put it
back, `still` when only a look can tell whether it changed since), and the phrases
"undo.<key>" (undone) and "undo.<key>_changed" (nothing to undo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot import actions as a
from bot.conversation.memory import Before, Done
from bot.outcomes import Outcome
from storage import network
from storage.errors import StorageError
from storage.models import Person, Post
from storage.text import clean_post_text

# How long after a thing is done "undo" takes it back (issue 16: "within two minutes"):
# long enough to see a slip in the reply, short enough that nobody else has acted on it.
UNDO_WINDOW = timedelta(minutes=2)
ELSEWHERE = "elsewhere"  # Done.what: a group's request done in the private chat
Said = tuple[str, dict[str, Any]]  # a phrase key and its fields


@dataclass(frozen=True, slots=True)
class Undoable:
    """How one kind of thing done is undone. `inverse`: the action that takes it back,
    from the record (run to undo, named when it is too late, asked about); `undone`: the
    inverse's outcome key when it changed something (any other means it was changed
    since); `keep`: what to read before the action, for the record's `before`; `still`:
    whether what was done is still as it was left, when the inverse itself cannot tell
    (an edit: the words are still the ones it wrote), else it counts as changed since;
    `then`: what to put back after the inverse, from `before`, and the sentence saying so."""

    inverse: Callable[[Done], a.Action]
    undone: str
    keep: Callable[[Session, Person, a.Action], Before] | None = None
    still: Callable[[Session, Person, Done], bool] | None = None
    then: Callable[[Session, Person, Done], Said | None] | None = None


def _post(done: Done) -> int:
    if not isinstance(done.target, int):
        raise TypeError(f"{done.what} names no post: {done.target!r}")
    return done.target


def _handle(done: Done) -> str:
    if not isinstance(done.target, str):
        raise TypeError(f"{done.what} names no person: {done.target!r}")
    return done.target


def _follows(session: Session, actor: Person, action: a.Action) -> Before:
    """Before a block: which follows it is about to end, to restore them on undo."""
    try:
        followed, followed_back = network.follows_between(session, actor,
                                                          getattr(action, "handle", ""))
    except StorageError:  # the block itself refuses it, and says why
        return {}
    return {"followed": followed, "followed_back": followed_back}


def _refollow(session: Session, actor: Person, done: Done) -> Said | None:
    """After unblocking: the follows the block ended, both ways, as they were, each only
    if it may be now (no block the other way since); said either way."""
    handle = _handle(done)
    ended = int(bool(done.before.get("followed"))) + int(bool(done.before.get("followed_back")))
    if not ended:
        return None
    restored = 0
    try:
        if done.before.get("followed"):
            restored += network.follow(session, actor, handle)
        if done.before.get("followed_back"):
            them = network.person_by_handle(session, handle)
            restored += network.follow(session, them, actor.handle)
    except StorageError:  # blocked the other way, or gone, since
        pass
    key = "undo.follows_back" if restored == ended else "undo.follows_lost"
    return key, {"handle": handle, "n": ended}


def _pinned(session: Session, actor: Person, action: a.Action) -> Before:
    """Before a pin: the post pinned until then, to pin it again on undo."""
    current = network.pinned(session, actor, actor)
    return {"was": None if current is None else current.id}


def _repin(session: Session, actor: Person, done: Done) -> Said | None:
    """After unpinning: the post pinned before, pinned again if it is still there."""
    was = done.before.get("was")
    if not isinstance(was, int):
        return None
    try:
        network.pin(session, actor, was)
    except StorageError:  # deleted since: nothing to pin again
        return None
    return "undo.pin_again", {"id": was}


def _profile(session: Session, actor: Person, action: a.Action) -> Before:
    """Before a profile change: the fields it changes, as they were."""
    kept: Before = {}
    if getattr(action, "name_", None) is not None:
        kept["name"] = actor.display_name or ""
    if getattr(action, "bio", None) is not None:
        kept["bio"] = actor.bio or ""
    if getattr(action, "interests", None) is not None:
        kept["interests"] = list(network.profile(session, actor, actor).interests)
    return kept


def _words(session: Session, actor: Person, action: a.Action) -> Before:
    """Before an edit: the words it replaces, and the words it writes (as stored)."""
    number = getattr(action, "post", None)
    post = (session.get(Post, number)
            if isinstance(number, int) and number <= a.POST_NUMBER_MAX else None)
    try:
        new = clean_post_text(getattr(action, "text", ""))
    except StorageError:  # the edit itself refuses it, and says why
        return {}
    return {"text": post.text if post is not None else "", "new": new,
            "edited_at": post.edited_at.isoformat() if post and post.edited_at else None}


def _still_edited(session: Session, actor: Person, done: Done) -> bool:
    """The post still shows what the edit wrote: not edited again since, nor deleted."""
    post = session.get(Post, _post(done))
    return post is not None and post.text == done.before.get("new")


def _unedited(session: Session, actor: Person, done: Done) -> Said | None:
    """After the words are back: the post as it was before the edit, with no trace of it
    (the words it removed listed as an earlier version, the edited mark)."""
    was = done.before.get("edited_at")
    # two: the text the edit replaced, and the one the undo just replaced (`still` made sure
    # nothing was edited between them)
    network.forget_edits(session, actor, _post(done), 2,
                         datetime.fromisoformat(was) if isinstance(was, str) else None)
    return None


def _old_words(done: Done) -> a.Action:
    return a.EditPostAction(post=_post(done), text=str(done.before.get("text") or ""))


def _old_profile(done: Done) -> a.Action:
    return a.UpdateProfileAction.model_validate(done.before)


UNDOABLE: dict[str, Undoable] = {
    "post.done": Undoable(lambda d: a.DeletePostAction(post=_post(d)), "delete_post.done"),
    "post.done_followers": Undoable(lambda d: a.DeletePostAction(post=_post(d)),
                                    "delete_post.done"),
    "reply.done": Undoable(lambda d: a.DeletePostAction(post=_post(d)), "delete_post.done"),
    "quote.done": Undoable(lambda d: a.DeletePostAction(post=_post(d)), "delete_post.done"),
    "quote.done_followers": Undoable(lambda d: a.DeletePostAction(post=_post(d)),
                                     "delete_post.done"),
    "edit_post.done": Undoable(_old_words, "edit_post.done", keep=_words, still=_still_edited,
                               then=_unedited),
    "repost.done": Undoable(lambda d: a.UnrepostAction(post=_post(d)), "unrepost.done"),
    "unrepost.done": Undoable(lambda d: a.RepostAction(post=_post(d)), "repost.done"),
    "like.done": Undoable(lambda d: a.UnlikeAction(post=_post(d)), "unlike.done"),
    "unlike.done": Undoable(lambda d: a.LikeAction(post=_post(d)), "like.done"),
    "pin.done": Undoable(lambda d: a.UnpinAction(post=_post(d)), "unpin.done",
                         keep=_pinned, then=_repin),
    "unpin.done": Undoable(lambda d: a.PinAction(post=_post(d)), "pin.done"),
    "follow.done": Undoable(lambda d: a.UnfollowAction(handle=_handle(d)), "unfollow.done"),
    "unfollow.done": Undoable(lambda d: a.FollowAction(handle=_handle(d)), "follow.done"),
    "block.done": Undoable(lambda d: a.UnblockAction(handle=_handle(d)), "unblock.done",
                           keep=_follows, then=_refollow),
    "unblock.done": Undoable(lambda d: a.BlockAction(handle=_handle(d)), "block.done"),
    "mute.done": Undoable(lambda d: a.UnmuteAction(handle=_handle(d)), "unmute.done"),
    "unmute.done": Undoable(lambda d: a.MuteAction(handle=_handle(d)), "mute.done"),
    "subscribe.done": Undoable(lambda d: a.UnsubscribeAction(handle=_handle(d)),
                               "unsubscribe.done"),
    "unsubscribe.done": Undoable(lambda d: a.SubscribeAction(handle=_handle(d)),
                                 "subscribe.done"),
    "update_profile.done": Undoable(_old_profile, "update_profile.done", keep=_profile),
}
# What changes something for good, by action name: "undo" says so ("undo.final.<name>")
# rather than undo what came before it.
FINAL = frozenset({"delete_post", "set_digest", "export_data", "change_handle", "unlink",
                   "delete_account", "switch_notifications", "quiet_hours",
                   "ai_opt_out", "steer", "unsteer"})
# An undo that answered one of these leaves the record: asked again, it says the same.
KEPT_BY = ("undo.too_late", "undo.final.", "undo.elsewhere")


def before(session: Session, actor: Person, action: a.Action) -> Before:
    """What undoing `action` will need that its outcome will not say, read before it is
    carried out (see Undoable.keep); empty for most."""
    key = f"{action.name}.done"
    kind = UNDOABLE.get(key)
    return kind.keep(session, actor, action) if kind and kind.keep else {}


def note(previous: Done | None, action: a.Action, outcome: Outcome, kept: Before,
         now: datetime) -> Done | None:
    """The chat's record once `action` was carried out with `outcome` at `now` (UTC), given
    the record before (`previous`) and what `before` read (`kept`).

    Something undoable done makes a new record; something final a record that says so;
    an undo forgets the record it acted on (undo never redoes); anything else (reading,
    or an action that changed nothing: "already following") leaves `previous`."""
    if isinstance(action, a.UndoAction):
        return previous if outcome.key.startswith(KEPT_BY) else None
    if outcome.key in UNDOABLE:
        target = outcome.fields.get("id", outcome.fields.get("handle"))
        return Done(outcome.key, target, now, kept)
    if action.name in FINAL:
        target = outcome.fields.get("id", outcome.fields.get("old"))
        return Done(action.name, target, now)
    return previous


def together(records: list[Done]) -> Done | None:
    """One record of the things one message did (`records`, in the order done): the last,
    holding the others as `more`; None when it did nothing worth a record. What was done
    in the private chat (ELSEWHERE) is said once, and only if nothing was done here."""
    here = [record for record in records if record.what != ELSEWHERE]
    if not here:
        return records[-1] if records else None
    records = here
    *earlier, last = records
    parts = [part for record in earlier for part in reversed(record.parts())]
    return replace(last, more=(*parts, *last.more)) if parts else last


def inverses(done: Done | None, now: datetime) -> list[a.Action]:
    """The actions that would undo all that `done` records at `now` (UTC), in the order
    they would run; empty when nothing is to be undone (see `inverse`)."""
    if done is None:
        return []
    return [each for part in done.parts() if (each := inverse(part, now)) is not None]


def inverse(done: Done | None, now: datetime) -> a.Action | None:
    """The action that would undo `done` at `now` (UTC), or None: nothing done, done too
    long ago, or not undoable."""
    if done is None or now - done.at > UNDO_WINDOW:
        return None
    if done.what not in UNDOABLE:  # final, or elsewhere; one message's others may be undone
        return next((each for part in done.parts()[1:]
                     if (each := inverse(part, now)) is not None), None)
    return UNDOABLE[done.what].inverse(done)


def elsewhere(now: datetime) -> Done:
    """The record a group keeps when a request there was carried out privately."""
    return Done(ELSEWHERE, None, now)
