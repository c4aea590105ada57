"""A DATABASE_URL that cannot be opened: one line on stderr, the URL masked, what to do, status 1.

Every case runs the real `plaza` command in a subprocess, as a newcomer
would: SQLite files and folders, the real PostgreSQL server (an unknown
database or role), a port nothing listens on, a local server refusing the
password, and URLs that do not parse.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.fakes.postgres_auth import RefusingPostgres
from tests.processes import plaza_env

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set")
SECRET = "s3cret-Pw"
COMMANDS = [["chat", "--user", "alice"], ["run"], ["migrate"], ["demo"], ["digest", "--due"],
            ["digest", "--user", "alice"], ["usage"]]

Plaza = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def plaza(tmp_path: Path) -> Plaza:
    def run(url: str, *args: str, stdin: str = "hello\n", **env: str):
        environment = plaza_env(**{"DATABASE_URL": url, **env})
        return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin,
                              env=environment, cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)

    return run


def closed_port() -> int:
    """A local port nobody listens on: the OS gave it out and it was closed again."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def postgres(user: str | None = None, database: str | None = None,
             password: str | None = SECRET) -> str:
    """The test server's URL as a newcomer might write it, with a password."""
    url = make_url(POSTGRES_URL).set(password=password)
    if user:
        url = url.set(username=user)
    if database:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def assert_one_clear_line(result: subprocess.CompletedProcess[str], shown_url: str,
                          *says: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
    assert result.stderr.startswith(f"plaza: Cannot open DATABASE_URL={shown_url}: ")
    for words in says:
        assert words in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert SECRET not in result.stderr


def test_a_missing_folder_names_it(plaza: Plaza, tmp_path: Path) -> None:
    assert_one_clear_line(plaza("sqlite:////nope/x.db", "migrate"), "sqlite:////nope/x.db",
                          "the folder /nope does not exist", "Create it")
    relative = plaza("sqlite:///later/sub/plaza.db", "migrate")
    assert_one_clear_line(relative, "sqlite:///later/sub/plaza.db",
                          f"the folder {tmp_path / 'later' / 'sub'} does not exist")
    assert not (tmp_path / "later").exists()


def test_a_folder_or_a_file_of_another_kind_is_named(plaza: Plaza, tmp_path: Path) -> None:
    folder = f"sqlite:///{tmp_path}"
    assert_one_clear_line(plaza(folder, "migrate"), folder, f"{tmp_path} is a folder",
                          f"sqlite:///{tmp_path / 'plaza.db'}")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, just notes\n" * 100)
    url = f"sqlite:///{notes}"
    assert_one_clear_line(plaza(url, "chat"), url, f"{notes} is not a SQLite database")
    assert notes.read_text().startswith("not a database")  # nothing was written over it


def test_nothing_listening_says_start_the_server(plaza: Plaza) -> None:
    port = closed_port()
    url = f"postgresql://u:{SECRET}@127.0.0.1:{port}/db"
    assert_one_clear_line(plaza(url, "migrate"), f"postgresql://u:***@127.0.0.1:{port}/db",
                          "Connection refused", "Start PostgreSQL")
    heroku = f"postgres://u:{SECRET}@127.0.0.1:{port}/db"  # Heroku's spelling, shown as given
    assert_one_clear_line(plaza(heroku, "chat"), f"postgres://u:***@127.0.0.1:{port}/db",
                          "Connection refused")


def test_a_server_that_never_answers_is_given_up_on(plaza: Plaza) -> None:
    """A host that takes the connection and then says nothing (a firewall, a wrong port
    on a busy machine) is given up on after the connect timeout, not the kernel's two
    minutes: the subprocess's own 60 s limit would fail this test otherwise."""
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        port = silent.getsockname()[1]
        url = f"postgresql://u:{SECRET}@127.0.0.1:{port}/db"
        assert_one_clear_line(plaza(url, "migrate"), f"postgresql://u:***@127.0.0.1:{port}/db",
                              "timeout expired", "Start PostgreSQL")
        quick = f"postgresql://u:{SECRET}@127.0.0.1:{port}/db?connect_timeout=1"
        assert_one_clear_line(plaza(quick, "usage"),
                              f"postgresql://u:***@127.0.0.1:{port}/db?connect_timeout=1",
                              "timeout expired")


def test_a_refused_password_says_check_it(plaza: Plaza) -> None:
    with RefusingPostgres() as server:
        url = f"postgresql://alice:{SECRET}@127.0.0.1:{server.port}/plaza"
        result = plaza(url, "migrate")
    assert server.passwords == [SECRET]  # libpq really tried it
    assert_one_clear_line(result, f"postgresql://alice:***@127.0.0.1:{server.port}/plaza",
                          'password authentication failed for user "alice"',
                          "Check the user name and password")


@needs_postgres
def test_an_unknown_database_or_role_on_the_real_server(plaza: Plaza) -> None:
    database = f"plaza_missing_{uuid.uuid4().hex[:8]}"
    url = postgres(database=database)
    assert_one_clear_line(plaza(url, "migrate"), url.replace(SECRET, "***"),
                          f'database "{database}" does not exist', f"createdb {database}")
    role = f"nobody_{uuid.uuid4().hex[:8]}"
    url = postgres(user=role)
    assert_one_clear_line(plaza(url, "demo"), url.replace(SECRET, "***"),
                          f'role "{role}" does not exist')
    in_query = f"{postgres(user=role, password=None)}?password={SECRET}"
    assert_one_clear_line(plaza(in_query, "migrate"), in_query.replace(SECRET, "***"))


@pytest.mark.parametrize(("url", "shown", "says"), [
    (f"postgresql://u:{SECRET}@127.0.0.1:port/db", "postgresql://u:***@127.0.0.1:port/db",
     "it is not a database URL"),
    (f"postgresql://u:{SECRET}@extra@127.0.0.1:five/db", "postgresql://u:***@127.0.0.1:five/db",
     "it is not a database URL"),
    ("plaza.db", "plaza.db", "it is not a database URL"),
    (f"mysql://u:{SECRET}@127.0.0.1/db", "mysql://u:***@127.0.0.1/db",
     "Plaza does not run on mysql"),
    (f"postgresql+asyncpg://u:{SECRET}@127.0.0.1/db", "postgresql+asyncpg://u:***@127.0.0.1/db",
     "its driver is not installed"),
])
def test_a_url_that_does_not_parse_or_names_another_engine(plaza: Plaza, url: str, shown: str,
                                                          says: str) -> None:
    assert_one_clear_line(plaza(url, "migrate"), shown, says, "sqlite:///plaza.db or postgresql://")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_that_opens_the_database_says_it_the_same_way(plaza: Plaza,
                                                                    command: list[str]) -> None:
    # Each command once, the engines taking turns: the check is that none goes around it.
    telegram = {"TELEGRAM_BOT_TOKEN": "123456:ABCdef", "TELEGRAM_BASE_URL":
                f"http://127.0.0.1:{closed_port()}"} if command == ["run"] else {}
    if COMMANDS.index(command) % 2:
        port = closed_port()
        url = f"postgresql://u:{SECRET}@127.0.0.1:{port}/db"
        assert_one_clear_line(plaza(url, *command, **telegram),
                              f"postgresql://u:***@127.0.0.1:{port}/db", "Connection refused")
    else:
        assert_one_clear_line(plaza("sqlite:////nope/x.db", *command, **telegram),
                              "sqlite:////nope/x.db", "the folder /nope does not exist")


def test_understanding_needs_no_database(plaza: Plaza) -> None:
    result = plaza("sqlite:////nope/x.db", "understand", "follow @alice")
    assert result.returncode == 0 and result.stdout.startswith('follow {"handle": "alice"}')
