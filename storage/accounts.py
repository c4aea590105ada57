"""People and the ways they reach Plaza: sign-up, identities, profile, export, erasure."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from time import perf_counter, sleep
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from storage import steering
from storage.chat_state import forget_person
from storage.errors import InvalidInput, NotAllowed, NotFound, Reason
from storage.graph import blocked, following, muted
from storage.models import (
    Follow,
    HeldHandle,
    Identity,
    Interest,
    Like,
    Mention,
    Person,
    Pin,
    Platform,
    Post,
    PostVersion,
    utcnow,
)
from storage.pins import pinned
from storage.relations import block_between
from storage.search import interests_of
from storage.search_schema import erase_deleted_words
from storage.suspension import bar_identities, ensure_active, ensure_identity_free
from storage.tables import row_id, table
from storage.text import (
    BIO_MAX,
    NAME_MAX,
    RESERVED_HANDLES,
    clean_field,
    clean_interests,
    new_handle,
    normalize_handle,
)
from storage.views import PersonView

LANGUAGES = ("en", "fr")
# How long a deleted account's handle stays out of reach, so that old mentions and
# "follow her" do not point at a stranger the day after (as X/Twitter holds a
# deactivated handle for 30 days).
HANDLE_HELD_FOR = timedelta(days=30)


identity_t = table(Identity)
person_t = table(Person)
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
# Where a person's private chat with the bot has their account's id (Telegram, the
# terminal), an identity that has not written privately yet is written to there. Elsewhere
# (Discord) a private chat has an id of its own, known only once the person writes in it.
CHAT_IS_ACCOUNT = (Platform.telegram, Platform.console)
# The chat Plaza writes to unprompted (a digest) for an identity; NULL for none yet.
ROUTE_CHAT = sa.case(
    (identity_t.c.chat_id.is_not(None), identity_t.c.chat_id),
    (identity_t.c.platform.in_([str(p) for p in CHAT_IS_ACCOUNT]), identity_t.c.external_id),
    else_=sa.null(),
)


def arrive(
    session: Session,
    platform: Platform,
    external_id: str,
    chat_id: str | None = None,
    fresh: timedelta = timedelta(minutes=1),
    route: str | None = None,
) -> Person | None:
    """The person writing from this account, now known to be reachable there.

    Marks the identity reachable when they write from their private chat
    (`chat_id`; None for a group, where writing says nothing about whether Plaza
    may write to them privately), notes when it was last used (digests go to
    the platform used last) and where to write to it; skips the write when
    nothing changed within `fresh`. `route`, from a group, is the private chat the
    platform lets Plaza open itself (Discord's DMs): kept as where to write while
    none is known, without saying it is reachable.
    """
    params = {"platform": platform, "external_id": str(external_id)}
    found = session.exec(_IDENTIFY, params=params).first()
    if found is None:
        return None
    person, unreachable, last_seen, known_chat = found
    now = utcnow()
    back = unreachable and chat_id is not None
    chat = chat_id or (route if known_chat is None else None)
    if back or last_seen < now - fresh or (chat and chat != known_chat):
        session.execute(_SEEN, {"p": platform, "x": str(external_id), "now": now,
                                "chat": chat, "gone": unreachable and chat_id is None})
    return person


def person_of(session: Session, platform: Platform, external_id: str) -> Person | None:
    """The person behind a platform account, or None; reads only (see `arrive`)."""
    found = session.exec(_IDENTIFY, params={"platform": platform,
                                            "external_id": str(external_id)}).first()
    return found[0] if found else None


def private_chat(session: Session, platform: Platform, external_id: str) -> str | None:
    """The chat where only this person reads Plaza on `platform`: known once they have
    written there, None while they cannot be reached (they blocked the bot, say)."""
    row = session.execute(
        sa.select(identity_t.c.chat_id).where(
            identity_t.c.platform == platform, identity_t.c.external_id == str(external_id),
            identity_t.c.unreachable.is_(False))
    ).first()
    return row[0] if row else None


def _hold(session: Session, handle: str, now: datetime) -> HeldHandle | None:
    """The hold running on `handle` (canonical), if a deleted account or a change of
    handle left one."""
    query = select(HeldHandle).where(HeldHandle.handle == handle, HeldHandle.held_until > now)
    return session.exec(query).first()


def _refuse_held(hold: HeldHandle, handle: str) -> InvalidInput:
    reason = Reason.held if hold.person_id is None else Reason.held_renamed
    return InvalidInput(reason, field="handle", handle=handle,
                        until=hold.held_until.date().isoformat())


def change_handle(session: Session, person: Person, handle: str,
                  now: datetime | None = None) -> str:
    """Give `person` the handle `handle`; returns the one they had. Their posts, follows,
    likes and mentions stay theirs (all keyed by person, not by handle); the old handle
    is held for HANDLE_HELD_FOR (30 days) from `now` (UTC): nobody else may take it, and
    "follow @old" finds them meanwhile. They may take it back while it is held.

    Raises InvalidInput (field "handle"): same_handle for the handle they have, taken,
    held or held_renamed (with `until`, an ISO date) for one somebody has or had, and
    the shape errors of storage.text.new_handle."""
    ensure_active(person)  # a suspended account keeps the name it was suspended under
    now = now or utcnow()
    canonical = new_handle(handle)
    old, me = person.handle, row_id(person)
    if canonical == old:
        raise InvalidInput(Reason.same_handle, field="handle", handle=canonical)
    if session.exec(select(Person.id).where(Person.handle == canonical)).first() is not None:
        raise InvalidInput(Reason.taken, field="handle", handle=canonical)
    hold = _hold(session, canonical, now)
    if hold is not None and hold.person_id != me:
        raise _refuse_held(hold, canonical)
    session.execute(sa.delete(HeldHandle).where(
        sa.or_(col(HeldHandle.held_until) <= now, col(HeldHandle.handle) == canonical)))
    person.handle = canonical
    session.add(HeldHandle(handle=old, held_until=now + HANDLE_HELD_FOR, person_id=me))
    session.flush()
    return old


def handle_available(session: Session, handle: str, *, now: datetime | None = None) -> bool:
    """True when `handle` is well-formed, nobody has it and no deleted account holds it,
    and it is no command word (storage.text.RESERVED_HANDLES): a platform username
    "help" is not given as a handle, its owner is asked for one."""
    try:
        canonical = normalize_handle(handle)
    except InvalidInput:
        return False
    if canonical in RESERVED_HANDLES:
        return False
    taken = session.exec(select(Person.id).where(Person.handle == canonical)).first()
    return taken is None and _hold(session, canonical, now or utcnow()) is None


def register(
    session: Session,
    handle: str,
    *,
    platform: Platform,
    external_id: str,
    chat_id: str | None = None,
    display_name: str = "",
    language: str = "en",
    now: datetime | None = None,
) -> Person:
    """Create a person and their first identity.

    Raises NotAllowed(identity_suspended) for a platform account whose Plaza account was
    deleted while suspended (storage.suspension). Raises InvalidInput (field "handle")
    for a malformed handle, one somebody has ("taken"), or one a deleted account holds
    ("held", with `until`, an ISO date: see HANDLE_HELD_FOR); a handle without the shape
    new ones need is "bad_shape" (storage.text.new_handle).
    """
    ensure_identity_free(session, platform, external_id)
    canonical = new_handle(handle)
    if session.exec(select(Person.id).where(Person.handle == canonical)).first() is not None:
        raise InvalidInput(Reason.taken, field="handle", handle=canonical)
    if (hold := _hold(session, canonical, now or utcnow())) is not None:
        raise _refuse_held(hold, canonical)
    person = Person(
        handle=canonical,
        display_name=clean_field(display_name, "display_name", NAME_MAX),
        language=language if language in LANGUAGES else "en",
    )
    session.add(person)
    session.flush()
    session.add(
        Identity(
            person_id=row_id(person),
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
        .where(col(Identity.platform) == platform, col(Identity.external_id) == str(external_id))
        .values(**values)
    )


def chat_unreachable(session: Session, platform: str, chat_id: str) -> bool:
    """The platform says `chat_id` can no longer be written to (the person blocked the bot,
    or left): the identity whose private chat it is (`ROUTE_CHAT`) is marked unreachable,
    and skipped by digests until they write from it again (`arrive`). True when one was;
    a group's chat is nobody's, and marks nothing.

    The one rule for replies and digests alike: keyed by the chat, never by assuming a
    private chat's id is the person's.
    """
    marked = session.exec(
        identity_t.update()
        .where(identity_t.c.platform == platform, ROUTE_CHAT == str(chat_id))
        .values(unreachable=True)
    )
    return marked.rowcount > 0


def update_profile(
    session: Session,
    person: Person,
    *,
    name: str | None = None,
    bio: str | None = None,
    interests: list[str] | None = None,
) -> Person:
    """Change `person`'s display name, bio or interests (those given). Raises
    NotAllowed(Reason.suspended) for a suspended account (what others would read of it),
    InvalidInput for a value out of shape (storage.text)."""
    ensure_active(person)
    if name is not None:
        person.display_name = clean_field(name, "name", NAME_MAX)
    if bio is not None:
        person.bio = clean_field(bio, "bio", BIO_MAX)
    if interests is not None:
        me = row_id(person)
        session.execute(sa.delete(Interest).where(col(Interest.person_id) == me))
        for tag in clean_interests(interests):
            session.add(Interest(person_id=me, tag=tag))
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
    ai_opt_out: bool | None = None,
) -> Person:
    """Change preferences; an unknown language or time zone is refused, nothing changed.

    `ai_opt_out`: True keeps this person's posts out of every language model
    (storage.visibility.ai_excluded), False lets them in again.
    A new digest time, zone or switch clears the due time: the scheduler's next
    tick gives a new one (storage.deliveries.adopt), from its own clock.
    """
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(Reason.unsupported, field="language", value=language)
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InvalidInput(Reason.unknown, field="timezone", value=timezone) from exc
    schedule = (person.timezone, person.digest_time, person.digest_enabled)
    for field, value in (
        ("language", language),
        ("timezone", timezone),
        ("digest_time", digest_time),
        ("digest_enabled", digest_enabled),
        ("digest_always", digest_always),
        ("ai_opt_out", ai_opt_out),
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
    """What `viewer` may see of `person`; refused across a block, and for a suspended
    account but one's own (NotAllowed(account_suspended): storage.suspension)."""
    me, them = row_id(viewer), row_id(person)
    if them != me and person.suspended_at is not None:
        raise NotAllowed(Reason.account_suspended, handle=person.handle)
    if them != me and (reason := block_between(session, me, them)):
        raise NotAllowed(reason, handle=person.handle)
    counts = session.execute(sa.select(person_t.c.follower_count, person_t.c.following_count)
                             .where(person_t.c.id == them)).one()
    return PersonView(
        handle=person.handle,
        display_name=person.display_name,
        bio=person.bio,
        interests=interests_of(session, [them])[them],
        # Kept by triggers (storage.counters): read as committed now, not as loaded.
        followers=counts.follower_count,
        following=counts.following_count,
        posts=_count(session, select(Post.id).where(Post.author_id == them)),
        pinned=pinned(session, viewer, person),
        ai_opt_out=person.ai_opt_out,
    )


def export(session: Session, person: Person) -> dict[str, Any]:
    """Everything `person` gave Plaza, as one JSON-ready document.

    Only their own rows: their posts, which the visibility rule always shows them
    (storage.visibility), and the numbers of posts they liked, never others' words.
    """
    me = row_id(person)
    posts = session.exec(select(Post).where(Post.author_id == me).order_by(col(Post.id))).all()
    likes = session.exec(select(Like).where(Like.person_id == me).order_by(col(Like.post_id)))
    identities = session.exec(select(Identity).where(Identity.person_id == me)
                              .order_by(col(Identity.id))).all()
    earlier: dict[int, list[dict[str, str]]] = {}
    for version in session.exec(select(PostVersion).join(Post).where(Post.author_id == me)
                                .order_by(col(PostVersion.id))):
        earlier.setdefault(version.post_id, []).append(
            {"text": version.text, "written_at": version.written_at.isoformat(),
             "replaced_at": version.replaced_at.isoformat()})
    return {
        "profile": {
            "handle": person.handle,
            "display_name": person.display_name,
            "bio": person.bio,
            "interests": interests_of(session, [me])[me],
            "created_at": person.created_at.isoformat(),
        },
        "settings": {
            "language": person.language,
            "timezone": person.timezone,
            "digest_time": person.digest_time.strftime("%H:%M"),
            "digest_enabled": person.digest_enabled,
            "digest_platform": person.digest_platform and str(person.digest_platform),
            # "don't use my posts for AI" (storage.visibility.ai_excluded)
            "ai_opt_out": person.ai_opt_out,
        },
        # Every platform account linked to this person (storage/linking.py): their own ids.
        "identities": [
            {"platform": str(i.platform), "external_id": i.external_id,
             "last_seen_at": i.last_seen_at.isoformat(), "reachable": not i.unreachable}
            for i in identities
        ],
        "posts": [
            {
                "id": p.id,
                "text": p.text,
                "visibility": str(p.visibility),
                "reply_to": p.reply_to_id,
                "repost_of": p.repost_of_id,
                "quote_of": p.quote_of_id,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at and p.edited_at.isoformat(),
                # the texts it showed before its edits, oldest first (storage.editing)
                "versions": earlier.get(row_id(p), []),
            }
            for p in posts
        ],
        "following": following(session, person, limit=1_000_000),
        "blocks": blocked(session, person),
        "mutes": muted(session, person),
        "likes": [{"post": like.post_id, "at": like.created_at.isoformat()} for like in likes],
        "pinned": pin.post_id if (pin := session.get(Pin, me)) is not None else None,
        # what they asked the feed to hide, or show less or more of (storage.steering)
        "steering": steering.export(session, person),
    }


DELETE_BATCH = 2_000  # rows a deletion transaction takes at most on SQLite: ~0.1 s of lock
# Rows of a person that can number in the tens of thousands, found through the index
# that leads with the person's column: on SQLite, deleted in batches beforehand.
_MANY: list[tuple[type[SQLModel], str, str]] = [
    (Follow, "followee_id", "follower_id"), (Follow, "follower_id", "followee_id"),
    (Like, "person_id", "post_id"), (Mention, "person_id", "post_id")]
post_t = table(Post)
# PostgreSQL: the person and everyone a follow joins them to, locked in id order before
# anything is deleted. Ending each follow, the counter trigger (storage.counters) locks
# both of its people; without this a deletion held its own row first and the others'
# after, in no order, and deadlocked with a block or another deletion, which take theirs
# in id order (two people who follow each other, deleting their accounts at once).
_follow_t, _ME = table(Follow), sa.bindparam("me", type_=sa.Integer)
_NEIGHBOURHOOD = (
    sa.select(person_t.c.id)
    .where(person_t.c.id.in_(sa.union_all(
        sa.select(_ME),
        sa.select(_follow_t.c.followee_id).where(_follow_t.c.follower_id == _ME),
        sa.select(_follow_t.c.follower_id).where(_follow_t.c.followee_id == _ME))))
    .order_by(person_t.c.id)
    .with_for_update()
)


def delete_account(
    session: Session, person: Person, *, now: datetime | None = None, batch: int = DELETE_BATCH
) -> None:
    """Erase `person` and every row that is theirs, and hold their handle.

    Deleting the person row does it: the foreign keys' ON DELETE CASCADE removes
    their posts (with the tags, mentions, likes and reposts on them; replies to
    them stay, detached), follows both ways, likes, mentions, interests,
    identities, blocks, mutes, usage and digests, each table through an index
    that leads with the key (the post-tag one came with migration 0005: without
    it every post deleted read the whole table). PostgreSQL locks rows, not the
    database, so there that is one statement in the caller's transaction, after the
    rows of the person and of everyone they follow or are followed by are locked in
    id order (the follow counts' trigger locks both people of each follow). What
    chats kept under the person's identities (storage/chat_state.py, keyed by
    platform ids, with no key to the person) is deleted just before. A suspended
    account's platform accounts are kept as such (storage.suspension.bar_identities):
    deleting it is no way out of its suspension. Reports about the person stay, the
    operator's record, with the person nulled (storage.reports).

    SQLite has one write lock for the whole file, so there the sets that can be
    large go first (follows both ways, likes, mentions, then posts a tenth of
    `batch` at a time), in transactions of at most `batch` rows, each committed
    and followed by a pause as long as it took, so that other people's turns take
    the lock in turn: this commits the session's transaction first. Every step
    only removes what the person asked to erase, so an interrupted deletion
    leaves a smaller account that asking again finishes. The person row goes in
    the transaction left open for the caller to commit, on both engines.
    `python -m bench.delete` times the most followed person of the benchmark
    network. Raises NotFound(merge_changed), holding no handle, when the person row is
    gone by the time it is reached (merged into another account meanwhile).

    The handle is held for HANDLE_HELD_FOR (30 days) from `now`: nobody may take
    it meanwhile, not even whoever had it, since nothing is kept that could tell
    who that was. On SQLite, once the caller commits, the full-text indexes are
    merged so that the deleted words leave the file too
    (storage.search_schema.erase_deleted_words); the file zeroes what is deleted
    (PRAGMA secure_delete, storage.db).
    """
    me, handle, now = row_id(person), person.handle, now or utcnow()
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        session.commit()
        for model, column, other in _MANY:
            rows = table(model)
            theirs = rows.c[column] == me
            some = sa.select(rows.c[other]).where(theirs).limit(batch)
            statement = rows.delete().where(theirs, rows.c[other].in_(some))
            while _committed(session, session.exec(statement).rowcount) >= batch:
                pass
        # A post brings its tags, mentions, likes and reposts along.
        some = (sa.select(post_t.c.id).where(post_t.c.author_id == me)
                .limit(max(1, batch // 10)))
        statement = post_t.delete().where(post_t.c.id.in_(some))
        while _committed(session, session.exec(statement).rowcount):
            pass
    if not sqlite:
        session.execute(_NEIGHBOURHOOD, {"me": me}).all()
    if session.execute(sa.select(person_t.c.id).where(person_t.c.id == me)).first() is None:
        # Merged into another account (storage/merge.py) or deleted while this waited:
        # its handle is someone's, or free, and is not held.
        raise NotFound(Reason.merge_changed)
    session.execute(sa.delete(HeldHandle).where(col(HeldHandle.held_until) <= now))
    forget_person(session, me)  # keyed by identities, which go with the person row
    bar_identities(session, me, now)  # a suspended account's: they may not come back
    session.execute(sa.delete(Person).where(col(Person.id) == me))
    session.add(HeldHandle(handle=handle, held_until=now + HANDLE_HELD_FOR))
    session.flush()
    session.expunge_all()
    if sqlite:
        sa.event.listen(session, "after_commit", _erase_words, once=True)


def _committed(session: Session, rows: int) -> int:
    """Commit one batch of a deletion, then wait as long as it took: `rows`, unchanged."""
    started = perf_counter()
    session.commit()
    sleep(perf_counter() - started)
    return rows


def _erase_words(session: Session) -> None:
    bind = session.get_bind()
    erase_deleted_words(bind if isinstance(bind, sa.Engine) else bind.engine)
