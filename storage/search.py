"""Finding posts and people by words, hashtags, interests and topics."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Session

from storage.errors import InvalidInput
from storage.models import Interest, Person, PostTag
from storage.reading import POSTS, P, page_limit, to_view, visible_to
from storage.relations import blocked_ids, follow_t
from storage.tables import row_id, table
from storage.text import fold, hashtags, search_words
from storage.views import PersonView, PostView

person_t, interest_t, tag_t = table(Person), table(Interest), table(PostTag)
_SIGNS = ("#", "＃", "﹟")
MAX_WORDS = 8


def _pieces(query: str) -> list[list[str]]:
    """The query's space-separated pieces, each as its words (storage.text.search_words,
    the very split `search_text` was stored with), those without a word dropped, at
    most MAX_WORDS words in all. A piece of several words ("example.com", "l'été") is
    matched as a phrase: its words side by side, as written."""
    pieces, room = [], MAX_WORDS
    for piece in fold(query).split():
        if words := search_words(piece)[:room]:
            pieces.append(words)
            room -= len(words)
    return pieces


def _fts5_query(pieces: list[list[str]], operator: str) -> str:
    """`pieces` as an FTS5 expression, each an FTS5 phrase, joined by `operator`
    ("" for all, " OR " for any). Words hold no quote, so this is data, never syntax."""
    return (operator or " ").join('"' + " ".join(words) + '"' for words in pieces)


def _tsquery(pieces: list[list[str]], operator: str) -> str:
    """`pieces` as PostgreSQL tsquery text, each a phrase ("<->"), joined by `operator`
    ("&" or "|"). Every word is quoted, and holds no quote or backslash."""
    return f" {operator} ".join(
        "(" + " <-> ".join(f"'{word}'" for word in words) + ")" for words in pieces
    )


def _pg_matches(document: sa.ColumnElement[str], query: sa.ColumnElement[str]
                ) -> sa.ColumnElement[bool]:
    """`document` matches the tsquery text `query`. The configuration is written out, not
    bound, so the expression is the one the GIN index was built on (search_schema)."""
    simple: sa.ColumnClause[str] = sa.literal_column("'simple'")
    return pg.to_tsvector(simple, document).bool_op("@@")(pg.to_tsquery(simple, query))


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


# Plain SQL on every engine, so it can be built at import.
_BY_TAG = _visible_posts(P.c.id.in_(sa.select(tag_t.c.post_id).where(tag_t.c.tag == _Q)))


@cache
def _by_words(dialect: str) -> sa.Select:
    """Posts holding every word of `:q`, for `dialect`: built on first use, once the
    engine (and so its dialect) exists, never at import."""
    if dialect == "sqlite":
        return _visible_posts(P.c.id.in_(
            sa.text("SELECT rowid FROM post_fts WHERE post_fts MATCH :q")
            .columns(sa.column("rowid", sa.Integer))
        ))
    return _visible_posts(_pg_matches(P.c.search_text, _Q))


def search_posts(session: Session, viewer: Person, query: str, limit: int = 20) -> list[PostView]:
    """Posts `viewer` may see that contain every word of `query`, or carry its #hashtag.

    Words are matched folded (storage.text.fold), in the post's text or a link in it;
    "#12" alone is a post number, so it is searched as the word "12".
    """
    text = query.strip()
    try:
        tags = hashtags(text) if text.startswith(_SIGNS) else []
    except InvalidInput:  # a tag too long to be stored cannot be found either
        return []
    dialect = session.get_bind().dialect.name
    if tags:
        statement, q = _BY_TAG, tags[0]
    else:
        pieces = _pieces(text)
        if not pieces:
            return []
        q = _fts5_query(pieces, "") if dialect == "sqlite" else _tsquery(pieces, "&")
        statement = _by_words(dialect)
    params = {"me": row_id(viewer), "n": page_limit(limit), "q": q}
    return [to_view(row) for row in session.execute(statement, params)]


def _matching_people(session: Session, topic: str, pieces: list[list[str]]
                     ) -> sa.CompoundSelect:
    """Ids of people with the topic, or one of its pieces, as an interest (interests are
    folded, not split: "c++"), or any piece of it in their handle, name or bio."""
    typed = fold(topic).split()
    by_interest = sa.select(interest_t.c.person_id).where(
        interest_t.c.tag.in_([" ".join(typed), *typed, *(" ".join(w) for w in pieces)])
    )
    by_text: sa.TextualSelect | sa.Select
    if session.get_bind().dialect.name == "sqlite":
        by_text = sa.text("SELECT rowid FROM person_fts WHERE person_fts MATCH :fts").bindparams(
            fts=_fts5_query(pieces, " OR ")
        ).columns(sa.column("rowid", sa.Integer))
    else:
        by_text = sa.select(person_t.c.id).where(
            _pg_matches(person_t.c.search_text, sa.literal(_tsquery(pieces, "|")))
        )
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
    topic = topic.lstrip("#＃﹟@")
    pieces = _pieces(topic)
    if not pieces:
        return []
    me = row_id(viewer)
    candidates = _matching_people(session, topic, pieces).subquery()
    followers = follower_count(person_t.c.id).label("followers")
    statement = (
        sa.select(person_t.c.id, person_t.c.handle, person_t.c.display_name, person_t.c.bio,
                  followers)
        .where(
            person_t.c.id.in_(sa.select(candidates.c[0])),
            person_t.c.id != me,
            person_t.c.id.not_in(blocked_ids(me)),
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
