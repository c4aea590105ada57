"""Suggestions for a chunk of digests at once: storage.suggestions.seeded, for many readers.

A digest suggests people followed by the few authors it features (its seeds),
storage.suggestions.seeded. For a chunk of digests (bot.digest.compose.gather_many),
PostgreSQL runs that statement once per reader inside one statement, a LATERAL
join on the readers and their seeds (sent as one JSON list), with each reader's
follows, mutes and blocks hashed once, as for one person; the statement is
written out here, its reader correlated explicitly (storage.digest_chunk says
why), and tests/storage/test_digest_chunk.py holds it to storage.suggestions.seeded.
SQLite, where a statement costs some 30 µs, runs storage.suggestions.seeded
itself, reader by reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Session

from storage import suggestions
from storage.digest import follow_t, person_t
from storage.digest_chunk import N, apart, followed_by
from storage.views import Suggestion

# For each reader of a JSON list [{"me": id, "seeds": [ids]}]: storage.suggestions' choice.
_picked = (sa.func.jsonb_to_recordset(sa.bindparam("seeds", type_=JSONB))
           .table_valued(sa.column("me", sa.Integer), sa.column("seeds", ARRAY(sa.Integer)))
           .render_derived(with_types=True).alias("picked"))
_me, _f = _picked.c.me, follow_t.alias("f")
_mutuals = sa.func.count().label("mutuals")
_top = (
    sa.select(_f.c.followee_id.label("id"), _mutuals, sa.func.min(_f.c.follower_id).label("one"),
              sa.func.max(_f.c.follower_id).label("two"))
    .where(_f.c.follower_id == sa.any_(_picked.c.seeds),
           _f.c.follower_id.in_(followed_by(_me)), *apart(_me, _f.c.follower_id),
           _f.c.followee_id != _me, _f.c.followee_id.not_in(followed_by(_me)),
           *apart(_me, _f.c.followee_id))
    .group_by(_f.c.followee_id)
    .order_by(_mutuals.desc(), _f.c.followee_id)
    .limit(N)
    .lateral("top")
)
_candidate, _one, _two = (person_t.alias(name) for name in ("candidate", "one", "two"))
_SEEDED = (
    sa.select(_me, _candidate.c.handle, _candidate.c.display_name, _top.c.mutuals,
              _one.c.handle, _two.c.handle)
    .join_from(_picked, _top, sa.true())
    .join(_candidate, _candidate.c.id == _top.c.id)
    .join(_one, _one.c.id == _top.c.one)
    .join(_two, _two.c.id == _top.c.two)
    .order_by(_me, _top.c.mutuals.desc(), _top.c.id)
)


def seeded(session: Session, seeds: Mapping[int, Sequence[int]], limit: int
           ) -> dict[int, list[Suggestion]]:
    """For each reader (person id) of `seeds`: up to `limit` people to follow, followed by
    those of the reader's seeds (person ids) they follow, as storage.suggestions.seeded."""
    if session.get_bind().dialect.name != "postgresql":
        return {me: suggestions.seeded(session, me, list(ids), limit)
                for me, ids in seeds.items()}
    found: dict[int, list[Suggestion]] = {me: [] for me in seeds}
    picked = [{"me": me, "seeds": list(ids)} for me, ids in seeds.items() if ids]
    if picked:
        for me, handle, name, mutuals, first, last in session.execute(
                _SEEDED, {"seeds": picked, "n": limit}):
            found[me].append(Suggestion(handle, name, sorted({first, last}), mutuals, []))
    return found
