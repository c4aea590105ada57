"""Notifications: what happened to a person, kept until it is pushed to them (issue 17).

An event writes its notifications in its own transaction (a transactional outbox: a
reply committed has its notification, a reply rolled back has none):

    event                           recipient                     key
    a post naming, answering or     each person it names (the     post:<post id>
    quoting someone                 Mention rows), its subscribers
    a repost                        the original's author         repost:<repost id>
    a follow                        the person followed           follow:<follower id>
    a like                          the post's author             like:<post id>:<n>

The key is unique per recipient, so an event recorded twice, or a post that both
answers and names someone who also subscribed to its author, is one notification: the
first reason written wins (reply, quote, mention, then post). Likes are grouped: while a
like notification of a post waits, further likes only name the latest liker; the next
one is due an hour (`LIKE_GAP`) after the last one sent.

Who may be told is decided twice: when written (a post's mentions and subscribers only
among those who may see it, storage.visibility) and again when it goes
(`deliverable`): a block, a mute, a suspension, a deleted post or an ended follow since
means it is skipped, not sent. Nothing waits for ever: a notification not sent by
`expires_at` (`LIFETIME` after the event) expires and is never sent late in a burst.

Claiming is the digest's (storage.deliveries): a conditional UPDATE takes due rows for a
lease; the owner marks them sent / skipped after the send; a worker that died leaves
rows whose lease runs out and the next claim takes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.errors import InvalidInput, NotAllowed, Reason
from storage.models import (
    Block,
    Follow,
    Like,
    Mention,
    MentionKind,
    Notification,
    NotificationKind,
    NotificationStatus,
    Person,
    Post,
    Subscription,
    UTCDateTime,
    utcnow,
)
from storage.relations import block_between, muted_ids, person_by_handle
from storage.schedule import next_due, zone
from storage.steering import unhidden
from storage.tables import row_id, table
from storage.visibility import may_see

note_t, sub_t, post_t = table(Notification), table(Subscription), table(Post)
mention_t, person_t, follow_t = table(Mention), table(Person), table(Follow)
like_t, block_t = table(Like), table(Block)
LIFETIME = timedelta(hours=24)
LIKE_GAP = timedelta(hours=1)
LEASE = timedelta(minutes=2)
# What a person may switch off: all but a removal, which the moderators always tell.
KINDS = tuple(kind for kind in NotificationKind if kind != NotificationKind.removed)
# A post's reasons, strongest first: the one written first is the one kept.
_BY_MENTION = {MentionKind.reply: NotificationKind.reply, MentionKind.quote: NotificationKind.quote,
               MentionKind.mention: NotificationKind.mention}
_ORDER = (MentionKind.reply, MentionKind.quote, MentionKind.mention)


def _insert(session: Session) -> sa.Insert:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(note_t).on_conflict_do_nothing(index_elements=["recipient_id", "key"])


def _row(recipient: int, kind: NotificationKind, key: str, actor: int, post: int | None,
         now: datetime, due: datetime | None = None) -> dict[str, object]:
    return {"recipient_id": recipient, "kind": kind.value, "key": key, "actor_id": actor,
            "post_id": post, "status": NotificationStatus.pending.value, "created_at": now,
            "due_at": due or now, "expires_at": (due or now) + LIFETIME}


def for_post(session: Session, post_id: int, author_id: int, now: datetime) -> int:
    """Record the notifications a new post makes: one for each person it names, answers
    or quotes (its Mention rows, written only for those who may see it), then one for each
    subscriber of `author_id` who may see it and has not muted them. Returns how many
    rows were written (a recipient with two reasons counts once)."""
    mentioned = session.execute(sa.select(mention_t.c.person_id, mention_t.c.kind)
                                .where(mention_t.c.post_id == post_id)).all()
    rank = {kind: place for place, kind in enumerate(_ORDER)}
    rows = [_row(person, _BY_MENTION[MentionKind(kind)], f"post:{post_id}", author_id, post_id,
                 now)
            for person, kind in sorted(mentioned, key=lambda r: rank[MentionKind(r[1])])
            if person != author_id]
    written = 0
    if rows:
        written += len(session.execute(_insert(session).returning(note_t.c.id), rows).all())
    subscribers = (
        sa.select(sub_t.c.subscriber_id, sa.literal(NotificationKind.post.value),
                  sa.literal(f"post:{post_id}"), sa.literal(author_id), sa.literal(post_id),
                  sa.literal(NotificationStatus.pending.value),
                  sa.literal(now, UTCDateTime()), sa.literal(now, UTCDateTime()),
                  sa.literal(now + LIFETIME, UTCDateTime()))
        .select_from(sub_t.join(post_t, post_t.c.id == post_id))
        .where(sub_t.c.author_id == author_id, sub_t.c.subscriber_id != author_id,
               may_see(sub_t.c.subscriber_id, post_t),
               sa.literal(author_id).not_in(muted_ids(sub_t.c.subscriber_id)))
    )
    columns = ["recipient_id", "kind", "key", "actor_id", "post_id", "status", "created_at",
               "due_at", "expires_at"]
    fan_out = _insert(session).from_select(columns, subscribers)
    written += session.exec(fan_out).rowcount or 0
    return written


def for_repost(session: Session, repost_id: int, actor_id: int, author_id: int,
               now: datetime) -> None:
    """Tell `author_id` that `actor_id` shared their post (the repost `repost_id`)."""
    if actor_id != author_id:
        session.execute(_insert(session),
                        [_row(author_id, NotificationKind.repost, f"repost:{repost_id}",
                              actor_id, repost_id, now)])


def for_removal(session: Session, post_id: int, author_id: int, now: datetime) -> None:
    """Tell `author_id` that the moderators removed their post `post_id` (deleted by now);
    once per post."""
    session.execute(_insert(session), [_row(author_id, NotificationKind.removed,
                                            f"removed:{post_id}", author_id, post_id, now)])


def for_follow(session: Session, follower_id: int, followee_id: int, now: datetime) -> None:
    """Tell `followee_id` of a new follower; once per follower ever, so following,
    unfollowing and following again does not ring again."""
    session.execute(_insert(session), [_row(followee_id, NotificationKind.follow,
                                            f"follow:{follower_id}", follower_id, None, now)])


def for_like(session: Session, liker_id: int, post_id: int, author_id: int,
             now: datetime) -> None:
    """Tell `author_id` of a like of their post `post_id`, grouped: a waiting like
    notification of the post takes `liker_id` as its latest liker; else a new one is due
    now, or `LIKE_GAP` after the last one sent for the post."""
    if liker_id == author_id:
        return
    mine = sa.and_(note_t.c.recipient_id == author_id,
                   note_t.c.kind == NotificationKind.like.value, note_t.c.post_id == post_id)
    waiting = session.exec(
        sa.update(note_t).where(mine, note_t.c.status == NotificationStatus.pending.value)
        .values(actor_id=liker_id)).rowcount
    if waiting:
        return
    last, count = session.execute(
        sa.select(sa.func.max(note_t.c.sent_at), sa.func.count()).where(mine)).one()
    due = max(now, last + LIKE_GAP) if last is not None else now
    session.execute(_insert(session), [_row(author_id, NotificationKind.like,
                                            f"like:{post_id}:{count}", liker_id, post_id,
                                            now, due)])


# Subscriptions: "notify me when @alice posts".

def subscribe(session: Session, actor: Person, handle: str) -> bool:
    """Tell `actor` of each post `handle` writes that they may see; False when already
    asked. Raises NotFound for an unknown handle, NotAllowed(Reason.yourself) for
    oneself, and across a block NotAllowed(Reason.blocked) when `actor` blocked them,
    Reason.blocked_by when they blocked `actor`."""
    target = person_by_handle(session, handle)
    me, them = row_id(actor), row_id(target)
    if me == them:
        raise NotAllowed(Reason.yourself, verb="subscribe")
    if reason := block_between(session, me, them):
        raise NotAllowed(reason, handle=target.handle)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    added = session.execute(dialect.insert(sub_t).on_conflict_do_nothing()
                            .returning(sub_t.c.author_id),
                            {"subscriber_id": me, "author_id": them, "created_at": utcnow()})
    return added.first() is not None


def unsubscribe(session: Session, actor: Person, handle: str) -> bool:
    """Stop telling `actor` of `handle`'s posts; False when they had not asked. Raises
    NotFound for an unknown handle."""
    target = person_by_handle(session, handle)
    gone = session.exec(sa.delete(sub_t).where(sub_t.c.subscriber_id == row_id(actor),
                                                  sub_t.c.author_id == row_id(target)))
    return bool(gone.rowcount)


def drop_between(session: Session, one: int, other: int) -> None:
    """End the subscriptions of the people numbered `one` and `other` to each other's
    posts: a block ends them both ways, as it ends follows."""
    session.execute(sa.delete(sub_t).where(
        sa.or_(sa.and_(sub_t.c.subscriber_id == one, sub_t.c.author_id == other),
               sa.and_(sub_t.c.subscriber_id == other, sub_t.c.author_id == one))))


def subscriptions(session: Session, actor: Person) -> list[str]:
    """The handles `actor` asked to be told about, alphabetically."""
    query = (sa.select(person_t.c.handle).join(sub_t, sub_t.c.author_id == person_t.c.id)
             .where(sub_t.c.subscriber_id == row_id(actor)).order_by(person_t.c.handle))
    return list(session.execute(query).scalars())


# Preferences: kinds turned off and quiet hours.

def kinds_off(person: Person) -> set[NotificationKind]:
    """The kinds `person` turned off."""
    return {NotificationKind(kind) for kind in person.notify_off.split(",") if kind}


def switch(session: Session, actor: Person, kinds: Iterable[NotificationKind], on: bool
           ) -> set[NotificationKind]:
    """Turn `kinds` on or off for `actor`; returns the kinds now off."""
    off = kinds_off(actor)
    off = off - set(kinds) if on else off | set(kinds)
    actor.notify_off = ",".join(kind.value for kind in KINDS if kind in off)
    session.add(actor)
    return off


def set_quiet_hours(session: Session, actor: Person, start: time | None, end: time | None
                    ) -> None:
    """Quiet hours from `start` to `end`, local time (across midnight when `start` is
    later); both None to have none. Raises InvalidInput(Reason.quiet_hours) when only one
    is given or they are equal."""
    if (start is None) != (end is None) or (start is not None and start == end):
        raise InvalidInput(Reason.quiet_hours)
    actor.quiet_from, actor.quiet_until = start, end
    session.add(actor)


def quiet_until(person: Person, now: datetime) -> datetime | None:
    """When `person`'s quiet hours end (UTC) if `now` falls within them, else None. DST: a
    wall-clock end that a spring-forward skips is the first minute after the gap
    (storage.schedule.due_on)."""
    start, end = person.quiet_from, person.quiet_until
    if start is None or end is None:
        return None
    local = now.astimezone(zone(person.timezone)).time().replace(tzinfo=None)
    inside = start <= local < end if start < end else (local >= start or local < end)
    return next_due(end, zone(person.timezone), now) if inside else None


# Sending: claim, check, finish.

@dataclass(frozen=True, slots=True)
class Pending:
    """A claimed notification: `id`, whom it is for, what, by whom, about which post."""

    id: int
    recipient_id: int
    kind: NotificationKind
    actor_id: int
    post_id: int | None
    created_at: datetime


def any_due(session: Session, now: datetime) -> bool:
    """Whether a pending notification is due at `now` (or past its time to expire): a read
    on the (status, due_at) index, so an idle worker looks every few seconds without
    taking SQLite's write lock."""
    found = session.execute(sa.select(note_t.c.id).where(
        note_t.c.status == NotificationStatus.pending.value, note_t.c.due_at <= now).limit(1))
    return found.first() is not None


