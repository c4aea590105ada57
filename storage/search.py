"""Finding posts and people by words, hashtags, interests and topics."""

from __future__ import annotations

from functools import cache

import regex
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Session

from storage.errors import InvalidInput
from storage.models import Interest, Person, PostTag
from storage.reading import POSTS, P, page_limit, to_view, visible_to
from storage.relations import blocked_ids, follow_t
from storage.text import fold, hashtags
from storage.views import PersonView, PostView

person_t, interest_t, tag_t = Person.__table__, Interest.__table__, PostTag.__table__
_WORDISH = regex.compile(r"[\p{L}\p{N}]")
_SIGNS = ("#", "＃", "﹟")
MAX_WORDS = 8


def _words(query: str) -> list[str]:
    """The query folded as the index is (storage.text.fold), in space-separated pieces
    that hold a letter or digit. Each piece is then split into words by the engine's own
    tokenizer, the one that split the index, so a word typed as posted always matches."""
    return [word for word in fold(query).split() if _WORDISH.search(word)][:MAX_WORDS]


def _fts5_phrase(word: str) -> str:
    """`word` as an FTS5 string: data to tokenize, never query syntax."""
    return '"' + word.replace('"', '""') + '"'


def _pg_matches(document: sa.ColumnElement[str], words: sa.ColumnElement[str]
                ) -> sa.ColumnElement[bool]:
    """`document` holds every word of `words`. The configuration is written out, not
    bound, so the expression is the one the GIN index was built on (search_schema)."""
    simple = sa.literal_column("'simple'")
    return pg.to_tsvector(simple, document).bool_op("@@")(pg.plainto_tsquery(simple, words))


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
        words = _words(text)
        if not words:
            return []
        q = " ".join(map(_fts5_phrase, words) if dialect == "sqlite" else words)
        statement = _by_words(dialect)
    params = {"me": viewer.id, "n": page_limit(limit), "q": q}
    return [to_view(row) for row in session.execute(statement, params)]


def _matching_people(session: Session, words: list[str]) -> sa.Select:
    """Ids of people whose interests, handle, name or bio mention any word of the topic."""
    by_interest = sa.select(interest_t.c.person_id).where(
        interest_t.c.tag.in_([" ".join(words), *words])
    )
    if session.get_bind().dialect.name == "sqlite":
        expression = " OR ".join(map(_fts5_phrase, words))
        by_text = sa.text("SELECT rowid FROM person_fts WHERE person_fts MATCH :fts").bindparams(
            fts=expression
        ).columns(sa.column("rowid", sa.Integer))
    else:
        by_text = sa.select(person_t.c.id).where(
            sa.or_(*(_pg_matches(person_t.c.search_text, sa.literal(word)) for word in words))
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
    words = _words(topic.lstrip("#＃﹟@"))
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
