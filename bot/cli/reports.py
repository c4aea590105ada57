"""`plaza reports`: the operator reads people's reports and acts on them.

    plaza reports [list]              the open reports, one line per thing reported
    plaza reports remove ID           remove the reported post
    plaza reports suspend ID          suspend the reported account
    plaza reports dismiss ID          nothing to do
    plaza reports unsuspend @handle   lift a suspension

Acting on a report acts on every open report of the same thing (storage.reports). The
command has no chat connection: the serving process tells the reporters what was done
(bot.digest.notices, on the digest scheduler's tick). Words are English, like the rest of
the command line. Exit status 0 when done, 1 when refused (no such report, acted on
already...), 2 for a malformed command line (argparse: an unknown verb is answered with
the usage above).

A report outlives what it names: a post its author deleted is listed as "(already
gone)", and `remove` (or `dismiss`) closes its reports; an account deleted since is
listed as "@handle (account deleted)", the handle it had when reported.
"""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from storage.db import session_scope
from storage.errors import NotAllowed, NotFound, Reason, StorageError
from storage.models import Platform, ReportStatus
from storage.relations import person_by_handle
from storage.reports import OpenCase, Resolved, Verb, act, open_reports
from storage.suspension import unbar, unsuspend

EXCERPT = 60  # characters of reasons on a line of the list (40 of a post's text)
ID_MAX = 2**31 - 1  # report ids are INTEGER: PostgreSQL's is 32-bit


def report_id(text: str) -> int:
    """A report number as typed ("12" or "#12"), for argparse."""
    digits = text.strip().lstrip("#")
    if not digits.isdigit() or not 1 <= int(digits) <= ID_MAX:
        raise argparse.ArgumentTypeError(f"not a report number: {text!r}")
    return int(digits)


def barred_account(text: str) -> tuple[str, str]:
    """A platform account as typed, "telegram:12345" (Platform's values), for argparse."""
    platform, _, external_id = text.strip().partition(":")
    if platform.lower() not in {p.value for p in Platform} or not external_id.strip():
        raise argparse.ArgumentTypeError(
            f"not a platform account: {text!r} (say PLATFORM:ID, e.g. telegram:12345)")
    return platform.lower(), external_id.strip()


