"""Two accounts made one: what linking an identity that already has an account of its own
does once its owner has said which handle to keep (issue 13; storage/linking.py asks).

A merge is a few set-based statements per table, all in the caller's transaction, on
both engines: either everything moved and the absorbed person row is gone, or (the
caller rolls back) both accounts are exactly as they were. Every table with a key to
`person` has its step in `_STEPS`; tests/storage/test_merge.py fails when a new one
has none, since deleting the absorbed row would otherwise drop its rows in silence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from storage.deliveries import DONE
from storage.errors import NotAllowed, NotFound, Reason
from storage.models import (
    Block,
    DeliveryStatus,
    DigestDelivery,
    Follow,
    HeldHandle,
    Identity,
    Interest,
    Like,
    LinkCode,
    Mention,
    MentionKind,
    ModelUsage,
    Mute,
    Notification,
    Person,
    Pin,
    Post,
    Report,
    SteeringRule,
    Subscription,
    search_document,
    utcnow,
)
from storage.relations import blocked_ids
from storage.tables import table
from storage.usage import COUNTS

person_t, post_t, like_t, mention_t = table(Person), table(Post), table(Like), table(Mention)
follow_t, block_t, mute_t, interest_t = table(Follow), table(Block), table(Mute), table(Interest)
usage_t, delivery_t = table(ModelUsage), table(DigestDelivery)
identity_t, link_code_t = table(Identity), table(LinkCode)
pin_t, held_t, report_t = table(Pin), table(HeldHandle), table(Report)


@dataclass(frozen=True)
class Merged:
    """What a merge moved, table by table (rows moved, rows dropped as duplicates/self-edges)."""

    handle: str  # the surviving handle
    freed: str  # the absorbed handle, now free for anyone
    moved: dict[str, int]  # table name -> rows moved to the survivor
    dropped: dict[str, int]  # table name -> rows dropped (duplicate, self-follow, self-block...)


# Built once: on SQLite, building a statement costs more than running it.
_KEEP, _ABSORB = sa.bindparam("keep", type_=sa.Integer), sa.bindparam("absorb", type_=sa.Integer)
_PAIR = person_t.c.id.in_([_KEEP, _ABSORB])
_NEIGHBOURS = sa.union_all(
    sa.select(_KEEP), sa.select(_ABSORB),
    *(sa.select(follow_t.c[theirs]).where(follow_t.c[mine] == person)
      for person in (_KEEP, _ABSORB)
      for mine, theirs in (("follower_id", "followee_id"), ("followee_id", "follower_id"))),
)
# PostgreSQL: both people and everyone a follow joins them to, in id order, in one
# statement, as storage.accounts.delete_account locks a deletion's. The follow counts'
# trigger (storage.counters) locks both people of every follow moved or ended; follow,
# unfollow, block and deletion take their people in id order first too, so none of them
# can hold a lower neighbour while waiting for one of the two (locking the pair first and
# the neighbours after deadlocks with them: tests/storage/test_merge_races.py). SQLite
# ignores FOR UPDATE: a writer there holds the whole file.
_LOCK_ALL = (sa.select(person_t.c.id).where(person_t.c.id.in_(_NEIGHBOURS))
             .order_by(person_t.c.id).with_for_update())
_LOCK_PAIR = sa.select(person_t.c.id).where(_PAIR).order_by(person_t.c.id).with_for_update()
_LOCK_SOME = (sa.select(person_t.c.id).where(person_t.c.id.in_(sa.bindparam("ids", expanding=True)))
              .order_by(person_t.c.id).with_for_update())
_READ = sa.select(person_t.c.id, person_t.c.handle, person_t.c.display_name, person_t.c.bio,
                  person_t.c.created_at, person_t.c.last_digest_at,
                  person_t.c.suspended_at).where(_PAIR)


@dataclass
class _Merge:
    """One merge under way: the session, the two ids, and the tally per table."""

    session: Session
    keep: int
    absorb: int
    now: datetime
    moved: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)

    def count(self, name: str, moved: int = 0, dropped: int = 0) -> None:
        self.moved[name] = self.moved.get(name, 0) + moved
        self.dropped[name] = self.dropped.get(name, 0) + dropped

    def run(self, statement: sa.Update | sa.Delete) -> int:
        """Rows `statement` (an UPDATE or DELETE) changed, trigger changes not counted."""
        return self.session.exec(statement).rowcount


# How the survivor's row absorbs its absorbed twin when both have one (a Twin, given the
# table and the alias of the absorbed rows): the values it takes, and when.
Rule = tuple[dict[str, sa.ColumnElement], sa.ColumnElement[bool]]
Twin = Callable[[sa.Table, sa.FromClause], Rule]


def _earlier(kept: sa.Table, absorbed: sa.FromClause) -> Rule:
    """The earlier of the two `created_at`: a like, a follow, a block since when it began."""
    return ({"created_at": absorbed.c.created_at},
            absorbed.c.created_at < kept.c.created_at)


def _fold(
    merge: _Merge,
    rows: sa.Table,
    mine: str,
    absorbed: Callable[[sa.ColumnElement[int]], sa.ColumnElement[bool]],
    target: Callable[[sa.ColumnElement[int]], sa.ColumnElement[int]],
    twin: Twin | None = None,
) -> tuple[int, int]:
    """Move the rows of `rows` whose `mine` is `absorbed` to `target(mine)`: (moved, dropped).

    A row whose twin is there already (the same values in every other key column, under
    the target) is dropped, after the twin took from it what `twin` says. `absorbed` and
    `target` are conditions and values on a column: a person and the survivor, or
    duplicate reposts and the repost kept.
    """
    others = [c for c in rows.primary_key.columns if c.name != mine]
    other = rows.alias("absorbed")
    same = [other.c[c.name] == c for c in others]
    if twin is not None:
        values, when = twin(rows, other)
        merge.run(rows.update().where(absorbed(other.c[mine]),
                                      rows.c[mine] == target(other.c[mine]), *same, when)
                  .values(values))
    kept = rows.alias("kept")
    has_twin = sa.exists().where(kept.c[mine] == target(rows.c[mine]),
                                 *(kept.c[c.name] == c for c in others))
    dropped = merge.run(rows.delete().where(absorbed(rows.c[mine]), has_twin))
    moved = merge.run(rows.update().where(absorbed(rows.c[mine]))
                      .values({mine: target(rows.c[mine])}))
    return moved, dropped


def _person_fold(merge: _Merge, rows: sa.Table, mine: str = "person_id",
                 twin: Twin | None = None) -> tuple[int, int]:
    return _fold(merge, rows, mine, lambda c: c == merge.absorb,
                 lambda c: sa.literal(merge.keep, sa.Integer), twin)


def _posts(merge: _Merge) -> None:
    """Authorship moves. A repost both made of one post keeps the survivor's: replies to
    the absorbed's are re-pointed to it (reply_to_id, root_id) and its likes join it (the
    earlier of two), then it is deleted."""
    dup, kept = post_t.alias("dup"), post_t.alias("kept_repost")
    dups = (sa.select(dup.c.id).join(kept, kept.c.repost_of_id == dup.c.repost_of_id)
            .where(dup.c.author_id == merge.absorb, kept.c.author_id == merge.keep))

    def is_dup(column: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
        return column.in_(dups)

    def kept_of(column: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
        # Correlated by hand: it sits two levels down in a like's twin test.
        return (dups.with_only_columns(kept.c.id).where(dup.c.id == column)
                .correlate_except(dup, kept).scalar_subquery())

    if merge.session.execute(dups.limit(1)).first() is not None:
        for column in ("reply_to_id", "root_id"):
            merge.run(post_t.update().where(is_dup(post_t.c[column]))
                      .values({column: kept_of(post_t.c[column])}))
        _, likes = _fold(merge, like_t, "post_id", is_dup, kept_of, _earlier)
        merge.count("post_like", dropped=likes)
        merge.count("post", dropped=merge.run(post_t.delete().where(is_dup(post_t.c.id))))
    merge.count("post", moved=merge.run(post_t.update().where(post_t.c.author_id == merge.absorb)
                                        .values(author_id=merge.keep)))


def _likes(merge: _Merge) -> None:
    """Moved; a post both liked keeps one like, the earlier."""
    moved, dropped = _person_fold(merge, like_t, twin=_earlier)
    merge.count("post_like", moved, dropped)


def _mentions(merge: _Merge) -> None:
    """Moved; a post that addressed both keeps one row, a reply's if either was one. A
    mention of either on a post now the survivor's own goes: nobody is told of their own
    words (posts never write one for their author)."""
    own = sa.select(post_t.c.id).where(post_t.c.author_id == merge.keep)
    merge.count("mention", dropped=merge.run(mention_t.delete().where(
        mention_t.c.person_id.in_([merge.keep, merge.absorb]), mention_t.c.post_id.in_(own))))

    def reply_wins(kept: sa.Table, absorbed: sa.FromClause) -> Rule:
        reply = MentionKind.reply.value
        return {"kind": absorbed.c.kind}, sa.and_(absorbed.c.kind == reply, kept.c.kind != reply)

    moved, dropped = _person_fold(merge, mention_t, twin=reply_wins)
    merge.count("mention", moved, dropped)


def _edges(merge: _Merge, rows: sa.Table) -> None:
    """Both directions (absorbed -> X is now survivor -> X, X -> absorbed is X -> survivor);
    an edge between the two is dropped, a duplicate keeps the earlier."""
    left, right = (c.name for c in rows.primary_key.columns)
    between = sa.or_(
        sa.and_(rows.c[left] == merge.absorb, rows.c[right] == merge.keep),
        sa.and_(rows.c[left] == merge.keep, rows.c[right] == merge.absorb),
    )
    merge.count(rows.name, dropped=merge.run(rows.delete().where(between)))
    for mine in (left, right):
        moved, dropped = _person_fold(merge, rows, mine, twin=_earlier)
        merge.count(rows.name, moved, dropped)


def _blocks(merge: _Merge) -> None:
    _edges(merge, block_t)


def _mutes(merge: _Merge) -> None:
    _edges(merge, mute_t)


def _follows(merge: _Merge) -> None:
    """As blocks, after them: and then a follow between the survivor and anyone in a block
    with them, either way, ends, as a block ends follows (storage.graph.block). The
    counts on `person` follow by trigger (storage.counters)."""
    _edges(merge, follow_t)
    blocked = blocked_ids(merge.keep)
    merge.count("follow", dropped=merge.run(follow_t.delete().where(sa.or_(
        sa.and_(follow_t.c.follower_id == merge.keep, follow_t.c.followee_id.in_(blocked)),
        sa.and_(follow_t.c.followee_id == merge.keep, follow_t.c.follower_id.in_(blocked))))))


def _interests(merge: _Merge) -> None:
    """The union of both."""
    moved, dropped = _person_fold(merge, interest_t)
    merge.count("interest", moved, dropped)


def _usage(merge: _Merge) -> None:
    """Summed per (day, model): the absorbed's row of a day and model both used is added
    to the survivor's, and counted as dropped."""

    def summed(kept: sa.Table, absorbed: sa.FromClause) -> Rule:
        sums: dict[str, sa.ColumnElement] = {n: kept.c[n] + absorbed.c[n] for n in COUNTS}
        return sums, sa.true()

    moved, dropped = _person_fold(merge, usage_t, twin=summed)
    merge.count("model_usage", moved, dropped)


