"""The notification fan-out benchmark, small and on fast fake limits: one post reaches each
of 300 subscribers once (two claimed batches, the second planned while the first goes)
while ten people chat, nothing bounces, and every verdict printed is the one its figure
deserves. The targets themselves are judged by `python -m bench.notify` at full size."""

from __future__ import annotations

import math
import re

import pytest

from bench import notify


def test_a_small_fan_out_while_people_chat_is_told_once_each_and_judged_honestly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = notify.main(["--subscribers", "300", "--chatters", "10", "--pause", "0.5",
                          "--fast"])
    printed = capsys.readouterr().out
    assert "loaded 300 subscribers and 10 chatters" in printed
    assert re.search(r"fan-out [\d.]+ s: 300 notifications at", printed)
    assert "429 answers 0 (target 0) met" in printed
    assert "lost 0, doubled 0, wrong text 0 (target 0) met" in printed
    assert "unanswered 0 (target 0) met" in printed
    rate = re.search(r"= ([\d.]+)% of Telegram's 600/s \(target ≥ 90%\) (met|NOT MET)", printed)
    assert rate is not None and (float(rate[1]) >= 90) == (rate[2] == "met")
    waits = re.search(r"p99 ([\d.]+) s over (\d+) messages sent during the fan-out "
                      r"\(target p99 < 2 s\) (met|NOT MET)", printed)
    assert waits is not None and int(waits[2]) > 0
    assert (float(waits[1]) < 2) == (waits[3] == "met")
    assert status == (1 if "NOT MET" in printed else 0)


def test_a_missed_target_is_printed_as_such_and_fails_the_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    figures = {"messages": 30_000, "rate": 28.0, "notification_rate": 24.0, "too_many": 0,
               "lost": 0, "doubled": 0, "wrong": 0, "loaded": 5.0, "fan_out": 1250.0,
               "author_wait": 0.4, "replies": 5000, "waits": 4000, "unanswered": 0,
               "p50": 0.1, "p99": 2.5, "probe": 15.0}
    assert not notify.print_figures(figures, 30_000, 200, 30)
    printed = capsys.readouterr().out
    assert "93.3% of Telegram's 30/s (target ≥ 90%) met" in printed
    assert "p99 2.50 s over 4000 messages sent during the fan-out (target p99 < 2 s) NOT MET" \
        in printed
    assert notify.print_figures({**figures, "p99": 1.2}, 30_000, 200, 30)
    assert not notify.print_figures({**figures, "doubled": 1}, 30_000, 200, 30)
    assert not notify.print_figures({**figures, "p99": math.nan, "waits": 0}, 30_000, 200, 30)
