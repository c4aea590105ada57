"""The console's way out for digests: the terminal running the command is the chat.

A console identity has no app to push to, so `plaza digest --due` prints the
digests due to console people on standard output, one block each, headed by
the chat it is for. Writing is the whole send: a closed output raises
`DeliveryError`, like a platform that would not take the message.
"""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from bot.adapters.base import Priority
from bot.errors import DeliveryError
from bot.messages import Reply
from storage.models import Platform


class ConsoleOutbox:
    """Sends by printing; safe to share between the scheduler's tasks."""

    platform = Platform.console

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self._lock = threading.Lock()

    async def send(self, chat_id: str, reply: Reply, priority: Priority = Priority.digest
                   ) -> None:
        block = f"── to {chat_id} ──\n{reply.text}\n\n"
        try:
            with self._lock:
                self.out.write(block)
                self.out.flush()
        except (OSError, ValueError) as error:  # a closed pipe or stream
            raise DeliveryError(chat_id) from error
