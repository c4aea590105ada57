"""Telling reporters what was done (bot.digest.notices), on the scheduler's tick, on each
engine: once per reporter and decision, in their language, worded for what they reported
(a post or a person) and what happened to it (removed, suspended, gone)."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa

from bot.digest.scheduler import DigestScheduler
from storage import network
from storage.db import session_scope
from storage.models import Platform
from storage.reports import Verb, act, open_reports
from tests.chat_fixtures import Clock
from tests.digest.digest_support import Recorder, sign_up


def _tell(engine: sa.Engine, ticks: int = 2) -> tuple[list[int], dict[str, list[str]]]:
    """Tick `ticks` times; how many reporters each tick told, and what each chat read."""
    clock = Clock()
    recorder = Recorder(clock)
    scheduler = DigestScheduler(engine, {Platform.console: recorder}, clock=clock)

    async def ticking() -> list[int]:
        try:
            return [(await scheduler.tick())["told"] for _ in range(ticks)]
        finally:
            await scheduler.stop()

    told = asyncio.run(ticking())
    read: dict[str, list[str]] = {}
    for delivered in recorder.sent:
        read.setdefault(delivered.chat_id, []).append(delivered.text)
    return told, read


def test_suspending_an_author_tells_each_reporter_once_about_what_they_reported(
        engine: sa.Engine) -> None:
    with session_scope(engine) as session:
        alice, bob, carol, dan = (sign_up(session, h) for h in ("alice", "bob", "carol", "dan"))
        network.update_settings(session, carol, language="fr")
        first, second = (network.post(session, bob, t).id for t in ("spam", "more spam"))
        for post_id in (first, second):
            network.report_post(session, alice, post_id, "spam")  # and Bob himself, below
        network.report_person(session, alice, "bob", "a spammer")
        network.report_post(session, carol, second, "pourriel")
        network.report_post(session, dan, first, "spam")
        network.report_post(session, dan, second, "spam")
        act(session, open_reports(session)[0].ids[0], Verb.suspend)
    told, read = _tell(engine)
    assert told == [3, 0]
    assert read == {
        "alice": ["About your report: the account you reported (@bob) broke Plaza's rules "
                  "and has been suspended. Thank you for telling us."],
        "carol": ["À propos de votre signalement : l'auteur du message signalé (n°2), @bob, "
                  "enfreignait les règles de Plaza et son compte a été suspendu. Merci de "
                  "nous l'avoir dit."],
        "dan": ["About your reports: the author of the posts you reported, @bob, broke "
                "Plaza's rules and their account has been suspended. Thank you for telling "
                "us."]}


def test_what_was_gone_before_the_operator_acted_is_told_as_gone(engine: sa.Engine) -> None:
    with session_scope(engine) as session:
        alice, bob, carol, dan = (sign_up(session, h) for h in ("alice", "bob", "carol", "dan"))
        network.update_settings(session, carol, language="fr")
        deleted = network.post(session, bob, "spam").id
        network.report_post(session, alice, deleted, "spam")
        network.report_post(session, carol, deleted, "spam")
        network.delete_post(session, bob, deleted)
        network.report_person(session, alice, "dan", "rude")
        network.delete_account(session, dan)
    with session_scope(engine) as session:
        for case in open_reports(session):
            act(session, case.ids[0], Verb.remove if case.post_id else Verb.suspend)
    told, read = _tell(engine)
    assert told == [3, 0]  # alice twice: two decisions
    assert read == {
        "alice": ["About your report: the post you reported (#1) is no longer on Plaza. "
                  "Thank you for telling us.",
                  "About your report: the account you reported (@dan) is no longer on "
                  "Plaza. Thank you for telling us."],
        "carol": ["À propos de votre signalement : le message signalé (n°1) n'est plus sur "
                  "Plaza. Merci de nous l'avoir dit."]}


def test_a_suspended_account_deleted_before_the_tick_is_still_told(engine: sa.Engine) -> None:
    """Bob is suspended, then deletes his account before the serving process ticks: his
    reporter still hears of the suspension, with the handle she reported."""
    with session_scope(engine) as session:
        alice = sign_up(session, "alice")
        sign_up(session, "bob")
        filed = network.report_person(session, alice, "bob", "threats")
        act(session, filed.id, Verb.suspend)
        network.delete_account(session, network.person_by_handle(session, "bob"))
    told, read = _tell(engine)
    assert told == [1, 0]
    assert read == {"alice": ["About your report: the account you reported (@bob) broke "
                              "Plaza's rules and has been suspended. Thank you for telling us."]}
