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
    notices = untold(session)
    assert [(n.reporter_id, n.status) for n in notices] == [(alice.id, ReportStatus.removed),
                                                            (carol.id, ReportStatus.removed)]
    assert claim_notice(session, a.id) is True
    assert claim_notice(session, a.id) is False  # another worker got there first
    assert [n.report_id for n in untold(session)] == [c.id]
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
    assert {n.report_id for n in untold(session)} == {by_post.id, by_person.id}


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


def test_a_report_is_gone_with_its_reporter_or_the_reported_account(
        session: Session, person: Callable[..., Person]) -> None:
    alice, bob = person("alice"), person("bob")
    report_person(session, alice, "bob", "spam")
    network.delete_account(session, bob)
    assert open_reports(session) == []


def test_a_reports_number_is_never_given_to_another(
        session: Session, person: Callable[..., Person]) -> None:
    """The operator acts by number on the list they read: a number whose report went
    with an account must not come back as someone else's report."""
    alice, bob = person("alice"), person("bob")
    person("carol")
    first = report_person(session, alice, "bob", "spam")
    network.delete_account(session, bob)
    second = report_person(session, alice, "carol", "meh")
    assert second.id > first.id
