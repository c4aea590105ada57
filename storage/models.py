"""Plaza's tables. Times are stored in UTC; people's zones are IANA names.

Every row that belongs to a person reaches `person.id` through a foreign key
with ON DELETE CASCADE, and every such key is served by an index that leads with
it: that is what makes account deletion complete, and quick
(storage.accounts.delete_account). Kept on purpose: `held_handle`, a deleted
account's handle and nothing else; `report`, the operator's record, whose reported
person is nulled (the handle the reporter saw stays); and `suspended_identity`, the
platform accounts of an account deleted while suspended, so that they can't come back.
`chat_state` is keyed by platform ids (it exists before an account does) and is
deleted by the account's identities.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from storage.text import search_words


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every engine.

    SQLite has no time zone type; PostgreSQL gets `timestamptz`.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # What replace(tzinfo=UTC) does, at a sixth of its cost: this runs for
            # every time read from SQLite, some forty per page of feed.
            return datetime.combine(value, value.time(), UTC)
        return value.astimezone(UTC)


SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def _created() -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def search_document(*parts: str | None) -> str:
    """What the full-text index reads for a row: its words (storage.text.search_words),
    folded and split here in Python and joined by single spaces, so that both engines
    index exactly the words a query is split into."""
    return " ".join(search_words(" ".join(part for part in parts if part)))


def _search_text(*columns: str) -> str:
    """A `search_text` column: filled on every INSERT, ORM or Core, from `columns`."""

    def default(context: DefaultExecutionContext) -> str:
        row = context.get_current_parameters()
        return search_document(*(row.get(column) for column in columns))

    return Field(default=None, sa_type=sa.Text, nullable=False,
                 sa_column_kwargs={"default": default, "server_default": ""})


class Visibility(StrEnum):
    public = "public"
    followers = "followers"


class MentionKind(StrEnum):
    """How a post is addressed to someone (Mention.kind)."""

    mention = "mention"  # it names them with @
    reply = "reply"  # it answers their post (named or not)
    quote = "quote"  # it quotes their post (storage.quotes)


class DeliveryStatus(StrEnum):
    """Where one person's digest for one local date stands (DigestDelivery.status).

    'pending' while a worker holds it; then how it ended (storage.deliveries.DONE).
    """

    pending = "pending"
    sent = "sent"
    empty = "empty"  # nothing new to tell
    unreachable = "unreachable"  # no identity that can be written to
    failed = "failed"  # every attempt of the day failed


class NotificationKind(StrEnum):
    """What a notification tells its recipient (storage.notifications)."""

    reply = "reply"  # a reply to one of their posts
    mention = "mention"  # a post naming them
    quote = "quote"  # a post quoting one of theirs
    repost = "repost"  # one of their posts shared
    follow = "follow"  # a new follower
    like = "like"  # likes of one of their posts, grouped: at most one an hour a post
    post = "post"  # a post by someone they asked to be told about ("notify me when @a posts")
    # one of their posts removed by Plaza's moderators after reports (`plaza reports
    # remove`): `post_id` names the post that is gone; never switched off
    removed = "removed"


class NotificationStatus(StrEnum):
    pending = "pending"  # waiting to go (its time, or the end of quiet hours)
    sent = "sent"
    skipped = "skipped"  # no longer to be told: the post went, a block or mute came since
    expired = "expired"  # nobody could be reached before `expires_at`; never sent late


class Platform(StrEnum):
    telegram = "telegram"
    discord = "discord"
    console = "console"


class Person(SQLModel, table=True):
    __tablename__ = "person"
    # Never reuse an id (SQLite would hand out max+1 again after the newest row goes):
    # ids key logs and exactly-once digest records (migration 0005).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(max_length=30, unique=True)
    display_name: str = Field(default="", max_length=50)
    bio: str = Field(default="", max_length=300)
    language: str = Field(default="en", max_length=8)
    timezone: str = Field(default="UTC", max_length=64)
    digest_time: time = Field(default=time(8, 0))
    digest_enabled: bool = True
    created_at: datetime = _created()
    # The digest's schedule (storage/schedule.py, storage/deliveries.py): when the next
    # one is due, until when a worker holds it, when the last one was composed, and
    # whether a day with nothing new still gets a short line.
    digest_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    digest_claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_digest_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    digest_always: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # Handle, name and bio as people search reads them (see _refold_person).
    search_text: str | None = _search_text("handle", "display_name", "bio")
    # Kept by triggers on `follow` (storage/counters.py, migration 0009); never written
    # by Plaza's code.
    follower_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    following_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Where the digest goes first ("send my digest on discord"); NULL: the platform used
    # last (storage.deliveries.routes). Falls back to the others when that one is closed.
    digest_platform: Platform | None = Field(default=None, sa_type=sa.String(16))
    # The last export of this person's data (storage.flood.claim_export): one every few
    # minutes, whichever worker serves them.
    last_export_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set by the operator acting on a report (`plaza reports`): a suspended account can't
    # post, and its posts and profile are gone from everyone else's feeds, search and
    # suggestions (storage.visibility); it can still export and delete its data.
    suspended_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # Notifications (storage.notifications): the kinds this person turned off, as
    # NotificationKind values joined by ','; and quiet hours at local time, from
    # `quiet_from` to `quiet_until` (across midnight when the first is later), both or none.
    notify_off: str = Field(default="", max_length=128,
                            sa_column_kwargs={"server_default": ""})
    quiet_from: time | None = None
    quiet_until: time | None = None
    # "Don't use my posts for AI" (issue 18, migration 0016): this person's posts are
    # never sent to a language model, for anyone (storage.visibility.ai_excluded_ids).
    ai_opt_out: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class Interest(SQLModel, table=True):
    __tablename__ = "interest"
    # Covering: who holds a tag is read from the index alone (migration 0002).
    __table_args__ = (sa.Index("ix_interest_tag_person_id", "tag", "person_id"),)

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    tag: str = Field(max_length=40, primary_key=True)


class Identity(SQLModel, table=True):
    """One way of reaching a person: a platform account and the chat to write to."""

    __tablename__ = "identity"
    __table_args__ = (
        sa.UniqueConstraint("platform", "external_id"),
        sa.Index("ix_identity_person_id", "person_id"),  # a person's routes, for digests
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    platform: Platform = Field(sa_type=sa.String(16))
    external_id: str = Field(max_length=64)
    chat_id: str | None = Field(default=None, max_length=64)
    unreachable: bool = False
    last_seen_at: datetime = _created()


class Post(SQLModel, table=True):
    __tablename__ = "post"
    __table_args__ = (
        sa.Index("ix_post_author_id_id", "author_id", "id"),
        sa.Index("ix_post_reply_to_id", "reply_to_id"),
        sa.Index("ix_post_repost_of_id", "repost_of_id"),
        # A post's number is shown, liked and replied to by number, from old feeds and
        # buttons too: it is never given to another post (migration 0005).
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    author_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    text: str = Field(sa_type=sa.Text)
    visibility: Visibility = Field(default=Visibility.public, sa_type=sa.String(16))
    reply_to_id: int | None = Field(default=None, foreign_key="post.id", ondelete="SET NULL")
    repost_of_id: int | None = Field(default=None, foreign_key="post.id", ondelete="CASCADE")
    # A reply's thread's first post, NULL on a first post; who may see a reply follows from
    # it (storage/visibility.py). No key: a thread outlives its first post (migration 0005).
    root_id: int | None = None
    created_at: datetime = _created()
    # The text as word search reads it; an edit refolds it (storage.editing).
    search_text: str | None = _search_text("text")
    # When the text last changed (storage.editing); the texts before are in post_version.
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The post this one quotes. No key, as root_id: a quote outlives the post it quotes,
    # which then shows as gone (migration 0013).
    quote_of_id: int | None = Field(default=None, index=True)


class PostVersion(SQLModel, table=True):
    """A text a post showed before an edit, kept as Mastodon keeps them: shown on request,
    exported, gone with the post (storage.editing)."""

    __tablename__ = "post_version"
    __table_args__ = (sa.Index("ix_post_version_post_id_id", "post_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", ondelete="CASCADE")
    text: str = Field(sa_type=sa.Text)
    # When this text began to show: the post's creation or the edit before.
    written_at: datetime = Field(sa_type=UTCDateTime)
    replaced_at: datetime = _created()


class PostTag(SQLModel, table=True):
    __tablename__ = "post_tag"
    # A post's tags, for deleting posts by the thousand (migration 0005).
    __table_args__ = (sa.Index("ix_post_tag_post_id", "post_id"),)

    tag: str = Field(max_length=50, primary_key=True)
    post_id: int = Field(foreign_key="post.id", ondelete="CASCADE", primary_key=True)


class Pin(SQLModel, table=True):
    """The one post a person shows first on their profile; gone with the post or them."""

    __tablename__ = "pin"

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    post_id: int = Field(foreign_key="post.id", ondelete="CASCADE", index=True)
    pinned_at: datetime = _created()


class ReportStatus(StrEnum):
    """Where a report stands (Report.status): open until the operator acts on it."""

    open = "open"
    removed = "removed"  # the post was removed
    suspended = "suspended"  # the reported account was suspended
    dismissed = "dismissed"  # nothing done
    # What was reported had gone before the operator acted on it (the post deleted by its
    # author, or the whole account): the report is closed, and the reporter told so.
    gone = "gone"


class Report(SQLModel, table=True):
    """A person's report of a post or of a person, with their reason, for the operator
    (`plaza reports`). `person_id` is the reported account (a post's author), NULL once
    that account is deleted: the report is the operator's record and outlives it, with
    `handle`, the account's handle when it was reported. `post_id` is the post, if a post
    was reported, with no key: the report outlives a removed post, whose text at the time
    of the report is `post_text`. `told_at`: when the reporter was told what was done."""

    __tablename__ = "report"
    __table_args__ = (
        sa.Index("ix_report_reporter_id", "reporter_id"),
        sa.Index("ix_report_person_id", "person_id"),
        sa.Index("ix_report_status_id", "status", "id"),
        # The operator acts on a report by its number: never given to another report
        # (SQLite would hand out max+1 again once the newest went with its account).
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    reporter_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    handle: str = Field(default="", max_length=30, sa_column_kwargs={"server_default": ""})
    post_id: int | None = None
    post_text: str | None = Field(default=None, sa_type=sa.Text)
    reason: str = Field(default="", sa_type=sa.Text)
    status: ReportStatus = Field(default=ReportStatus.open, sa_type=sa.String(16))
    created_at: datetime = _created()
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    told_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SuspendedIdentity(SQLModel, table=True):
    """A platform account whose Plaza account was deleted while suspended: it may not
    register nor link again (storage.suspension.ensure_identity_free), or deleting a
    suspended account would be a way out of the suspension. Keyed by the platform's ids,
    like `link_failure`, with no link to the erased person: the ids and two times are
    all that is kept. `suspended_at`: when that account was suspended."""

    __tablename__ = "suspended_identity"

    platform: str = Field(max_length=16, primary_key=True)
    external_id: str = Field(max_length=64, primary_key=True)
    suspended_at: datetime = Field(sa_type=UTCDateTime)
    deleted_at: datetime = Field(sa_type=UTCDateTime)


class Mention(SQLModel, table=True):
    """Something addressed to a person: an @mention of them, or a reply to their post."""

    __tablename__ = "mention"
    __table_args__ = (sa.Index("ix_mention_post_id", "post_id"),)

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    post_id: int = Field(foreign_key="post.id", ondelete="CASCADE", primary_key=True)
    kind: MentionKind = Field(default=MentionKind.mention, sa_type=sa.String(16))


class HeldHandle(SQLModel, table=True):
    """A handle nobody may take before `held_until`: a deleted account's, or one its
    owner changed away from (storage.accounts.change_handle).

    So that old mentions and "follow her" never point at a stranger the day after
    (storage.accounts.HANDLE_HELD_FOR). A deleted account's hold keeps no link to whoever
    had it; a changed one names `person_id`, so that "follow @old" still finds them
    until the hold ends (storage.relations.person_by_handle), and they may take it back.
    """

    __tablename__ = "held_handle"

    handle: str = Field(max_length=30, primary_key=True)
    held_until: datetime = Field(sa_type=UTCDateTime)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL",
                                  index=True)


class Follow(SQLModel, table=True):
    __tablename__ = "follow"
    # Followers newest first: a digest's "new followers" is one seek (migration 0004).
    __table_args__ = (sa.Index("ix_follow_followee_id_created_at", "followee_id", "created_at"),)

    follower_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    followee_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    created_at: datetime = _created()


class Block(SQLModel, table=True):
    __tablename__ = "block"
    __table_args__ = (sa.Index("ix_block_blocked_id", "blocked_id"),)

    blocker_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    blocked_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    created_at: datetime = _created()


class Mute(SQLModel, table=True):
    __tablename__ = "mute"
    __table_args__ = (sa.Index("ix_mute_muted_id", "muted_id"),)

    muter_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    muted_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    created_at: datetime = _created()


class Like(SQLModel, table=True):
    __tablename__ = "post_like"
    __table_args__ = (sa.Index("ix_post_like_post_id", "post_id"),)

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    post_id: int = Field(foreign_key="post.id", ondelete="CASCADE", primary_key=True)
    created_at: datetime = _created()


class ModelUsage(SQLModel, table=True):
    """Tokens a person's messages cost a language model, per UTC day and model.

    Written by the model understanding after each call; read by `plaza usage`.
    """

    __tablename__ = "model_usage"

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    day: date = Field(primary_key=True)
    model: str = Field(max_length=100, primary_key=True)
    calls: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0


class DigestDelivery(SQLModel, table=True):
    """One person's digest for one local date: the key that makes it go out once.

    Written 'pending' with an owner (`token`) and a lease before anything is sent,
    then 'sent', 'empty' (nothing new), 'unreachable' or 'failed' (DeliveryStatus). The
    primary key stops a second row; a pending row changes owner only once its lease is over.
    """

    __tablename__ = "digest_delivery"

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    local_date: date = Field(primary_key=True)
    status: DeliveryStatus = Field(default=DeliveryStatus.pending, sa_type=sa.String(16))
    token: str = Field(max_length=32)
    lease_until: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 1
    platform: str | None = Field(default=None, max_length=16)
    updated_at: datetime = _created()


class LinkCode(SQLModel, table=True):
    """A one-time code one person asked for, to join another platform's account to theirs
    (storage/linking.py). Only the code's SHA-256 is kept: the code itself is said once,
    in the asker's private chat. Single use: `claimed_at` is set, for good, by the one
    identity that enters it (`claimed_platform`, `claimed_external_id`).
    """

    __tablename__ = "link_code"
    __table_args__ = (sa.Index("ix_link_code_person_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    digest: str = Field(max_length=64, unique=True)
    platform: str = Field(max_length=16)  # where it was asked for
    created_at: datetime = _created()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    claimed_platform: str | None = Field(default=None, max_length=16)
    claimed_external_id: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LinkFailure(SQLModel, table=True):
    """One wrong link code entered by a platform account: five within an hour pause that
    account's tries (storage.linking.WRONG_TRIES). Keyed by the platform's ids, not by a
    person: a newcomer with no account yet enters codes too."""

    __tablename__ = "link_failure"
    __table_args__ = (
        sa.Index("ix_link_failure_platform_external_id_failed_at",
                 "platform", "external_id", "failed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    failed_at: datetime = Field(sa_type=UTCDateTime)


class ChatStateRecord(SQLModel, table=True):
    """What a chat platform's conversation keeps between one message and the next, for
    one person in one chat: opaque `data` (storage/chat_state.py), read and written
    whole, and a `version` that each write raises by one, so that a writer that read
    an older version finds out instead of overwriting what it never saw.

    Keyed by the platform's ids, not by person: it exists before an account does
    (a newcomer choosing a handle), and goes with the account's identities
    (storage.accounts.delete_account).
    """

    __tablename__ = "chat_state"
    # An account's states, found by its identities when it is deleted.
    __table_args__ = (sa.Index("ix_chat_state_platform_external_id", "platform", "external_id"),)

    platform: str = Field(max_length=16, primary_key=True)
    chat_id: str = Field(max_length=64, primary_key=True)
    external_id: str = Field(max_length=64, primary_key=True)
    data: str = Field(sa_type=sa.Text)
    version: int
    updated_at: datetime = Field(sa_type=UTCDateTime)


class InboxEntry(SQLModel, table=True):
    """An update a chat platform delivered, kept from before the platform is told it
    arrived until its replies are sent (storage/inbox.py): a worker that dies mid-turn
    leaves it for another, and a second delivery of the same update finds it here.

    `payload` and `replies` are opaque text (the conversation's JSON). `position` orders
    a chat's updates (the platform's own increasing id: Telegram's update_id, a Discord
    snowflake), `id` breaks ties in the order they arrived. `done_at` is set in the
    transaction of the turn's effects, `sent_at` once its replies went out.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        sa.UniqueConstraint("platform", "update_id", name="uq_inbox_platform_update_id"),
        # A chat's unsent updates in order: what a worker holding the chat works through.
        sa.Index("ix_inbox_unsent", "platform", "chat_id", "position",
                 postgresql_where=sa.text("sent_at IS NULL"),
                 sqlite_where=sa.text("sent_at IS NULL")),
        # What a sweep finds stalled: the unsent updates only, never the day's sent ones.
        sa.Index("ix_inbox_waiting", "received_at",
                 postgresql_where=sa.text("sent_at IS NULL"),
                 sqlite_where=sa.text("sent_at IS NULL")),
        # What the expiry deletes.
        sa.Index("ix_inbox_received_at", "received_at"),
    )

    # 64 bits: at 100 updates a second, 32 would run out within a year (ids never reused);
    # SQLite counts rows only in a column declared INTEGER.
    id: int | None = Field(default=None, primary_key=True,
                           sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"))
    platform: str = Field(max_length=16)
    update_id: str = Field(max_length=64)
    chat_id: str = Field(max_length=64)
    position: int = Field(sa_type=sa.BigInteger)
    payload: str = Field(sa_type=sa.Text)
    received_at: datetime = Field(sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    replies: str | None = Field(default=None, sa_type=sa.Text)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


@sa.event.listens_for(Person, "before_update")
def _refold_person(_mapper: object, _connection: object, person: Person) -> None:
    """A profile change refolds what people search reads (an UPDATE has no column default
    that could see the other columns)."""
    person.search_text = search_document(person.handle, person.display_name, person.bio)


class Notification(SQLModel, table=True):
    """Something that happened to `recipient_id`, kept until it is pushed to them
    (storage.notifications, bot.notify). `key` names the event, unique per recipient:
    "post:<id>" for a reply, mention, quote or subscribed post (one per post whatever
    the reasons), "repost:<id>", "follow:<follower id>", "like:<post id>:<hour>". An
    event recorded twice is one row, so a notification goes at most once (until its
    lease ends with the worker that claimed it: `claimed_until`)."""

    __tablename__ = "notification"
    __table_args__ = (
        sa.UniqueConstraint("recipient_id", "key"),
        sa.Index("ix_notification_status_due_at", "status", "due_at"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    kind: NotificationKind = Field(sa_type=sa.String(16))
    key: str = Field(max_length=64)
    # Who did it (the latest liker, for grouped likes), and the post it is about, with no
    # key: a notification of a deleted post is skipped when its turn comes.
    actor_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    post_id: int | None = None
    status: NotificationStatus = Field(default=NotificationStatus.pending,
                                       sa_type=sa.String(16))
    created_at: datetime = _created()
    due_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Subscription(SQLModel, table=True):
    """"Notify me when @author posts": `subscriber_id` is told of each post `author_id`
    writes that they may see."""

    __tablename__ = "subscription"
    __table_args__ = (sa.Index("ix_subscription_author_id", "author_id"),)

    subscriber_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    author_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    created_at: datetime = _created()


class SteeringKind(StrEnum):
    """What a steering rule does to the posts whose words match its term (storage.steering)."""

    hide = "hide"  # never in the ranked feed, the digest or a notification
    less = "less"  # ranked lower in the digest
    more = "more"  # ranked higher in the digest


class SteeringRule(SQLModel, table=True):
    """"Show me less politics this week": one rule a person gave about a word or topic,
    until `expires_at` (UTC; NULL, for ever). `term` is folded words (storage.text.fold,
    split and joined as search_words does), matched against a post's words and hashtags;
    one rule per term, the latest said."""

    __tablename__ = "steering_rule"

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    term: str = Field(max_length=64, primary_key=True)
    kind: SteeringKind = Field(sa_type=sa.String(8))
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()
