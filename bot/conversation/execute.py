"""Carrying out actions: one executor per action, each a thin call into the network.

The network (storage.network) holds every rule and raises its refusals; an
executor only picks the call, resolves "it" and "last", and describes what
happened as an `Outcome`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any, TypeVar

from sqlmodel import Session

from bot import actions as a
from bot.ai import model as ai_model
from bot.ai.choose import INPUT_TOKENS, POSTS, choose, ranked, tokens
from bot.ai.written import caught_up, explained
from bot.conversation import undo
from bot.conversation.linking import ask_code
from bot.conversation.memory import Done
from bot.digest.compose import compose
from bot.errors import Question, Unclear
from bot.messages import Attachment, Incoming
from bot.outcomes import Outcome
from bot.phrases import kind_names, platform_name, say
from bot.replies import ago
from bot.understanding.llm import ModelUnderstanding
from bot.understanding.offline import describe
from storage import briefing, network, steering
from storage.errors import NotFound, Reason, StorageError
from storage.models import NotificationKind, Person, SteeringKind
from storage.schedule import zone
from storage.text import clean_post_text

PAGE = 10
LIST_LIMIT = 100


@dataclass
class Turn:
    """The state one action runs in; `before` continues a page ("more"); `sender`: the
    message being answered (its platform and account), when there is one; `last_done`:
    what Plaza last did for the person in this chat, for "undo" (undo.py); `model`: the
    language model that may write explanations and catch-ups (bot.ai), None offline."""

    session: Session
    actor: Person
    now: datetime
    before: int | None = None
    sender: Incoming | None = None
    last_done: Done | None = None
    model: ModelUnderstanding | None = None


A = TypeVar("A", bound=a.Action)
Executor = Callable[[Turn, Any], Outcome]
EXECUTORS: dict[str, Executor] = {}


def executes(action: type[A]) -> Callable[[Callable[[Turn, A], Outcome]], Executor]:
    """Register the decorated function as the executor of `action`."""

    def register(function: Callable[[Turn, A], Outcome]) -> Executor:
        EXECUTORS[action.name] = function
        return function

    return register


def execute(turn: Turn, action: a.Action) -> Outcome:
    return EXECUTORS[action.name](turn, action)


def resolve_references(
    session: Session, actor: Person, action: a.Action, post: int | None, person: str | None
) -> a.Action:
    """Replace "it", "last" and "me" with what they mean in this chat, or ask which one;
    a post number past the ids' range is not found (see `_number`), before any question."""
    update: dict[str, Any] = {}
    ref = getattr(action, "post", None)
    if ref == a.THAT:
        if post is None:
            raise Unclear(Question.which_post)
        update["post"] = post
    elif ref == "last":
        update["post"] = network.last_post_id(session, actor)
    elif isinstance(ref, int) and ref > a.POST_NUMBER_MAX:  # said before any question
        raise NotFound(Reason.post, id=ref)
    for field in ("handle", "author"):
        if getattr(action, field, None) == a.THAT:
            if person is None:
                raise Unclear(Question.which_person)
            update[field] = person
        elif getattr(action, field, None) == a.ME:  # "my posts": the sender's own
            update[field] = actor.handle
    return action.model_copy(update=update) if update else action


def _number(post: a.PostRef) -> int:
    """The number of the post an action names. "it" and "last" were replaced by then
    (resolve_references); one left over is asked about, as if never resolved. A number
    past the ids' range (a.POST_NUMBER_MAX) names no post: not found, as for any number
    nobody has, and never sent to a query."""
    if isinstance(post, int):
        if post > a.POST_NUMBER_MAX:
            raise NotFound(Reason.post, id=post)
        return post
    raise Unclear(Question.which_post)


@executes(a.PostAction)
def _post(turn: Turn, action: a.PostAction) -> Outcome:
    network.check_flood(turn.session, turn.actor, clean_post_text(action.text), turn.now,
                        what="post")
    made = network.post(turn.session, turn.actor, action.text, action.visibility)
    key = "post.done_followers" if action.visibility == "followers" else "post.done"
    return Outcome(key, {"id": made.id}, subject_post=made.id)


