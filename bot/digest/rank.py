"""Which posts make a digest, by a score anyone can check by hand.

    score = recency + engagement + affinity + steered

    recency     1 for a post written just now, halving every 12 hours
    engagement  log2(1 + likes + 2 x replies) / 4    about 1 for 15 likes
    affinity    log2(1 + your likes + 2 x your replies to that author) / 3
                (among your last 200 of each): about 1 after 7 likes
    steered     -1 for each "less" rule of yours the post matches, +1 for each "more"
                (storage.steering); a post matching a "hide" rule is never ranked

Each term stays near 0..2, so none drowns the others: a post from someone you
always answer beats a slightly more liked one from a stranger to you, and
yesterday's hit does not outrank this morning's news for ever. The best
`ITEMS` are shown, grouped by author (the author with the best post first);
no author has more than three, since only their three newest are read
(storage.digest.PER_AUTHOR).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from bot.phrases import plural
from storage.digest import Candidate
from storage.steering import Steer

ITEMS = 10
HALF_LIFE_HOURS = 12.0


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    recency: float
    engagement: float
    affinity: float
    steered: float = 0.0

    @property
    def score(self) -> float:
        return self.recency + self.engagement + self.affinity + self.steered

    def explain(self) -> str:
        c = self.candidate
        return (f"#{c.id}: {self.score:.2f} = recency {self.recency:.2f} + engagement "
                f"{self.engagement:.2f} ({plural(c.likes, ('{n} like', '{n} likes'))}, "
                f"{plural(c.replies, ('{n} reply', '{n} replies'))}) + affinity "
                f"{self.affinity:.2f} (you liked {c.my_likes}, answered {c.my_replies})"
                + (f" + steered {self.steered:+.2f}" if self.steered else ""))


def _terms(candidate: Candidate, now: datetime) -> tuple[float, float, float]:
    """Recency, engagement and affinity."""
    hours = max(0.0, (now - candidate.created_at).total_seconds() / 3600)
    return (0.5 ** (hours / HALF_LIFE_HOURS),
            math.log2(1 + candidate.likes + 2 * candidate.replies) / 4,
            math.log2(1 + candidate.my_likes + 2 * candidate.my_replies) / 3)


def rank(candidates: list[Candidate], now: datetime, items: int = ITEMS,
         steer: Steer | None = None) -> list[Scored]:
    """The best `items`; ties go to the newer. `steer`, the reader's steering rules'
    say on these candidates (storage.steering.steer): the hidden are left out, the
    others' weights added to their score.

    Every candidate is scored, but only the chosen are kept with their terms: a
    digest may weigh a hundred posts to show ten.
    """
    hidden, weights = (steer.hidden, steer.weights) if steer is not None else (set(), {})
    kept = [c for c in candidates if c.id not in hidden]
    best = sorted(kept, key=lambda c: (-sum(_terms(c, now)) - weights.get(c.id, 0.0),
                                       -c.id))[:items]
    return [Scored(candidate, *_terms(candidate, now), weights.get(candidate.id, 0.0))
            for candidate in best]


def grouped(chosen: list[Scored]) -> list[list[Scored]]:
    """`chosen` (best first) as one list per author, in the order of their best post."""
    groups: dict[int, list[Scored]] = {}
    for entry in chosen:
        groups.setdefault(entry.candidate.author_id, []).append(entry)
    return list(groups.values())
