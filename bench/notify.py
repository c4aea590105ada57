"""One post pushed to 30,000 "notify me" subscribers while 200 people chat with Plaza.

    python -m bench.notify [--subscribers 30000] [--chatters 200] [--pause 30]
                           [--url postgresql://…/empty_db]

An author has `--subscribers` subscribers ("notify me when @author posts",
storage.notifications.subscribe), each a Plaza person whose Telegram private chat is
open. The author writes "post: …" to the bot while `--chatters` other people talk to
Plaza, each writing again about `--pause` seconds after Plaza answered (feed, search,
suggestions, a post of their own). It all runs as `plaza run` runs it: the real
TelegramAdapter with its default pacing and python-telegram-bot, Turns and
Conversation for every message, the post's notifications written in its transaction,
and the digest scheduler's notifications job (every 3 s, bot.notify.push) claiming
and sending them; the other side is a local fake Bot API server that answers 429
beyond Telegram's 30 messages a second or one a second per chat. People are loaded
in bulk into SQLite under a temporary folder, or into an empty database at `--url`.

Printed, each target met or NOT MET (exit status 1 when one is missed):

- the fan-out: from the author's message to the last subscriber's notification;
- the rate: every message the bot sent in that span (notifications and the chatters'
  answers: they share Telegram's limit), as a share of the limit (target ≥ 90 %);
- the chatters' wait, from a message sent during the fan-out to Plaza's answer, p50
  and p99 (target p99 < 2 s), and messages left unanswered (target 0);
- 429 answers (target 0); subscribers told nothing (lost), more than once (doubled)
  or something else than the post (wrong text) (target 0).

Also shown, with no target: the author's own wait (the post writes its notifications
in its transaction) and how long a follow made during the fan-out waits for its
notification behind it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bench.sending import LIMIT_PER_S, received, report, verdict
from bot.adapters.telegram.adapter import TelegramAdapter, TelegramConfig
from bot.adapters.telegram.pacing import Rates
from bot.conversation import Conversation
from bot.conversation.states import DatabaseStates
from bot.conversation.turns import Turns
from bot.digest.scheduler import NOTIFY_EVERY, DigestScheduler
from storage import notifications
from storage.db import make_engine, migrate, session_scope
from storage.models import Follow, Identity, Person, Platform, Post, Subscription, utcnow
from tests.fakes.telegram_people import Person as TelegramPerson
from tests.fakes.telegram_server import FakeTelegram, Sent

AUTHOR = TelegramPerson(500_000, "Ada", "author")
PROBE = TelegramPerson(600_000, "Pim", "prober")  # follows LISTENER mid-fan-out
LISTENER = TelegramPerson(600_001, "Lou", "listener")
FIRST_CHATTER = 700_000
FIRST_SUBSCRIBER = 1_000_000
POST = "The footbridge over the river opens at noon: come and cross it with us"
TARGET_P99 = 2.0  # seconds, the chatters' answers
ANSWER_WITHIN = 30.0  # seconds before a chatter's message counts as unanswered
# What chatters say: each gets one answer, and none asks a question back.
SAYINGS = ("what's new?", "find people into jazz", "who should I follow?",
           "show @author's posts", "post: coffee break number {n}, back to work soon")


@dataclass(frozen=True, slots=True)
class Limits:
    """The fake server's limits and the adapter's pacing: Telegram's and Plaza's own by
    default; `fast` scales both twenty times, as the Telegram tests do."""

    per_second: float = LIMIT_PER_S
    per_chat: float = 1.0
    pace: Rates = Rates()

    @classmethod
    def fast(cls) -> Limits:
        return cls(600, 0.05, Rates(per_second=580, per_chat_interval=0.08))


@dataclass
class Chat:
    """What the chatters saw: for each message, when it went and how long its answer took
    (None: no answer within ANSWER_WITHIN)."""

    waits: list[tuple[float, float | None]] = field(default_factory=list)

    def during(self, start: float, end: float) -> list[float | None]:
        return [wait for sent, wait in self.waits if start <= sent <= end]


def populate(engine: sa.Engine, subscribers: int, chatters: int) -> None:
    """The author, the subscribers (persons, Telegram identities, subscriptions), the
    chatters (following the author and five others, two posts each) and the probe pair,
    in a few bulk statements. The first subscription goes through
    storage.notifications.subscribe, the others are the same rows written in bulk."""
    now = utcnow()
    base = {"display_name": "", "bio": "", "language": "en", "timezone": "UTC",
            "digest_enabled": False, "created_at": now}

    def people(session: sa.orm.Session, handles: list[str], chats: list[int]) -> list[int]:
        ids = session.execute(sa.insert(Person).returning(Person.id),
                              [{**base, "handle": handle} for handle in handles]).scalars().all()
        session.execute(sa.insert(Identity), [
            {"person_id": person, "platform": Platform.telegram.value,
             "external_id": str(chat), "chat_id": str(chat), "unreachable": False,
             "last_seen_at": now} for person, chat in zip(ids, chats, strict=True)])
        return list(ids)

    with session_scope(engine) as session:
        [author] = people(session, [AUTHOR.username or ""], [AUTHOR.id])
        people(session, [PROBE.username or "", LISTENER.username or ""],
               [PROBE.id, LISTENER.id])
        fans = people(session, [f"fan{i:05d}" for i in range(subscribers)],
                      [FIRST_SUBSCRIBER + i for i in range(subscribers)])
        first = session.get(Person, fans[0])
        assert first is not None
        notifications.subscribe(session, first, AUTHOR.username or "")
        session.execute(sa.insert(Subscription), [
            {"subscriber_id": fan, "author_id": author, "created_at": now} for fan in fans[1:]])
        talkers = people(session, [f"chatter{i:03d}" for i in range(chatters)],
                         [FIRST_CHATTER + i for i in range(chatters)])
        follows = {(talker, author) for talker in talkers} | {
            (talker, talkers[(i + step) % len(talkers)])
            for i, talker in enumerate(talkers) for step in range(1, 6) if len(talkers) > step}
        session.execute(sa.insert(Follow), [{"follower_id": a, "followee_id": b,
                                             "created_at": now} for a, b in sorted(follows)])
        session.execute(sa.insert(Post), [
            {"author_id": talker, "text": f"Note {n} from chatter {i}: jazz tonight, anyone?",
             "visibility": "public", "created_at": now}
            for i, talker in enumerate(talkers) for n in range(2)])


async def say(server: FakeTelegram, person: TelegramPerson, text: str,
              timeout: float = ANSWER_WITHIN) -> tuple[float, Sent | None]:
    """`person` writes `text`; when it went (time.monotonic) and Plaza's first answer."""
    before = len(server.sent[person.id])
    went = time.monotonic()
    server.message(person, text)
    try:
        answers = await server.wait_for(person.id, before + 1, timeout)
    except TimeoutError:
        return went, None
    return went, answers[before]


