"""A local fake Telegram Bot API server on a real socket, for the real python-telegram-bot.

It keeps Telegram's rules where Plaza could break them, and answers the way
Telegram does when it is broken:

- getUpdates with offsets (confirmed updates are dropped) and long polling; a
  second poller ends the first one's request with 409 Conflict, as Telegram does;
- sendMessage / sendDocument checked like Telegram: HTML entities (see
  telegram_html), 1-4096 characters, button data of at most 64 bytes, a known
  chat; anything else is refused with a 400, recorded in `refused`;
- limits: more than `per_second` messages in any second, or two to one chat
  within `per_chat` seconds, get 429 with retry_after (counted in `too_many`,
  which scripted 429s are not);
- scripted faults: `fail("sendMessage", 500, times=2)` (status 0 hangs up
  without answering, a network error), `block(person)` (403 until `unblock`),
  `push(update, twice=True)` (delivered twice);
- `on_the_way[chat] = seconds`: a message to that chat is slow on its way, so
  Telegram counts it that much later than it was sent (later ones may overtake it);
- `migrate(group, supergroup)`: the group became a supergroup, so a send to it
  is refused with 400 and `parameters.migrate_to_chat_id`, as Telegram does;
  with `by=person`, the service messages saying so are delivered in both chats.

Every accepted message is recorded per chat in `sent`, as the person reads it.
With a webhook set (setWebhook), updates are posted to it instead, with the
secret-token header, and getUpdates answers 409 as Telegram does. The HTTP
side (URLs, Telegram's answers and errors, `calls`) is telegram_api's.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from typing import Any

from aiohttp import web

from tests.fakes.telegram_api import BotApi
from tests.fakes.telegram_people import Group, Person, message
from tests.fakes.telegram_rules import (
    CONFLICT,
    DESCRIPTIONS,
    SENDS,
    UPGRADED,
    Fault,
    Limits,
    Refusal,
    Sent,
    buttons,
    displayed,
    message_text,
)

TOKEN = "123456789:AAH-fake-token-for-tests_only"


class FakeTelegram(BotApi):
    def __init__(self, token: str = TOKEN, username: str = "PlazaBot",
                 per_second: float = 30, per_chat: float = 1.0) -> None:
        super().__init__(token)
        self.username = username
        self.bot_id = int(token.split(":")[0])
        self.limits = Limits(per_second, per_chat)
        self.sent: dict[int, list[Sent]] = defaultdict(list)
        self.commands: dict[str | None, list[dict[str, str]]] = {}
        self.answered: list[str] = []  # callback query ids
        self.webhook: dict[str, Any] | None = None
        self.webhook_answers: list[int] = []
        self.chats: set[int] = set()
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}  # a group's id -> its supergroup's
        self.upgraded_answers = 0  # sends refused because their group had migrated
        self.on_the_way: dict[int, float] = {}  # chat -> seconds before a message arrives
        self._faults: list[Fault] = []
        self._updates: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._queries: set[str] = set()
        self._poll: asyncio.Future[None] | None = None  # the pending long poll, if any

    async def __aexit__(self, *exc: object) -> None:
        if self._poll and not self._poll.done():
            self._poll.cancel()
        await super().__aexit__(*exc)

    # -- what people do ------------------------------------------------------------------

    def push(self, update: dict[str, Any], twice: bool = False) -> dict[str, Any]:
        """Deliver an update (given without its id); `twice` delivers it a second time."""
        update = {"update_id": next(self._ids), **update}
        for body in update.values():
            if isinstance(body, dict) and isinstance(body.get("chat"), dict):
                self.chats.add(body["chat"]["id"])
        for _ in range(2 if twice else 1):
            if self.webhook:
                self._background(self._post_to_webhook(update))
            else:
                self._updates.append(update)
        self._background(self._notify())
        return update

    def message(self, sender: Person, text: str, chat: Group | None = None,
                twice: bool = False, **fields: Any) -> dict[str, Any]:
        return self.push({"message": message(sender, text, chat.chat() if chat else None,
                                             **fields)}, twice)

    def press(self, sender: Person, sent: Sent, data: str) -> dict[str, Any]:
        """`sender` presses the button with `data` under the message `sent`."""
        query_id = f"q{next(self._ids)}"
        self._queries.add(query_id)
        chat = {"id": sent.chat_id, "type": "private" if sent.chat_id > 0 else "supergroup"}
        shown = {"message_id": sent.message_id, "date": int(time.time()), "chat": chat,
                 "text": sent.text, "from": self.me()}
        return self.push({"callback_query": {
            "id": query_id, "from": sender.user(), "chat_instance": str(sent.chat_id),
            "message": shown, "data": data}})

    def fail(self, method: str, status: int, chat_id: int | None = None, times: int = 1,
             retry_after: int = 1) -> None:
        """The next `times` calls of `method` (to `chat_id`, if given) answer `status`."""
        self._faults.append(Fault(method, status, chat_id, times, retry_after))

    def block(self, chat: Person | Group) -> None:
        """Sends to this person's private chat (or to `chat`) answer 403 until `unblock`."""
        self.blocked.add(chat.id)

    def unblock(self, chat: Person | Group) -> None:
        self.blocked.discard(chat.id)

    def migrate(self, group: Group, supergroup: Group, by: Person | None = None) -> None:
        """`group` is now `supergroup`; `by` upgraded it (Telegram then says so in both)."""
        self.migrated[group.id] = supergroup.id
        self.chats.add(supergroup.id)
        if by is not None:
            self.push({"message": message(by, None, group.chat(),
                                          migrate_to_chat_id=supergroup.id)})
            self.push({"message": message(by, None, supergroup.chat(),
                                          migrate_from_chat_id=group.id)})

    def open_chats(self, ids: range | list[int]) -> None:
        """Chats that exist without having written (for sending in bulk)."""
        self.chats.update(ids)

    # -- what the test reads -------------------------------------------------------------

    @property
    def too_many(self) -> int:
        """429s the limits caused (scripted ones not counted)."""
        return self.limits.too_many

    def me(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Plaza",
                "username": self.username, "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def wait_for(self, chat_id: int, count: int, timeout: float = 10.0) -> list[Sent]:
        """The first `count` messages sent to `chat_id`, once they have all arrived."""
        async with self._news:
            await asyncio.wait_for(
                self._news.wait_for(lambda: len(self.sent[chat_id]) >= count), timeout)
        return self.sent[chat_id][:count]

    # -- the Bot API ---------------------------------------------------------------------

    def _fault(self, method: str, params: dict[str, Any]) -> None:
        chat = int(params["chat_id"]) if "chat_id" in params else None
        for fault in self._faults:
            fault.strike(method, chat)
        if method in SENDS and chat in self.blocked:
            raise Refusal(403, DESCRIPTIONS[403])
        if method in SENDS and chat in self.migrated:
            self.upgraded_answers += 1
            raise Refusal(400, UPGRADED, migrate_to=self.migrated[chat])

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.me()

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook:
            raise Refusal(409, "Conflict: can't use getUpdates method while webhook is "
                                     "active; use deleteWebhook to delete the webhook first")
        if self._poll and not self._poll.done():
            self._poll.set_exception(Refusal(409, CONFLICT))
        offset = int(params.get("offset", 0))
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout", 0))
        if not self._updates and timeout > 0:
            self._poll = poll = asyncio.get_running_loop().create_future()
            waiter = asyncio.ensure_future(self._wait_for_updates())
            done, _ = await asyncio.wait({poll, waiter}, timeout=timeout,
                                         return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            if poll in done and not poll.cancelled():
                poll.result()  # raises the Conflict
            poll.cancel()
        return self._updates[: int(params.get("limit", 100))]

    async def _wait_for_updates(self) -> None:
        async with self._news:
            await self._news.wait_for(lambda: bool(self._updates))

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(self.on_the_way.get(int(params.get("chat_id", 0)), 0.0))
        chat_id = self._chat(params)
        return self._record(Sent(chat_id, message_text(params), buttons(params)))

    async def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat(params)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        if not isinstance(document, web.FileField):
            raise Refusal(400, "Bad Request: there is no document in the request")
        caption = displayed(params.get("caption", ""), params.get("parse_mode"))
        sent = Sent(chat_id, caption, buttons(params),
                    (document.filename, document.file.read()))
        return self._record(sent)

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query = params.get("callback_query_id", "")
        if query not in self._queries:
            raise Refusal(400, "Bad Request: query is too old and response timeout "
                                     "expired or query ID is invalid")
        self._queries.discard(query)
        self.answered.append(query)
        return True

    async def _setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = json.loads(params["commands"])
        for command in commands:
            name, words = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32 and name.islower()) or not 1 <= len(words) <= 256:
                raise Refusal(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[params.get("language_code")] = commands
        return True

    async def _setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": params["url"], "secret": params.get("secret_token")}
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def _getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    # -- the rules -----------------------------------------------------------------------

    def _chat(self, params: dict[str, Any]) -> int:
        chat_id = int(params.get("chat_id", 0))
        if chat_id not in self.chats:
            raise Refusal(400, "Bad Request: chat not found")
        self.limits.check(chat_id)
        return chat_id

    def _record(self, sent: Sent) -> dict[str, Any]:
        sent.message_id, sent.at = next(self._message_ids), self.limits.count(sent.chat_id)
        self.sent[sent.chat_id].append(sent)
        return {"message_id": sent.message_id, "date": int(time.time()),
                "chat": {"id": sent.chat_id, "type": "private" if sent.chat_id > 0 else "group"},
                "from": self.me(), "text": sent.text}

    async def _post_to_webhook(self, update: dict[str, Any]) -> None:
        assert self.webhook and self._session
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook["secret"] or ""}
        async with self._session.post(self.webhook["url"], json=update, headers=headers) as r:
            self.webhook_answers.append(r.status)
        await self._notify()