def _deliveries(merge: _Merge) -> None:
    """Moved for each local date the survivor has none; for a date both have, the
    survivor's stays, and takes the absorbed's outcome if the absorbed's digest of that
    date is done while the survivor's is still pending: then no second one goes out
    (storage.deliveries.renew only sends on a pending key)."""

    def done_wins(kept: sa.Table, absorbed: sa.FromClause) -> Rule:
        values: dict[str, sa.ColumnElement] = {
            "status": absorbed.c.status, "platform": absorbed.c.platform,
            "updated_at": sa.literal(merge.now, delivery_t.c.updated_at.type)}
        return values, sa.and_(kept.c.status == DeliveryStatus.pending.value,
                               absorbed.c.status.in_([str(status) for status in DONE]))

    moved, dropped = _person_fold(merge, delivery_t, twin=done_wins)
    merge.count("digest_delivery", moved, dropped)


def _identities(merge: _Merge) -> None:
    """Every one moves: the survivor is reached wherever either was."""
    merge.count("identity", moved=merge.run(
        identity_t.update().where(identity_t.c.person_id == merge.absorb)
        .values(person_id=merge.keep)))


def _link_codes(merge: _Merge) -> None:
    """The absorbed's codes go: asked for by an account that is no more."""
    merge.count("link_code", dropped=merge.run(
        link_code_t.delete().where(link_code_t.c.person_id == merge.absorb)))


