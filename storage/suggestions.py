"""Who to follow next: friends of friends, mixed with people who share your interests.

Score = 2 x (people you follow who follow them) + (interests you share). Never
yourself, never someone you already follow or muted, never anyone in a block with you,
never a suspended account (storage.suspension).

A digest suggests from friends of friends alone, `seeded` by the few authors it
features rather than everyone followed: a few hundred rows instead of
thousands, one statement, and suggestions that change with what was read.
Seeds are people you follow, and neither muted nor in a block with you, whatever
the caller picked them from (past likes and replies reach people you blocked).
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from sqlmodel import Session

from storage.models import Interest, Person
from storage.relations import blocked_ids, follow_t, followee_ids, muted_ids
from storage.search import interests_of
from storage.suspension import SUSPENDED
from storage.tables import row_id, table
from storage.views import Suggestion

person_t, interest_t = table(Person), table(Interest)
CANDIDATES = 50
MUTUAL_WEIGHT = 2


def _excluded(me: int | sa.ColumnElement[int], column: sa.ColumnElement[int]
              ) -> list[sa.ColumnElement[bool]]:
    return [column != me, column.not_in(followee_ids(me)), column.not_in(muted_ids(me)),
            column.not_in(blocked_ids(me)), column.not_in(SUSPENDED)]


# Friends of friends are counted over the SEEDS people followed most recently, not
# everyone: for someone following 5,000 people the join read every follow of all of
# them (350,000 rows, 178 ms on SQLite, 608 ms on PostgreSQL); recent follows say the
# most about what someone wants now. The two "followed by" names come with the count.
SEEDS = 200
_ME = sa.bindparam("me", type_=sa.Integer)
_f1, _f2 = follow_t.alias("f1"), follow_t.alias("f2")
_recent = (sa.select(_f1.c.followee_id).where(_f1.c.follower_id == _ME)
           .order_by(_f1.c.created_at.desc(), _f1.c.followee_id).limit(SEEDS).subquery("recent"))
_n = sa.func.count().label("n")
_FOF = (
    sa.select(_f2.c.followee_id, _n, sa.func.min(_f2.c.follower_id),
              sa.func.max(_f2.c.follower_id))
    .join(_recent, _recent.c.followee_id == _f2.c.follower_id)
    .where(*_excluded(_ME, _f2.c.followee_id))
    .group_by(_f2.c.followee_id)
    .order_by(_n.desc(), _f2.c.followee_id)
    .limit(CANDIDATES)
)


def _friends_of_friends(session: Session, me: int) -> dict[int, tuple[int, list[int]]]:
    """Up to CANDIDATES people followed by those `me` followed most recently: for each,
    how many of those follow them and the ids of one or two of them."""
    return {pid: (n, sorted({first, last}))
            for pid, n, first, last in session.execute(_FOF, {"me": me})}


# A tag is held by thousands (7,400 people for "music" on the benchmark network): each of
# the viewer's tags reads its HOLDERS earliest holders, not all of them, so the count
# stays a few hundred rows whatever the tag.
HOLDERS = 300


def _shared_interests(session: Session, me: int, tags: list[str]) -> Counter[int]:
    """Up to CANDIDATES people holding `tags` (`me`'s), by how many they share, among each
    tag's HOLDERS earliest holders who may be suggested."""
    if not tags:
        return Counter()
    per_tag = [
        sa.select(interest_t.c.person_id).where(interest_t.c.tag == tag,
                                                *_excluded(me, interest_t.c.person_id))
        .order_by(interest_t.c.person_id).limit(HOLDERS)
        for tag in tags
    ]
    holders = sa.union_all(*[q.subquery().select() for q in per_tag]).subquery("holders")
    person_id = holders.c[0]
    count = sa.func.count().label("n")
    query = (sa.select(person_id, count).group_by(person_id)
             .order_by(count.desc(), person_id).limit(CANDIDATES))
    return Counter({pid: n for pid, n in session.execute(query)})


def suggestions(session: Session, viewer: Person, limit: int = 5) -> list[Suggestion]:
    me = row_id(viewer)
    mutuals = _friends_of_friends(session, me)
    my_tags = interests_of(session, [me])[me]
    shared = _shared_interests(session, me, my_tags)
    scores = Counter({pid: MUTUAL_WEIGHT * n for pid, (n, _) in mutuals.items()})
    scores.update(shared)
    best = [pid for pid, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
    if not best:
        return []
    why = {pid for _, ids in mutuals.values() for pid in ids}
    names = sa.select(person_t.c.id, person_t.c.handle, person_t.c.display_name).where(
        person_t.c.id.in_({*best, *why})
    )
    people = {pid: (handle, name) for pid, handle, name in session.execute(names)}
    tags = interests_of(session, best)
    return [
        Suggestion(
            handle=people[pid][0],
            display_name=people[pid][1],
            followed_by=sorted(people[one][0] for one in mutuals[pid][1]) if pid in mutuals
            else [],
            mutuals=mutuals[pid][0] if pid in mutuals else 0,
            shared_interests=[tag for tag in tags[pid] if tag in my_tags],
        )
        for pid in best
    ]


_f = follow_t.alias("f")
_mutuals = sa.func.count().label("mutuals")
# Grouped on the follow index alone; names are looked up for the few that make it.
_TOP = (
    sa.select(_f.c.followee_id.label("id"), _mutuals, sa.func.min(_f.c.follower_id).label("one"),
              sa.func.max(_f.c.follower_id).label("two"))
    .where(_f.c.follower_id.in_(sa.bindparam("seeds", expanding=True)),
           _f.c.follower_id.in_(followee_ids(_ME)), _f.c.follower_id.not_in(muted_ids(_ME)),
           _f.c.follower_id.not_in(blocked_ids(_ME)), *_excluded(_ME, _f.c.followee_id))
    .group_by(_f.c.followee_id)
    .order_by(_mutuals.desc(), _f.c.followee_id)
    .limit(sa.bindparam("n", type_=sa.Integer))
    .subquery()
)
_candidate, _one, _two = person_t.alias("candidate"), person_t.alias("one"), person_t.alias("two")
_SEEDED = (
    sa.select(_candidate.c.handle, _candidate.c.display_name, _TOP.c.mutuals, _one.c.handle,
              _two.c.handle)
    .join(_candidate, _candidate.c.id == _TOP.c.id)
    .join(_one, _one.c.id == _TOP.c.one)
    .join(_two, _two.c.id == _TOP.c.two)
    .order_by(_TOP.c.mutuals.desc(), _TOP.c.id)
)


def seeded(session: Session, me: int, seeds: list[int], limit: int) -> list[Suggestion]:
    """People followed by those of `seeds` whom `me` follows (and neither muted nor blocked
    either way), most of them first."""
    if not seeds:
        return []
    rows = session.execute(_SEEDED, {"me": me, "seeds": seeds, "n": limit})
    return [Suggestion(handle, name, sorted({first, last}), mutuals, [])
            for handle, name, mutuals, first, last in rows]
