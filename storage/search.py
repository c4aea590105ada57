"""Finding posts and people by words, hashtags, interests and topics."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import Session

from storage.models import Interest, Person, PostTag
from storage.reading import POSTS, P, page_limit, to_view, visible_to
from storage.relations import blocked_ids, follow_t
from storage.text import fold
from storage.views import PersonView, PostView

person_t, interest_t, tag_t = Person.__table__, Interest.__table__, PostTag.__table__
_WORD = re.compile(r"\w+")


def _words(query: str) -> list[str]:
    return _WORD.findall(fold(query))[:8]


_ME, _N, _Q = (sa.bindparam("me", type_=sa.Integer), sa.bindparam("n", type_=sa.Integer),
               sa.bindparam("q", type_=sa.String))


def _visible_posts(condition: sa.ColumnElement[bool]) -> sa.Select:
    """Newest posts matching `condition` that the viewer `:me` may see (storage.visibility),
    `:n` of them."""
    return (
        POSTS.where(condition, visible_to(_ME))
        .order_by(P.c.id.desc())
        .limit(_N)
    )


# Built once, per kind of search; `:q` is the hashtag, or the words in the engine's syntax.
_BY_TAG = _visible_posts(P.c.id.in_(sa.select(tag_t.c.post_id).where(tag_t.c.tag == _Q)))
_BY_WORDS = {
    "sqlite": _visible_posts(P.c.id.in_(
        sa.text("SELECT rowid FROM post_fts WHERE post_fts MATCH :q")
        .columns(sa.column("rowid", sa.Integer))
    )),
    "postgresql": _visible_posts(
        sa.func.to_tsvector("simple", sa.func.plaza_fold(P.c.text)).bool_op("@@")(
            sa.func.to_tsquery("simple", _Q)
        )
    ),
}


def search_posts(session: Session, viewer: Person, query: str, limit: int = 20) -> list[PostView]:
    """Posts `viewer` may see that contain every word of `query`, or carry its #hashtag."""
    text = query.strip()
    words = _words(text)
    if not words:
        return []
    dialect = session.get_bind().dialect.name
    if text.startswith("#"):
        statement, q = _BY_TAG, words[0]
    elif dialect == "sqlite":
        statement, q = _BY_WORDS[dialect], " ".join(f'"{word}"' for word in words)
    else:
        statement, q = _BY_WORDS[dialect], " & ".join(words)
    params = {"me": viewer.id, "n": page_limit(limit), "q": q}
    return [to_view(row) for row in session.execute(statement, params)]


def _matching_people(session: Session, words: list[str]) -> sa.Select:
    """Ids of people whose interests, handle, name or bio mention the topic."""
    by_interest = sa.select(interest_t.c.person_id).where(
        interest_t.c.tag.in_([" ".join(words), *words])
    )
    if session.get_bind().dialect.name == "sqlite":
        expression = " OR ".join(f'"{word}"' for word in words)
        by_text = sa.text("SELECT rowid FROM person_fts WHERE person_fts MATCH :fts").bindparams(
            fts=expression
        ).columns(sa.column("rowid", sa.Integer))
    else:
        document = person_t.c.handle + " " + person_t.c.display_name + " " + person_t.c.bio
        vector = sa.func.to_tsvector("simple", sa.func.plaza_fold(document))
        query = sa.func.to_tsquery("simple", " | ".join(words))
        by_text = sa.select(person_t.c.id).where(vector.bool_op("@@")(query))
    return sa.union(by_interest, by_text)


def follower_count(person_id: sa.ColumnElement[int]) -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.count())
        .where(follow_t.c.followee_id == person_id)
        .correlate_except(follow_t)
        .scalar_subquery()
    )


def interests_of(session: Session, person_ids: list[int]) -> dict[int, list[str]]:
    query = (
        sa.select(interest_t.c.person_id, interest_t.c.tag)
        .where(interest_t.c.person_id.in_(person_ids))
        .order_by(interest_t.c.tag)
    )
    found: dict[int, list[str]] = {pid: [] for pid in person_ids}
    for pid, tag in session.execute(query):
        found[pid].append(tag)
    return found


def search_people(
    session: Session, viewer: Person, topic: str, limit: int = 10
) -> list[PersonView]:
    """People into `topic`, most followed first; never you, never across a block."""
    words = _words(topic.lstrip("#@"))
    if not words:
        return []
    candidates = _matching_people(session, words).subquery()
    followers = follower_count(person_t.c.id).label("followers")
    statement = (
        sa.select(person_t.c.id, person_t.c.handle, person_t.c.display_name, person_t.c.bio,
                  followers)
        .where(
            person_t.c.id.in_(sa.select(candidates.c[0])),
            person_t.c.id != viewer.id,
            person_t.c.id.not_in(blocked_ids(viewer.id)),
        )
        .order_by(followers.desc(), person_t.c.handle)
        .limit(page_limit(limit))
    )
    rows = session.execute(statement).all()
    tags = interests_of(session, [row.id for row in rows])
    return [
        PersonView(row.handle, row.display_name, row.bio, tags[row.id], row.followers)
        for row in rows
    ]
