"""What the two send benchmarks share: what a fake Bot API server received, and the verdict.

`bench.telegram_send` queues replies straight into the Telegram adapter;
`bench.digest_delivery` has a scheduler tick compose and send due digests.
`bench.notify` pushes one post's notifications to thousands of subscribers while
people chat. All read the server's record the same way and judge it against the
same targets: at least 90 % of Telegram's 30 messages a second, no 429, and no
chat that got nothing or got twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.fakes.telegram_server import FakeTelegram

LIMIT_PER_S = 30
TARGET_SHARE = 0.90


def received(server: FakeTelegram, chats: Iterable[int]) -> dict[str, float]:
    """How many messages reached `chats`, at what rate, the 429s, and the chats lost or
    doubled."""
    chats = list(chats)
    counts = [len(server.sent[chat]) for chat in chats]
    times = sorted(sent.at for chat in chats for sent in server.sent[chat])
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return {"messages": len(times), "rate": rate, "too_many": server.too_many,
            "lost": counts.count(0), "doubled": sum(n > 1 for n in counts)}


def verdict(ok: bool) -> str:
    """How a printed figure stands against its target."""
    return "met" if ok else "NOT MET"


def report(figures: dict[str, float], faults: dict[str, float],
           limit: float = LIMIT_PER_S) -> bool:
    """Print the rate against Telegram's limit (`limit` messages a second, the fake
    server's), the 429s and `faults` (each meant to be 0), each met or NOT MET; True
    when every target is met."""
    share = figures["rate"] / limit
    print(f"rate {figures['rate']:.1f} messages/s = {share:.1%} of Telegram's {limit:g}/s "
          f"(target ≥ {TARGET_SHARE:.0%}) {verdict(share >= TARGET_SHARE)}")
    print(f"429 answers {figures['too_many']:.0f} (target 0) {verdict(not figures['too_many'])}")
    print(", ".join(f"{name} {n:.0f}" for name, n in faults.items())
          + f" (target 0) {verdict(not any(faults.values()))}")
    return share >= TARGET_SHARE and not figures["too_many"] and not any(faults.values())
