"""Steering the feed by talking (issue 18): "show me less politics this week", "more
climbing", "hide posts with the word spoiler until Sunday".

A rule is a person's word about a term: `hide` it, see `less` or `more` of it, until a
time (UTC) or for ever. A term is one or more words, folded as search folds them
(storage.text.search_words: case and accents away, "#" and punctuation split off), and
a post matches when those words stand in its own words in that order: on word
boundaries, so "spoiler" matches "Spoiler!" and "#spoiler" but not "spoilers"; a topic
("politics") matches the hashtag #politics and the word alike. A post's words are its
`search_text`, which search already keeps folded, so matching is a LIKE on both engines.

Where rules apply: hidden posts never reach the digest (asked for or scheduled: the
ranked feed), the counts of trending hashtags, or a notification (`unhidden`, in SQL
beside mutes); `less` and `more` move a post down or up the digest's ranking
(`steer`, bot.digest.rank). The chronological feed ("what's new?") stays plain: no
rule filters or reorders it, so a person can always see everything they follow.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.errors import InvalidInput, Reason
from storage.models import Person, Post, SteeringKind, SteeringRule, utcnow
from storage.schedule import zone
from storage.tables import row_id, table
from storage.text import search_words

rule_t, post_t = table(SteeringRule), table(Post)
TERM_MAX = 64  # characters of a folded term
RULES_MAX = 100  # rules a person may have at once
WEIGHT = {SteeringKind.less: -1.0, SteeringKind.more: 1.0}  # added to a digest score


@dataclass(frozen=True)
class Rule:
    """One active rule: `term` folded, what it does, until when (UTC; None, for ever)."""

    kind: SteeringKind
    term: str
    expires_at: datetime | None


def term_of(raw: str) -> str:
    """`raw` ("#Politique", "Spoiler!", "game of thrones") as a rule's term: its folded
    words joined by single spaces. Raises InvalidInput(Reason.empty, field="term") when
    it has no word, Reason.too_long over TERM_MAX characters."""
    term = " ".join(search_words(raw))
    if not term:
        raise InvalidInput(Reason.empty, field="term")
    if len(term) > TERM_MAX:
        raise InvalidInput(Reason.too_long, field="term", limit=TERM_MAX, length=len(term))
    return term


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS_MAX = 366  # "for N days" at most


def ends_at(until: str | None, now: datetime, timezone: str) -> datetime | None:
    """When a rule said at `now` (UTC) by someone in `timezone` (IANA) ends, in UTC: None
    for ever; "today" and "tomorrow" at the end of that local day; "week" at the end of
    the local week (Sunday, midnight into Monday); a weekday at the end of the next such
    day, today's included ("until Sunday", said on a Sunday, is tonight); "3d" three
    days (of 24 hours) from `now`. Raises ValueError for anything else."""
    if until is None:
        return None
    here = zone(timezone)
    today = now.astimezone(here).date()
    if until.endswith("d") and until[:-1].isdigit():
        return now + timedelta(days=min(int(until[:-1]), DAYS_MAX))
    if until == "today":
        last = today
    elif until == "tomorrow":
        last = today + timedelta(days=1)
    elif until == "week":
        last = today + timedelta(days=6 - today.weekday())
    elif until in WEEKDAYS:
        last = today + timedelta(days=(WEEKDAYS.index(until) - today.weekday()) % 7)
    else:
        raise ValueError(f"no end of a rule reads {until!r}")
    return _midnight_after(last, timezone)


def _midnight_after(day: date, timezone: str) -> datetime:
    """The first moment after local `day` in `timezone`, in UTC (a midnight skipped by a
    clock change is the next moment that exists)."""
    local = datetime.combine(day + timedelta(days=1), time(0), zone(timezone))
    return local.astimezone(UTC)


def _active(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(rule_t.c.expires_at.is_(None), rule_t.c.expires_at > now)


def add(session: Session, actor: Person, kind: SteeringKind, raw: str,
        expires_at: datetime | None = None, now: datetime | None = None) -> Rule:
    """Give `actor` the rule `kind` about `raw` (see term_of) until `expires_at` (UTC;
    None, for ever), replacing any rule they had about the same term: saying it again
    only moves its end. Returns the rule. Raises InvalidInput as term_of does, and
    Reason.too_many (field "steering", `limit`) past RULES_MAX active rules."""
    now = now or utcnow()
    term, me = term_of(raw), row_id(actor)
    count = session.execute(sa.select(sa.func.count()).select_from(rule_t).where(
        rule_t.c.person_id == me, rule_t.c.term != term, _active(now))).scalar_one()
    if count >= RULES_MAX:
        raise InvalidInput(Reason.too_many, field="steering", limit=RULES_MAX)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    row = {"person_id": me, "term": term, "kind": kind.value, "expires_at": expires_at,
           "created_at": now}
    insert = dialect.insert(rule_t).values(row)
    session.execute(insert.on_conflict_do_update(
        index_elements=["person_id", "term"],
        set_={"kind": insert.excluded.kind, "expires_at": insert.excluded.expires_at,
              "created_at": insert.excluded.created_at}))
    return Rule(kind, term, expires_at)


def remove(session: Session, actor: Person, raw: str, now: datetime | None = None
           ) -> Rule | None:
    """Take back `actor`'s rule about `raw`, whatever it says; the rule as it stood, or
    None when they had none in force (an expired one is removed all the same)."""
    now = now or utcnow()
    gone = session.execute(
        rule_t.delete().where(rule_t.c.person_id == row_id(actor), rule_t.c.term == term_of(raw))
        .returning(rule_t.c.kind, rule_t.c.term, rule_t.c.expires_at)).first()
    if gone is None or (gone.expires_at is not None and gone.expires_at <= now):
        return None
    return Rule(SteeringKind(gone.kind), gone.term, gone.expires_at)


def rules(session: Session, actor: Person, now: datetime | None = None) -> list[Rule]:
    """`actor`'s rules in force at `now` (UTC, default the present): hidden first, then
    less, then more, each by term."""
    now = now or utcnow()
    rows = session.execute(sa.select(rule_t.c.kind, rule_t.c.term, rule_t.c.expires_at)
                           .where(rule_t.c.person_id == row_id(actor), _active(now))).all()
    order = list(SteeringKind)
    found = [Rule(SteeringKind(kind), term, until) for kind, term, until in rows]
    return sorted(found, key=lambda rule: (order.index(rule.kind), rule.term))


def _matches(post: sa.FromClause) -> sa.ColumnElement[bool]:
    """The post's words hold the rule's term, on word boundaries. A term is letters,
    marks and digits joined by spaces (term_of), so it holds no LIKE wildcard."""
    return (" " + post.c.search_text + " ").like("% " + rule_t.c.term + " %")


def unhidden(viewer: sa.ColumnElement[int] | int, post: sa.FromClause, now: datetime
             ) -> sa.ColumnElement[bool]:
    """`post` (a table or alias of post) matches none of the `hide` rules `viewer` has in
    force at `now` (UTC): what notifications and trending add to the visibility rule."""
    return ~sa.exists().where(rule_t.c.person_id == viewer,
                              rule_t.c.kind == SteeringKind.hide.value, _active(now),
                              _matches(post))


@dataclass
class Steer:
    """What one reader's rules say of some posts: those `hidden`, and the weight of the
    others (post id -> the sum of their `less` and `more` rules' WEIGHT; absent is 0)."""

    hidden: set[int] = field(default_factory=set)
    weights: dict[int, float] = field(default_factory=dict)


def steer(session: Session, wanted: Mapping[int, Collection[int]],
          now: datetime | Mapping[int, datetime]) -> dict[int, Steer]:
    """For each reader (person id) of `wanted`, what their rules in force at `now` (UTC;
    or each reader's own, by person id) say of their posts (ids): one statement for all.
    Readers whose rules touch none of their posts are absent."""
    ids = {post for posts in wanted.values() for post in posts}
    if not ids:
        return {}
    at = now if isinstance(now, Mapping) else dict.fromkeys(wanted, now)
    rows = session.execute(
        sa.select(rule_t.c.person_id, post_t.c.id, rule_t.c.kind, rule_t.c.expires_at)
        .join(post_t, _matches(post_t))
        .where(rule_t.c.person_id.in_(list(wanted)), _active(min(at.values())),
               post_t.c.id.in_(sorted(ids)))).all()
    found: dict[int, Steer] = {}
    for person, post, kind, until in rows:
        if post not in wanted[person] or (until is not None and until <= at[person]):
            continue
        said = found.setdefault(person, Steer())
        if kind == SteeringKind.hide.value:
            said.hidden.add(post)
        else:
            said.weights[post] = said.weights.get(post, 0.0) + WEIGHT[SteeringKind(kind)]
    return found


def export(session: Session, actor: Person) -> list[dict[str, str | None]]:
    """`actor`'s rules, expired or not, for their data export (times in ISO, UTC)."""
    rows = session.execute(sa.select(rule_t).where(rule_t.c.person_id == row_id(actor))
                           .order_by(rule_t.c.term)).all()
    return [{"kind": row.kind, "term": row.term,
             "expires_at": row.expires_at and row.expires_at.isoformat(),
             "created_at": row.created_at.isoformat()} for row in rows]
