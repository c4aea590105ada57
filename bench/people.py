"""Synthetic people: handles, names, bios, languages, interests and identities.

Person i gets id i + 1. Handles come from accented names folded with the
application's own `fold`, so they pass `normalize_handle` unchanged.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from bench.spread import START, Zipf, near_ranks, shuffled_ranks, stamp
from bench.words import BIOS, FIRST_NAMES, LAST_NAMES, TIMEZONES, TOPICS
from storage.text import HANDLE_MAX, fold

FRENCH_SHARE = 0.3
MAX_INTERESTS = 6


@dataclass
class People:
    handles: list[str]
    names: list[str]
    languages: list[str]
    interests: list[list[str]]
    popularity: Zipf  # who gets followed and mentioned
    activity: Zipf  # who posts

    def __len__(self) -> int:
        return len(self.handles)


def _handle(first: str, last: str, index: int, style: int) -> str:
    """first.last, first_last or flast, then the index: unique, as names never hold digits."""
    first, last = fold(first), fold(last)
    base = (f"{first}.{last}", f"{first}_{last}", f"{first[0]}{last}")[style]
    suffix = str(index)
    return base[: HANDLE_MAX - len(suffix)] + suffix


def make_people(rng: random.Random, n: int) -> People:
    topics = Zipf(rng, shuffled_ranks(rng, len(TOPICS)), s=0.8, r0=2)
    handles, names, languages, interests = [], [], [], []
    for index in range(n):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        handles.append(_handle(first, last, index, rng.randrange(3)))
        names.append(f"{first.title()} {last.title()}")
        languages.append("fr" if rng.random() < FRENCH_SHARE else "en")
        picked = {TOPICS[t] for t in topics.draw(rng.randrange(MAX_INTERESTS))}
        interests.append(sorted(picked))
    ranks = shuffled_ranks(rng, n)
    return People(
        handles=handles,
        names=names,
        languages=languages,
        interests=interests,
        popularity=Zipf(rng, ranks, s=1.1, r0=25),
        activity=Zipf(rng, near_ranks(rng, ranks, jitter=1.0), s=1.0, r0=40),
    )


def _bio(rng: random.Random, language: str, interests: list[str]) -> str:
    template = rng.choice(BIOS[language])
    topics = [*interests, *rng.sample(TOPICS, 2)]
    return template.format(*topics[:2]).capitalize()


def person_rows(rng: random.Random, people: People) -> Iterator[tuple]:
    """(id, handle, display_name, bio, language, timezone, digest_time, digest_enabled,
    created_at): everyone joined within the year before the window."""
    for index in range(len(people)):
        joined = START - timedelta(seconds=rng.randrange(365 * 86_400))
        yield (
            index + 1,
            people.handles[index],
            people.names[index],
            _bio(rng, people.languages[index], people.interests[index]),
            people.languages[index],
            rng.choice(TIMEZONES),
            f"{rng.choice((7, 8, 8, 9, 12, 18, 21)):02d}:00:00.000000",
            rng.random() > 0.1,
            stamp(joined),
        )


def interest_rows(people: People) -> Iterator[tuple[int, str]]:
    """Interests folded as storage.text.clean_interests stores them ("vélo" -> "velo")."""
    for index, tags in enumerate(people.interests):
        for tag in dict.fromkeys(fold(tag) for tag in tags):
            yield index + 1, tag


def identity_rows(rng: random.Random, people: People) -> Iterator[tuple]:
    """One identity each: (id, person_id, platform, external_id, chat_id, unreachable,
    last_seen_at)."""
    platforms = ("telegram", "telegram", "discord", "console")
    for index in range(len(people)):
        platform = rng.choice(platforms)
        external = str(10_000_000 + index)
        seen = stamp(START + timedelta(seconds=rng.randrange(30 * 86_400)))
        yield index + 1, index + 1, platform, external, external, rng.random() < 0.02, seen
