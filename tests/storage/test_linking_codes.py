"""Link codes (storage/linking.py) on each engine: their shape and strength, their life,
single use, the pause after wrong tries, and what they bind."""

from __future__ import annotations

import hashlib
import math
import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import linking, network
from storage.db import session_scope
from storage.errors import NotAllowed, NotFound, Reason, StorageError
from storage.models import Identity, LinkCode, Platform, utcnow


def _ask(session: Session, person, now=None) -> str:
    code, _ = network.new_code(session, person, Platform.telegram, now or utcnow())
    return code


def test_a_code_carries_at_least_40_bits_and_is_easy_to_type(session: Session, person) -> None:
    alice = person("alice")
    codes = {_ask(session, alice) for _ in range(200)}
    assert len(codes) == 200
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}",
                            code) for code in codes)
    assert math.log2(len(linking.ALPHABET) ** linking.CODE_LENGTH - 22 ** linking.CODE_LENGTH) >= 40
    assert all(any(c.isdigit() for c in code) for code in codes)
    # Every letter and digit of the alphabet turns up: drawn from all 32, not a few.
    assert set("".join(codes).replace("-", "")) == set(linking.ALPHABET)


def test_only_the_codes_digest_is_stored(session: Session, person) -> None:
    alice = person("alice")
    code = _ask(session, alice)
    stored = session.execute(sa.select(LinkCode.digest)).scalars().all()  # type: ignore[call-overload]
    plain = code.replace("-", "")
    assert stored == [hashlib.sha256(plain.encode()).hexdigest()]
    dump = "\n".join(str(row) for row in session.execute(sa.text("SELECT * FROM link_code")))
    assert plain not in dump and code not in dump


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{spaced}", "{joined}", " {code} "])
def test_a_code_is_read_however_it_is_typed(session: Session, person, typed: str) -> None:
    alice = person("alice")
    code = _ask(session, alice)
    written = typed.format(code=code, lower=code.lower(), spaced=code.replace("-", " "),
                           joined=code.replace("-", ""))
    found = network.redeem(session, written, Platform.discord, "555")
    assert found.asker.handle == "alice" and found.joining is None


def test_a_live_code_is_found_whatever_stands_before_it(session: Session, person) -> None:
    """Candidates overlap: "est" before the code reads as the start of one, and must not
    hide the code itself (a French "mon code est …")."""
    alice = person("alice")
    code = _ask(session, alice)
    for text in (f"mon code est {code}", f"il est {code.lower()}!", f"x{code}",
                 f"abc def {code} ghi", " ".join(code.replace("-", ""))):
        assert network.live_code_in(session, text) == code, text
    assert network.live_code_in(session, "mon code est AAA-BBB-CCC") is None
    assert linking.code_windows("est BZA-A07-X4G")[-1] == (4, 15, "BZAA07X4G")


def test_lookalike_letters_are_read_as_the_digits_they_look_like() -> None:
    assert linking.normalize_code("ioL-0o1-abc") == "101001ABC"
    assert linking.normalize_code("abcd-efgh") is None
    assert linking.normalize_code("UUU-UUU-UUU") is None  # U is not in the alphabet


def test_a_code_works_once(session: Session, person) -> None:
    alice = person("alice")
    code = _ask(session, alice)
    network.redeem(session, code, Platform.discord, "555")
    with pytest.raises(NotAllowed) as again:
        network.redeem(session, code, Platform.discord, "556")
    assert again.value.reason == Reason.code_used


def test_a_code_expires_after_ten_minutes(session: Session, person) -> None:
    alice = person("alice")
    asked = utcnow()
    code = _ask(session, alice, asked)
    late = asked + linking.CODE_TTL
    with pytest.raises(NotAllowed) as expired:
        network.redeem(session, code, Platform.discord, "555", now=late)
    assert expired.value.reason == Reason.code_expired
    assert expired.value.detail["platform"] == "telegram"
    code = _ask(session, alice, asked)
    just_in_time = asked + linking.CODE_TTL - timedelta(seconds=1)
    assert network.redeem(session, code, Platform.discord, "555", now=just_in_time).asker


def test_a_new_code_replaces_the_last(session: Session, person) -> None:
    alice = person("alice")
    first = _ask(session, alice)
    second = _ask(session, alice)
    with pytest.raises(NotAllowed) as old:
        network.redeem(session, first, Platform.discord, "555")
    assert old.value.reason == Reason.code_expired  # said so, and no wrong try counted
    assert linking.paused_until(session, "discord", "555") is None
    assert session.execute(sa.text("SELECT count(*) FROM link_failure")).scalar_one() == 0
    assert network.redeem(session, second, Platform.discord, "555").asker.handle == "alice"


