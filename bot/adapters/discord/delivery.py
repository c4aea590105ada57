"""The one way out to Discord for messages to chats, replies and digests alike: paced,
retried where that can help, honest about what failed.

What each answer from Discord means for a message:

    sent                      done
    429 rate limited          discord.py waits out the route's bucket (learned from the
                              X-RateLimit headers) or the global limit, and sends again
    403, 50007 "Cannot send   the person blocked Plaza, left every shared server, or
    messages to this user"    closed their DMs: raise Unreachable (the sender marks the
                              identity), never retry; later sends to that chat stop here
                              until it writes again
    404 unknown channel/user  the same: gone
    400 bad request           our message is wrong: retrying cannot help, DeliveryError
    500, 502, 504, 524        discord.py already retried it (4 times, 1 to 7 s apart):
                              DeliveryError, logged
    any other 5xx (503...)    which discord.py raises at once: retried with backoff
    network error, timeout    (tenacity), then DeliveryError, logged; each try carries
                              the message's one nonce, and Discord keeps a message whose
                              nonce it already has only once (enforce_nonce), so a retry
                              after an answer lost on the way never doubles it

Discord allows a bot 50 requests a second in all (the global limit), on top of
each route's bucket. discord.py keeps the buckets but only learns the global
limit from a 429, so Plaza paces itself under it with aiolimiter: everything
through `per_second`, digests first through the lower `bulk_per_second`, so a
digest burst always leaves room for someone's reply. Each limiter holds one
request at a time (a bucket of one), so no burst can pass 50 within a second.

Within one chat, replies go out in the order `deliver` was called, each whole.
A person's direct-message channel is opened once (POST /users/@me/channels)
and remembered, since Discord keeps one such channel per bot and person.
"""

from __future__ import annotations

import asyncio
import io
import logging
import secrets
from collections import OrderedDict
from weakref import WeakValueDictionary

import aiohttp
import discord
from aiolimiter import AsyncLimiter
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from bot.adapters.discord.config import Pace
from bot.adapters.discord.events import channel_of
from bot.adapters.discord.format import NO_PINGS, messages, view
from bot.errors import DeliveryError, Unreachable
from bot.messages import Attachment, Reply

log = logging.getLogger(__name__)

CANNOT_DM = 50007  # Discord's JSON error code: Cannot send messages to this user
TRANSIENT = (aiohttp.ClientError, OSError, asyncio.TimeoutError)
# The 5xx statuses discord.py's HTTPClient.request retries itself before raising.
RETRIED_BY_DISCORD_PY = frozenset({500, 502, 504, 524})
DM_CHANNELS_KEPT = 10_000  # people whose DM channel id is remembered (about 100 bytes each)
DEFAULT_PACE = Pace()


def worth_retrying(error: BaseException) -> bool:
    """A network error, or a server error discord.py did not already retry (a 503)."""
    if isinstance(error, discord.DiscordServerError):
        return error.status not in RETRIED_BY_DISCORD_PY
    return isinstance(error, TRANSIENT)


def retrying(retries: int, backoff: float) -> AsyncRetrying:
    """Tries of one request: again after what `worth_retrying` says may pass, `backoff`
    seconds after the first failure and doubling, at most `retries` times; then the last
    error is raised."""
    return AsyncRetrying(stop=stop_after_attempt(retries + 1),
                         wait=wait_exponential(multiplier=backoff),
                         retry=retry_if_exception(worth_retrying), reraise=True)


def file_of(attachment: Attachment) -> discord.File:
    """An attachment as discord.py uploads it."""
    return discord.File(io.BytesIO(attachment.content), filename=attachment.filename)


class Pacing:
    """Turns to send under Discord's global limit: `turn(urgent)` once per request."""

    def __init__(self, pace: Pace) -> None:
        self.all = AsyncLimiter(1, 1 / pace.per_second)
        self.bulk = AsyncLimiter(1, 1 / pace.bulk_per_second)

    async def turn(self, urgent: bool) -> None:
        if not urgent:
            await self.bulk.acquire()
        await self.all.acquire()


class Outbox:
    """Sends replies to Discord chats (bot.adapters.discord.events' chat ids)."""

    def __init__(self, client: discord.Client, pace: Pace = DEFAULT_PACE, retries: int = 4,
                 backoff: float = 0.5) -> None:
        self.client = client
        self.pacing = Pacing(pace)
        self.retries = retries
        self.backoff = backoff
        self._gone: set[str] = set()  # chats that answered 403/50007, until they write again
        self._dm: OrderedDict[int, int] = OrderedDict()  # user id -> DM channel id, recent last
        self._order: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    def reachable(self, chat_id: str) -> None:
        """The chat wrote to Plaza: it can be written to again."""
        self._gone.discard(chat_id)

    async def deliver(self, chat_id: str, reply: Reply, urgent: bool) -> None:
        """Send `reply` as one or more messages, buttons under the last one, after every
        reply to the same chat handed over before it (asyncio.Lock is first come, first
        served). Raises Unreachable, or DeliveryError, as the module's table says; the
        parts after a failed one are not sent."""
        lock = self._order.get(chat_id)
        if lock is None:
            lock = self._order[chat_id] = asyncio.Lock()
        async with lock:
            texts = messages(reply.text)
            buttons = view(reply.buttons)
            for index, text in enumerate(texts):
                last = index == len(texts) - 1 and reply.attachment is None
                await self._send(chat_id, urgent, text, buttons if last else None, None)
            if reply.attachment is not None:
                await self._send(chat_id, urgent, None, buttons, reply.attachment)

    async def _send(self, chat_id: str, urgent: bool, text: str | None,
                    buttons: discord.ui.View | None, attachment: Attachment | None) -> None:
        if chat_id in self._gone:
            raise Unreachable(chat_id)
        nonce = secrets.randbits(64)  # one per message, whatever the tries (see the table)
        try:
            async for attempt in retrying(self.retries, self.backoff):
                with attempt:
                    channel = await self._channel(chat_id, urgent)
                    await self.pacing.turn(urgent)
                    await channel.send(
                        text, view=buttons or discord.utils.MISSING,
                        file=file_of(attachment) if attachment else discord.utils.MISSING,
                        allowed_mentions=NO_PINGS, suppress_embeds=True, nonce=nonce)
        except (discord.Forbidden, discord.NotFound) as error:
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

    async def _channel(self, chat_id: str, urgent: bool) -> discord.abc.Messageable:
        """Where to send for `chat_id`: a server channel as is; a person's DMs opened once."""
        channel_id = channel_of(chat_id)
        if channel_id is not None:
            return self.client.get_partial_messageable(channel_id)
        user_id = int(chat_id)
        known = self._dm.get(user_id)
        if known is None:
            await self.pacing.turn(urgent)
            known = (await self.client.create_dm(discord.Object(id=user_id))).id
            self._dm[user_id] = known
            if len(self._dm) > DM_CHANNELS_KEPT:
                self._dm.popitem(last=False)
        else:
            self._dm.move_to_end(user_id)
        return self.client.get_partial_messageable(known, type=discord.ChannelType.private)
