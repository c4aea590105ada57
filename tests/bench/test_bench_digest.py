"""The digest delivery benchmark at a tiny size: a burst of due digests through the fake
Telegram server loses, doubles and bounces nothing. Rates are never asserted here; the
targets live in `python -m bench.digest_delivery`. Building a day's digests
(`python -m bench.digest`) is run on both engines in test_bench_engines.py."""

from __future__ import annotations

import pytest

from bench import digest_delivery


def test_a_burst_of_due_digests_loses_doubles_and_bounces_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    digest_delivery.main(["--people", "40"])
    printed = capsys.readouterr().out
    assert "40 of 40 due digests sent as 40 messages" in printed
    assert "429 answers 0 (target 0)" in printed
    assert "lost 0, doubled 0 (target 0)" in printed