@executes(a.ReplyAction)
def _reply(turn: Turn, action: a.ReplyAction) -> Outcome:
    parent = _number(action.post)
    network.check_flood(turn.session, turn.actor, clean_post_text(action.text), turn.now,
                        what="reply")
    made = network.reply(turn.session, turn.actor, parent, action.text)
    return Outcome("reply.done", {"id": made.id, "parent": parent}, subject_post=made.id)


@executes(a.EditPostAction)
def _edit_post(turn: Turn, action: a.EditPostAction) -> Outcome:
    # an edit names people as a post does: the same limits (storage.flood)
    network.check_flood(turn.session, turn.actor, clean_post_text(action.text), turn.now,
                        what="edit")
    edited = network.edit_post(turn.session, turn.actor, _number(action.post), action.text,
                               now=turn.now)
    return Outcome("edit_post.done", {"id": edited.id}, posts=[edited], subject_post=edited.id)


@executes(a.QuoteAction)
def _quote(turn: Turn, action: a.QuoteAction) -> Outcome:
    network.check_flood(turn.session, turn.actor, clean_post_text(action.text), turn.now,
                        what="quote")
    made = network.quote(turn.session, turn.actor, _number(action.post), action.text,
                         action.visibility)
    key = "quote.done_followers" if action.visibility == "followers" else "quote.done"
    return Outcome(key, {"id": made.id, "quoted": made.quote_of}, subject_post=made.id)


@executes(a.LikeAction)
def _like(turn: Turn, action: a.LikeAction) -> Outcome:
    liked = network.original_of(turn.session, _number(action.post))
    done = network.like(turn.session, turn.actor, liked)
    return Outcome("like.done" if done else "like.already", {"id": liked}, subject_post=liked)


@executes(a.RepostAction)
def _repost(turn: Turn, action: a.RepostAction) -> Outcome:
    made = network.repost(turn.session, turn.actor, _number(action.post))
    original = made.repost_of
    if original is None:  # never: a repost's view always carries its original
        raise TypeError(f"post {made.id} is no repost")
    return Outcome("repost.done", {"id": original.id, "author": original.author},
                   subject_post=original.id, subject_person=original.author)


@executes(a.UnlikeAction)
def _unlike(turn: Turn, action: a.UnlikeAction) -> Outcome:
    named = network.original_of(turn.session, _number(action.post))
    done = network.unlike(turn.session, turn.actor, named)
    return Outcome("unlike.done" if done else "unlike.not_liked", {"id": named},
                   subject_post=named)


@executes(a.UnrepostAction)
def _unrepost(turn: Turn, action: a.UnrepostAction) -> Outcome:
    original = network.unrepost(turn.session, turn.actor, _number(action.post))
    return Outcome("unrepost.done", {"id": original}, subject_post=original)