def test_five_wrong_tries_in_an_hour_pause_that_account(session: Session, person) -> None:
    alice = person("alice")
    code = _ask(session, alice)
    start = utcnow()
    lefts = []
    for minute in range(linking.WRONG_TRIES):
        with pytest.raises(NotFound) as wrong:
            network.redeem(session, "AAA-AAA-AAA", Platform.discord, "555",
                           now=start + timedelta(minutes=minute))
        lefts.append(wrong.value.detail["left"])
    assert lefts == [4, 3, 2, 1, 0]
    with pytest.raises(NotAllowed) as paused:  # even the right code waits
        network.redeem(session, code, Platform.discord, "555", now=start + timedelta(minutes=5))
    assert paused.value.reason == Reason.tries_paused
    assert paused.value.detail["until"] == (start + linking.WRONG_WINDOW).isoformat(
        timespec="minutes")
    # Another account is not paused by someone else's tries.
    assert network.redeem(session, code, Platform.discord, "777",
                          now=start + timedelta(minutes=6)).asker.handle == "alice"
    # An hour after the first wrong try, one more try is allowed.
    later = start + linking.WRONG_WINDOW + timedelta(seconds=1)
    assert linking.paused_until(session, "discord", "555", later) is None


def test_a_code_typed_in_a_group_is_spent(session: Session, person) -> None:
    alice = person("alice")
    code = _ask(session, alice)
    with pytest.raises(NotAllowed) as seen:
        network.redeem(session, code, Platform.discord, "555", in_group=True)
    assert seen.value.reason == Reason.code_in_group
    with pytest.raises(NotAllowed) as used:
        network.redeem(session, code, Platform.discord, "555")
    assert used.value.reason == Reason.code_used


def test_the_asker_cannot_join_themselves(session: Session, person) -> None:
    alice = person("alice")
    code = _ask(session, alice)
    with pytest.raises(NotAllowed) as yours:
        network.redeem(session, code, Platform.console, "alice")
    assert yours.value.reason == Reason.code_yours


def test_the_code_binds_the_asker_and_the_sender_joins(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    code = _ask(session, alice)
    found = network.redeem(session, code, Platform.console, "bob")
    assert (found.asker.handle, found.joining.handle if found.joining else None) == (
        "alice", "bob")
    assert network.claimed(session, found.code_id, "console", "bob").person_id == alice.id
    with pytest.raises(NotAllowed):  # only the account that claimed it may use the claim
        network.claimed(session, found.code_id, "console", "carol")
    assert bob.id != alice.id


def test_attach_links_a_newcomer_and_never_takes_someones_account(
        session: Session, person) -> None:
    alice, _ = person("alice"), person("bob")
    network.attach(session, alice, Platform.discord, "555", "555")
    assert network.person_of(session, Platform.discord, "555").handle == "alice"
    with pytest.raises(NotAllowed):
        network.attach(session, alice, Platform.console, "bob")


def test_unlink_detaches_a_platform_but_never_the_last(session: Session, person) -> None:
    alice = person("alice")
    network.attach(session, alice, Platform.discord, "555", "555")
    network.attach(session, alice, Platform.telegram, "42", "42")
    network.set_digest_platform(session, alice, Platform.discord)
    assert [p.platform for p in network.linked(session, alice)] != []
    assert network.unlink(session, alice, "discord") == 1
    assert alice.digest_platform is None
    assert network.person_of(session, Platform.discord, "555") is None
    assert sorted(p.platform for p in network.linked(session, alice)) == ["console", "telegram"]
    with pytest.raises(NotFound) as none:
        network.unlink(session, alice, "discord")
    assert none.value.reason == Reason.not_linked
    network.unlink(session, alice, "telegram")
    with pytest.raises(NotAllowed) as last:
        network.unlink(session, alice, "console")
    assert last.value.reason == Reason.last_identity
    assert session.execute(sa.select(sa.func.count()).select_from(Identity)).scalar_one() == 1


def test_the_digest_platform_must_be_linked(session: Session, person) -> None:
    alice = person("alice")
    with pytest.raises(NotFound):
        network.set_digest_platform(session, alice, "discord")
    network.attach(session, alice, Platform.discord, "555", "555")
    assert network.set_digest_platform(session, alice, "discord").digest_platform == "discord"
    assert [p.digest for p in network.linked(session, alice)
            if p.platform == "discord"] == [True]


def test_two_accounts_racing_for_one_code_one_wins(engine: sa.Engine) -> None:
    """Two platform accounts type the same code at the same moment, each in its own
    transaction: exactly one joins, the other is told the code was used."""
    with session_scope(engine) as session:
        alice = network.register(session, "alice", platform=Platform.telegram, external_id="1")
        code, _ = network.new_code(session, alice, Platform.telegram)
    results: list[object] = []
    barrier = threading.Barrier(2)

    def enter(external_id: str) -> None:
        barrier.wait()
        try:
            with session_scope(engine) as session:
                found = network.redeem(session, code, Platform.discord, external_id)
                network.attach(session, found.asker, Platform.discord, external_id)
            results.append(external_id)
        except StorageError as error:
            results.append(error.reason)
        except sa.exc.OperationalError as error:  # SQLite: the write lock, waited for
            results.append(type(error).__name__)

    threads = [threading.Thread(target=enter, args=(who,)) for who in ("555", "777")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(map(str, results))[0] in ("555", "777")
    assert Reason.code_used in results
    with engine.connect() as db:
        joined = db.execute(sa.text(
            "SELECT count(*) FROM identity WHERE platform = 'discord'")).scalar_one()
    assert joined == 1
