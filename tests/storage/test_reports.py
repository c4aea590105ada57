"""Reports (storage.reports): filing one of a post or a person, the operator's list and
decisions, and telling the reporter once; on both engines."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.errors import InvalidInput, NotAllowed, NotFound, Reason
from storage.models import Person, Report, ReportStatus
from storage.reports import (
    REASON_MAX,
    Verb,
    act,
    claim_notice,
    open_reports,
    report_person,
    report_post,
    untold,
)


def _report(session: Session, report_id: int) -> Report:
    found = session.get(Report, report_id, populate_existing=True)
    assert found is not None
    return found


def test_a_post_report_keeps_the_text_and_a_second_one_updates_it(
        session: Session, person: Callable[..., Person]) -> None:
    alice, bob = person("alice"), person("bob")
    post = network.post(session, bob, "buy cheap watches")
    first = report_post(session, alice, post.id, "  it's\tspam\n ")
    assert first.new
    again = report_post(session, alice, post.id, "spam, and rude")
    assert (again.id, again.new) == (first.id, False)
    report_post(session, alice, post.id)  # no reason: the last one stands
    report = _report(session, first.id)
    assert (report.reason, report.post_text, report.post_id) == ("spam, and rude",
                                                                 "buy cheap watches", post.id)
    assert report.person_id == bob.id and report.status == ReportStatus.open


def test_a_repost_reports_its_original(session: Session, person: Callable[..., Person]) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    post = network.post(session, bob, "rude words")
    shared = network.repost(session, carol, post.id)
    filed = report_post(session, alice, shared.id, "rude")
    assert _report(session, filed.id).post_id == post.id


def test_what_may_not_be_reported(session: Session, person: Callable[..., Person]) -> None:
    alice, bob = person("alice"), person("bob")
    mine = network.post(session, alice, "mine")
    hidden = network.post(session, bob, "friends only", visibility="followers")
    with pytest.raises(NotAllowed) as refused:
        report_post(session, alice, mine.id, "oops")
    assert refused.value.reason == Reason.report_yourself
    with pytest.raises(NotAllowed) as refused:
        report_person(session, alice, "@alice")
    assert refused.value.reason == Reason.report_yourself
    with pytest.raises(NotFound):
        report_post(session, alice, hidden.id, "can't see it")  # out of sight: not found
    with pytest.raises(NotFound):
        report_post(session, alice, 9999)
    with pytest.raises(NotFound):
        report_person(session, alice, "nobody_here")
    with pytest.raises(InvalidInput) as refused:
        report_person(session, alice, "bob", "x" * (REASON_MAX + 1))
    assert refused.value.reason == Reason.too_long


def test_a_blocked_person_can_still_be_reported_but_not_their_posts(
        session: Session, person: Callable[..., Person]) -> None:
    alice, bob = person("alice"), person("bob")
    post = network.post(session, bob, "harassing words")
    network.block(session, alice, "bob")
    with pytest.raises(NotFound):
        report_post(session, alice, post.id)
    assert report_person(session, alice, "bob", "harassment").new


def test_the_list_groups_reports_of_one_thing_most_reported_first(
        session: Session, person: Callable[..., Person]) -> None:
    alice, bob, carol, dan = person("alice"), person("bob"), person("carol"), person("dan")
    once = network.post(session, bob, "mildly rude")
    often = network.post(session, dan, "very rude")
    report_post(session, alice, once.id, "rude")
    report_person(session, alice, "dan", "keeps at it")
    report_post(session, alice, often.id, "")
    report_post(session, carol, often.id, "nasty")
    report_post(session, bob, often.id, "nasty too")
    cases = open_reports(session)
    assert [(c.handle, c.post_id, c.people) for c in cases] == [
        ("dan", often.id, 3), ("bob", once.id, 1), ("dan", None, 1)]
    assert cases[0].reasons == ["nasty", "nasty too"]
    assert cases[0].post_text == "very rude"


def test_removing_a_post_resolves_its_reports_and_the_reporters_are_told_once(
        session: Session, person: Callable[..., Person]) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    post = network.post(session, bob, "spam")
    other = network.post(session, bob, "fine")
    a = report_post(session, alice, post.id, "spam")
    c = report_post(session, carol, post.id, "spam")
    kept = report_post(session, carol, other.id, "meh")
    done = act(session, c.id, Verb.remove)
    assert (done.status, done.ids, done.post_id) == (ReportStatus.removed, [a.id, c.id], post.id)
    assert session.execute(sa.text("SELECT count(*) FROM post WHERE id = :id"),
                           {"id": post.id}).scalar() == 0
    assert _report(session, kept.id).status == ReportStatus.open
    with pytest.raises(NotAllowed) as refused:
        act(session, a.id, Verb.dismiss)
    assert refused.value.reason == Reason.report_closed
    decisions = untold(session)
    assert [(d.reporter_id, d.status) for d in decisions] == [(alice.id, ReportStatus.removed),
                                                              (carol.id, ReportStatus.removed)]
    told = claim_notice(session, decisions[0])
    assert told is not None and (told.report_ids, told.post_ids) == ([a.id], [post.id])
    assert claim_notice(session, decisions[0]) is None  # another worker got there first
    assert [d.reporter_id for d in untold(session)] == [carol.id]
    # The report outlives the post, with its text, for the operator's records.
    assert _report(session, a.id).post_text == "spam"


def test_suspending_resolves_every_report_about_the_person(
        session: Session, person: Callable[..., Person]) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    post = network.post(session, bob, "spam")
    by_post = report_post(session, alice, post.id, "spam")
    by_person = report_person(session, carol, "bob", "a spammer")
    done = act(session, by_person.id, Verb.suspend)
    assert done.ids == [by_post.id, by_person.id] and done.handle == "bob"
    session.refresh(bob)
    assert bob.suspended_at is not None
    assert open_reports(session) == []
    assert {d.reporter_id for d in untold(session)} == {alice.id, carol.id}


def test_dismissing_tells_nobody_and_removing_a_person_report_is_refused(
        session: Session, person: Callable[..., Person]) -> None:
    alice, carol = person("alice"), person("carol")
    person("bob")
    filed = report_person(session, alice, "bob", "I don't like him")
    also = report_person(session, carol, "bob", "nor I")
    with pytest.raises(NotAllowed) as refused:
        act(session, filed.id, Verb.remove)
    assert refused.value.reason == Reason.report_no_post
    assert act(session, filed.id, Verb.dismiss).ids == [filed.id, also.id]
    assert untold(session) == []
    with pytest.raises(NotFound):
        act(session, 4242, Verb.dismiss)


def test_a_report_is_gone_with_its_reporter(
        session: Session, person: Callable[..., Person]) -> None:
    alice = person("alice")
    person("bob")
    report_person(session, alice, "bob", "spam")
    network.delete_account(session, alice)
    assert open_reports(session) == []


def test_a_reports_number_is_never_given_to_another(
        session: Session, person: Callable[..., Person]) -> None:
    """The operator acts by number on the list they read: a number whose report went
    with an account must not come back as someone else's report."""
    alice, bob = person("alice"), person("bob")
    person("carol")
    first = report_person(session, bob, "alice", "spam")
    network.delete_account(session, bob)
    second = report_person(session, alice, "carol", "meh")
    assert second.id > first.id