@executes(a.ShowPostAction)
def _show_post(turn: Turn, action: a.ShowPostAction) -> Outcome:
    """The post, its counts, the post it answers, then its replies oldest first; "more"
    (turn.before: the last reply shown) goes on with the replies alone."""
    thread = network.open_post(turn.session, turn.actor, _number(action.post), limit=PAGE,
                               after=turn.before)
    post, answers = thread.post, thread.answers
    if turn.before:
        return Outcome("show_post.more" if answers.items else "show_post.end", {"id": post.id},
                       posts=answers.items, next_cursor=answers.next_cursor,
                       subject_post=post.id, subject_person=post.author)
    language = turn.actor.language
    counted = [("likes", thread.likes), ("reposts", thread.reposts), ("replies", thread.replies)]
    if thread.quotes:
        counted.append(("quotes", thread.quotes))
    lines = [" · ".join(say(f"count.{name}", language, n=n) for name, n in counted)]
    for key, handles, count in (("show_post.liked_by", thread.liked_by, thread.likes),
                                ("show_post.reposted_by", thread.reposted_by, thread.reposts)):
        named = ", ".join(f"@{h}" for h in handles)
        if handles and count > len(handles):  # more than are named, or some not shown
            lines.append(say(f"{key}_more", language, handles=named, n=count - len(handles)))
        elif handles:
            lines.append(say(key, language, handles=named))
    if thread.versions:
        lines.append(say("show_post.versions", language))
        lines += [say("show_post.version", language, text=version.text,
                      when=ago(version.written_at, turn.now, language))
                  for version in thread.versions]
    sections = [Outcome("", posts=[post], lines=lines)]
    if thread.parent is not None:
        sections.append(Outcome("show_post.parent", {"id": thread.parent.id},
                                posts=[thread.parent]))
    if answers.items:
        sections.append(Outcome("show_post.replies", {"n": thread.replies}, posts=answers.items))
    return Outcome("", sections=sections, next_cursor=answers.next_cursor,
                   subject_post=post.id, subject_person=post.author)


@executes(a.DeletePostAction)
def _delete_post(turn: Turn, action: a.DeletePostAction) -> Outcome:
    gone = network.delete_post(turn.session, turn.actor, _number(action.post))
    return Outcome("delete_post.done", {"id": gone})


@executes(a.PinAction)
def _pin(turn: Turn, action: a.PinAction) -> Outcome:
    post_id = _number(action.post)
    done = network.pin(turn.session, turn.actor, post_id)
    return Outcome("pin.done" if done else "pin.already", {"id": post_id}, subject_post=post_id)


@executes(a.UnpinAction)
def _unpin(turn: Turn, action: a.UnpinAction) -> Outcome:
    named = None if action.post is None else _number(action.post)
    gone = network.unpin(turn.session, turn.actor, named)
    if gone is not None:
        return Outcome("unpin.done", {"id": gone})
    return Outcome("unpin.none") if named is None else Outcome("unpin.not_pinned", {"id": named})


@executes(a.ReportAction)
def _report(turn: Turn, action: a.ReportAction) -> Outcome:
    """File the report (storage.reports); the reply thanks and says what happens next."""
    if action.post is not None:
        post_id = _number(action.post)
        filed = network.report_post(turn.session, turn.actor, post_id, action.reason, turn.now)
        return Outcome("report.done_post" if filed.new else "report.again", {"id": post_id})
    filed = network.report_person(turn.session, turn.actor, str(action.handle), action.reason,
                                  turn.now)
    # The account's handle as it is now: "@old", held after a change, finds them too.
    return Outcome("report.done_person" if filed.new else "report.again",
                   {"handle": filed.handle})


def _edge(verb: Callable[[Session, Person, str], bool], name: str) -> Executor:
    def run(turn: Turn, action: Any) -> Outcome:
        target = network.person_by_handle(turn.session, action.handle)
        done = verb(turn.session, turn.actor, target.handle)
        key = f"{name}.done" if done else f"{name}.already"
        return Outcome(key, {"handle": target.handle}, subject_person=target.handle)

    return run


for _action, _verb in (
    (a.FollowAction, network.follow),
    (a.UnfollowAction, network.unfollow),
    (a.BlockAction, network.block),
    (a.UnblockAction, network.unblock),
    (a.MuteAction, network.mute),
    (a.UnmuteAction, network.unmute),
    (a.UnsubscribeAction, network.unsubscribe),
):
    EXECUTORS[_action.name] = _edge(_verb, _action.name)


@executes(a.SubscribeAction)
def _subscribe(turn: Turn, action: a.SubscribeAction) -> Outcome:
    """Each post of the person told as it comes; and, when posts are a kind switched off,
    a line saying so (the subscription is kept, and waits for the switch)."""
    outcome = _edge(network.subscribe, "subscribe")(turn, action)
    if NotificationKind.post in network.kinds_off(turn.actor):
        return replace(outcome, lines=[say("subscribe.posts_off", turn.actor.language)])
    return outcome


