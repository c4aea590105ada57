"""The social graph: follows with a power-law spread, and a few blocks and mutes.

Out-degrees are lognormal (most people follow a few dozen, some follow
thousands, some just one or two); whom they follow is drawn by popularity, so
followers pile up on a few accounts. As in the application, a block ends the
follows both ways, so no follow crosses a block.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from bench.people import People
from bench.spread import END, lognormal_count, stamp

MAX_FOLLOWING = 5_000
DEGREE_SIGMA = 1.3
_MOMENTS = 4_096


def pairs(rng: random.Random, people: People, count: int) -> list[tuple[int, int]]:
    """`count` distinct (person, someone else) index pairs, the second drawn by popularity:
    who gets blocked or muted is mostly who is seen."""
    found: set[tuple[int, int]] = set()
    while len(found) < count:
        actor, target = rng.randrange(len(people)), people.popularity.draw(1)[0]
        if actor != target:
            found.add((actor, target))
    return sorted(found)


def partners(blocks: list[tuple[int, int]]) -> dict[int, set[int]]:
    """Everyone in a block, with whom: the pairs no follow may join."""
    result: dict[int, set[int]] = {}
    for a, b in blocks:
        result.setdefault(a, set()).add(b)
        result.setdefault(b, set()).add(a)
    return result


def _followees(
    rng: random.Random, people: People, me: int, mean: float, avoid: set[int]
) -> list[int]:
    room = min(MAX_FOLLOWING, len(people) - 1 - len(avoid))
    want = lognormal_count(rng, mean, DEGREE_SIGMA, room)
    chosen = set(people.popularity.draw(want))
    chosen.discard(me)
    chosen -= avoid
    while len(chosen) < want:  # the popular were drawn more than once; top up at random
        other = rng.randrange(len(people))
        if other != me and other not in avoid:
            chosen.add(other)
    return sorted(chosen)


def follow_rows(
    rng: random.Random, people: People, mean: float, blocks: list[tuple[int, int]]
) -> Iterator[tuple[int, int, str]]:
    """(follower_id, followee_id, created_at) in primary-key order, streamed."""
    moments = [stamp(END - timedelta(seconds=rng.randrange(180 * 86_400))) for _ in range(_MOMENTS)]
    blocked = partners(blocks)
    for me in range(len(people)):
        avoid = blocked.get(me, set())
        for other in _followees(rng, people, me, mean, avoid):
            # a time from a fixed pool, spread without a random draw per row
            yield me + 1, other + 1, moments[(me * 7919 + other) % _MOMENTS]


def edge_rows(edges: list[tuple[int, int]], rng: random.Random) -> list[tuple[int, int, str]]:
    """Block or mute rows: (actor_id, target_id, created_at)."""
    return [(a + 1, b + 1, stamp(END - timedelta(seconds=rng.randrange(86_400 * 60))))
            for a, b in edges]
