"""People and the ways they reach Plaza: sign-up, identities, profile, export, erasure."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlmodel import Session, select

from storage.errors import InvalidInput, NotAllowed
from storage.graph import blocked, following, muted
from storage.models import Identity, Interest, Like, Person, Platform, Post, utcnow
from storage.relations import block_between, follow_t
from storage.search import interests_of
from storage.text import BIO_MAX, NAME_MAX, clean_field, clean_interests, normalize_handle
from storage.views import PersonView

LANGUAGES = ("en", "fr")


identity_t = Identity.__table__
# Built once: constructing statements costs more than running them on SQLite.
_IDENTIFY = (
    select(Person, identity_t.c.unreachable, identity_t.c.last_seen_at, identity_t.c.chat_id)
    .join(identity_t, identity_t.c.person_id == Person.id)
    .where(identity_t.c.platform == sa.bindparam("platform"),
           identity_t.c.external_id == sa.bindparam("external_id"))
)
_SEEN = (
    identity_t.update()
    .where(identity_t.c.platform == sa.bindparam("p"),
           identity_t.c.external_id == sa.bindparam("x"))
    .values(unreachable=sa.bindparam("gone", type_=sa.Boolean), last_seen_at=sa.bindparam("now"),
            chat_id=sa.func.coalesce(sa.bindparam("chat", type_=sa.String), identity_t.c.chat_id))
)


def identify(session: Session, platform: Platform, external_id: str) -> Person | None:
    """The person behind a platform account, or None on first contact."""
    row = session.exec(_IDENTIFY, params={"platform": platform, "external_id": str(external_id)})
    found = row.first()
    return found[0] if found else None


def arrive(
    session: Session,
    platform: Platform,
    external_id: str,
    chat_id: str | None = None,
    fresh: timedelta = timedelta(minutes=1),
) -> Person | None:
    """The person writing from this account, now known to be reachable there.

    Marks the identity reachable when they write from their private chat
    (`chat_id`; None for a group, where writing says nothing about whether Plaza
    may write to them privately), notes when it was last used (digests go to
    the platform used last) and where to write to it; skips the write when
    nothing changed within `fresh`.
    """
    params = {"platform": platform, "external_id": str(external_id)}
    found = session.exec(_IDENTIFY, params=params).first()
    if found is None:
        return None
    person, unreachable, last_seen, known_chat = found
    now = utcnow()
    back = unreachable and chat_id is not None
    if back or last_seen < now - fresh or (chat_id and chat_id != known_chat):
        session.execute(_SEEN, {"p": platform, "x": str(external_id), "now": now,
                                "chat": chat_id, "gone": unreachable and chat_id is None})
    return person


def private_chat(session: Session, platform: Platform, external_id: str) -> str | None:
    """The chat where only this person reads Plaza on `platform`: known once they have
    written there, None while they cannot be reached (they blocked the bot, say)."""
    row = session.execute(
        sa.select(identity_t.c.chat_id).where(
            identity_t.c.platform == platform, identity_t.c.external_id == str(external_id),
            identity_t.c.unreachable.is_(False))
    ).first()
    return row[0] if row else None


def handle_available(session: Session, handle: str) -> bool:
    """True when `handle` is well-formed and nobody has it."""
    try:
        canonical = normalize_handle(handle)
    except InvalidInput:
        return False
    return session.exec(select(Person.id).where(Person.handle == canonical)).first() is None


def register(
    session: Session,
    handle: str,
    *,
    platform: Platform,
    external_id: str,
    chat_id: str | None = None,
    display_name: str = "",
    language: str = "en",
) -> Person:
    """Create a person and their first identity; refuses a malformed or taken handle."""
    canonical = normalize_handle(handle)
    if not handle_available(session, canonical):
        raise InvalidInput("taken", field="handle", handle=canonical)
    person = Person(
        handle=canonical,
        display_name=clean_field(display_name, "display_name", NAME_MAX),
        language=language if language in LANGUAGES else "en",
    )
    session.add(person)
    session.flush()
    session.add(
        Identity(
            person_id=person.id,
            platform=platform,
            external_id=str(external_id),
            chat_id=chat_id,
        )
    )
    session.flush()
    return person


def set_reachable(
    session: Session, platform: Platform, external_id: str, reachable: bool
) -> None:
    """Mark an identity (un)reachable: the bot was blocked, or the person wrote again."""
    values: dict[str, Any] = {"unreachable": not reachable}
    if reachable:
        values["last_seen_at"] = utcnow()
    session.execute(
        sa.update(Identity)
        .where(Identity.platform == platform, Identity.external_id == str(external_id))
        .values(**values)
    )


def update_profile(
    session: Session,
    person: Person,
    *,
    name: str | None = None,
    bio: str | None = None,
    interests: list[str] | None = None,
) -> Person:
    if name is not None:
        person.display_name = clean_field(name, "name", NAME_MAX)
    if bio is not None:
        person.bio = clean_field(bio, "bio", BIO_MAX)
    if interests is not None:
        session.execute(sa.delete(Interest).where(Interest.person_id == person.id))
        for tag in clean_interests(interests):
            session.add(Interest(person_id=person.id, tag=tag))
    session.add(person)
    session.flush()
    return person


def update_settings(
    session: Session,
    person: Person,
    *,
    language: str | None = None,
    timezone: str | None = None,
    digest_time: time | None = None,
    digest_enabled: bool | None = None,
    digest_always: bool | None = None,
) -> Person:
    """Change preferences; an unknown language or time zone is refused, nothing changed.

    A new digest time, zone or switch clears the due time: the scheduler's next
    tick gives a new one (storage.deliveries.adopt), from its own clock.
    """
    if language is not None and language not in LANGUAGES:
        raise InvalidInput("unsupported", field="language", value=language)
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InvalidInput("unknown", field="timezone", value=timezone) from exc
    schedule = (person.timezone, person.digest_time, person.digest_enabled)
    for field, value in (
        ("language", language),
        ("timezone", timezone),
        ("digest_time", digest_time),
        ("digest_enabled", digest_enabled),
        ("digest_always", digest_always),
    ):
        if value is not None:
            setattr(person, field, value)
    if (person.timezone, person.digest_time, person.digest_enabled) != schedule:
        person.digest_due_at = None
    session.add(person)
    session.flush()
    return person


def _count(session: Session, query: sa.Select) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()


def profile(session: Session, viewer: Person, person: Person) -> PersonView:
    """What `viewer` may see of `person`; refused across a block."""
    if person.id != viewer.id and (reason := block_between(session, viewer.id, person.id)):
        raise NotAllowed(reason, handle=person.handle)
    return PersonView(
        handle=person.handle,
        display_name=person.display_name,
        bio=person.bio,
        interests=interests_of(session, [person.id])[person.id],
        followers=_count(session, sa.select(follow_t).where(follow_t.c.followee_id == person.id)),
        following=_count(session, sa.select(follow_t).where(follow_t.c.follower_id == person.id)),
        posts=_count(session, sa.select(Post.id).where(Post.author_id == person.id)),
    )


def export(session: Session, person: Person) -> dict[str, Any]:
    """Everything `person` gave Plaza, as one JSON-ready document."""
    posts = session.exec(select(Post).where(Post.author_id == person.id).order_by(Post.id)).all()
    likes = session.exec(select(Like).where(Like.person_id == person.id).order_by(Like.post_id))
    identities = session.exec(select(Identity).where(Identity.person_id == person.id)).all()
    return {
        "profile": {
            "handle": person.handle,
            "display_name": person.display_name,
            "bio": person.bio,
            "interests": interests_of(session, [person.id])[person.id],
            "created_at": person.created_at.isoformat(),
        },
        "settings": {
            "language": person.language,
            "timezone": person.timezone,
            "digest_time": person.digest_time.strftime("%H:%M"),
            "digest_enabled": person.digest_enabled,
        },
        "identities": [
            {"platform": str(i.platform), "external_id": i.external_id} for i in identities
        ],
        "posts": [
            {
                "id": p.id,
                "text": p.text,
                "visibility": str(p.visibility),
                "reply_to": p.reply_to_id,
                "repost_of": p.repost_of_id,
                "created_at": p.created_at.isoformat(),
            }
            for p in posts
        ],
        "following": following(session, person, limit=1_000_000),
        "blocks": blocked(session, person),
        "mutes": muted(session, person),
        "likes": [{"post": like.post_id, "at": like.created_at.isoformat()} for like in likes],
    }


def delete_account(session: Session, person: Person) -> None:
    """Erase `person` and, through ON DELETE CASCADE, every row that is theirs."""
    session.execute(sa.delete(Person).where(Person.id == person.id))
    session.expunge_all()