@executes(a.NotificationsAction)
def _notifications(turn: Turn, action: a.NotificationsAction) -> Outcome:
    """What the person is told of: the kinds on and off, quiet hours (local time) and
    whose every post they asked for."""
    language, person = turn.actor.language, turn.actor
    off = network.kinds_off(person)
    kinds = network.NOTIFICATION_KINDS  # those a person may switch
    on = [kind for kind in kinds if kind not in off]
    lines = [say("notifications.on", language, kinds=kind_names(on, language)) if on
             else say("notifications.all_off", language)]
    if off:
        lines.append(say("notifications.off", language,
                         kinds=kind_names([k for k in kinds if k in off], language)))
    if person.quiet_from is not None and person.quiet_until is not None:
        lines.append(say("notifications.quiet", language,
                         start=person.quiet_from.strftime("%H:%M"),
                         end=person.quiet_until.strftime("%H:%M"), timezone=person.timezone))
    else:
        lines.append(say("notifications.no_quiet", language))
    handles = network.subscriptions(turn.session, person)
    lines.append(say("notifications.posts_of", language,
                     handles=", ".join(f"@{h}" for h in handles)) if handles
                 else say("notifications.posts_of_none", language))
    return Outcome("notifications.header", lines=lines)


@executes(a.SwitchNotificationsAction)
def _switch_notifications(turn: Turn, action: a.SwitchNotificationsAction) -> Outcome:
    kinds = [NotificationKind(kind) for kind in action.kinds]
    network.switch(turn.session, turn.actor, kinds, action.on)
    key = "switch_notifications.on" if action.on else "switch_notifications.off"
    return Outcome(key, {"kinds": kind_names(kinds, turn.actor.language)})


def _model_writes(turn: Turn, posts: list[briefing.Briefed], asked: str) -> str | None:
    """The model's checked answer, or None (offline, or refused: code writes instead). The
    turn's transaction ends first: no lock and no connection is held while a model writes."""
    if turn.model is None:
        return None
    turn.session.commit()
    return ai_model.write(turn.model, turn.actor.handle, posts, asked, turn.actor.language)


@executes(a.ExplainAction)
def _explain(turn: Turn, action: a.ExplainAction) -> Outcome:
    """A few sentences on the post and its context, then the post; by the model when one
    is configured and the post's author allows it, else by code (bot.ai.written)."""
    about = briefing.about(turn.session, turn.actor, _number(action.post))
    post = about.post.post
    text = None
    if about.post.ai_ok:
        around = choose([*about.thread, *about.related], POSTS - 1,
                        INPUT_TOKENS - tokens(post.text))
        text = _model_writes(turn, [about.post, *around],
                             f"Explain post #{post.id}: what it says and its context.")
    return Outcome("explain.header", {"text": text or explained(about, turn.actor.language)},
                   posts=[post], subject_post=post.id, subject_person=post.author)


CATCH_UP_WINDOW = timedelta(hours=24)
CATCH_UP_SHOWN = 5  # posts listed after the sentences
_TAG = re.compile(r"#\w+")
_LITTLE_WORDS = frozenset("the a an of on about in to and la le les l des de du d sur au aux "
                          "et en un une".split())


