"""Turning outcomes into what a person reads: short text in their language, and buttons."""

from __future__ import annotations

from datetime import datetime

from bot.actions import ACTIONS
from bot.messages import Button, ButtonVerb, Reply, button_data
from bot.outcomes import Outcome
from bot.phrases import platform_name, say
from storage.errors import InvalidInput, NotFound, Reason, StorageError
from storage.views import PersonView, PostView, Suggestion

BUTTONED_POSTS = 5
BUTTONED_PEOPLE = 5


def duration(seconds: int, language: str) -> str:
    """A wait as people say it: "45 s", "3 min", "1 h" (rounded up to the unit shown)."""
    if seconds < 60:
        return say("wait.seconds", language, n=seconds)
    if seconds < 3600:
        return say("wait.minutes", language, n=-(-seconds // 60))
    return say("wait.hours", language, n=-(-seconds // 3600))


def ago(moment: datetime, now: datetime, language: str) -> str:
    """ "2 h ago", "il y a 5 min", "yesterday", or the date when older than a week."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return say("ago.now", language)
    if seconds < 3600:
        return say("ago.minutes", language, n=int(seconds // 60))
    if seconds < 86400:
        return say("ago.hours", language, n=int(seconds // 3600))
    if seconds < 2 * 86400:
        return say("ago.yesterday", language)
    if seconds < 7 * 86400:
        return say("ago.days", language, n=int(seconds // 86400))
    return moment.date().isoformat()


def _number(post_id: int, language: str) -> str:
    return f"n°{post_id}" if language == "fr" else f"#{post_id}"


def post_lines(post: PostView, now: datetime, language: str, byline: bool = True) -> str:
    """ "@alice · 2 h ago · #12" then the text; a repost shows its original below, a quote
    the post it quotes; an edited post says when it was edited.

    Without `byline` the author is left out: the post is listed under their name.
    """
    head = [f"@{post.author}"] if byline else []
    head += [ago(post.created_at, now, language), _number(post.id, language)]
    if post.visibility == "followers":
        head.append(say("post.followers_only", language))
    if post.reply_to:
        head.append(say("post.reply_to", language, id=post.reply_to))
    if post.repost_of is None:
        return " · ".join(head + _edited(post, now, language)) + "\n" + post.text \
            + _quoted(post, now, language) + _counts_line(post)
    original = post.repost_of
    head.insert(1 if byline else 0, say("post.reposted", language))
    return (" · ".join(head + _edited(original, now, language))
            + f"\n↻ @{original.author} ({_number(original.id, language)}): "
            + original.text + _quoted(original, now, language) + _counts_line(post))


def _edited(post: PostView, now: datetime, language: str) -> list[str]:
    if post.edited_at is None:
        return []
    return [say("post.edited", language, when=ago(post.edited_at, now, language))]


def _quoted(post: PostView, now: datetime, language: str) -> str:
    """The post `post` quotes, on the lines below its text, or why it isn't shown."""
    if post.quote_of is None:
        return ""
    shown = post.quote
    if shown is None:  # deleted, or hidden from this reader by a block since
        return "\n" + say("post.quote_gone", language, id=post.quote_of)
    return (f"\n❝ @{shown.author} · {ago(shown.created_at, now, language)} · "
            f"{_number(shown.id, language)}\n❝ " + shown.text.replace("\n", "\n❝ "))


def _counts_line(post: PostView) -> str:
    """"\n♥ 3 · ↻ 1 · ↩ 2" under a post whose counts were read (those above zero), else ""."""
    if post.counts is None:
        return ""
    shown = [f"{sign} {n}" for sign, n in (("♥", post.counts.likes), ("↻", post.counts.reposts),
                                          ("↩", post.counts.replies)) if n]
    return "\n" + " · ".join(shown) if shown else ""


def person_line(person: PersonView | Suggestion, language: str) -> str:
    name = f"@{person.handle}" + (f" ({person.display_name})" if person.display_name else "")
    why: list[str] = []
    if isinstance(person, Suggestion):
        if person.followed_by:
            handles = ", ".join(f"@{h}" for h in person.followed_by)
            why.append(say("people.followed_by", language, handles=handles))
        if person.shared_interests:
            why.append(say("people.shares", language,
                           interests=", ".join(person.shared_interests)))
    else:
        if person.bio or person.interests:
            why.append(person.bio[:100] or ", ".join(person.interests[:5]))
        why.append(say("count.followers", language, n=person.followers))
    return name + (" — " + " · ".join(why) if why else "")


def profile_lines(person: PersonView, language: str, now: datetime) -> str:
    """A profile: handle and name, bio, interests, counts, then the pinned post if the
    reader may see it (`now`, UTC, dates it)."""
    lines = [f"@{person.handle}" + (f" ({person.display_name})" if person.display_name else "")]
    if person.bio:
        lines.append(person.bio)
    if person.interests:
        lines.append(say("profile.interests", language, interests=", ".join(person.interests)))
    lines.append(say("profile.counts", language,
                     followers=say("count.followers", language, n=person.followers),
                     following=say("count.following", language, n=person.following),
                     posts=say("count.posts", language, n=person.posts)))
    if person.ai_opt_out:
        lines.append(say("profile.ai_opt_out", language))
    if person.pinned is not None:
        lines += ["", say("profile.pinned", language),
                  post_lines(person.pinned, now, language)]
    return "\n".join(lines)


def help_lines(language: str) -> str:
    lines = [say("help.header", language)]
    for action in ACTIONS.values():
        if action.name not in ("help", "chat"):
            lines.append("• " + (action.fr if language == "fr" else action.description()))
    lines.append(say("help.examples", language))
    return "\n".join(lines)


def _text(outcome: Outcome, now: datetime, language: str) -> str:
    if outcome.key == "help.header":
        return help_lines(language)
    blocks = [say(outcome.key, language, **outcome.fields)] if outcome.key else []
    if outcome.profile:
        blocks.append(profile_lines(outcome.profile, language, now))
    blocks += [post_lines(post, now, language, outcome.byline) for post in outcome.posts]
    if outcome.people:
        blocks.append("\n".join(person_line(p, language) for p in outcome.people))
    if outcome.handles:
        blocks.append(", ".join(f"@{h}" for h in outcome.handles))
    if outcome.lines:
        blocks.append("\n".join(outcome.lines))
    blocks += [_text(section, now, language) for section in outcome.sections]
    return "\n\n".join(blocks)


def _buttons(outcome: Outcome, language: str) -> list[list[Button]]:
    """Like / Reply under each post, Follow for each person, then More: each once, though
    a post or a person may be listed in two sections (a digest's author and mentions)."""
    posts = list({p.id: p for s in (outcome, *outcome.sections) for p in s.posts}.values())
    people = list({p.handle: p for s in (outcome, *outcome.sections)
                   for p in s.people}.values())
    posts, people = posts[:BUTTONED_POSTS], people[:BUTTONED_PEOPLE]
    rows = [
        [Button(say("button.like", language, id=p.id), button_data(ButtonVerb.like, p.id)),
         Button(say("button.reply", language, id=p.id), button_data(ButtonVerb.reply, p.id))]
        for p in posts
    ]
    if people:
        rows.append([Button(say("button.follow", language, handle=p.handle),
                            button_data(ButtonVerb.follow, p.handle)) for p in people])
    if outcome.next_cursor is not None:
        rows.append([Button(say("button.more", language), button_data(ButtonVerb.more))])
    return rows


def render(outcome: Outcome, language: str, now: datetime) -> Reply:
    return Reply(_text(outcome, now, language), _buttons(outcome, language), outcome.attachment)


def confirmation(key: str, fields: dict, token: str, language: str) -> Reply:
    """A preview that asks before acting, answered by yes/no or by its buttons."""
    text = say(key, language, **fields) + "\n\n" + say("confirm.hint", language)
    buttons = [[Button(say("button.yes", language), button_data(ButtonVerb.yes, token)),
                Button(say("button.no", language), button_data(ButtonVerb.no, token))]]
    return Reply(text, buttons)


def refusal(error: StorageError, language: str) -> str:
    """One clear sentence for a refusal from the network."""
    detail = dict(error.detail)
    if "platform" in detail:  # linking (storage/linking.py): the platform by its name
        detail["platform"] = platform_name(str(detail["platform"]), language)
    if error.reason == Reason.code_wrong and detail.get("left") == 0:
        return say("error.code_wrong_last", language)
    if error.reason == Reason.tries_paused:  # an ISO time, UTC, to the minute
        detail["until"] = str(detail["until"]).replace("T", " ")[:16] + " UTC"
    field = detail.get("field")
    if isinstance(error, NotFound) and error.reason in (Reason.person, Reason.post):
        if error.reason == Reason.person:
            return say("error.person", language, handle=detail["handle"])
        if detail.get("id") == "last":
            return say("error.no_posts", language)
        return say("error.post", language, id=detail.get("id"))
    if isinstance(error, InvalidInput):
        if field == "handle":
            return say(f"handle.{error.reason}", language, **detail)
        if field == "timezone":
            return say("error.timezone", language, value=detail.get("value"))
        if field == "language":
            return say("error.language", language)
        if field in ("term", "steering"):  # storage.steering: a rule's word or their number
            return say(f"steer.{error.reason}", language, **detail)
        if error.reason == Reason.too_long:
            key = "error.too_long_folded" if "value" in detail else "error.too_long"
            return say(key, language, length=detail["length"], limit=detail["limit"],
                       field=say(f"field.{field}", language), value=detail.get("value"))
        return say(f"error.{error.reason}", language, **detail)
    if error.reason in (Reason.slow_down, Reason.too_many_mentions):
        # storage.flood: which limit, seconds to wait, and what was not done (an edit
        # is not "posted"): the sentence fits the refused action
        detail["undone"] = say(f"error.not_done.{detail.get('what', 'post')}", language)
    if error.reason == Reason.slow_down:
        return say(f"error.slow_down_{detail['rule']}", language,
                   wait=duration(int(detail["wait"]), language), undone=detail["undone"])
    if error.reason == Reason.yourself:
        return say("error.yourself", language, verb=say(f"verb.{detail['verb']}", language))
    return say(f"error.{error.reason}", language, **detail)
