"""Opening DATABASE_URL, or saying in one line why it cannot be opened and what to do.

`open_engine` builds the engine (storage.db.make_engine) and connects once.
Whatever stops that, from a URL that does not parse to a server that is not
listening, becomes `CannotOpen`, whose text is one line for the person who
set DATABASE_URL:

    Cannot open DATABASE_URL=sqlite:////nope/x.db: the folder /nope does not
    exist. Create it, or set DATABASE_URL to a file in an existing folder.

The URL is shown as given, with its secrets masked (`shown`, the one way any
`plaza` command prints a URL); the reason is the
database's own (SQLite's error code, the PostgreSQL server's or libpq's first
line), and the advice follows from it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from storage.db import DEFAULT_URL, database_url, make_engine

EXAMPLES = "sqlite:///plaza.db or postgresql://user:password@host:5432/name"
_MASK = "***"
_PASSWORD = re.compile(r"^([\w+.-]+://[^:/@?]*:)([^?]*)@")
# A query parameter whose value is a secret, by its name: ?password=, ?key=, ?api_key=,
# ?token=, ?sig=... (bot.logs masks the same ones in log records).
SECRET_PARAMETER = re.compile(r"key|token|secret|pass|auth|sig|cred", re.IGNORECASE)
_QUERY_SECRET = re.compile(r"([?&]([^=&#]*)=)([^&#]*)")
# What libpq and the PostgreSQL server say (in English, their default), and what to do.
_POSTGRES_ADVICE = [
    (re.compile(r"password authentication failed|no password supplied|password is required"),
     "Check the user name and password in DATABASE_URL."),
    (re.compile(r'role ".*" does not exist'),
     "Check the user name in DATABASE_URL, or create that role (createuser)."),
    (re.compile(r'database ".*" does not exist'),
     "Create the database (createdb {database}), or set DATABASE_URL to one that exists."),
    (re.compile(r"could not translate host name|failed to resolve host"),
     "Check the host name in DATABASE_URL."),
    (re.compile(r"Connection refused|No such file or directory|timeout expired"),
     "Start PostgreSQL there, or set DATABASE_URL to a server that is running."),
]
_POSTGRES_OTHERWISE = ("Check that PostgreSQL is running there and that the user, password "
                       "and database in DATABASE_URL are right.")


class CannotOpen(Exception):
    """DATABASE_URL could not be opened.

    `url` is the URL as given with its secrets masked (`shown`); `reason` says what went
    wrong and `advice` what to do, each a sentence. `str()` is the whole line.
    """

    def __init__(self, url: str, reason: str, advice: str) -> None:
        super().__init__(url, reason, advice)
        self.url, self.reason, self.advice = url, reason, advice

    def __str__(self) -> str:
        return f"Cannot open DATABASE_URL={self.url}: {self.reason}. {self.advice}"


def open_engine(raw: str | None = None, **kwargs: Any) -> sa.Engine:
    """The engine for `raw` (DATABASE_URL when None), once one connection has opened.

    Raises `CannotOpen` when the URL does not parse, names an engine Plaza does
    not run on, or the database refuses or cannot be reached. Other errors
    (bugs) propagate unchanged.
    """
    given = raw or os.environ.get("DATABASE_URL") or DEFAULT_URL
    try:
        url = make_url(database_url(given))
    except (sa.exc.ArgumentError, ValueError) as error:
        raise CannotOpen(shown(given), "it is not a database URL",
                         f"Write it like {EXAMPLES}.") from error
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        # SQLite's in-memory database: everything would be lost when the command ends.
        raise CannotOpen(shown(given), "it names no file, so SQLite would keep everything "
                         "in memory and lose it at exit",
                         "Name a file, for example sqlite:///plaza.db.")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise CannotOpen(shown(given), f"Plaza does not run on {url.get_backend_name()}",
                         f"Use SQLite or PostgreSQL: {EXAMPLES}.")
    try:
        engine = make_engine(given, **kwargs)
    except ImportError as error:  # a driver named in the URL is not installed
        raise CannotOpen(shown(given), f"its driver is not installed ({error.name})",
                         f"Leave the driver out of the URL: {EXAMPLES}.") from error
    try:
        with engine.connect():
            pass
    except sa.exc.DBAPIError as error:
        engine.dispose()
        raise _explained(given, url, error) from error
    return engine


def shown(raw: str) -> str:
    """`raw` as given, for people to read: its password in the authority and the value
    of every secret-named query parameter (`SECRET_PARAMETER`) replaced by "***".

    The password runs from the user's colon to the last "@" before the query,
    so an unescaped "@" or "/" in it is hidden too (SQLAlchemy would read
    "u:pa@ss@host" as password "pa", host "ss@host").
    """
    hidden = _PASSWORD.sub(rf"\g<1>{_MASK}@", raw, count=1)
    return _QUERY_SECRET.sub(_masked_parameter, hidden)


def _masked_parameter(match: re.Match[str]) -> str:
    if SECRET_PARAMETER.search(match.group(2)) and match.group(3):
        return match.group(1) + _MASK
    return match.group(0)


def _explained(given: str, url: sa.URL, error: sa.exc.DBAPIError) -> CannotOpen:
    if url.get_backend_name() == "sqlite":
        reason, advice = _sqlite(url, error.orig)
    else:
        reason = _server_said(str(error.orig))
        advice = next((text for pattern, text in _POSTGRES_ADVICE if pattern.search(reason)),
                      _POSTGRES_OTHERWISE)
        advice = advice.format(database=url.database or "")
    for secret in _secrets(given):
        reason = reason.replace(secret, _MASK)
    return CannotOpen(shown(given), reason, advice)


def _sqlite(url: sa.URL, error: BaseException | None) -> tuple[str, str]:
    code = getattr(error, "sqlite_errorname", "")
    path = Path(url.database or "").absolute()
    if code == "SQLITE_CANTOPEN":
        if path.is_dir():
            return (f"{path} is a folder",
                    "Set DATABASE_URL to a file, for example in that folder: "
                    f"sqlite:///{path / 'plaza.db'}.")
        if not path.parent.is_dir():
            return (f"the folder {path.parent} does not exist",
                    "Create it, or set DATABASE_URL to a file in an existing folder.")
        return (f"{path} cannot be created or opened there",
                "Check that you may write in that folder, or choose another one.")
    if code == "SQLITE_NOTADB":
        return (f"{path} is not a SQLite database",
                "Set DATABASE_URL to a new file or to Plaza's database.")
    if code == "SQLITE_READONLY":
        return (f"{path} is read-only for you",
                "Make it writable, or set DATABASE_URL to a file you may write.")
    return (str(error) or code,
            "Check the file named in DATABASE_URL, or set DATABASE_URL to another file.")


def _server_said(message: str) -> str:
    """libpq's reason in one line: the last "... failed: <reason>", without "FATAL:"."""
    last = message.rsplit(" failed: ", 1)[-1].strip()
    first = last.splitlines()[0] if last else message
    return re.sub(r"^(FATAL|ERROR):\s+", "", first).strip().rstrip(".")


def _secrets(given: str) -> list[str]:
    """The password's pieces, to mask in the reason too (libpq does not repeat the password;
    this is a guard). A piece shorter than four characters would mask ordinary words."""
    found = [m.group(2) for m in [_PASSWORD.search(given)] if m]
    found += [m.group(3) for m in _QUERY_SECRET.finditer(given)
              if SECRET_PARAMETER.search(m.group(2))]
    pieces = {piece for secret in found for written in (secret, unquote(secret))
              for piece in (written, *written.split("@"))}
    return sorted((piece for piece in pieces if len(piece) >= 4), key=len, reverse=True)