@executes(a.CatchUpAction)
def _catch_up(turn: Turn, action: a.CatchUpAction) -> Outcome:
    """What was said in the last day that the person may see, on a #hashtag or words if
    given (their network first, the most engaged): a few sentences, then the posts."""
    topic = (action.topic or "").strip()
    tag = topic if _TAG.fullmatch(topic) else None
    words = " ".join(w for w in topic.split() if w.lower() not in _LITTLE_WORDS) or None
    found = briefing.catching_up(turn.session, turn.actor, turn.now - CATCH_UP_WINDOW,
                                 tag=tag, words=None if tag else words,
                                 network_only=action.friends)
    if not found:
        return Outcome("catch_up.empty_topic" if topic else "catch_up.empty", {"topic": topic})
    chosen = choose(found)
    asked = "Catch me up on what was said in the last day" + (
        f" about {topic}" if topic else "") + (" by people I follow" if action.friends else "")
    text = _model_writes(turn, chosen, asked + ".")
    shown = [b.post for b in ranked(chosen)[:CATCH_UP_SHOWN]]
    return Outcome("catch_up.header",
                   {"text": text or caught_up(chosen, topic or None, turn.actor.language)},
                   posts=shown, subject_post=shown[0].id)


@executes(a.QuietHoursAction)
def _quiet_hours(turn: Turn, action: a.QuietHoursAction) -> Outcome:
    """Quiet hours set, or removed when the action names neither end; storage refuses one
    end alone, or two equal ends (Reason.quiet_hours)."""
    start, end = (None if value is None else datetime.strptime(value, "%H:%M").time()
                  for value in (action.start, action.end))
    network.set_quiet_hours(turn.session, turn.actor, start, end)
    if action.start is None or action.end is None:
        return Outcome("quiet_hours.none")
    return Outcome("quiet_hours.done", {"start": action.start, "end": action.end,
                                        "timezone": turn.actor.timezone})


@executes(a.AiOptOutAction)
def _ai_opt_out(turn: Turn, action: a.AiOptOutAction) -> Outcome:
    """The person's posts kept out of language models, or let in again (person.ai_opt_out)."""
    network.update_settings(turn.session, turn.actor, ai_opt_out=action.out)
    return Outcome("ai_opt_out.out" if action.out else "ai_opt_out.in")
@executes(a.SteerAction)
def _steer(turn: Turn, action: a.SteerAction) -> Outcome:
    """A steering rule kept (storage.steering), ending as `until` says in the person's
    zone; the reply says until when, and that "what's new?" stays everything."""
    person, language = turn.actor, turn.actor.language
    end = steering.ends_at(action.until, turn.now, person.timezone)
    rule = steering.add(turn.session, person, SteeringKind(action.kind), action.term, end,
                        turn.now)
    until = say("steer.until", language, when=_when(end, person)) if end else ""
    return Outcome(f"steer.{rule.kind}", {"term": rule.term, "until": until},
                   lines=[say("steer.plain", language)])


@executes(a.SteeringAction)
def _steering(turn: Turn, action: a.SteeringAction) -> Outcome:
    """The person's rules in force: hidden, less, more, each with its end."""
    person, language = turn.actor, turn.actor.language
    rules = steering.rules(turn.session, person, turn.now)
    if not rules:
        return Outcome("steering.empty")
    lines = [say(f"steering.{rule.kind}", language, term=rule.term,
                 until=say("steering.until", language, when=_when(rule.expires_at, person))
                 if rule.expires_at else "")
             for rule in rules]
    lines.append(say("steering.how", language, term=rules[0].term))
    return Outcome("steering.header", lines=lines)


@executes(a.UnsteerAction)
def _unsteer(turn: Turn, action: a.UnsteerAction) -> Outcome:
    gone = steering.remove(turn.session, turn.actor, action.term, turn.now)
    term = gone.term if gone else steering.term_of(action.term)
    return Outcome("unsteer.done" if gone else "unsteer.already", {"term": term})


def _when(end: datetime, person: Person) -> str:
    """A rule's end (UTC) in words at the person's local time: "the end of Sunday
    December 6" at midnight, else "Friday December 4 at 19:20"."""
    language = person.language
    local = end.astimezone(zone(person.timezone))
    if local.time() == time(0):
        day = local - timedelta(days=1)
        return say("when.end_of", language, day=_day(day, language))
    return say("when.at", language, day=_day(local, language), time=local.strftime("%H:%M"))


