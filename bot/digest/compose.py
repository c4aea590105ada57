"""A person's digest: what their network said since the last one, best first.

`gather` reads and ranks (storage.digest, bot.digest.rank) into a `Digest`;
`outline` turns it into the Outcome that bot/replies.py renders, like any
action's. The summary at the top comes from a `Summarizer`: a language model
when one is configured (bot.digest.summary_model), else code (bot.digest.summary). The
`digest` action and the scheduler compose the very same thing.

A reader's steering rules (storage.steering) leave out the posts and mentions whose
words they hide, and move those they want less or more of down or up the ranking.

`gather_many` gathers the digests of a chunk of people (a busy tick's batch, or a
bulk build) with the same reads done for the whole chunk at once
(storage.digest_chunk, storage.digest_seeds): on PostgreSQL about eight statements
for them all instead of about five each; the digests are the ones `gather` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from bot.digest.rank import Scored, grouped, rank
from bot.digest.summary import extractive
from bot.outcomes import Outcome
from storage import digest as reads
from storage import digest_chunk, digest_seeds, network, notifications, steering
from storage.digest import Candidate
from storage.digest_window import Engaged, Recent
from storage.models import Person
from storage.schedule import local_date, zone
from storage.suggestions import seeded
from storage.tables import row_id
from storage.views import PostView, Suggestion
from storage.visibility import ai_excluded

FIRST_WINDOW = timedelta(hours=24)  # what a first digest covers
LONGEST_WINDOW = timedelta(days=7)  # after a long pause, the last week
MENTIONS = 3
FOLLOWERS = 5
SUGGESTED = 3
SEEDS = 3  # featured authors whose follows are suggested
EXCERPT = 200  # characters of a post shown in a digest; its number leads to the rest
OPEN_END = datetime(9999, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Digest:
    """Everything one digest says, before it is put into words."""

    handle: str
    language: str
    day: date  # the reader's local date
    since: datetime
    now: datetime
    groups: list[list[PostView]] = field(default_factory=list)  # by author, best first
    ranked: list[Scored] = field(default_factory=list)
    mentions: list[PostView] = field(default_factory=list)
    followers: list[str] = field(default_factory=list)
    follower_count: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)
    # Authors (handles) among the posts who keep them out of language models
    # (storage.visibility.ai_excluded): a model's summary never reads their posts.
    ai_excluded: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.groups or self.mentions or self.followers)

    @property
    def posts(self) -> list[PostView]:
        return [post for group in self.groups for post in group]


Summarizer = Callable[[Digest], str]


def since_for(person: Person, now: datetime) -> datetime:
    """Where a digest starts: the last one, or 24 hours back; never more than a week."""
    start = person.last_digest_at or now - FIRST_WINDOW
    return max(start, now - LONGEST_WINDOW)


def excerpt(post: PostView, limit: int = EXCERPT) -> PostView:
    if len(post.text) <= limit:
        return post
    return replace(post, text=post.text[:limit].rsplit(" ", 1)[0].rstrip() + "…")


def gather(
    session: Session, person: Person, now: datetime, since: datetime | None = None,
    recent: Recent | None = None, open_ended: bool = False,
) -> Digest:
    """Read and rank what `person` should see, from `since` (see `since_for`) to `now`.

    A scheduled digest stops at `now`, where the next one starts; an `open_ended`
    one (asked for in the chat, recording nothing) shows whatever is there when read.
    `recent` is shared by the digests of one tick, so they read together what they can.
    """
    me = row_id(person)
    since = since or since_for(person, now)
    until = OPEN_END if open_ended else now
    candidates = (recent or Recent()).candidates(session, me, since, until)
    mentioned = network.mentions(session, person, since, MENTIONS, until)
    said = steering.steer(session, {me: [c.id for c in candidates]
                                    + [post.id for post in mentioned]}, now).get(me)
    chosen = rank(candidates, now, steer=said)
    if said is not None:
        mentioned = [post for post in mentioned if post.id not in said.hidden]
    views = reads.posts(session, [entry.candidate.id for entry in chosen])
    followers, count = reads.new_followers(session, me, since, until, FOLLOWERS)
    pushed = notifications.told(session, [(me, since, until)]).get(me)
    digest = _digest(person, now, since, chosen, views, mentioned, followers, count, pushed)
    if digest.empty:
        return digest
    digest = _with_ai_excluded(session, [digest])[0]
    seeds = _featured(chosen) or _engaged_most(reads.affinity(session, me))
    return replace(digest, suggestions=seeded(session, me, seeds, SUGGESTED))


Reader = tuple[Person, datetime, datetime]  # a person, their digest's `now` and `since`


def gather_many(session: Session, readers: Sequence[Reader], recent: Recent) -> list[Digest]:
    """`gather(session, person, now, since, recent)` for each (person, now, since) of
    `readers`, in order: scheduled digests, each ending at its `now`.

    Read as one chunk: followees and affinities, mentions, new followers, the posts
    shown and the suggestions, each for the whole chunk (storage.digest_chunk and
    digest_seeds);
    candidates picked from `recent`'s window where it covers a digest, else read
    person by person. Each person may appear once: raises ValueError otherwise.
    """
    spans = [(row_id(person), since, now) for person, now, since in readers]
    if len({me for me, _, _ in spans}) < len(spans):
        raise ValueError("a person appears twice in one chunk of digests")
    ahead = recent.read_ahead(session, spans, MENTIONS, FOLLOWERS)
    candidates = [ahead.candidates(session, *span) for span in spans]
    said = _steered(session, spans, candidates, ahead.mentions)
    chosen = [rank(found, now, steer=said.get(me))
              for (me, _, now), found in zip(spans, candidates, strict=True)]
    views = digest_chunk.posts(session, [
        *(entry.candidate.id for ranked in chosen for entry in ranked),
        *(post for ids in ahead.mentions for post in ids)])
    pushed = notifications.told(session, spans)
    hidden = {me: steer.hidden for me, steer in said.items()}
    digests = [
        _digest(person, now, since, ranked, views,
                [views[post] for post in ids if post not in hidden.get(row_id(person), ())],
                *new, pushed.get(row_id(person)))
        for (person, now, since), ranked, ids, new in zip(readers, chosen, ahead.mentions,
                                                          ahead.followers, strict=True)
    ]
    seeds = {me: _featured(ranked) or _engaged_most(ahead.affinity(me))
             for (me, _, _), ranked, digest in zip(spans, chosen, digests, strict=True)
             if not digest.empty}
    suggested = digest_seeds.seeded(session, seeds, SUGGESTED)
    return _with_ai_excluded(session, [
        replace(digest, suggestions=suggested[me]) if me in suggested else digest
        for (me, _, _), digest in zip(spans, digests, strict=True)])


def _with_ai_excluded(session: Session, digests: list[Digest]) -> list[Digest]:
    """`digests` with `ai_excluded` filled: one read for all their posts' authors."""
    authors = {post.author for digest in digests for post in (*digest.posts, *digest.mentions)}
    excluded = ai_excluded(session, authors)
    if not excluded:
        return digests
    return [replace(digest, ai_excluded=frozenset(
        post.author for post in (*digest.posts, *digest.mentions) if post.author in excluded))
        for digest in digests]


