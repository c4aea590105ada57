"""`plaza reports`, run as the operator would: a real process on a real SQLite file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage import network
from storage.db import make_engine, migrate, session_scope
from storage.models import Platform, Report
from tests.processes import plaza_env


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Bob posted spam (#1) and a fine post (#2); Alice and Carol reported #1, Alice also
    reported Dan the person."""
    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    migrate(engine)
    with session_scope(engine) as session:
        alice, bob, carol, _ = (
            network.register(session, h, platform=Platform.console, external_id=h)
            for h in ("alice", "bob", "carol", "dan"))
        spam = network.post(session, bob, "buy cheap watches at my totally legit shop now")
        network.post(session, bob, "a fine post")
        network.report_post(session, alice, spam.id, "spam")
        network.report_person(session, alice, "dan", "keeps insulting me")
        network.report_post(session, carol, spam.id, "spam, obviously")
    engine.dispose()
    return tmp_path


def plaza(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = plaza_env(DATABASE_URL=f"sqlite:///{folder / 'plaza.db'}")
    return subprocess.run([sys.executable, "-m", "bot", "reports", *args], env=env, cwd=folder,
                          capture_output=True, text=True, timeout=60)


def statuses(folder: Path) -> list[tuple[int, str, bool]]:
    engine = make_engine(f"sqlite:///{folder / 'plaza.db'}")
    with engine.connect() as db:
        rows = db.execute(sa.select(Report.id, Report.status, Report.told_at)  # type: ignore[call-overload]
                          .order_by(Report.id)).all()
    engine.dispose()
    return [(rid, status, told is not None) for rid, status, told in rows]


def test_the_list_shows_each_thing_once_most_reported_first(folder: Path) -> None:
    done = plaza(folder)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == "3 open reports about 2 things, most reported first:"
    assert lines[2].split() == ["ID", "REPORTED", "PEOPLE", "FIRST", "(UTC)", "POST", "/",
                                "REASONS"]
    assert lines[3].startswith("#1  post #1 by @bob  2 ")
    assert lines[3].endswith("“buy cheap watches at my totally legit s…” — spam; spam, obviously")
    assert lines[4].startswith("#2  @dan             1 ")
    assert lines[4].endswith("keeps insulting me")
    assert lines[-1].startswith("Act with: plaza reports remove|suspend|dismiss ID")


def test_removing_a_post_resolves_its_reports_and_leaves_the_others(folder: Path) -> None:
    done = plaza(folder, "remove", "#3")  # any report of the post acts on all of them
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == ("Removed post #1 by @bob; 2 reports (#1, #3) resolved. "
                           "@bob and the reporters will be told.\n")
    assert statuses(folder) == [(1, "removed", False), (2, "open", False),
                                (3, "removed", False)]
    again = plaza(folder, "dismiss", "1")
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == "plaza: report #1 was acted on already (removed).\n"
    listed = plaza(folder).stdout
    assert listed.startswith("1 open report about 1 thing") and "@dan" in listed


def test_suspending_and_lifting_it(folder: Path) -> None:
    refused = plaza(folder, "remove", "2")
    assert (refused.returncode, refused.stderr) == (
        1, "plaza: report #2 is about @dan, not a post: suspend or dismiss it.\n")
    done = plaza(folder, "suspend", "2")
    assert done.stdout == "Suspended @dan; 1 report (#2) resolved. The reporters will be told.\n"
    assert "@dan" not in plaza(folder).stdout
    assert plaza(folder, "unsuspend", "@dan").stdout == "@dan is no longer suspended.\n"
    again = plaza(folder, "unsuspend", "dan")
    assert (again.returncode, again.stderr) == (1, "plaza: @dan is not suspended.\n")
    nobody = plaza(folder, "unsuspend", "@zed")
    assert (nobody.returncode, nobody.stderr) == (1, "plaza: nobody has the handle @zed.\n")


def test_a_dismissal_tells_nobody_and_bad_numbers_are_refused(folder: Path) -> None:
    done = plaza(folder, "dismiss", "1")
    assert done.stdout == "Dismissed 2 reports (#1, #3) about @bob; nobody is told.\n"
    missing = plaza(folder, "suspend", "99")
    assert (missing.returncode, missing.stderr) == (1, "plaza: there is no report #99.\n")
    for bad in ("0", "-3", "x", str(2**31)):
        malformed = plaza(folder, "dismiss", bad)
        assert malformed.returncode == 2 and "not a report number" in malformed.stderr


def test_an_empty_list_says_so(tmp_path: Path) -> None:
    done = plaza(tmp_path)
    assert (done.returncode, done.stdout) == (0, "No open reports.\n")


def test_list_is_the_listing_and_an_unknown_verb_gets_the_usage(folder: Path) -> None:
    listed = plaza(folder, "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout == plaza(folder).stdout
    for wrong in (["lst"], ["show", "1"]):
        refused = plaza(folder, *wrong)
        assert refused.returncode == 2 and refused.stdout == ""
        assert refused.stderr.startswith("usage: plaza reports [list]\n"
                                         "       plaza reports remove|suspend|dismiss ID\n"
                                         "       plaza reports unsuspend @HANDLE\n")
    assert "invalid choice: 'lst'" in plaza(folder, "lst").stderr


def _as(folder: Path, handle: str, work) -> None:
    """Run `work(session, person)` as the person with `handle`, as the chat would."""
    engine = make_engine(f"sqlite:///{folder / 'plaza.db'}")
    with session_scope(engine) as session:
        work(session, network.person_by_handle(session, handle))
    engine.dispose()


def test_a_post_its_author_deleted_is_listed_gone_and_closed_by_remove(folder: Path) -> None:
    _as(folder, "bob", lambda session, bob: network.delete_post(session, bob, 1))
    lines = plaza(folder).stdout.splitlines()
    assert lines[3].startswith("#1  post #1 by @bob (already gone)  2 ")
    assert lines[-1] == ("A post already gone can't be removed again: remove or dismiss "
                         "closes its reports.")
    done = plaza(folder, "remove", "1")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == ("Post #1 by @bob was already gone; 2 reports (#1, #3) closed. "
                           "The reporters will be told it is no longer on Plaza.\n")
    assert statuses(folder) == [(1, "gone", False), (2, "open", False), (3, "gone", False)]


def test_reports_about_a_deleted_account_stay_and_can_be_closed(folder: Path) -> None:
    _as(folder, "dan", lambda session, dan: network.delete_account(session, dan))
    _as(folder, "bob", lambda session, bob: network.delete_account(session, bob))
    lines = plaza(folder).stdout.splitlines()
    assert lines[0] == "3 open reports about 2 things, most reported first:"
    assert lines[3].startswith("#1  post #1 by @bob (account deleted)  2 ")
    assert lines[4].startswith("#2  @dan (account deleted)             1 ")
    assert lines[4].endswith("keeps insulting me")
    suspended = plaza(folder, "suspend", "2")
    assert suspended.stdout == ("@dan's account was deleted already; 1 report (#2) closed. "
                                "The reporters will be told it is no longer on Plaza.\n")
    dismissed = plaza(folder, "dismiss", "3")
    assert dismissed.stdout == ("Dismissed 2 reports (#1, #3) about @bob (account deleted); "
                                "nobody is told.\n")
    assert statuses(folder) == [(1, "dismissed", False), (2, "gone", False),
                                (3, "dismissed", False)]
    assert plaza(folder).stdout == "No open reports.\n"


def chat(folder: Path, user: str, *lines: str) -> subprocess.CompletedProcess[str]:
    """`plaza chat --user USER`, the lines typed one after another."""
    env = plaza_env(DATABASE_URL=f"sqlite:///{folder / 'plaza.db'}")
    return subprocess.run([sys.executable, "-m", "bot", "chat", "--user", user],
                          input="".join(f"{line}\n" for line in lines), env=env, cwd=folder,
                          capture_output=True, text=True, timeout=60)


def test_a_suspended_person_who_deletes_their_account_cant_come_back(tmp_path: Path) -> None:
    """As the trial did it: Mallory is suspended, deletes her account and says hello again
    from the same terminal user. She is told why not, and nothing is made for her; her
    reporter's report stays, and is told."""
    chat(tmp_path, "mallory", "hello", "post: buy my pills at my shop")
    reported = chat(tmp_path, "alice", "hello", "/report 1 spam")
    assert "Thanks for telling me. #1 is reported" in reported.stdout
    assert plaza(tmp_path, "suspend", "1").returncode == 0
    gone = chat(tmp_path, "mallory", "/delete", "yes")
    assert ("Your account and everything in it are gone. Goodbye! As it was suspended, this "
            "account can't open a new one.") in gone.stdout
    again = chat(tmp_path, "mallory", "hello", "mallory2", "post: I'm back")
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout.count("The Plaza account you had here was suspended, then deleted, "
                              "so you can't open or join another one from the terminal.") == 3
    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    with engine.connect() as db:
        handles = list(db.execute(sa.text("SELECT handle FROM person ORDER BY id")).scalars())
        reports = db.execute(sa.text("SELECT person_id, handle, status FROM report")).all()
    engine.dispose()
    assert handles == ["alice"]
    assert [tuple(r) for r in reports] == [(None, "mallory", "suspended")]
    newcomer = chat(tmp_path, "bob", "hello")  # anybody else joins as ever
    assert "Hi bob!" in newcomer.stdout


def test_a_verb_without_its_argument_says_which_in_one_usage_line(tmp_path: Path) -> None:
    for verb, usage, missing in (("remove", "usage: plaza reports remove [-h] ID", "ID"),
                                 ("dismiss", "usage: plaza reports dismiss [-h] ID", "ID"),
                                 ("unsuspend", "usage: plaza reports unsuspend [-h] @HANDLE",
                                  "@HANDLE")):
        refused = plaza(tmp_path, verb)
        assert (refused.returncode, refused.stdout) == (2, "")
        assert refused.stderr == (f"{usage}\nplaza reports {verb}: error: the following "
                                  f"arguments are required: {missing}\n")


def test_unbar_lets_a_deleted_suspended_account_sign_up_again(folder: Path) -> None:
    from storage.accounts import delete_account
    from storage.errors import NotAllowed
    from storage.suspension import suspend

    def gone_while_suspended(session, dan) -> None:
        suspend(session, dan)
        delete_account(session, dan)

    _as(folder, "dan", gone_while_suspended)
    engine = make_engine(f"sqlite:///{folder / 'plaza.db'}")
    with pytest.raises(NotAllowed), session_scope(engine) as session:
        network.register(session, "dan_again", platform=Platform.console, external_id="dan")
    for bad in ("dan", "myspace:dan", "console:", ":dan"):
        malformed = plaza(folder, "unbar", bad)
        assert malformed.returncode == 2 and "not a platform account" in malformed.stderr
    done = plaza(folder, "unbar", "console:dan")
    assert (done.returncode, done.stdout) == (0, "The console account dan may sign up again.\n")
    again = plaza(folder, "unbar", "Console:dan")
    assert (again.returncode, again.stderr) == (
        1, "plaza: the console account dan is not barred.\n")
    with session_scope(engine) as session:
        assert network.register(session, "dan_again", platform=Platform.console,
                                external_id="dan").handle == "dan_again"
    engine.dispose()