def _day(moment: datetime, language: str) -> str:
    return say("when.day", language, weekday=say(f"weekday.{moment.weekday()}", language),
               month=say(f"month.{moment.month}", language), n=moment.day)


@executes(a.ReadFeedAction)
def _read_feed(turn: Turn, action: a.ReadFeedAction) -> Outcome:
    if action.author is None:
        page = network.feed(turn.session, turn.actor, limit=PAGE, before=turn.before)
        key = "read_feed.header" if page.items else "read_feed.empty"
        fields: dict[str, Any] = {}
    else:
        author = network.person_by_handle(turn.session, action.author)
        page = network.posts_by(turn.session, turn.actor, author, limit=PAGE, before=turn.before)
        mine = author.id == turn.actor.id
        key = ("read_feed.author_header" if page.items else
               "read_feed.mine_empty" if mine else "read_feed.author_empty")
        fields = {"handle": author.handle}
    if turn.before and not page.items:
        key = "read_feed.end"
    page = network.with_counts(turn.session, turn.actor, page)
    return Outcome(
        key, fields, posts=page.items, next_cursor=page.next_cursor,
        subject_post=page.items[0].id if page.items else None,
        subject_person=action.author,
    )


@executes(a.DigestAction)
def _digest(turn: Turn, action: a.DigestAction) -> Outcome:
    return compose(turn.session, turn.actor, turn.now)


@executes(a.SetDigestAction)
def _set_digest(turn: Turn, action: a.SetDigestAction) -> Outcome:
    if not action.args():  # a time was given but could not be read
        return Outcome("set_digest.ask")
    if action.platform is not None:
        return _digest_platform(turn, action.platform)
    enabled = action.enabled if action.enabled is not None else (True if action.time else None)
    clock = datetime.strptime(action.time, "%H:%M").time() if action.time else None
    person = network.update_settings(
        turn.session, turn.actor, timezone=action.timezone, digest_time=clock,
        digest_enabled=enabled, digest_always=action.always,
    )
    if not person.digest_enabled:
        return Outcome("set_digest.off")
    if action.always is not None and clock is None and action.timezone is None:
        return Outcome("set_digest.always" if action.always else "set_digest.quiet")
    return Outcome("set_digest.done", {"time": person.digest_time.strftime("%H:%M"),
                                       "timezone": person.timezone})


def _digest_platform(turn: Turn, platform: str) -> Outcome:
    """Where the digest goes first: a platform, "here" (the sender's), or "last" used."""
    if platform == "here":
        platform = turn.sender.platform if turn.sender else "last"
    language = turn.actor.language
    network.set_digest_platform(turn.session, turn.actor, None if platform == "last" else platform)
    if platform == "last":
        return Outcome("set_digest.platform_last")
    return Outcome("set_digest.platform", {"platform": platform_name(platform, language)})


@executes(a.LinkAction)
def _link(turn: Turn, action: a.LinkAction) -> Outcome:
    """A fresh link code. A code typed is the conversation's, which knows who typed it
    and may ask which handle to keep (bot/conversation/linking.py)."""
    if action.code is not None or turn.sender is None:
        raise Unclear(Question.which_code)
    return ask_code(turn.session, turn.actor, turn.sender, action.platform, turn.now)


@executes(a.LinkedAction)
def _linked(turn: Turn, action: a.LinkedAction) -> Outcome:
    language = turn.actor.language
    lines = []
    places = network.linked(turn.session, turn.actor)
    for place in places:
        name = platform_name(place.platform, language)
        if place.accounts > 1:
            name = say("linked.accounts", language, platform=name, n=place.accounts)
        line = say("linked.line", language, platform=name,
                   seen=ago(place.last_seen_at, turn.now, language))
        if place.digest:
            line += say("linked.digest", language)
        if not place.reachable:
            line += say("linked.closed", language)
        lines.append(line)
    if not any(place.digest for place in places):
        lines.append(say("set_digest.platform_last", language))
    lines.append(say("linked.hint", language))
    return Outcome("linked.header", {"handle": turn.actor.handle}, lines=lines)


