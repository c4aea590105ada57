"""The two sentences at the top of a digest, written by code from the digest itself.

This is the summary when no language model is configured, and the fallback
when one fails: the lead (the best post, or else what was addressed to the
reader, or else who followed them), then everything else in one count-up.

    Top of your network: @alice — “The new bridge opens on Monday…”.
    Also: 6 more posts by 4 people, 2 replies and mentions for you and a new follower.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.phrases import say

if TYPE_CHECKING:
    from bot.digest.compose import Digest

LEAD = 90  # characters of the quoted post
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?…])\s")


def quote(text: str, limit: int = LEAD) -> str:
    """The first sentence of `text` on one line, cut at a word within `limit`."""
    line = _SPACE.sub(" ", text).strip()
    line = _SENTENCE.split(line, maxsplit=1)[0]
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _lead(digest: Digest) -> str:
    language = digest.language
    if digest.posts:
        top = digest.posts[0]
        return say("digest.lead_post", language, author=top.author, excerpt=quote(top.text))
    if digest.mentions:
        top = digest.mentions[0]
        return say("digest.lead_mention", language, author=top.author, excerpt=quote(top.text))
    handles = ", ".join(f"@{handle}" for handle in digest.followers)
    return say("digest.lead_followers", language, n=digest.follower_count, handles=handles)


def _counts(digest: Digest) -> list[str]:
    """What else the digest holds, each as a phrase; what the lead quoted left out."""
    language, parts = digest.language, []
    rest = digest.posts[1:]
    if rest:
        authors = sorted({post.author for post in rest})
        if len(authors) == 1:
            parts.append(say("digest.also_posts_by", language, n=len(rest), author=authors[0]))
        else:
            parts.append(say("digest.also_posts", language, n=len(rest),
                             people=say("count.people", language, n=len(authors))))
    mentions = len(digest.mentions) - (0 if digest.posts else 1)
    if mentions > 0:
        parts.append(say("digest.also_mentions", language, n=mentions))
    if digest.follower_count and (digest.posts or digest.mentions):
        parts.append(say("digest.also_followers", language, n=digest.follower_count))
    return parts


def extractive(digest: Digest) -> str:
    """Two sentences: the lead, then the rest counted (or that there is nothing else)."""
    parts = _counts(digest)
    if not parts:
        return f"{_lead(digest)} {say('digest.also_nothing', digest.language)}"
    listed = parts[0] if len(parts) == 1 else (
        ", ".join(parts[:-1]) + say("digest.and", digest.language) + parts[-1])
    return f"{_lead(digest)} {say('digest.also', digest.language, parts=listed)}"