def _steered(session: Session, spans: Sequence[tuple[int, datetime, datetime]],
             candidates: Sequence[Sequence[Candidate]], mentions: Sequence[Sequence[int]]
             ) -> dict[int, steering.Steer]:
    """What each reader's steering rules, in force at their digest's `now`, say of their
    candidates and mentions: read once for the chunk."""
    wanted = {me: [c.id for c in found] + list(ids)
              for (me, _, _), found, ids in zip(spans, candidates, mentions, strict=True)}
    return steering.steer(session, wanted, {me: now for me, _, now in spans})


def _digest(person: Person, now: datetime, since: datetime, chosen: list[Scored],
            views: Mapping[int, PostView], mentioned: list[PostView], followers: list[str],
            count: int, pushed: tuple[set[int], set[str], int] | None = None) -> Digest:
    """A Digest with no suggestions yet: `chosen` as read in `views` (post id -> post).
    `pushed`: what notifications already told (storage.notifications.told), left out of
    the mentions and new followers, which a digest tells as new."""
    if pushed is not None:
        posts, handles, follows = pushed
        mentioned = [post for post in mentioned if post.id not in posts]
        kept = [handle for handle in followers if handle not in handles]
        count, followers = max(len(kept), count - follows), kept
    groups = [[excerpt(views[entry.candidate.id]) for entry in group]
              for group in grouped(chosen)]
    return Digest(person.handle, person.language, local_date(now, zone(person.timezone)),
                  since, now, groups, chosen, [excerpt(post) for post in mentioned], followers,
                  count)


def _featured(chosen: list[Scored]) -> list[int]:
    """The first SEEDS authors of the chosen posts: whose follows a digest suggests."""
    return list(dict.fromkeys(entry.candidate.author_id for entry in chosen))[:SEEDS]


def _engaged_most(engaged: Engaged) -> list[int]:
    """When no post is chosen (only mentions or followers today): the SEEDS authors the
    reader engaged with most; ties to the lower id, so every read agrees."""
    return sorted(engaged, key=lambda author: (-sum(engaged[author]), author))[:SEEDS]


def outline(digest: Digest, summary: str) -> Outcome:
    """The digest as an Outcome: summary, posts by author, mentions, followers, suggestions."""
    if digest.empty:
        return Outcome("digest.empty")
    sections = [Outcome("digest.summary", {"text": summary})]
    if digest.groups:
        sections.append(Outcome("digest.posts"))
    for group in digest.groups:
        author = group[0]
        key = "digest.author_named" if author.author_name else "digest.author"
        sections.append(Outcome(key, {"handle": author.author, "name": author.author_name},
                                posts=group, byline=False))
    if digest.mentions:
        sections.append(Outcome("digest.mentions", posts=digest.mentions))
    if digest.followers:
        handles = ", ".join(f"@{handle}" for handle in digest.followers)
        more = digest.follower_count - len(digest.followers)
        key = "digest.new_followers_more" if more > 0 else "digest.new_followers"
        sections.append(Outcome(key, {"handles": handles,
                                      "n": more if more > 0 else digest.follower_count}))
    if digest.suggestions:
        sections.append(Outcome("digest.suggestions", people=list(digest.suggestions)))
    shown = digest.posts or digest.mentions
    top = shown[0] if shown else None
    return Outcome("digest.header", {"date": digest.day.isoformat()}, sections=sections,
                   subject_post=top.id if top else None,
                   subject_person=top.author if top else None)


def written(digest: Digest, summarize: Summarizer) -> Outcome:
    """`outline` with the summary written (an empty digest has nothing to summarise).

    Call it outside any database session: the summary may wait on a model.
    """
    return outline(digest, summarize(digest) if not digest.empty else "")


def compose(session: Session, person: Person, now: datetime,
            summarize: Summarizer = extractive) -> Outcome:
    """The digest `person` would get now, as the `digest` action shows it: nothing moves."""
    return written(gather(session, person, now, open_ended=True), summarize)
