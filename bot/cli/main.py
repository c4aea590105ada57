"""The `plaza` command (also `python -m bot`): run, chat, demo, understand, migrate, usage,
digest, reports."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot import logs
from bot import settings as config
from bot.adapters import registry
from bot.adapters.console import terminal as console
from bot.cli.reports import add_parser as reports_parser
from bot.conversation import Conversation, offline
from bot.errors import CannotStart
from bot.shared import workers
from bot.understanding.offline import understand
from bot.understanding.usage import report
from storage import flood, usage
from storage.db import database_url, migrate, session_scope
from storage.opening import CannotOpen, open_engine, shown

if TYPE_CHECKING:
    from bot.understanding.llm import ModelUnderstanding

GO_LIVE = ("Set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN to go live on Telegram or Discord; "
           "see the README.")


def _engine(settings: config.Settings) -> sa.Engine:
    """The database, migrated; `CannotOpen` when DATABASE_URL cannot be opened."""
    engine = open_engine(settings.database_url)
    migrate(engine)
    return engine


def _where(settings: config.Settings) -> str:
    """Where the database is, for people: a SQLite file's path, or the URL with its
    secrets masked (storage.opening.shown, the one rule for showing a URL)."""
    given = database_url(settings.database_url)
    url = sa.engine.make_url(given)
    return str(url.database) if url.get_backend_name() == "sqlite" else shown(given)


def language_model(
    settings: config.Settings, engine: sa.Engine
) -> tuple[ModelUnderstanding | None, str]:
    """The language model when one is configured (None: the offline rules), and its name."""
    from bot.understanding.llm import from_settings  # openai is slow to import: only when asked

    model = from_settings(settings, engine)
    return model, ("offline understanding" if model is None
                   else f"language model {settings.model.name}")


def _chat(settings: config.Settings, user: str, banner: bool) -> int:
    engine = _engine(settings)
    model, how = language_model(settings, engine)
    if banner:
        print(f"Plaza in your terminal, as @{user} (database {_where(settings)}, {how}). "
              f"{GO_LIVE}", file=sys.stderr)
    try:
        console.run(Conversation(engine, understand=model or offline), user)
    except KeyboardInterrupt:
        print(file=sys.stderr)
    return 0


def _run(settings: config.Settings, args: argparse.Namespace) -> int:
    if registry.configured(settings):
        from bot.cli.serve import serve  # the scheduler and the platforms load only to serve

        engine = _engine(settings)
        # Refused (one line, exit 1) beside another worker this one must not meet.
        with workers.claimed(settings, engine, workers.Role.run):
            model, how = language_model(settings, engine)
            logging.getLogger("bot.cli.serve").info("Understanding messages with the %s.", how)
            return serve(settings, engine, model)
    return _chat(settings, getpass.getuser(), banner=True)


def _demo(settings: config.Settings, args: argparse.Namespace) -> int:
    from bot.cli.demo import seed

    engine = _engine(settings)
    people, posts = seed(engine)
    counted = (f"{people} {'person' if people == 1 else 'people'}, "
               f"{posts} {'post' if posts == 1 else 'posts'}")
    print(f"Demo community ready in {_where(settings)}: {counted}. "
          "Try “what's new?” or “find people into jazz”.")
    return 0


def _understand(settings: config.Settings, args: argparse.Namespace) -> int:
    lines = [args.text] if args.text else (line.rstrip("\n") for line in console.lines(sys.stdin))
    for line in lines:
        found = understand(line)
        record: dict[str, object] = {
            "action": found.action.name, "args": found.action.args(),
            "more": [{"action": m.name, "args": m.args()} for m in found.more],
            "confidence": round(found.confidence, 3),
            "runner_up": list(found.runner_up) if found.runner_up else None,
            "then": ("answer" if found.answer else "chat" if found.action.name == "chat"
                     else "act" if found.sure else "ask" if found.ask else "model or ask"),
        }
        if not record["more"]:
            del record["more"]
        if args.json or not args.text:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            flags = [f for f in ("explicit", "sure", "ask") if getattr(found, f)]
            readings = [found.action, *found.more]
            print(" + ".join(f"{a.name} {json.dumps(a.args(), ensure_ascii=False)}"
                             for a in readings)
                  + (f"  ({', '.join(flags)})" if flags else "")
                  + f"  confidence {found.confidence:.2f}"
                  + (f", runner-up {found.runner_up[0]} {found.runner_up[1]:.2f}"
                     if found.runner_up else ""))
            if found.answer:
                print(f"  answer: {found.answer}")
    return 0


def _usage(settings: config.Settings, args: argparse.Namespace) -> int:
    engine = _engine(settings)
    with session_scope(engine, read_only=True) as session:
        rows = usage.totals(session)
    print(report(rows, settings.model.price))
    return 0


def _digest(settings: config.Settings, args: argparse.Namespace) -> int:
    from bot.cli import digest as digest_command  # the model and platforms load only if asked

    if args.due:
        return digest_command.due(settings, _engine(settings))
    return digest_command.show(settings, _engine(settings), args.user, args.send, args.explain)


def _reports(settings: config.Settings, args: argparse.Namespace) -> int:
    from bot.cli import reports

    return reports.run(_engine(settings), args)


def _migrate(settings: config.Settings, args: argparse.Namespace) -> int:
    _engine(settings)
    print(f"Schema up to date in {_where(settings)}.")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="plaza",
                                   description="Plaza, the chat-first social network.")
    commands = root.add_subparsers(dest="command")
    commands.add_parser("run", help="serve every configured platform (the default); "
                        "with none configured, chat here in the terminal")
    chat = commands.add_parser("chat", help="talk to Plaza in the terminal")
    chat.add_argument("--user", default=getpass.getuser(), help="who you are (a handle)")
    commands.add_parser("demo", help="fill the database with a small lively community")
    words = commands.add_parser("understand", help="show the action Plaza reads in a message")
    words.add_argument("text", nargs="?", help="the message; without it, one per stdin line")
    words.add_argument("--json", action="store_true", help="print JSON")
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("usage", help="language-model tokens used per day, and their cost")
    digest = commands.add_parser("digest", help="print or send someone's daily digest now, "
                                 "or send every digest that is due")
    which = digest.add_mutually_exclusive_group(required=True)
    which.add_argument("--user", help="whose digest to print (a handle)")
    which.add_argument("--due", action="store_true", help="run one scheduler tick and exit")
    digest.add_argument("--send", action="store_true", help="with --user: send it instead")
    digest.add_argument("--explain", action="store_true", help="with --user: show the scores")
    reports_parser(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = config.load()
    except config.BadSettings as error:  # a setting to correct: one line each, no traceback
        for line in error.lines:
            print(f"plaza: {line}", file=sys.stderr)
        return 1
    flood.configure(settings.flood.limits())
    serving = args.command in (None, "run") and bool(registry.configured(settings))
    logs.configure(settings, serving=serving)
    handlers = {"demo": _demo, "understand": _understand, "migrate": _migrate, "usage": _usage,
                "digest": _digest, "reports": _reports}
    try:
        if args.command == "chat":
            return _chat(settings, args.user, banner=sys.stdin.isatty())
        return handlers.get(args.command, _run)(settings, args)
    except (CannotOpen, CannotStart) as error:  # a setting to correct, not a bug: no traceback
        # Printed, not logged, so masked here: a platform's answer may quote a URL
        # holding a password (TELEGRAM_BASE_URL=http://user:pw@...).
        print(f"plaza: {logs.Masking(logs.secrets(settings)).mask(str(error))}",
              file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`plaza understand < file | head`): stop quietly, as Unix
        # tools do; stdout goes to /dev/null so the interpreter's final flush cannot fail
        # again (the recipe in the signal module's documentation).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
