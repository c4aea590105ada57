"""Read-only shapes handed to callers: plain frozen dataclasses, no session attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Counts:
    """What a post gathered: likes and reposts (everyone's), and the replies the reader
    may see less those of people they mute (storage.threads)."""

    likes: int = 0
    reposts: int = 0
    replies: int = 0


@dataclass(frozen=True, slots=True)
class PostView:
    """A post as one reader sees it; `counts` are filled where they are shown (a feed:
    storage.threads.with_counts), else None. A repost's counts are its original's.

    `edited_at`: when its text last changed (storage.editing), None if never. `quote_of`:
    the number of the post it quotes; `quote`: that post, filled where posts are shown
    (storage.quotes.with_quotes) when the reader may see it, else None (gone, or hidden
    from them)."""

    id: int
    author: str
    author_name: str
    text: str
    created_at: datetime
    visibility: str = "public"
    reply_to: int | None = None
    repost_of: PostView | None = None
    counts: Counts | None = None
    edited_at: datetime | None = None
    quote_of: int | None = None
    quote: PostView | None = None


@dataclass(frozen=True, slots=True)
class Version:
    """A text a post showed before an edit: from `written_at` until `replaced_at` (UTC)."""

    text: str
    written_at: datetime
    replaced_at: datetime


@dataclass(frozen=True, slots=True)
class Page:
    """One page of posts; pass `next_cursor` back as `before` for the next one."""

    items: list[PostView]
    next_cursor: int | None


@dataclass(frozen=True, slots=True)
class Thread:
    """A post opened (storage.threads.open_post): the post, its counts, the post it answers
    (None when there is none or the reader may not see it) and a page of its replies,
    oldest first (`answers.next_cursor`: the reply after which the next page starts)."""

    post: PostView
    parent: PostView | None
    likes: int
    reposts: int
    replies: int
    answers: Page
    liked_by: list[str] = field(default_factory=list)  # handles, the latest first
    reposted_by: list[str] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)  # before its edits, latest first
    quotes: int = 0  # posts quoting it that the reader may see


@dataclass(frozen=True, slots=True)
class PersonView:
    handle: str
    display_name: str
    bio: str
    interests: list[str] = field(default_factory=list)
    followers: int = 0
    following: int = 0
    posts: int = 0
    pinned: PostView | None = None  # shown first (storage.pins), if the viewer may see it
    ai_opt_out: bool = False  # their posts are kept out of language models (issue 18)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Someone to follow and why: people you follow who follow them, interests you share."""

    handle: str
    display_name: str
    followed_by: list[str]
    mutuals: int
    shared_interests: list[str]