def _pins(merge: _Merge) -> None:
    """The survivor's pin stays; the absorbed's moves only when the survivor has none
    (the post is the survivor's now, its authorship having moved)."""
    kept = sa.select(pin_t.c.person_id).where(pin_t.c.person_id == merge.keep)
    moved = merge.run(pin_t.update().where(pin_t.c.person_id == merge.absorb,
                                           ~sa.exists(kept)).values(person_id=merge.keep))
    dropped = merge.run(pin_t.delete().where(pin_t.c.person_id == merge.absorb))
    merge.count("pin", moved, dropped)


def _held_handles(merge: _Merge) -> None:
    """Handles the absorbed changed away from lately find the survivor now."""
    merge.count("held_handle", moved=merge.run(
        held_t.update().where(held_t.c.person_id == merge.absorb)
        .values(person_id=merge.keep)))


def _reports(merge: _Merge) -> None:
    """Reports by and about the absorbed become the survivor's; one between the two
    would be a report about oneself: dropped."""
    pair = [merge.keep, merge.absorb]
    dropped = merge.run(report_t.delete().where(report_t.c.reporter_id.in_(pair),
                                                report_t.c.person_id.in_(pair)))
    moved = merge.run(report_t.update().where(report_t.c.reporter_id == merge.absorb)
                      .values(reporter_id=merge.keep))
    moved += merge.run(report_t.update().where(report_t.c.person_id == merge.absorb)
                       .values(person_id=merge.keep))
    merge.count("report", moved, dropped)


