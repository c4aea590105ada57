"""Random draws shaped like a real network: a few people get most of the attention.

Popularity and activity follow a Zipf-like law over a rank, w(r) = (r + r0)^-s,
with the rank shuffled so that it says nothing about a person's id. Timestamps
are written in the form SQLAlchemy stores a UTC DateTime in SQLite, so the
application reads generated rows exactly like its own.
"""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, datetime, timedelta

END = datetime(2026, 11, 1, tzinfo=UTC)  # fixed, so a seed always gives the same file
DAYS = 30
START = END - timedelta(days=DAYS)


class Zipf:
    """Weighted draws of indexes 0..n-1, where index i has rank `ranks[i]`."""

    def __init__(self, rng: random.Random, ranks: list[int], s: float, r0: float) -> None:
        self.rng = rng
        by_index = [(rank + r0) ** -s for rank in ranks]
        self.cumulative = list(itertools.accumulate(by_index))
        self.population = range(len(ranks))

    def draw(self, k: int) -> list[int]:
        return self.rng.choices(self.population, cum_weights=self.cumulative, k=k)


def shuffled_ranks(rng: random.Random, n: int) -> list[int]:
    ranks = list(range(n))
    rng.shuffle(ranks)
    return ranks


def near_ranks(rng: random.Random, ranks: list[int], jitter: float) -> list[int]:
    """Ranks close to `ranks`: the popular tend to post a lot, but not in lockstep."""
    noisy = sorted(range(len(ranks)), key=lambda i: ranks[i] * math.exp(rng.gauss(0, jitter)))
    result = [0] * len(ranks)
    for rank, index in enumerate(noisy):
        result[index] = rank
    return result


def lognormal_count(rng: random.Random, mean: float, sigma: float, cap: int) -> int:
    """A heavy-tailed count with the given mean: most small, a few huge, at least 1."""
    mu = math.log(mean) - sigma * sigma / 2
    return max(1, min(cap, int(math.exp(rng.gauss(mu, sigma)))))


def stamp(moment: datetime) -> str:
    """A UTC moment as stored by storage.models.UTCDateTime on SQLite."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def sorted_moments(rng: random.Random, n: int) -> list[str]:
    """`n` stamps spread over the last DAYS days, oldest first."""
    seconds = DAYS * 86_400
    offsets = sorted(rng.random() * seconds for _ in range(n))
    return [stamp(START + timedelta(seconds=offset)) for offset in offsets]
