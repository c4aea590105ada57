"""Finding posts and people by words, hashtags, interests and topics."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.sql.selectable import NamedFromClause
from sqlmodel import Session

from storage.errors import InvalidInput
from storage.models import Interest, Person, PostTag
from storage.reading import ORIG, POSTS, P, page_limit, to_view, visible_to, with_quotes
from storage.relations import blocked_ids
from storage.search_schema import PG_VECTOR
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


def _pg_matches(table: NamedFromClause, query: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    """A row of `table` (post or person, or an alias) matches the tsquery text `query`,
    read from its stored vector (storage.search_schema), which the GIN index is built on.
    The configuration is written out, not bound, as the vector's is."""
    simple: sa.ColumnClause[str] = sa.literal_column("'simple'")
    vector = sa.literal_column(f"{table.name}.{PG_VECTOR}", type_=pg.TSVECTOR)
    return vector.bool_op("@@")(pg.to_tsquery(simple, query))


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
    engine (and so its dialect) exists, never at import. On PostgreSQL, the posts
    below `:before` (see `_pg_word_search`)."""
    if dialect == "sqlite":
        return _visible_posts(P.c.id.in_(
            sa.text("SELECT rowid FROM post_fts WHERE post_fts MATCH :q")
            .columns(sa.column("rowid", sa.Integer))
        ))
    return _visible_posts(sa.and_(_pg_matches(P, _Q), P.c.id < _BEFORE))


# PostgreSQL estimates how many posts hold several words as if words were independent
# ("machine" and "learning" together: 84 estimated, 9,068 found), then fetched every match
# from the table to sort them: 50 ms. So its search is shaped by hand, as the feed's is:
# the newest WALKED posts are walked back, newest first, each one's stored vector checked
# (about 0.2 µs a post; read through coalesce, which the index does not serve, since the
# index plan is the one that rests on the guess); a word held by enough recent posts
# fills the page there. Only a rarer one goes on to the index, where its few matches
# are cheap. The walk picks ids, the page is built from those: a plan for `n` rows.
WALKED = 65_536  # posts; 13 ms at most
_BEFORE = sa.bindparam("before", type_=sa.Integer)


@cache
def _pg_walk() -> sa.Select:
    empty = sa.cast(sa.literal_column("''"), pg.TSVECTOR)
    vector = sa.func.coalesce(sa.literal_column(f"{P.name}.{PG_VECTOR}", type_=pg.TSVECTOR),
                              empty)
    simple: sa.ColumnClause[str] = sa.literal_column("'simple'")
    ids = (
        sa.select(P.c.id)
        .select_from(P.outerjoin(ORIG, ORIG.c.id == P.c.repost_of_id))
        .where(vector.bool_op("@@")(pg.to_tsquery(simple, _Q)), P.c.id < _BEFORE,
               P.c.id >= sa.bindparam("lo", type_=sa.Integer), visible_to(_ME))
        .order_by(P.c.id.desc())
        .limit(_N)
    )
    return POSTS.where(P.c.id.in_(ids)).order_by(P.c.id.desc())


_TOP = sa.select(sa.func.max(P.c.id))


def _pg_word_search(session: Session, params: dict[str, object], n: int) -> list[sa.Row]:
    """The newest `n` posts for `params` ("me", "q"): the recent ones walked, then the index."""
    top = session.execute(_TOP).scalar() or 0
    before = top + 1
    rows = list(session.execute(_pg_walk(), {**params, "before": before, "n": n,
                                             "lo": top - WALKED}))
    if len(rows) < n and top > WALKED:
        below = rows[-1][0] if rows else top - WALKED
        rows += session.execute(_by_words("postgresql"),
                                {**params, "before": below, "n": n - len(rows)}).all()
    return rows


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
    params: dict[str, object] = {"me": row_id(viewer), "n": page_limit(limit)}
    if tags:
        rows = session.execute(_BY_TAG, {**params, "q": tags[0]}).all()
    else:
        pieces = _pieces(text)
        if not pieces:
            return []
        if dialect == "sqlite":
            rows = session.execute(_by_words(dialect),
                                   {**params, "q": _fts5_query(pieces, "")}).all()
        else:
            rows = _pg_word_search(session, {**params, "q": _tsquery(pieces, "&")},
                                   page_limit(limit))
    return with_quotes(session, viewer, [to_view(row) for row in rows])


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
            _pg_matches(person_t, sa.literal(_tsquery(pieces, "|")))
        )
    return sa.union(by_interest, by_text)


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
    matching: sa.ColumnElement[bool] = person_t.c.id.in_(sa.select(candidates.c[0]))
    if session.get_bind().dialect.name == "postgresql":
        # As an array, the matches are looked up by id; as a set, PostgreSQL guessed three
        # times too many and scanned every person instead (30 ms).
        matching = person_t.c.id == sa.any_(sa.cast(
            sa.select(sa.func.array_agg(candidates.c[0])).scalar_subquery(),
            pg.ARRAY(sa.Integer)))
    followers = person_t.c.follower_count.label("followers")  # kept by storage.counters
    statement = (
        sa.select(person_t.c.id, person_t.c.handle, person_t.c.display_name, person_t.c.bio,
                  followers)
        .where(
            matching,
            person_t.c.id != me,
            person_t.c.id.not_in(blocked_ids(me)),
            person_t.c.suspended_at.is_(None),  # storage.suspension
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
