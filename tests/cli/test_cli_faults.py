"""What a person gets wrong around the `plaza` command, run as they would run it: bytes
that are not UTF-8 on standard input, a folder they cannot write an export in, settings
with values Plaza cannot use, URLs with secrets, a DATABASE_URL with no file.

Every case is the real command in a subprocess on a real SQLite file (and the real
PostgreSQL server where it matters).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.processes import plaza_env

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set")
Plaza = Callable[..., subprocess.CompletedProcess[bytes]]


@pytest.fixture
def plaza(tmp_path: Path) -> Plaza:
    def run(*args: str, stdin: bytes = b"", cwd: Path = tmp_path, **env: str):
        environment = plaza_env(**{"DATABASE_URL": f"sqlite:///{tmp_path / 'plaza.db'}", **env})
        return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin,
                              env=environment, cwd=cwd, capture_output=True, timeout=60)

    return run


# Latin-1 bytes, a lone continuation byte, a truncated sequence: none is UTF-8.
BAD = [b"\xff", b"\xe9", b"\x80", b"\xe2\x82"]
ENCODINGS = [{"PYTHONIOENCODING": "utf-8:strict"}, {"LC_ALL": "C.UTF-8"}]


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("env", ENCODINGS, ids=["strict", "default"])
def test_bytes_that_are_not_utf8_cost_one_character_not_the_chat(plaza, bad, env) -> None:
    stdin = b"hello\npost: ok" + bad + b"\nfollow @bob\nmy bio is caf" + bad + b" au lait\n"
    result = plaza("chat", "--user", "eve", stdin=stdin, **env)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    assert "Posted! It's #1." in out and "I don't know anyone called @bob." in out
    assert "Profile updated." in out
    shown = plaza("understand", stdin=b"post: ok" + bad + b"\n", **env)
    assert shown.returncode == 0, shown.stderr.decode()
    assert shown.stdout.decode().startswith('{"action": "post", "args": {"text": "ok\ufffd')
    profile = plaza("chat", "--user", "eve", stdin=b"show my profile\n", **env)
    assert "caf\ufffd au lait" in profile.stdout.decode()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_an_export_in_a_folder_one_cannot_write_says_so_and_the_chat_goes_on(
        plaza, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = plaza("chat", "--user", "eve", cwd=locked,
                       stdin=b"hello\n/export\npost: still here\n")
    finally:
        locked.chmod(stat.S_IRWXU)
    out = result.stdout.decode()
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert "Could not write plaza-eve.json" in out and str(locked) in out
    assert "Posted! It's #1." in out
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("PLAZA_MODEL_TIMEOUT", "soon", "valid number"),
    ("PLAZA_MODEL_TIMEOUT", "-1", "greater than 0"),
    ("PLAZA_MODEL_TIMEOUT", "nan", "finite"),
    ("PLAZA_MODEL_CALLS_PER_HOUR", "1e9", "valid integer"),
    ("PLAZA_DIGEST_LEASE", "0", "greater than 0"),
    ("PORT", "http", "valid integer"),
    ("PORT", "70000", "less than or equal to 65535"),
    ("PLAZA_MODEL_PRICE", "garbage", "three prices of zero or more"),
    ("PLAZA_MODEL_PRICE", "0.4,nan,1.6", "three prices of zero or more"),
    ("PLAZA_MODEL_PRICE", "0.4,-0.1,1.6", "three prices of zero or more"),
    ("PLAZA_DIGEST_BATCH", "0", "greater than or equal to 1"),
])
@pytest.mark.parametrize("command", [["usage"], ["migrate"], ["understand", "hi"]], ids=" ".join)
def test_a_setting_plaza_cannot_use_is_named_in_one_line(plaza, variable, value, says,
                                                         command) -> None:
    result = plaza(*command, **{variable: value})
    err = result.stderr.decode()
    assert result.returncode == 1 and result.stdout == b""
    assert err.startswith(f"plaza: {variable}={value!r} is not usable: ") and says in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_every_unusable_setting_is_named_at_once(plaza) -> None:
    result = plaza("usage", PORT="x", PLAZA_DIGEST_BATCH="-3", PLAZA_MODEL_PRICE="1,2")
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 1
    assert [line.split("=")[0] for line in lines] == [
        "plaza: PORT", "plaza: PLAZA_MODEL_PRICE", "plaza: PLAZA_DIGEST_BATCH"]


@pytest.mark.parametrize("secret", ["e", " ", "short"])
@pytest.mark.parametrize("variable", ["OPENAI_API_KEY", "TELEGRAM_BOT_TOKEN",
                                      "TELEGRAM_WEBHOOK_SECRET"])
def test_a_secret_too_short_to_be_real_is_refused_without_showing_it(plaza, secret,
                                                                     variable) -> None:
    result = plaza("migrate", **{variable: secret})
    err = result.stderr.decode()
    assert result.returncode == 1
    assert err == (f"plaza: {variable} is not usable: a secret of at least 8 characters, "
                   "or nothing.\n")


@pytest.mark.parametrize("command", [["digest", "--due"], ["migrate"], ["usage"]],
                         ids=" ".join)
def test_an_empty_setting_is_unset(plaza, command) -> None:
    result = plaza(*command, TELEGRAM_BOT_TOKEN="", PORT="", PLAZA_MODEL_PRICE="",
                   OPENAI_API_KEY="")
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite://", "sqlite:///:memory:",
                                 "sqlite+pysqlite://"])
@pytest.mark.parametrize("command", [["migrate"], ["chat", "--user", "eve"], ["demo"]],
                         ids=" ".join)
def test_an_in_memory_database_is_refused(plaza, url, command) -> None:
    result = plaza(*command, stdin=b"hello\n", DATABASE_URL=url)
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode() == (
        f"plaza: Cannot open DATABASE_URL={url}: it names no file, so SQLite would keep "
        "everything in memory and lose it at exit. Name a file, for example "
        "sqlite:///plaza.db.\n")


@needs_postgres
@pytest.mark.parametrize("query", ["password={secret}", "sslmode=prefer&password={secret}",
                                   "password={secret}&application_name=plaza"])
@pytest.mark.parametrize("command", [["migrate"], ["demo"], ["chat", "--user", "eve"]],
                         ids=" ".join)
def test_a_password_in_the_query_string_is_never_printed(plaza, query, command) -> None:
    secret = "hunter33"
    url = make_url(POSTGRES_URL).set(password=None).render_as_string(hide_password=False)
    given = f"{url}?{query.format(secret=secret)}"
    # A terminal's stdin shows the banner; a pipe does not, so the banner's rule is
    # checked through `run`, which always shows it.
    args = ["run"] if command[0] == "chat" else command
    result = plaza(*args, stdin=b"hello\n", DATABASE_URL=given)
    said = (result.stdout + result.stderr).decode()
    assert result.returncode == 0, said
    assert secret not in said and "password=***" in said


@pytest.mark.parametrize(("query", "hidden"), [
    ("key=abc123", "key=***"), ("api_key=abc123&x=1", "api_key=***&x=1"),
    ("sig=abc123", "sig=***"), ("password=abc123", "password=***"),
])
def test_the_cannot_open_line_masks_every_secret_parameter(plaza, query, hidden) -> None:
    result = plaza("migrate", DATABASE_URL=f"postgresql://u@127.0.0.1:1/db?{query}")
    err = result.stderr.decode()
    assert result.returncode == 1 and "abc123" not in err
    assert f"DATABASE_URL=postgresql://u@127.0.0.1:1/db?{hidden}:" in err


@pytest.mark.parametrize("where", ["missing", "a-file"])
def test_an_export_that_cannot_be_written_is_said_and_the_chat_goes_on(
        conversation, tmp_path: Path, where) -> None:
    """In process, so it holds under root too (who may write in a read-only folder)."""
    from tests.understanding.llm_support import console_talk

    folder = tmp_path / where
    if where == "a-file":
        folder.write_text("not a folder")
    say = console_talk(conversation, folder)
    say("eve", "hello")
    answer = say("eve", "/export")
    assert "Could not write plaza-eve.json" in answer and str(folder) in answer
    assert say("eve", "post: still here").startswith("Posted! It's #1.")