def claim(session: Session, now: datetime, limit: int, lease: timedelta = LEASE
          ) -> list[Pending]:
    """Take up to `limit` due notifications for `lease`: those pending, due, not expired,
    and unclaimed or whose claim ran out. What concerns a person directly (a reply, a
    mention, a follower...) goes first; subscribed posts ("notify me when X posts") after,
    taking turns between posts: the first subscriber of each post, then the second of
    each..., so a small account's post is not held behind a fan-out of thousands started
    before it. Oldest first within a turn. Any number of workers may claim at once; a row
    goes to one of them (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite's one writer
    serialises)."""
    eligible = (note_t.c.status == NotificationStatus.pending.value, note_t.c.due_at <= now,
                note_t.c.expires_at > now,
                sa.or_(note_t.c.claimed_until.is_(None), note_t.c.claimed_until < now))
    turns = (sa.select(note_t.c.id, sa.func.row_number().over(
        partition_by=note_t.c.post_id, order_by=note_t.c.id).label("turn"))
        .where(*eligible).subquery("turns"))
    due = (sa.select(note_t.c.id).join(turns, turns.c.id == note_t.c.id)
           .order_by(note_t.c.kind == NotificationKind.post.value, turns.c.turn,
                     note_t.c.due_at, note_t.c.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        # Locking the rows of `notification` alone: PostgreSQL refuses FOR UPDATE on the
        # level that numbers the turns (a window function).
        due = due.with_for_update(skip_locked=True, of=note_t)
    taken = session.execute(
        sa.update(note_t).where(note_t.c.id.in_(due.scalar_subquery()))
        .values(claimed_until=now + lease)
        .returning(note_t.c.id, note_t.c.recipient_id, note_t.c.kind, note_t.c.actor_id,
                   note_t.c.post_id, note_t.c.created_at)).all()
    return sorted((Pending(i, r, NotificationKind(k), a, p, c) for i, r, k, a, p, c in taken),
                  key=lambda pending: pending.id)


def deliverable(session: Session, pending: Sequence[Pending], now: datetime | None = None
                ) -> set[int]:
    """The ids among `pending` still to be told: the actor not suspended, not muted or
    blocked by the recipient (either way); the post, if any, still there, visible to
    the recipient and, unless it is their own, matching none of the words they hide at
    `now` (UTC, default the present; storage.steering); for a follow, the follow still
    standing. A removal is always told (its post is gone, its author, the recipient, may
    be suspended since)."""
    if not pending:
        return set()
    now = now or utcnow()
    n = note_t.alias("n")
    actor = person_t.alias("actor")
    about = post_t.alias("about")
    removal = n.c.kind == NotificationKind.removed.value
    post_ok = sa.or_(removal, n.c.post_id.is_(None),
                     sa.exists().where(about.c.id == n.c.post_id,
                                       may_see(n.c.recipient_id, about),
                                       sa.or_(about.c.author_id == n.c.recipient_id,
                                              unhidden(n.c.recipient_id, about, now))))
    follow_ok = sa.or_(n.c.kind != NotificationKind.follow.value,
                       sa.exists().where(follow_t.c.follower_id == n.c.actor_id,
                                         follow_t.c.followee_id == n.c.recipient_id))
    query = (sa.select(n.c.id).join(actor, actor.c.id == n.c.actor_id)
             .where(n.c.id.in_([item.id for item in pending]),
                    sa.or_(removal, actor.c.suspended_at.is_(None)),
                    n.c.actor_id.not_in(muted_ids(n.c.recipient_id).correlate(n)),
                    ~sa.exists().where(block_t.c.blocker_id.in_([n.c.actor_id, n.c.recipient_id]),
                                       block_t.c.blocked_id.in_([n.c.actor_id, n.c.recipient_id])),
                    post_ok, follow_ok))
    return set(session.execute(query).scalars())


def finish(session: Session, ids: Iterable[int], status: NotificationStatus,
           now: datetime) -> int:
    """Mark the notifications `ids` sent or skipped (they never go again); how many."""
    wanted = list(ids)
    if not wanted:
        return 0
    sent_at = now if status == NotificationStatus.sent else None
    return session.exec(sa.update(note_t).where(note_t.c.id.in_(wanted))
                        .values(status=status.value, sent_at=sent_at,
                                   claimed_until=None)).rowcount or 0


def postpone(session: Session, ids: Iterable[int], until: datetime) -> None:
    """Let the notifications `ids` wait until `until` (the end of quiet hours), released."""
    wanted = list(ids)
    if wanted:
        session.execute(sa.update(note_t).where(note_t.c.id.in_(wanted))
                        .values(due_at=until, claimed_until=None))


def expire(session: Session, now: datetime) -> int:
    """Mark every pending notification past its `expires_at` expired; how many."""
    return session.exec(
        sa.update(note_t).where(note_t.c.status == NotificationStatus.pending.value,
                                note_t.c.expires_at <= now)
        .values(status=NotificationStatus.expired.value, claimed_until=None)).rowcount or 0


def like_count(session: Session, post_id: int) -> int:
    """How many people like the post `post_id` (for a grouped like notification)."""
    return session.execute(sa.select(sa.func.count()).select_from(like_t)
                           .where(like_t.c.post_id == post_id)).scalar_one()


def told(session: Session, spans: Sequence[tuple[int, datetime, datetime]]
         ) -> dict[int, tuple[set[int], set[str], int]]:
    """What each recipient of `spans` (person id, since, until) was already pushed in
    (since, until]: the posts that named, answered or quoted them, their new followers'
    handles, and how many new followers in all; for a digest, which tells these as new
    only when they were not (issue 17). One statement whatever the number of spans."""
    found: dict[int, tuple[set[int], set[str], int]] = {}
    if not spans:
        return found
    window = {me: (since, until) for me, since, until in spans}
    kinds = [NotificationKind.reply.value, NotificationKind.mention.value,
             NotificationKind.quote.value, NotificationKind.follow.value]
    rows = session.execute(
        sa.select(note_t.c.recipient_id, note_t.c.kind, note_t.c.post_id, person_t.c.handle,
                  note_t.c.sent_at)
        .join(person_t, person_t.c.id == note_t.c.actor_id)
        .where(note_t.c.recipient_id.in_(list(window)),
               note_t.c.status == NotificationStatus.sent.value, note_t.c.kind.in_(kinds),
               note_t.c.sent_at > min(since for _, since, _ in spans),
               note_t.c.sent_at <= max(until for _, _, until in spans)))
    for recipient, kind, post_id, handle, sent_at in rows:
        since, until = window[recipient]
        if not since < sent_at <= until:
            continue
        posts, handles, follows = found.get(recipient, (set(), set(), 0))
        if kind == NotificationKind.follow.value:
            handles.add(handle)
            follows += 1
        elif post_id is not None:
            posts.add(post_id)
        found[recipient] = (posts, handles, follows)
    return found