async def chatter(server: FakeTelegram, person: TelegramPerson, pause: float,
                  rng: random.Random, stop: asyncio.Event, chat: Chat) -> None:
    """Talk to Plaza until `stop`: a message, its answer, a pause of about `pause` s."""
    wait = rng.uniform(0, pause)  # start spread over one pause, so the load is steady
    number = 0
    while True:
        try:
            await asyncio.wait_for(stop.wait(), wait)
            return
        except TimeoutError:
            pass
        number += 1
        text = rng.choice(SAYINGS).format(n=f"{person.id}.{number}")
        went, answer = await say(server, person, text)
        chat.waits.append((went, None if answer is None else answer.at - went))
        wait = rng.uniform(0.5 * pause, 1.5 * pause)


async def follow_probe(server: FakeTelegram, fans: range, share: float) -> float | None:
    """Once `share` of the subscribers were told, PROBE follows LISTENER: seconds from
    Plaza's answer to LISTENER's notification (None: none came before the fan-out ended
    and NOTIFY_EVERY passed)."""
    while sum(bool(server.sent[fan]) for fan in fans) < share * len(fans):
        await asyncio.sleep(0.5)
    _, answer = await say(server, PROBE, f"follow @{LISTENER.username}")
    if answer is None:
        return None
    try:
        [told] = await server.wait_for(LISTENER.id, 1, timeout=3600)
    except TimeoutError:
        return None
    return told.at - answer.at


async def all_told(server: FakeTelegram, fans: range, deadline: float) -> None:
    """Return once every subscriber's chat has a message, or at `deadline` (monotonic)."""
    waiting = list(fans)
    while waiting and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        waiting = [fan for fan in waiting if not server.sent[fan]]


