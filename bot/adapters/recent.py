"""Ids seen lately, so an event a platform delivers twice is acted on once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable


class RecentIds:
    """The last `size` ids seen (update ids, message or interaction ids).

    Telegram re-sends an update it could not tell the bot got (a webhook call
    that timed out, a poll whose confirmation never arrived); Discord replays the
    events after the last sequence number when a gateway session resumes. Both
    happen to a running process, so remembering recent ids in memory is enough
    for one worker.
    """

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._ids: OrderedDict[Hashable, None] = OrderedDict()

    def first_time(self, key: Hashable) -> bool:
        """True the first time `key` is seen (it is remembered), False after."""
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True
