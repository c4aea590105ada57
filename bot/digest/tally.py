"""What one digest tick did, in plain words for whoever runs Plaza.

`DigestScheduler.tick` counts how each due digest ended, by status; this says
those counts as an operator reads them, in `plaza digest --due` and in the
serving log:

    2 digests sent; 1 person had nothing new, so no digest; 30 people were given
    their next digest time (new, or settings changed).

The words are English, like the rest of the command line; the counts agree
with them through the one plural rule in bot.phrases.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from bot.phrases import plural
from storage.models import DeliveryStatus


class TickStatus(StrEnum):
    """What a tick counts (bot.digest.scheduler, bot.digest.dispatch): how each due digest
    ended, as recorded (storage.deliveries.DONE) or `later`; and three things besides."""

    sent = DeliveryStatus.sent.value
    empty = DeliveryStatus.empty.value
    unreachable = DeliveryStatus.unreachable.value
    failed = DeliveryStatus.failed.value
    later = "later"  # given back, to be tried again
    released = "released"  # claimed, then handed back unsent because the worker stops
    adopted = "adopted"  # people given a due time
    told = "told"  # reporters told what was done with their report (bot.digest.notices)


# Each status in the order it is told, as (one, other).
STATUSES: dict[TickStatus, tuple[str, str]] = {
    TickStatus.sent: ("{n} digest sent", "{n} digests sent"),
    TickStatus.empty: ("{n} person had nothing new, so no digest",
                       "{n} people had nothing new, so no digest"),
    TickStatus.unreachable: ("{n} person cannot be reached on any platform served here",
                             "{n} people cannot be reached on any platform served here"),
    TickStatus.later: ("{n} digest will be tried again in a few minutes",
                       "{n} digests will be tried again in a few minutes"),
    TickStatus.failed: ("{n} digest failed too often and is given up for today",
                        "{n} digests failed too often and are given up for today"),
    TickStatus.released: ("{n} digest handed back unsent, for the next run",
                          "{n} digests handed back unsent, for the next run"),
    TickStatus.adopted: (
        "{n} person was given their next digest time (new, or settings changed)",
        "{n} people were given their next digest time (new, or settings changed)"),
    TickStatus.told: ("{n} reporter was told what was done with their report",
                      "{n} reporters were told what was done with their report"),
}
NOTHING_DUE = "No digests were due"


def describe(tally: Mapping[str, int]) -> str:
    """One sentence for a tick's counts by status (zeros left out), ending with a full stop.

    A status this module does not know is still shown, as "<n> <status>", so a
    new one can never be dropped silently.
    """
    counted = {status: n for status, n in tally.items() if n}
    parts = [plural(counted[status], forms) for status, forms in STATUSES.items()
             if status in counted]
    parts += [f"{n} {status}" for status, n in sorted(counted.items()) if status not in STATUSES]
    if not set(counted) - {TickStatus.adopted, TickStatus.told}:
        parts.insert(0, NOTHING_DUE)
    return "; ".join(parts) + "."
