"""The one way out to Discord for messages to chats, replies and digests alike: paced,
retried where that can help, honest about what failed.

What each answer from Discord means for a message:

    sent                      done
    429 rate limited          discord.py waits out the route's bucket (learned from the
                              X-RateLimit headers) or the global limit, and sends again;
                              after its five tries, retried here like a network error
    403, 50007 "Cannot send   the person blocked Plaza, left every shared server, or
    messages to this user"    closed their DMs: raise Unreachable (the sender marks the
                              identity), never retry; later sends to that chat stop here
                              until it writes again
    404 unknown channel/user  the same: gone (a server channel's 403 or 404 is a
                              permission taken away, perhaps for a while: DeliveryError,
                              logged, and the next mention there is answered again)
    400 bad request           our message is wrong: retrying cannot help, DeliveryError
    500, 502, 504, 524        discord.py already retried it (4 times, 1 to 7 s apart):
                              DeliveryError, logged
    any other 5xx (503...)    which discord.py raises at once: retried with backoff
    network error, timeout    (tenacity), then DeliveryError, logged; each try carries
                              the message's one nonce, and Discord keeps a message whose
                              nonce it already has only once (enforce_nonce), so a retry
                              after an answer lost on the way never doubles it

Every request keeps under Discord's global limit at the wire (bot.adapters.discord.
pacing); what is sent for a digest or a notification (any `priority` but `reply`) is
paced as bulk, behind people's replies, notifications ahead of digests.

Within one chat, replies go out in the order `deliver` was called, each whole.
A person's direct-message channel is opened once (POST /users/@me/channels), or
learnt from a message they sent from it, and remembered, since Discord keeps one
such channel per bot and person.
"""

from __future__ import annotations

import asyncio
import io
import logging
import secrets
from collections import OrderedDict
from contextlib import nullcontext
from functools import partial
from typing import Any
from weakref import WeakValueDictionary

import aiohttp
import discord
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from bot.adapters.base import Priority
from bot.adapters.discord.events import channel_of
from bot.adapters.discord.format import NO_PINGS, Part, parts
from bot.adapters.discord.pacing import bulk, sending
from bot.errors import DeliveryError, Unreachable
from bot.messages import Reply

log = logging.getLogger(__name__)

TOO_MANY = 429
CANNOT_DM = 50007  # Discord's JSON error code: Cannot send messages to this user
TRANSIENT = (aiohttp.ClientError, OSError, asyncio.TimeoutError)
# The 5xx statuses discord.py's HTTPClient.request retries itself before raising.
RETRIED_BY_DISCORD_PY = frozenset({500, 502, 504, 524})
DM_CHANNELS_KEPT = 10_000  # people whose DM channel id is remembered (about 100 bytes each)


def worth_retrying(error: BaseException, webhook: bool = False) -> bool:
    """A network error, a server error discord.py did not already retry (a 503), or a
    429 it gave up on after its own five tries (a crowded global limit). discord.py's
    webhook client (interaction follow-ups) retries every 5xx itself: `webhook`."""
    if isinstance(error, discord.DiscordServerError):
        return not webhook and error.status not in RETRIED_BY_DISCORD_PY
    if isinstance(error, discord.HTTPException):
        return error.status == TOO_MANY
    return isinstance(error, TRANSIENT)


def retrying(retries: int, backoff: float, webhook: bool = False) -> AsyncRetrying:
    """Tries of one request: again after what `worth_retrying` says may pass, `backoff`
    seconds after the first failure and doubling, at most `retries` times; then the last
    error is raised."""
    return AsyncRetrying(stop=stop_after_attempt(retries + 1),
                         wait=wait_exponential(multiplier=backoff),
                         retry=retry_if_exception(partial(worth_retrying, webhook=webhook)),
                         reraise=True)


def extras(part: Part) -> dict[str, Any]:
    """The buttons and file of `part` as discord.py's send takes them; the file made
    anew for each try, since discord.py would upload a file it already read as empty."""
    found: dict[str, Any] = {}
    if part.view is not None:
        found["view"] = part.view
    if part.attachment is not None:
        found["file"] = discord.File(io.BytesIO(part.attachment.content),
                                     filename=part.attachment.filename)
    return found


