"""What the fake Bot API server refuses, and how: Telegram's checks on a message, its rate
limits, and the faults a test scripts.

Each refusal is a `Refusal` carrying Telegram's status and description; the
server turns it into Telegram's JSON error answer.
"""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.telegram_html import EntityError, plain, utf16_len

SENDS = {"sendMessage", "sendDocument"}
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot " \
           "instance is running"
UPGRADED = "Bad Request: group chat was upgraded to a supergroup chat"
DESCRIPTIONS = {403: "Forbidden: bot was blocked by the user", 500: "Internal Server Error",
                502: "Bad Gateway", 409: CONFLICT, 0: "(no answer: the connection drops)"}


class Refusal(Exception):
    """Telegram's error answer; `retry_after` and `migrate_to` become its `parameters`."""

    def __init__(self, status: int, description: str, retry_after: int | None = None,
                 migrate_to: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after
        self.migrate_to = migrate_to

    def parameters(self) -> dict[str, int]:
        found = {"retry_after": self.retry_after, "migrate_to_chat_id": self.migrate_to}
        return {name: value for name, value in found.items() if value is not None}


@dataclass
class Sent:
    """One message as the person received it."""

    chat_id: int
    text: str  # as displayed: tags gone, entities decoded
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    document: tuple[str, bytes] | None = None
    message_id: int = 0
    at: float = 0.0  # time.monotonic() when accepted

    def data(self) -> list[str]:
        return [button["callback_data"] for row in self.buttons for button in row]


@dataclass
class Fault:
    """The next `times` calls of `method` (to `chat_id`, if set) answer `status`."""

    method: str
    status: int
    chat_id: int | None
    times: int
    retry_after: int

    def strike(self, method: str, chat_id: int | None) -> None:
        if self.method != method or not self.times or self.chat_id not in (None, chat_id):
            return
        self.times -= 1
        if self.status == 429:
            raise Refusal(429, f"Too Many Requests: retry after {self.retry_after}",
                          self.retry_after)
        raise Refusal(self.status, DESCRIPTIONS.get(self.status, "Error"))


class Limits:
    """Telegram's rates: at most `per_second` messages in any second, one per chat per
    `per_chat` seconds; `too_many` counts the 429s they caused, `too_many_chat` those of
    them a chat's second caused (the rest: the overall second)."""

    def __init__(self, per_second: float, per_chat: float) -> None:
        self.per_second, self.per_chat = per_second, per_chat
        self.too_many = self.too_many_chat = 0
        self._window: deque[float] = deque()
        self._last_to: dict[int, float] = {}

    def check(self, chat_id: int) -> None:
        now = time.monotonic()
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        recent = now - self._last_to.get(chat_id, -1e9) < self.per_chat
        if len(self._window) >= self.per_second or recent:
            self.too_many += 1
            self.too_many_chat += recent
            raise Refusal(429, "Too Many Requests: retry after 1", 1)

    def count(self, chat_id: int) -> float:
        now = time.monotonic()
        self._window.append(now)
        self._last_to[chat_id] = now
        return now


def displayed(text: str, parse_mode: str | None) -> str:
    """The text as the person will read it, or Telegram's refusal to parse it."""
    if parse_mode != "HTML":
        return text
    try:
        return plain(text)
    except EntityError as error:
        raise Refusal(400, f"Bad Request: can't parse entities: {error}") from error


def message_text(params: dict[str, Any]) -> str:
    text = displayed(params.get("text", ""), params.get("parse_mode"))
    if not text.strip():
        raise Refusal(400, "Bad Request: message text is empty")
    if utf16_len(text) > 4096:
        raise Refusal(400, "Bad Request: message is too long")
    return text


def buttons(params: dict[str, Any]) -> list[list[dict[str, str]]]:
    rows = json.loads(params.get("reply_markup", "{}")).get("inline_keyboard", [])
    for button in (b for row in rows for b in row):
        if not button.get("text"):
            raise Refusal(400, "Bad Request: BUTTON_TEXT_INVALID")
        if len(button.get("callback_data", "").encode()) > 64:
            raise Refusal(400, "Bad Request: BUTTON_DATA_INVALID")
    return rows