async def fan_out(engine: sa.Engine, subscribers: int, chatters: int, pause: float,
                  limits: Limits, seed: int = 7) -> dict[str, float]:
    """Load the people, run Plaza on the fake server, have the author post and wait for
    the fan-out; the figures."""
    started = time.monotonic()
    populate(engine, subscribers, chatters)
    loaded = time.monotonic() - started
    fans = range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers)
    rng = random.Random(seed)
    async with FakeTelegram(per_second=limits.per_second, per_chat=limits.per_chat) as server:
        server.open_chats([*fans, LISTENER.id])
        adapter = TelegramAdapter(TelegramConfig(server.token, base_url=server.base_url,
                                                 pace=limits.pace))
        turns = Turns(Conversation(engine, states=DatabaseStates(engine)))
        turns.repliers[adapter.platform] = adapter.replier
        await adapter.start(turns)
        scheduler = DigestScheduler(engine, {Platform.telegram: adapter})
        scheduler.start()  # the digests' minute and the notifications' 3 s, as `plaza run`
        stop, chat = asyncio.Event(), Chat()
        talking = [asyncio.create_task(chatter(server, TelegramPerson(
            FIRST_CHATTER + i, f"Chatter {i}", f"chatter{i:03d}"), pause,
            random.Random(rng.random()), stop, chat)) for i in range(chatters)]
        try:
            await asyncio.sleep(min(pause, 10.0))  # the chat at its pace before the post
            posted, answer = await say(server, AUTHOR, f"post: {POST}", timeout=600)
            probe = asyncio.create_task(follow_probe(server, fans, 0.1))
            estimate = subscribers / (0.5 * limits.pace.per_second)
            await all_told(server, fans, time.monotonic() + estimate + 120)
            await asyncio.sleep(NOTIFY_EVERY + 2.0)  # a doubled one would come by then
            probe_wait = await probe if probe.done() else None
            probe.cancel()
        finally:
            stop.set()
            await asyncio.gather(*talking)
            await scheduler.stop()
            await adapter.stop()
            turns.close()
        told = [sent for fan in fans for sent in server.sent[fan]]
        last = max((sent.at for sent in told), default=posted)
        window = [sent for sent in _everything(server) if posted <= sent.at <= last]
        figures = received(server, fans)
        first = min((sent.at for sent in told), default=posted)
        span = [sent for sent in window if sent.at >= first]
        rate = (len(span) - 1) / (last - first) if last > first else 0.0
        waits = chat.during(posted, last)
        answered = sorted(wait for wait in waits if wait is not None)
    return {
        **figures, "notification_rate": figures["rate"], "rate": rate,
        "loaded": loaded, "fan_out": last - posted,
        "author_wait": answer.at - posted if answer is not None else float("nan"),
        "replies": len(window) - len(told), "waits": len(waits),
        "unanswered": len(waits) - len(answered),
        "p50": statistics.median(answered) if answered else float("nan"),
        "p99": _p99(answered), "probe": float("nan") if probe_wait is None else probe_wait,
        "wrong": sum(POST not in sent.text for sent in told),
    }


def _everything(server: FakeTelegram) -> list[Sent]:
    return [sent for messages in list(server.sent.values()) for sent in messages]


def _p99(times: list[float]) -> float:
    if not times:
        return float("nan")
    return statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]


@contextmanager
def database(url: str | None) -> Iterator[sa.Engine]:
    """The engine to run on: a fresh SQLite file under a temporary folder, or `url`."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(url or f"sqlite:///{Path(folder) / 'plaza.db'}")
        try:
            migrate(engine)
            yield engine
        finally:
            engine.dispose()


def print_figures(figures: dict[str, float], subscribers: int, chatters: int,
                  limit: float) -> bool:
    """Print the figures and their targets; True when every target is met."""
    floor = (figures["messages"] + figures["replies"]) / limit
    print(f"loaded {subscribers:,} subscribers and {chatters} chatters in "
          f"{figures['loaded']:.1f} s")
    print(f"the author's post answered in {figures['author_wait']:.2f} s "
          f"(its {subscribers:,} notifications written in its transaction)")
    print(f"fan-out {figures['fan_out']:.1f} s: {figures['messages']:,.0f} notifications at "
          f"{figures['notification_rate']:.1f}/s beside {figures['replies']:,.0f} answers to "
          f"the chatters (at {limit:g}/s all of it takes at least {floor:.1f} s)")
    ok = report(figures, {"lost": figures["lost"], "doubled": figures["doubled"],
                          "wrong text": figures["wrong"]}, limit)
    if not figures["waits"]:  # a fan-out over before anyone wrote again: not shown met
        quick = False
        print("chatters' wait not measured: nobody wrote during the fan-out (a short run; "
              f"lower --pause) {verdict(quick)}")
    else:
        quick = figures["p99"] < TARGET_P99
        print(f"chatters' wait p50 {figures['p50']:.2f} s, p99 {figures['p99']:.2f} s over "
              f"{figures['waits']:.0f} messages sent during the fan-out "
              f"(target p99 < {TARGET_P99:g} s) {verdict(quick)}")
    print(f"unanswered {figures['unanswered']:.0f} (target 0) "
          f"{verdict(not figures['unanswered'])}")
    print(f"a follow made once 10 % were told reached its person {figures['probe']:.1f} s "
          "after Plaza's answer to it (no target)")
    return ok and quick and not figures["unanswered"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.notify",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=30_000)
    parser.add_argument("--chatters", type=int, default=200)
    parser.add_argument("--pause", type=float, default=30.0,
                        help="seconds a chatter waits, on average, before writing again")
    parser.add_argument("--url", help="an empty database (default: SQLite in a temp folder)")
    parser.add_argument("--fast", action="store_true",
                        help="Telegram's limits and Plaza's pacing twenty times faster (tests)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    # The notifications job finds its last run still pushing every 3 s of a long fan-out
    # and says so (max_instances=1 is what keeps it to one push): not news here.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    limits = Limits.fast() if args.fast else Limits()
    with database(args.url) as engine:
        figures = asyncio.run(fan_out(engine, args.subscribers, args.chatters, args.pause,
                                      limits))
    return 0 if print_figures(figures, args.subscribers, args.chatters,
                              limits.per_second) else 1


if __name__ == "__main__":
    raise SystemExit(main())