@executes(a.UnlinkAction)
def _unlink(turn: Turn, action: a.UnlinkAction) -> Outcome:
    by = (str(turn.sender.platform), turn.sender.external_id) if turn.sender else None
    network.unlink(turn.session, turn.actor, action.platform, by)
    return Outcome("unlink.done", {"platform": platform_name(action.platform,
                                                             turn.actor.language),
                                   "handle": turn.actor.handle})


@executes(a.DiscoverAction)
def _discover(turn: Turn, action: a.DiscoverAction) -> Outcome:
    if action.topic:
        people = network.search_people(turn.session, turn.actor, action.topic, limit=PAGE)
        key = "discover.topic_header" if people else "discover.topic_empty"
        return Outcome(key, {"topic": action.topic}, people=list(people),
                       subject_person=_only(people))
    found = network.suggestions(turn.session, turn.actor, limit=5)
    return Outcome("discover.header" if found else "discover.empty", people=list(found),
                   subject_person=_only(found))


def _only(people: list) -> str | None:
    """Whom "follow her" means after a list: its one person, if it has just one."""
    return people[0].handle if len(people) == 1 else None


@executes(a.SearchAction)
def _search(turn: Turn, action: a.SearchAction) -> Outcome:
    posts = network.search_posts(turn.session, turn.actor, action.query, limit=PAGE)
    return Outcome("search.header" if posts else "search.empty", {"query": action.query},
                   posts=posts, subject_post=posts[0].id if posts else None)


@executes(a.ShowProfileAction)
def _show_profile(turn: Turn, action: a.ShowProfileAction) -> Outcome:
    if action.handle is None or action.handle == turn.actor.handle:
        return Outcome("show_profile.you", profile=network.profile(turn.session, turn.actor,
                                                                    turn.actor))
    person = network.person_by_handle(turn.session, action.handle)
    return Outcome("", profile=network.profile(turn.session, turn.actor, person),
                   subject_person=person.handle)


@executes(a.UpdateProfileAction)
def _update_profile(turn: Turn, action: a.UpdateProfileAction) -> Outcome:
    if action.name_ is None and action.bio is None and action.interests is None:
        return Outcome("update_profile.nothing")
    network.update_profile(turn.session, turn.actor, name=action.name_, bio=action.bio,
                           interests=action.interests)
    return Outcome("update_profile.done",
                   profile=network.profile(turn.session, turn.actor, turn.actor))


@executes(a.ChangeHandleAction)
def _change_handle(turn: Turn, action: a.ChangeHandleAction) -> Outcome:
    old = network.change_handle(turn.session, turn.actor, action.new_handle)
    return Outcome("change_handle.done", {"old": old, "handle": turn.actor.handle},
                   subject_person=turn.actor.handle)


@executes(a.FollowersAction)
def _followers(turn: Turn, action: a.FollowersAction) -> Outcome:
    handles = network.followers(turn.session, turn.actor, limit=LIST_LIMIT)
    return Outcome("followers.header" if handles else "followers.empty",
                   {"count": len(handles)}, handles=handles)


@executes(a.FollowingAction)
def _following(turn: Turn, action: a.FollowingAction) -> Outcome:
    handles = network.following(turn.session, turn.actor, limit=LIST_LIMIT)
    return Outcome("following.header" if handles else "following.empty",
                   {"count": len(handles)}, handles=handles)


@executes(a.TrendingAction)
def _trending(turn: Turn, action: a.TrendingAction) -> Outcome:
    trends = network.trending(turn.session, turn.actor, limit=PAGE)
    language = turn.actor.language
    lines = [say("trending.line", language, tag=trend.tag,
                 people=say("count.people", language, n=trend.people))
             for trend in trends]
    return Outcome("trending.header" if trends else "trending.empty", lines=lines)


