"""Which posts an explanation or a catch-up reads: a few, not everything.

Network first (people the reader follows, and their own), then the most engaged, then
the newest; taken while their estimated tokens fit the cap. A post's text is cut to
`CLIP` characters for a model, so one long post never crowds out the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.briefing import Briefed

POSTS = 8  # at most, per answer
INPUT_TOKENS = 1200  # the posts' share of one call's prompt, estimated
CLIP = 280  # characters of a post a model reads
CHARS_PER_TOKEN = 4  # a rough, cautious estimate for English and French
FENCE_TOKENS = 16  # the <post …> and </post> lines around each


def tokens(text: str) -> int:
    """The estimated tokens of `text` as a model reads it fenced (clipped to CLIP)."""
    return FENCE_TOKENS + len(text[:CLIP]) // CHARS_PER_TOKEN + 1


def ranked(posts: Sequence[Briefed]) -> list[Briefed]:
    """`posts` network first, then most engaged, then newest."""
    return sorted(posts, key=lambda b: (not b.network, -b.engagement, -b.post.id))


def choose(posts: Sequence[Briefed], n: int = POSTS, budget: int = INPUT_TOKENS
           ) -> list[Briefed]:
    """Up to `n` of `posts` in `ranked` order whose estimated tokens (`tokens`) add up to
    at most `budget`; a post that does not fit is passed over for shorter ones after it."""
    chosen: list[Briefed] = []
    spent = 0
    for briefed in ranked(posts):
        cost = tokens(briefed.post.text)
        if spent + cost > budget:
            continue
        chosen.append(briefed)
        spent += cost
        if len(chosen) == n:
            break
    return chosen