def test_a_report_outlives_the_reported_account_and_its_reporters_are_told(
        session: Session, person: Callable[..., Person]) -> None:
    """Deleting one's account erases one's data, not the reports about one: the operator
    keeps the record (the person nulled, the handle as reported) and can still close it,
    and the reporters hear that what they reported is no longer on Plaza."""
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    post = network.post(session, bob, "nasty words")
    by_post = report_post(session, alice, post.id, "nasty")
    by_person = report_person(session, carol, "bob", "harasses me")
    network.delete_account(session, bob)
    kept = _report(session, by_post.id)
    assert (kept.person_id, kept.handle, kept.post_text) == (None, "bob", "nasty words")
    cases = open_reports(session)
    assert [(c.handle, c.post_id, c.account_deleted, c.post_gone) for c in cases] == [
        ("bob", post.id, True, True), ("bob", None, True, False)]
    done = act(session, by_person.id, Verb.suspend)  # nothing left to suspend: closed
    assert (done.status, done.ids, done.handle, done.account_deleted) == (
        ReportStatus.gone, [by_post.id, by_person.id], "bob", True)
    assert open_reports(session) == []
    told = [claim_notice(session, d) for d in untold(session)]
    assert [(n.reporter_id, n.status, n.handle, n.post_ids, n.person)
            for n in told if n is not None] == [
        (alice.id, ReportStatus.gone, "bob", [post.id], False),
        (carol.id, ReportStatus.gone, "bob", [], True)]