def _subscriptions(merge: _Merge) -> None:
    """"Notify me when X posts", both ways, as follows; one of the two about the other
    would be about oneself: dropped."""
    _edges(merge, table(Subscription))


def _notifications(merge: _Merge) -> None:
    """The absorbed's notifications become the survivor's, and those they caused are the
    survivor's doing; one between the two, or one the survivor already has for the same
    event (its key), is dropped."""
    note = table(Notification)
    pair = [merge.keep, merge.absorb]
    dropped = merge.run(note.delete().where(note.c.recipient_id.in_(pair),
                                            note.c.actor_id.in_(pair)))
    kept = note.alias("kept")
    twin = sa.exists().where(kept.c.recipient_id == merge.keep, kept.c.key == note.c.key)
    dropped += merge.run(note.delete().where(note.c.recipient_id == merge.absorb, twin))
    moved = merge.run(note.update().where(note.c.recipient_id == merge.absorb)
                      .values(recipient_id=merge.keep))
    moved += merge.run(note.update().where(note.c.actor_id == merge.absorb)
                       .values(actor_id=merge.keep))
    merge.count("notification", moved, dropped)


def _steering(merge: _Merge) -> None:
    """The union of both people's rules (storage.steering); a term both gave a rule about
    keeps the survivor's."""
    moved, dropped = _person_fold(merge, table(SteeringRule))
    merge.count("steering_rule", moved, dropped)


# Every table with a key to person, in the order the steps must run: posts before likes
# (a duplicate repost's likes join the kept one) and mentions (which read authorship),
# blocks before follows (which end across them).
_STEPS: dict[str, Callable[[_Merge], None]] = {
    "post": _posts,
    "post_like": _likes,
    "mention": _mentions,
    "block": _blocks,
    "mute": _mutes,
    "follow": _follows,
    "interest": _interests,
    "model_usage": _usage,
    "digest_delivery": _deliveries,
    "identity": _identities,
    "link_code": _link_codes,
    "pin": _pins,
    "report": _reports,
    "held_handle": _held_handles,
    "subscription": _subscriptions,
    "notification": _notifications,
    "steering_rule": _steering,
}
MERGED_TABLES = frozenset(_STEPS)