@executes(a.MentionsAction)
def _mentions(turn: Turn, action: a.MentionsAction) -> Outcome:
    posts = network.mentions(turn.session, turn.actor, limit=PAGE)
    return Outcome("mentions.header" if posts else "mentions.empty", posts=posts,
                   subject_post=posts[0].id if posts else None)


@executes(a.ExportDataAction)
def _export_data(turn: Turn, action: a.ExportDataAction) -> Outcome:
    network.claim_export(turn.session, turn.actor, turn.now)
    document = json.dumps(network.export(turn.session, turn.actor), ensure_ascii=False, indent=2)
    name = f"plaza-{turn.actor.handle}.json"
    return Outcome("export_data.done", attachment=Attachment(name, document.encode()))


@executes(a.DeleteAccountAction)
def _delete_account(turn: Turn, action: a.DeleteAccountAction) -> Outcome:
    suspended = turn.actor.suspended_at is not None  # its identities stay out (storage)
    network.delete_account(turn.session, turn.actor)
    return Outcome("delete_account.done_suspended" if suspended else "delete_account.done")


@executes(a.UndoAction)
def _undo(turn: Turn, action: a.UndoAction) -> Outcome:
    """The last thing done in this chat taken back through its inverse action, within
    undo.UNDO_WINDOW; or why not: nothing done, too long ago, never undoable, done in
    the private chat, or changed since (then nothing is forced). What one message did
    together ("follow @a and @b") is all taken back, last first, each said."""
    done, language = turn.last_done, turn.actor.language
    if done is None:
        return Outcome("undo.nothing")
    if not done.more:
        return _undo_one(turn, done)
    if turn.now - done.at > undo.UNDO_WINDOW:  # one message: all done at the same moment
        instead = say("undo.and", language).join(
            describe(undo.UNDOABLE[part.what].inverse(part), language)
            for part in done.parts() if part.what in undo.UNDOABLE)
        return Outcome("undo.too_late", {"ago": ago(done.at, turn.now, language),
                                         "instead": instead})
    parts = [_undo_one(turn, part) for part in done.parts()]
    last = next((part for part in parts if part.subject_post or part.subject_person), None)
    return Outcome("", sections=parts, subject_post=last.subject_post if last else None,
                   subject_person=last.subject_person if last else None)


def _undo_one(turn: Turn, done: Done) -> Outcome:
    """`_undo` of one record (no `more`)."""
    language = turn.actor.language
    if done.what == undo.ELSEWHERE:
        return Outcome("undo.elsewhere")
    fields: dict[str, Any] = {"id": done.target} if isinstance(done.target, int) else {
        "handle": done.target}
    kind = undo.UNDOABLE.get(done.what)
    if kind is None:
        return Outcome(f"undo.final.{done.what}", fields)
    inverse = kind.inverse(done)
    if turn.now - done.at > undo.UNDO_WINDOW:
        return Outcome("undo.too_late", {"ago": ago(done.at, turn.now, language),
                                         "instead": describe(inverse, language)})
    if kind.still is not None and not kind.still(turn.session, turn.actor, done):
        return Outcome(f"undo.{done.what}_changed", fields)
    try:
        outcome = execute(turn, inverse)
    except StorageError:  # gone, or now refused: it changed since
        return Outcome(f"undo.{done.what}_changed", fields)
    if outcome.key != kind.undone:  # "not following": someone else's change came first
        return Outcome(f"undo.{done.what}_changed", fields)
    said = kind.then(turn.session, turn.actor, done) if kind.then else None
    lines = [say(said[0], language, **said[1])] if said else []
    return Outcome(f"undo.{done.what}", fields, lines=lines, profile=outcome.profile,
                   subject_post=outcome.subject_post, subject_person=outcome.subject_person)


@executes(a.HelpAction)
def _help(turn: Turn, action: a.HelpAction) -> Outcome:
    return Outcome("help.header")


@executes(a.ChatAction)
def _chat(turn: Turn, action: a.ChatAction) -> Outcome:
    return Outcome("chat.unknown")