def test_a_deleted_accounts_reports_are_one_case_apart_from_anothers(
        session: Session, person: Callable[..., Person]) -> None:
    alice = person("alice")
    person("bob"), person("dan")
    about_bob = report_person(session, alice, "bob", "spam")
    about_dan = report_person(session, alice, "dan", "spam too")
    for handle in ("bob", "dan"):
        network.delete_account(session, network.person_by_handle(session, handle))
    assert [(c.handle, c.ids) for c in open_reports(session)] == [
        ("bob", [about_bob.id]), ("dan", [about_dan.id])]
    assert act(session, about_dan.id, Verb.dismiss).ids == [about_dan.id]
    assert [c.handle for c in open_reports(session)] == ["bob"]


def test_a_post_its_author_deleted_is_listed_gone_and_remove_closes_it(
        session: Session, person: Callable[..., Person]) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    post = network.post(session, bob, "spam spam")
    a = report_post(session, alice, post.id, "spam")
    c = report_post(session, carol, post.id, "")
    network.delete_post(session, bob, post.id)
    [case] = open_reports(session)
    assert (case.post_gone, case.account_deleted, case.post_text) == (True, False, "spam spam")
    done = act(session, a.id, Verb.remove)
    assert (done.status, done.ids, done.handle) == (ReportStatus.gone, [a.id, c.id], "bob")
    told = [claim_notice(session, d) for d in untold(session)]
    assert [(n.status, n.post_ids) for n in told if n is not None] == [
        (ReportStatus.gone, [post.id]), (ReportStatus.gone, [post.id])]
    # Dismissing one closes it as cleanly, and tells nobody.
    again = network.post(session, bob, "more spam")
    d = report_post(session, alice, again.id, "spam")
    network.delete_post(session, bob, again.id)
    assert act(session, d.id, Verb.dismiss).status == ReportStatus.dismissed
    assert untold(session) == []


def test_each_reporter_is_told_once_per_decision(
        session: Session, person: Callable[..., Person]) -> None:
    """Suspending Bob closes Alice's reports of two of his posts and of him: she hears of
    it once, about the account she reported; Carol, who reported one post, once, about
    its author; a second worker claiming the same decisions finds nothing to tell."""
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    first, second = (network.post(session, bob, text) for text in ("spam", "more spam"))
    for post_id in (first.id, second.id):
        report_post(session, alice, post_id, "spam")
    report_person(session, alice, "bob", "a spammer")
    report_post(session, carol, second.id, "spam")
    act(session, report_post(session, carol, second.id).id, Verb.suspend)
    decisions = untold(session)
    assert [d.reporter_id for d in decisions] == [alice.id, carol.id]
    told = [claim_notice(session, d) for d in decisions]
    assert [(n.reporter_id, n.status, n.handle, n.post_ids, n.person)
            for n in told if n is not None] == [
        (alice.id, ReportStatus.suspended, "bob", [first.id, second.id], True),
        (carol.id, ReportStatus.suspended, "bob", [second.id], False)]
    assert [claim_notice(session, d) for d in decisions] == [None, None]
    assert untold(session) == []


def test_reports_merged_into_one_reporter_are_told_once(
        session: Session, person: Callable[..., Person]) -> None:
    """Alice reported #1 from two accounts, merged since: one notice."""
    alice, other, bob = person("alice"), person("alice_tg"), person("bob")
    post = network.post(session, bob, "spam")
    report_post(session, alice, post.id, "spam")
    report_post(session, other, post.id, "spam!")
    network.merge_accounts(session, keep=alice.id, absorb=other.id)
    act(session, open_reports(session)[0].ids[0], Verb.remove)
    [decision] = untold(session)
    told = claim_notice(session, decision)
    assert told is not None and told.reporter_id == alice.id and len(told.report_ids) == 2