def merge_accounts(session: Session, keep: int, absorb: int, *,
                   now: datetime | None = None) -> Merged:
    """Make the person numbered `absorb` part of the person numbered `keep`; what moved.

    The person row `keep` survives, with its handle and settings (language, timezone,
    digest time, switches and platform, name and bio; an empty name or bio takes the
    absorbed's) and the earlier `created_at` of the two. `absorb`'s row is deleted and
    its handle freed at once: no hold (storage.accounts.HANDLE_HELD_FOR is for deleted
    accounts). Per table:

    - identity: all move to `keep`.
    - post: authorship moves. A repost both made of the same post keeps `keep`'s: the
      absorbed's is deleted (dropped), replies to it are re-pointed to the kept one
      (reply_to_id and root_id) and its likes join it.
    - post_like: moved; a post both liked keeps one like, the earlier created_at.
    - mention: moved; a post that addressed both keeps one row (kind 'reply' if either
      was); a mention of either on a post now `keep`'s own is dropped.
    - follow: both ways, absorb->X becomes keep->X and X->absorb X->keep; a follow both
      had keeps the earlier created_at; follows between the two are dropped; then any
      follow between `keep` and someone in a block with `keep` (either way) is dropped,
      as a block ends follows. follower_count / following_count follow by trigger
      (storage.counters) and equal the follow rows afterwards.
    - block, mute: both ways, as follows: no duplicates (earlier kept), none between the two.
    - interest: the union.
    - model_usage: summed by (day, model).
    - digest_delivery: moved for each local date `keep` has none; for a date both have,
      `keep`'s stays (a pending one takes the absorbed's outcome if that digest was done
      already: one digest a day per person). last_digest_at is the later of the two;
      digest_due_at and the claim are `keep`'s.
    - steering_rule: the union; a term both have a rule about keeps `keep`'s.
    - link_code: the absorbed's are deleted (dropped).
    - pin: `keep`'s stays; the absorbed's moves when `keep` has none, else is dropped.
    - held_handle: a handle the absorbed changed away from lately names `keep`.
    - report: by and about the absorbed move to `keep`; those between the two are dropped.
      A suspension of either holds for the survivor (the earlier suspended_at): linking
      is no way out of one.
    - link_failure, chat_state, suspended_identity: keyed by platform ids, not by person:
      untouched (a suspended_identity is never anyone's: storage.suspension).

    Runs in the caller's transaction, which the caller commits; on any error the
    caller's rollback leaves both accounts exactly as they were (one transaction on both
    engines, unlike a deletion's batches on SQLite). On PostgreSQL both people and
    everyone their follows join them to are locked first, in id order (see `_LOCK_ALL`),
    then both rows are read again: of two merges racing on the same accounts one wins,
    and the other, finding one of its two gone, is told. `now` (UTC, default the present)
    stamps a delivery key that takes the absorbed's outcome.

    Objects of the session that stood for `absorb`'s rows are detached; `keep`'s Person,
    if loaded, is read again.

    Raises NotAllowed(Reason.yourself, verb="merge") when `keep` == `absorb`;
    NotFound(Reason.person, id=...) when either does not exist (any more);
    NotFound(Reason.merge_changed, id=...) when one of them was merged away or deleted
    while this merge waited for its locks.
    """
    if keep == absorb:
        raise NotAllowed(Reason.yourself, verb="merge")
    session.flush()  # what the caller changed through the ORM, before the rows move
    pair = {"keep": keep, "absorb": absorb}
    present = set(session.execute(sa.select(person_t.c.id).where(_PAIR), pair).scalars())
    for wanted in (keep, absorb):
        if wanted not in present:
            raise NotFound(Reason.person, id=wanted)
    postgres = session.get_bind().dialect.name == "postgresql"
    locked = set(session.execute(_LOCK_ALL if postgres else _LOCK_PAIR, pair).scalars())
    for wanted in (keep, absorb):
        if wanted not in locked:
            raise NotFound(Reason.merge_changed, id=wanted)
    if postgres:
        # Follows committed between the statement's snapshot and its locks (a merge into
        # `keep` just before this one): nobody can add more now that both rows are held.
        missing = set(session.execute(_NEIGHBOURS, pair).scalars()) - locked
        if missing:
            session.execute(_LOCK_SOME, {"ids": sorted(missing)}).all()
    rows = {row.id: row for row in session.execute(_READ, pair)}
    kept, gone = rows[keep], rows[absorb]

    merge = _Merge(session, keep, absorb, now or utcnow())
    for step in _STEPS.values():
        step(merge)
    display, bio = kept.display_name or gone.display_name, kept.bio or gone.bio
    latest = [t for t in (kept.last_digest_at, gone.last_digest_at) if t is not None]
    values: dict[str, object] = {
        "created_at": min(kept.created_at, gone.created_at),
        "last_digest_at": max(latest) if latest else None,
    }
    suspended = [t for t in (kept.suspended_at, gone.suspended_at) if t is not None]
    if suspended:
        values["suspended_at"] = min(suspended)
    if (display, bio) != (kept.display_name, kept.bio):
        values |= {"display_name": display, "bio": bio,
                   "search_text": search_document(kept.handle, display, bio)}
    session.execute(person_t.update().where(person_t.c.id == keep).values(values))
    session.execute(person_t.delete().where(person_t.c.id == absorb))
    _forget(session, keep, absorb)
    return Merged(handle=kept.handle, freed=gone.handle,
                  moved={name: merge.moved.get(name, 0) for name in _STEPS},
                  dropped={name: merge.dropped.get(name, 0) for name in _STEPS})


def _forget(session: Session, keep: int, absorb: int) -> None:
    """Detach what the session loaded of `absorb`'s rows (changed under it by Core
    statements), and read `keep`'s person again if it was loaded."""
    for instance in list(session.identity_map.values()):
        rows = getattr(type(instance), "__table__", None)
        if not isinstance(rows, sa.Table):
            continue
        if rows is person_t:
            if getattr(instance, "id", None) == absorb:
                session.expunge(instance)
            elif getattr(instance, "id", None) == keep:
                session.refresh(instance)
            continue
        for column in rows.columns:
            if (any(fk.column.table is person_t for fk in column.foreign_keys)
                    and getattr(instance, column.key, None) == absorb):
                session.expunge(instance)
                break
