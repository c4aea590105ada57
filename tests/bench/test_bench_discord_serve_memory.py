"""The memory benchmark of `plaza run` on both platforms at a tiny size: it starts, reads
the process's memory idle and after a burst, everyone is answered, and it stops cleanly.
The 200 MB target lives in `python -m bench.serve_memory`, not here."""

from __future__ import annotations

import json
import re

import pytest

from bench.serve_memory import main


def test_a_small_burst_on_both_platforms_is_answered_and_measured(
        capsys: pytest.CaptureFixture[str]) -> None:
    main(["--burst", "5", "--idle", "0"])
    printed = capsys.readouterr().out
    assert "plaza run on discord and telegram" in printed
    assert re.search(r"idle: peak \d+\.\d MB", printed)
    assert re.search(r"after 5 people on each platform \(10\) wrote at once and were "
                     r"answered \(last message .* s later\): peak \d+\.\d MB", printed)
    assert "unanswered: discord 0, telegram 0 (target 0)" in printed
    assert "errors logged 0" in printed
    assert "429 answers: Discord global " in printed
    assert "exit status after SIGTERM 0" in printed


def test_one_platform_alone_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--burst", "2", "--idle", "0", "--platforms", "discord", "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert figures["platforms"] == ["discord"]
    assert figures["unanswered"] == {"discord": 0, "telegram": 0}
    assert figures["answers"] >= 2 and figures["errors"] == 0
    assert figures["idle"]["peak"] <= figures["after"]["peak"]
    assert figures["exit_status"] == 0