USAGE = """plaza reports [list]
       plaza reports remove|suspend|dismiss ID
       plaza reports unsuspend @HANDLE
       plaza reports unbar PLATFORM:ID"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """`plaza reports` and its verbs, on the root parser's subcommands; no verb is `list`.
    An unknown verb is a usage error (exit status 2) that shows USAGE."""
    reports = commands.add_parser("reports", help="list people's open reports, or act on one",
                                  usage=USAGE)
    # its own prog: the verbs' usage lines are built from it, not from the multi-line USAGE
    verbs = reports.add_subparsers(dest="verb", metavar="VERB", prog="plaza reports")
    verbs.add_parser("list", help="the open reports, most reported first (the default)")
    for verb, says in ((Verb.remove, "remove the reported post"),
                       (Verb.suspend, "suspend the reported account"),
                       (Verb.dismiss, "close the report: nothing to do")):
        acting = verbs.add_parser(verb.value, help=says)
        acting.add_argument("id", type=report_id, metavar="ID",
                            help="the report's number, from the list")
    lifting = verbs.add_parser("unsuspend", help="lift an account's suspension")
    lifting.add_argument("handle", metavar="@HANDLE", help="the account's handle")
    unbarring = verbs.add_parser(
        "unbar", help="let a platform account whose suspended Plaza account was deleted "
                      "sign up again")
    unbarring.add_argument("account", type=barred_account, metavar="PLATFORM:ID",
                           help="the platform and its id of the person, e.g. telegram:12345")


def _cut(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _row(case: OpenCase) -> list[str]:
    what = (f"post #{case.post_id} by @{case.handle}" if case.post_id is not None
            else f"@{case.handle}")
    if case.account_deleted:
        what += " (account deleted)"
    elif case.suspended:
        what += " (suspended)"
    if case.post_gone and not case.account_deleted:
        what += " (already gone)"
    reasons = _cut("; ".join(case.reasons)) or "(no reason given)"
    said = f"“{_cut(case.post_text, 40)}” — " if case.post_text else ""
    return [f"#{case.ids[0]}", what, str(case.people),
            case.first_at.strftime("%Y-%m-%d %H:%M"), said + reasons]


def table(cases: list[OpenCase]) -> str:
    """The open reports as an aligned table, most reported first."""
    rows = [["ID", "REPORTED", "PEOPLE", "FIRST (UTC)", "POST / REASONS"],
            *map(_row, cases)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)),
                        row[4]]).rstrip() for row in rows]
    reports = sum(case.people for case in cases)
    things = len(cases)
    head = (f"{reports} open report{'s' * (reports != 1)} about {things} "
            f"thing{'s' * (things != 1)}, most reported first:")
    foot = ["Act with: plaza reports remove|suspend|dismiss ID (on every report of that "
            "thing)."]
    if any(case.post_gone for case in cases):
        foot.append("A post already gone can't be removed again: remove or dismiss closes "
                    "its reports.")
    return "\n".join([head, "", *lines, "", *foot])


def _done(resolved: Resolved, verb: Verb) -> str:
    """What `verb` did (`resolved`), in a line for the operator."""
    ids = ", ".join(f"#{i}" for i in resolved.ids)
    count = f"{len(resolved.ids)} report{'s' * (len(resolved.ids) != 1)} ({ids})"
    who = f"@{resolved.handle}" + " (account deleted)" * resolved.account_deleted
    if resolved.status == ReportStatus.removed:
        return (f"Removed post #{resolved.post_id} by {who}; {count} resolved. "
                f"{who} and the reporters will be told.")
    if resolved.status == ReportStatus.suspended:
        return f"Suspended {who}; {count} resolved. The reporters will be told."
    if resolved.status == ReportStatus.gone:
        what = (f"Post #{resolved.post_id} by {who} was already gone" if verb == Verb.remove
                else f"@{resolved.handle}'s account was deleted already")
        return (f"{what}; {count} closed. The reporters will be told it is no longer on "
                "Plaza.")
    return f"Dismissed {count} about {who}; nobody is told."


def _refusal(error: StorageError) -> str:
    """One line saying why the command was refused."""
    detail = error.detail
    if isinstance(error, NotFound) and error.reason == Reason.report:
        return f"there is no report #{detail['id']}."
    if isinstance(error, NotFound) and error.reason == Reason.person:
        return f"nobody has the handle @{detail.get('handle', '')}."
    if error.reason == Reason.report_closed:
        return f"report #{detail['id']} was acted on already ({detail['status']})."
    if error.reason == Reason.report_no_post:
        return (f"report #{detail['id']} is about @{detail['handle']}, not a post: suspend "
                "or dismiss it.")
    if error.reason == Reason.not_suspended:
        return f"@{detail['handle']} is not suspended."
    return f"refused: {error!r}"


def run(engine: sa.Engine, args: argparse.Namespace) -> int:
    """Carry out `plaza reports ...` (`args` from `add_parser`): the exit status."""
    try:
        if args.verb in (None, "list"):
            with session_scope(engine, read_only=True) as session:
                cases = open_reports(session)
            print(table(cases) if cases else "No open reports.")
            return 0
        with session_scope(engine) as session:
            if args.verb == "unbar":
                platform, external_id = args.account
                if not unbar(session, platform, external_id):
                    print(f"plaza: the {platform} account {external_id} is not barred.",
                          file=sys.stderr)
                    return 1
                print(f"The {platform} account {external_id} may sign up again.")
                return 0
            if args.verb == "unsuspend":
                person = person_by_handle(session, args.handle)
                unsuspend(session, person)
                print(f"@{person.handle} is no longer suspended.")
                return 0
            verb = Verb(args.verb)
            print(_done(act(session, args.id, verb), verb))
        return 0
    except (NotFound, NotAllowed) as error:
        print(f"plaza: {_refusal(error)}", file=sys.stderr)
        return 1
