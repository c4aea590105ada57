"""Suggestions for a chunk of digests at once: storage.suggestions.seeded, for many readers.

A digest suggests people followed by the few authors it features (its seeds),
storage.suggestions.seeded. For a chunk of digests (bot.digest.compose.gather_many),
PostgreSQL runs that statement once per reader inside one statement, a LATERAL
join on the readers and their seeds (sent as one JSON list), with each reader's
follows, mutes and blocks hashed once, as for one person. SQLite, where a
statement costs some 30 µs, runs it reader by reader (storage.digest_chunk says
why), written so that the seeds lead (`_top`). tests/storage/test_digest_chunk.py
holds both to storage.suggestions.seeded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Session

from storage.digest import follow_t, person_t
from storage.digest_chunk import N, apart, followed_by
from storage.views import Suggestion

Seeds = Callable[[sa.FromClause], sa.ColumnElement[bool]]  # a condition on a follow row


def _top(me: sa.ColumnElement[int], seeds: Seeds) -> sa.Select:
    """storage.suggestions' seeded choice for `me`: up to `n` people followed by those of
    the seeds (`seeds(f)`, a condition on the follow `f`) whom `me` follows, most first."""
    f = follow_t.alias("f")
    mutuals = sa.func.count().label("mutuals")
    return (
        sa.select(f.c.followee_id.label("id"), mutuals,
                  sa.func.min(f.c.follower_id).label("one"),
                  sa.func.max(f.c.follower_id).label("two"))
        # "+ 0": the seeds lead. Else SQLite walks the follows of everyone `me` follows,
        # a hundred people, for the three seeds' (0.55 ms a reader instead of 0.21).
        .where(seeds(f), (f.c.follower_id + sa.literal_column("0")).in_(followed_by(me)),
               *apart(me, f.c.follower_id),
               f.c.followee_id != me, f.c.followee_id.not_in(followed_by(me)),
               *apart(me, f.c.followee_id))
        .group_by(f.c.followee_id)
        .order_by(mutuals.desc(), f.c.followee_id)
        .limit(N)
    )


def _named(source: sa.FromClause, top: sa.FromClause, *first: sa.ColumnElement) -> sa.Select:
    """The people `top` (in `source`) chose, and two of the seeds who follow each, by handle."""
    candidate, one, two = (person_t.alias(name) for name in ("candidate", "one", "two"))
    return (
        sa.select(*first, candidate.c.handle, candidate.c.display_name, top.c.mutuals,
                  one.c.handle, two.c.handle)
        .select_from(source)
        .join(candidate, candidate.c.id == top.c.id)
        .join(one, one.c.id == top.c.one)
        .join(two, two.c.id == top.c.two)
        .order_by(*first, top.c.mutuals.desc(), top.c.id)
    )


# PostgreSQL: for each reader of a JSON list [{"me": id, "seeds": [ids]}], at once.
_picked = (sa.func.jsonb_to_recordset(sa.bindparam("seeds", type_=JSONB))
           .table_valued(sa.column("me", sa.Integer), sa.column("seeds", ARRAY(sa.Integer)))
           .render_derived(with_types=True).alias("picked"))
_chosen = _top(_picked.c.me, lambda f: f.c.follower_id == sa.any_(_picked.c.seeds)).lateral("top")
_SEEDED = _named(sa.join(_picked, _chosen, sa.true()), _chosen, _picked.c.me)
# SQLite: one reader at a time.
_one_top = _top(sa.bindparam("me", type_=sa.Integer),
                lambda f: f.c.follower_id.in_(sa.bindparam("ids", expanding=True))).subquery("top")
_SEEDED_ONE = _named(_one_top, _one_top)


def seeded(session: Session, seeds: Mapping[int, Sequence[int]], limit: int
           ) -> dict[int, list[Suggestion]]:
    """For each reader (person id) of `seeds`: up to `limit` people to follow, followed by
    those of the reader's seeds (person ids) they follow, as storage.suggestions.seeded."""
    found: dict[int, list[Suggestion]] = {me: [] for me in seeds}
    rows: list[tuple] = []
    if session.get_bind().dialect.name == "postgresql":
        picked = [{"me": me, "seeds": list(ids)} for me, ids in seeds.items() if ids]
        if picked:
            rows += session.execute(_SEEDED, {"seeds": picked, "n": limit}).all()
    else:
        for me, ids in seeds.items():
            if ids:
                params = {"me": me, "ids": list(ids), "n": limit}
                rows += ((me, *row) for row in session.execute(_SEEDED_ONE, params))
    for me, handle, name, mutuals, first, last in rows:
        found[me].append(Suggestion(handle, name, sorted({first, last}), mutuals, []))
    return found