class Outbox:
    """Sends replies to Discord chats (bot.adapters.discord.events' chat ids)."""

    def __init__(self, client: discord.Client, retries: int = 4, backoff: float = 0.5) -> None:
        self.client = client
        self.retries = retries
        self.backoff = backoff
        self._gone: set[str] = set()  # chats that answered 403/50007, until they write again
        self._dm: OrderedDict[int, int] = OrderedDict()  # user id -> DM channel id, recent last
        self._order: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()
        # One DM channel opened at a time (see _channel), digests' apart from replies', so
        # a reply never queues behind a burst of digests' openings.
        self._opening = {priority: asyncio.Lock() for priority in Priority}

    def reachable(self, chat_id: str) -> None:
        """The chat wrote to Plaza: it can be written to again."""
        self._gone.discard(chat_id)

    async def deliver(self, chat_id: str, reply: Reply, priority: Priority) -> None:
        """Send `reply` as one or more messages, buttons under the last one, after every
        reply to the same chat handed over before it (asyncio.Lock is first come, first
        served). Raises Unreachable, or DeliveryError, as the module's table says; the
        parts after a failed one are not sent."""
        lock = self._order.get(chat_id)
        if lock is None:
            lock = self._order[chat_id] = asyncio.Lock()
        async with lock:
            # Notifications and digests wait for the bulk rate, notifications first
            # (bot.adapters.discord.pacing).
            with nullcontext() if priority == Priority.reply else bulk(priority):
                for part in parts(reply):
                    await self._send(chat_id, part)

    async def _send(self, chat_id: str, part: Part) -> None:
        if chat_id in self._gone:
            raise Unreachable(chat_id)
        nonce = secrets.randbits(64)  # one per message, whatever the tries (see the table)
        try:
            async for attempt in retrying(self.retries, self.backoff):
                with attempt:
                    channel = await self._channel(chat_id)
                    await channel.send(part.content, allowed_mentions=NO_PINGS,
                                       suppress_embeds=True, nonce=nonce, **extras(part))
        except (discord.Forbidden, discord.NotFound) as error:
            if channel_of(chat_id) is not None:  # a permission taken away, perhaps for now
                log.error("Discord refused a message to %s: %s %s %s", chat_id,
                          error.status, error.code, error.text)
                raise DeliveryError(chat_id) from error
            log.info("chat %s is unreachable (%s %s)", chat_id, error.status, error.code)
            self._gone.add(chat_id)
            raise Unreachable(chat_id) from error
        except discord.HTTPException as error:  # 400s, 5xx after the retries
            log.error("Discord refused a message to chat %s: %s %s %s", chat_id,
                      error.status, error.code, error.text)
            raise DeliveryError(chat_id) from error
        except TRANSIENT as error:
            log.error("chat %s: giving up after %d tries: %r", chat_id, self.retries + 1,
                      error)
            raise DeliveryError(chat_id) from error

    def opened(self, user_id: int, channel_id: int) -> None:
        """`user_id` wrote from their DM channel `channel_id`: no need to open it."""
        self._dm[user_id] = channel_id
        self._dm.move_to_end(user_id)
        if len(self._dm) > DM_CHANNELS_KEPT:
            self._dm.popitem(last=False)

    async def _channel(self, chat_id: str) -> discord.abc.Messageable:
        """Where to send for `chat_id`: a server channel as is; a person's DMs opened once.

        DM channels are opened one at a time (one for replies, one for notifications, one
        for digests: a notification's never waits behind a burst of digests'): they
        share one route bucket, and discord.py, handed many requests for a bucket at
        once, lets them time out together and sleep a second each in turn, halving
        the rate (seen with discord.py 2.7 in bench.discord_send).
        """
        channel_id = channel_of(chat_id)
        if channel_id is not None:
            return self.client.get_partial_messageable(channel_id)
        user_id = int(chat_id)
        known = self._dm.get(user_id)
        if known is None:
            async with self._opening[sending()]:
                known = self._dm.get(user_id)  # opened while this waited
                if known is None:
                    known = (await self.client.create_dm(discord.Object(id=user_id))).id
        self.opened(user_id, known)
        return self.client.get_partial_messageable(known, type=discord.ChannelType.private)
