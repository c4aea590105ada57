"""Synthetic posts over 30 days, with the rows the application derives from them.

Post i gets id i + 1 and the i-th oldest time, so ids grow with time as they do
in the application. Hashtags and @mentions are read back out of each text with
the application's own `hashtags` and `mentioned_handles`, and mention rows follow the
rules of `storage.posts`: never yourself, never across a block, and a reply
addresses the parent's author.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.people import People
from bench.spread import sorted_moments
from bench.words import TOPICS, WORDS
from storage.text import hashtags, mentioned_handles

REPOST, REPLY, FOLLOWERS_ONLY = 0.05, 0.15, 0.08
HASHTAG, MENTION = 0.2, 0.08
LIKES_PER_POST = 1.5
RECENT = 500  # replies and reposts mostly answer what was posted lately


@dataclass
class Derived:
    """Rows that hang off posts, gathered while the posts stream past."""

    tags: list[tuple[str, int]] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    likes: list[tuple[int, int, str]] = field(default_factory=list)


class Writer:
    """Writes posts one after another, remembering what later posts may answer or share."""

    def __init__(self, rng: random.Random, people: People, blocked: dict[int, set[int]]) -> None:
        self.rng, self.people, self.blocked = rng, people, blocked
        self.ids = {handle: index for index, handle in enumerate(people.handles)}
        self.public: list[int] = []  # ids of public posts that can be answered or shared
        self.author_of: list[int] = [-1]  # person index by post id
        self.root_of: list[int | None] = [None]  # a reply's thread's first post, by post id
        self.reposted: set[tuple[int, int]] = set()
        self.derived = Derived()

    def _apart(self, a: int, b: int) -> bool:
        return b in self.blocked.get(a, ())

    def _recent_public(self) -> int | None:
        if not self.public:
            return None
        back = min(len(self.public) - 1, int(self.rng.expovariate(1 / RECENT)))
        return self.public[-1 - back]

    def _text(self, author: int) -> str:
        rng, people = self.rng, self.people
        words = rng.choices(WORDS[people.languages[author]], k=rng.randrange(4, 18))
        interests = people.interests[author] or TOPICS
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), rng.choice(interests))
        if rng.random() < HASHTAG:
            words.append("#" + rng.choice(interests).replace(" ", ""))
        if rng.random() < MENTION:
            someone = people.handles[people.popularity.draw(1)[0]]
            words.insert(rng.randrange(len(words)), "@" + someone)
        return " ".join(words).capitalize()

    def _address(self, post_id: int, author: int, text: str, parent_author: int | None) -> None:
        addressed: dict[int, str] = {}
        for handle in mentioned_handles(text) if "@" in text else ():
            person = self.ids.get(handle)
            if person is not None and person != author and not self._apart(author, person):
                addressed[person] = "mention"
        if parent_author is not None and parent_author != author:
            addressed[parent_author] = "reply"
        self.derived.mentions.extend((p + 1, post_id, kind) for p, kind in addressed.items())
        if "#" in text:
            self.derived.tags.extend((tag, post_id) for tag in hashtags(text))

    def _like(self, post_id: int, author: int, moment: str) -> None:
        count = int(self.rng.expovariate(1 / LIKES_PER_POST))
        likers = {self.rng.randrange(len(self.people)) for _ in range(count)}
        self.derived.likes.extend(
            (liker + 1, post_id, moment) for liker in likers if not self._apart(liker, author)
        )

    def row(self, post_id: int, author: int, moment: str) -> tuple:
        """(id, author_id, text, visibility, reply_to_id, repost_of_id, created_at, root_id)."""
        self.author_of.append(author)
        self.root_of.append(None)
        roll, target = self.rng.random(), self._recent_public()
        if target is not None and not self._apart(author, self.author_of[target]):
            if roll < REPOST and (author, target) not in self.reposted:
                self.reposted.add((author, target))
                return post_id, author + 1, "", "public", None, target, moment, None
            if roll < REPOST + REPLY:
                text = self._text(author)
                self._address(post_id, author, text, self.author_of[target])
                self.public.append(post_id)
                self._like(post_id, author, moment)
                self.root_of[post_id] = root = self.root_of[target] or target
                return post_id, author + 1, text, "public", target, None, moment, root
        text = self._text(author)
        self._address(post_id, author, text, None)
        if self.rng.random() < FOLLOWERS_ONLY:
            return post_id, author + 1, text, "followers", None, None, moment, None
        self.public.append(post_id)
        self._like(post_id, author, moment)
        return post_id, author + 1, text, "public", None, None, moment, None


def post_rows(writer: Writer, count: int) -> Iterator[tuple]:
    """`count` posts, oldest first; `writer.derived` fills up as they are consumed."""
    authors = writer.people.activity.draw(count)
    moments = sorted_moments(writer.rng, count)
    for index, (author, moment) in enumerate(zip(authors, moments, strict=True)):
        yield writer.row(index + 1, author, moment)
