"""The Telegram send benchmark at a tiny size: every message arrives once and Telegram's
limits are never hit. The rate target lives in `python -m bench.telegram_send`, not here."""

from __future__ import annotations

import pytest

from bench.telegram_send import main


def test_a_small_burst_loses_and_doubles_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--messages", "40"])
    printed = capsys.readouterr().out
    assert "sent 40 messages to 40 chats" in printed
    assert "429 answers 0 (target 0)" in printed
    assert "lost 0, doubled 0, wrong text 0" in printed
