"""The Discord send benchmark at a tiny size: every DM arrives once, with its text, and the
figures are printed. The rate target lives in `python -m bench.discord_send`, not here."""

from __future__ import annotations

import json

import pytest

from bench.discord_send import Figures, TooMany, main, report
from tests.adapters.discord.discord_support import discord_urls_put_back

__all__ = ["discord_urls_put_back"]  # autouse: the bench points discord.py at its fake


def test_a_small_burst_loses_and_doubles_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--people", "15"])
    printed = capsys.readouterr().out
    assert "sent 15 messages to 15 people" in printed
    assert "(30 requests, 15 DM channels opened)" in printed
    assert "% of Discord's global 50/s (target ≥ 85%)" in printed
    assert "messages " in printed and "/s" in printed
    assert "after the bucket was learned 0 (target 0)" in printed
    assert "lost 0, doubled 0, wrong text 0, failed sends 0 (target 0)" in printed


def test_429s_are_told_apart_by_route_and_by_whether_the_bucket_was_known(
        capsys: pytest.CaptureFixture[str]) -> None:
    open_dm, send = "POST /users/@me/channels", "POST /channels/{channel_id}/messages"
    figures = Figures(
        people=3, seconds=1.0, requests=9, requests_per_s=45.0, busiest_second=9, messages=3,
        messages_per_s=3.0, dm_channels_opened=3,
        too_many=[TooMany(0.01, open_dm, "route"), TooMany(0.5, open_dm, "route"),
                  TooMany(0.6, send, "global")],
        first_answers={open_dm: 0.0, send: 0.7})
    assert [t.at for t in figures.late_429s] == [0.01, 0.5]
    assert not figures.met()
    report(figures)
    printed = capsys.readouterr().out
    assert "429 answers 3: global 1, route 2; after the bucket was learned 2" in printed
    assert f"  {open_dm}: 2 (route), at 0.01–0.50 s; bucket learned at 0.00 s" in printed
    assert f"  {send}: 1 (global), at 0.60–0.60 s; bucket learned at 0.70 s" in printed


def test_json_carries_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--people", "3", "--open-dm-limit", "50", "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert (figures["messages"], figures["lost"], figures["doubled"]) == (3, 0, 0)
    assert figures["too_many"] == [] and figures["late_429s"] == 0
