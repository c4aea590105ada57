"""Explanations and catch-ups written by code: with no model configured, or when the
model's answer was not usable. The most engaged posts, quoted, grouped, with counts;
and always said to be written without a model (phrase `ai.offline`)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ai.choose import ranked
from bot.digest.summary import quote
from bot.phrases import say
from storage.briefing import About, Briefed

QUOTED = 3  # posts quoted in a code-written answer
AUTHORS = 4  # authors named in a count


def _counts(briefed: Briefed, language: str) -> str:
    """"3 likes, 1 reply": what a post drew, likes always, replies and reposts when any."""
    counts = briefed.counts
    parts = [say("count.likes", language, n=counts.likes)]
    if counts.replies:
        parts.append(say("count.replies", language, n=counts.replies))
    if counts.reposts:
        parts.append(say("count.reposts", language, n=counts.reposts))
    return ", ".join(parts)


def _quoted(briefed: Briefed, language: str) -> str:
    post = briefed.post
    return say("ai.quoted", language, id=post.id, author=post.author, excerpt=quote(post.text),
               counts=_counts(briefed, language))


def _authors(posts: Sequence[Briefed]) -> str:
    handles = list(dict.fromkeys(f"@{b.post.author}" for b in posts))
    return ", ".join(handles[:AUTHORS]) + ("…" if len(handles) > AUTHORS else "")


def explained(about: About, language: str) -> str:
    """What code can say of a post: its counts, the post it answers, its thread and the
    most engaged posts on its hashtags, each quoted with its number."""
    lines = [say("explain.post", language, id=about.post.post.id, author=about.post.post.author,
                 counts=_counts(about.post, language))]
    parent = next((b for b in about.thread if b.post.id == about.post.post.reply_to), None)
    if parent is not None:
        lines.append(say("explain.answers", language, quoted=_quoted(parent, language)))
    others = [b for b in about.thread if b is not parent]
    if others:
        lines.append(say("explain.thread", language,
                         posts=say("count.posts", language, n=len(others)),
                         authors=_authors(others), quoted=_quoted(ranked(others)[0], language)))
    if about.related:
        tags = ", ".join(f"#{tag}" for tag in about.tags)
        lines.append(say("explain.related", language, tags=tags, quoted="; ".join(
            _quoted(b, language) for b in ranked(about.related)[:QUOTED - 1])))
    if not (parent or others or about.related):
        lines.append(say("explain.alone", language))
    lines.append(say("ai.offline", language))
    return "\n".join(lines)


def caught_up(posts: Sequence[Briefed], topic: str | None, language: str) -> str:
    """What code can say of `posts` (chosen already): how many, by how many people, then
    the most engaged few quoted, grouped by author."""
    people = len({b.post.author for b in posts})
    key = "catch_up.counted_topic" if topic else "catch_up.counted"
    lines = [say(key, language, topic=topic or "", posts=say("count.posts", language, n=len(posts)),
                 people=say("count.people", language, n=people))]
    top = ranked(posts)[:QUOTED]
    by_author: dict[str, list[Briefed]] = {}
    for briefed in top:
        by_author.setdefault(briefed.post.author, []).append(briefed)
    for group in by_author.values():
        lines.append("• " + "; ".join(_quoted(b, language) for b in group))
    lines.append(say("ai.offline", language))
    return "\n".join(lines)
