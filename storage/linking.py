"""One person on several platforms: one-time link codes, linked identities, unlinking.

Linking takes two messages. On the platform they already use, a person asks for a
code (`new_code`); on the other, they type it (`redeem`), and that platform's
account joins theirs: as a new identity of the person who asked when it had no
account (`attach`), or by merging the two accounts once they said which handle
to keep (storage/merge.py). The code binds the asker; whoever types it is the
account that joins, the sender of the message, never someone named in it.

Codes (`CODE_LENGTH` characters of Crockford's base 32, 45 bits, "7KQ-4MX-P2Z")
are drawn by `secrets`, live `CODE_TTL` (ten minutes), work once, and only the
newest of a person's codes works. Only a code's SHA-256 is stored, so no code is
ever written in clear; the lookup by digest tells a timer nothing about the code
typed, and the digest found is compared again with `hmac.compare_digest`. (45 bits
can be searched offline in minutes with GPUs, so against a stolen database what
protects a code is its ten minutes; a keyed hash would need a secret Plaza does
not have.)
Guessing is slowed per platform account: after `WRONG_TRIES` (5) wrong codes
within `WRONG_WINDOW` (an hour), its tries pause until the oldest of them is an
hour old. The wrong tries are rows in the database, not a counter in memory, so
that a restart or a second worker does not wipe them. At 45 bits and 5 tries an
hour, finding one live code among a thousand takes some 3.5e9 hours of tries per
platform account.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from storage.chat_state import forget_identity
from storage.errors import NotAllowed, NotFound, Reason
from storage.models import Identity, LinkCode, LinkFailure, Person, Platform, utcnow
from storage.suspension import ensure_active, ensure_identity_free
from storage.tables import row_id, table

CODE_TTL = timedelta(minutes=10)
WRONG_TRIES = 5
WRONG_WINDOW = timedelta(hours=1)
# Crockford's base 32: no I, L, O or U, so that nothing typed is ambiguous; what people
# type for them anyway is read as the digit it looks like (`normalize_code`).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 9 x 5 = 45 bits, less the codes with no digit, never given: log2(32**9 - 22**9) = 44.95,
# at least the 40 asked for.
CODE_LENGTH = 9
_GROUP = 3
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
# Between groups: what people type there (dashes of every width, dots, spaces, "·").
_SEPARATORS = re.compile(r"[\s\-_.·‐-―−]+")
# What a code looks like in a text, folded (`fold_code_text`): three groups of three,
# each gap up to three separators wide.
CODE_SHAPE = r"[0-9a-z]{3}[\s\-_.·]{0,3}[0-9a-z]{3}[\s\-_.·]{0,3}[0-9a-z]{3}"
# Nine letters or digits in a row, up to three separators between any two: every such
# stretch of a text, overlapping ones too ("mon code est BZA-A07-X4G" holds "est BZA-A07"
# before the code), is a candidate for a live code (`live_code_in`).
_WINDOW = re.compile(r"(?=((?:[0-9a-z][\s\-_.·]{0,3}){8}[0-9a-z]))")
# What a spent code is marked as claimed by: read where others read it, used by nobody.
PUBLISHED = "published"
CANDIDATES_MAX = 256  # distinct candidates of one message looked up at most


def fold_code_text(text: str, lower: bool = True) -> str:
    """`text` as codes are looked for in it: NFKC (fullwidth "７ＫＱ" is "7KQ"), without
    invisible format characters (zero-width spaces, direction marks), lower case unless
    `lower` is False."""
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return kept.lower() if lower else kept


def normalize_code(typed: str) -> str | None:
    """The code in what was typed ("7kq-4mx-p2z", "7KQ 4MX P2Z", "７ＫＱ４ＭＸＰ２Ｚ"): folded,
    separators dropped, upper case, I and L read as 1 and O as 0; None when that is no
    code's shape."""
    code = _SEPARATORS.sub("", fold_code_text(typed.strip())).upper().translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


code_t, failure_t, identity_t = table(LinkCode), table(LinkFailure), table(Identity)


def shown(code: str) -> str:
    """A normalised code as people read it: "7KQ-4MX-P2Z"."""
    return "-".join(code[i:i + _GROUP] for i in range(0, len(code), _GROUP))


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def new_code(session: Session, person: Person, platform: Platform | str,
             now: datetime | None = None) -> tuple[str, datetime]:
    """A fresh code for `person`, asked for from `platform`: (the code as shown, when it
    expires, UTC). Every earlier code of theirs stops working, claimed or not; so do
    everyone's codes that expired more than a day ago (nothing else cleans them)."""
    now = now or utcnow()
    me = row_id(person)
    # Earlier codes expire now rather than vanish: typed later, they are said to have
    # expired, not counted as wrong tries. Rows a day past their end go.
    session.execute(code_t.delete().where(code_t.c.expires_at < now - timedelta(days=1)))
    session.execute(code_t.update().where(code_t.c.person_id == me,
                                          code_t.c.claimed_at.is_(None),
                                          code_t.c.expires_at > now).values(expires_at=now))
    code = ""
    while not any(c.isdigit() for c in code):  # one digit at least: see `live_code_in`
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    expires = now + CODE_TTL
    session.execute(code_t.insert().values(person_id=me, digest=_digest(code),
                                           platform=str(platform), created_at=now,
                                           expires_at=expires))
    return shown(code), expires


def code_windows(text: str) -> list[tuple[int, int, str]]:
    """Every stretch of `text`, folded (`fold_code_text`), that reads as a code: (start,
    end, the code normalised), overlapping stretches included; spaced out letter by
    letter too ("7 K Q 4 M X P 2 Z")."""
    folded = fold_code_text(text)
    return [(match.start(), match.start() + len(match.group(1)), code)
            for match in _WINDOW.finditer(folded)
            if (code := normalize_code(match.group(1))) is not None]


def live_code_in(session: Session, text: str, now: datetime | None = None) -> str | None:
    """The first live code (given out, unused, unexpired) written anywhere in `text`, as
    shown ("7KQ-4MX-P2Z"), whatever the words around it; None when there is none.

    Read only. So that a code is recognised however it is sent ("here it is: …", "ok …")
    and kept from a language model and from the chat's memory, while a word that merely
    looks like one ("my zip code is 123456789") is not taken for a wrong try.
    """
    if not any(c.isdigit() for c in text):  # every code has a digit (`new_code`): most
        return None  # messages are looked at no further, and cost no query
    now = now or utcnow()
    found = list(dict.fromkeys(code for _, _, code in code_windows(text)))[:CANDIDATES_MAX]
    if not found:
        return None
    live = set(session.execute(
        sa.select(code_t.c.digest).where(code_t.c.digest.in_([_digest(c) for c in found]),
                                         code_t.c.claimed_at.is_(None),
                                         code_t.c.expires_at > now)).scalars())
    return next((shown(code) for code in found if _digest(code) in live), None)


def spend(session: Session, code: str, now: datetime | None = None) -> bool:
    """Make the live code `code` unusable, for good: it was published (quoted in a post or
    a bio, where others read it). True when it was live."""
    normalized = normalize_code(code)
    if normalized is None:
        return False
    now = now or utcnow()
    spent = session.execute(code_t.update().where(
        code_t.c.digest == _digest(normalized), code_t.c.claimed_at.is_(None))
        .values(claimed_platform=PUBLISHED, claimed_at=now))
    return bool(spent.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Redeemed:
    """A code entered and claimed: who asked for it (`asker`), from which platform, and the
    account the sender already has, if any (`joining`, None for someone new to Plaza)."""

    code_id: int
    asker: Person
    asked_on: str
    joining: Person | None


def paused_until(session: Session, platform: str, external_id: str,
                 now: datetime | None = None) -> datetime | None:
    """When this platform account may try codes again, if it made WRONG_TRIES wrong tries
    within the last WRONG_WINDOW; None when it may now."""
    now = now or utcnow()
    recent = session.execute(
        sa.select(failure_t.c.failed_at)
        .where(failure_t.c.platform == str(platform),
               failure_t.c.external_id == str(external_id),
               failure_t.c.failed_at > now - WRONG_WINDOW)
        .order_by(failure_t.c.failed_at.desc()).limit(WRONG_TRIES)
    ).scalars().all()
    if len(recent) < WRONG_TRIES:
        return None
    return recent[-1] + WRONG_WINDOW


def _wrong(session: Session, platform: str, external_id: str, now: datetime) -> int:
    """Note one wrong try; how many are left before a pause."""
    session.execute(failure_t.delete().where(failure_t.c.failed_at < now - WRONG_WINDOW))
    session.execute(failure_t.insert().values(platform=str(platform),
                                              external_id=str(external_id), failed_at=now))
    count = session.execute(
        sa.select(sa.func.count()).select_from(failure_t)
        .where(failure_t.c.platform == str(platform),
               failure_t.c.external_id == str(external_id),
               failure_t.c.failed_at > now - WRONG_WINDOW)).scalar_one()
    return max(0, WRONG_TRIES - count)


def redeem(session: Session, typed: str, platform: Platform | str, external_id: str, *,
           in_group: bool = False, now: datetime | None = None) -> Redeemed:
    """Claim the code `typed` for the account `external_id` on `platform` (the sender).

    Raises NotAllowed with:
    `tries_paused` (`until`, ISO UTC) after WRONG_TRIES wrong codes within the hour;
    `code_used` for a code already entered by another account (the same account typing
    it again, its merge question still open, is answered as the first time);
    `code_expired` for one past CODE_TTL or replaced by a newer one; `code_yours`
    (`handle`) when the sender's account is the asker's already, leaving the code live;
    `code_in_group` when it was typed where others read it (it is spent: whoever read it
    could have typed it first); `identity_suspended` when the sender's platform account
    belonged to an account deleted while suspended (storage.suspension), the code left
    live. Raises NotFound(`code_wrong`, `left`: tries before the
    pause) for a code nobody was given, or text that is no code; only these count as
    wrong tries. The caller commits even when this raises `code_wrong`, so that the try
    is counted. Claiming spends the code, but for a merge question left unanswered
    (`release`).
    """
    now = now or utcnow()
    platform = str(platform)
    if session.get_bind().dialect.name == "postgresql":
        # One try at a time per account, whatever the chat or worker: else tries running
        # at once all read "fewer than five" before any is written. (SQLite has one writer.)
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(
            f"plaza.link:{platform}:{external_id}"))))
    if (until := paused_until(session, platform, external_id, now)) is not None:
        raise NotAllowed(Reason.tries_paused, until=until.isoformat(timespec="minutes"))
    ensure_identity_free(session, platform, external_id)
    code = normalize_code(typed)
    digest = _digest(code) if code else ""
    row = session.execute(
        sa.select(code_t).where(code_t.c.digest == digest).with_for_update()).first()
    if row is None or not hmac.compare_digest(row.digest, digest):
        raise NotFound(Reason.code_wrong, left=_wrong(session, platform, external_id, now))
    asker = session.get(Person, row.person_id)
    joining = _person_of(session, platform, external_id)
    linked_already = (asker is not None and joining is not None
                      and row_id(joining) == row_id(asker))
    again = (row.claimed_platform, row.claimed_external_id) == (platform, str(external_id))
    if row.claimed_at is not None and not (again and not in_group and not linked_already):
        raise NotAllowed(Reason.code_used)
    if row.expires_at <= now:
        raise NotAllowed(Reason.code_expired, platform=row.platform)
    if not in_group and linked_already and asker is not None:
        # Typed by the account that asked (or one already linked to it): a slip, not a
        # leak, so the code still works where it was meant to go.
        raise NotAllowed(Reason.code_yours, platform=row.platform, handle=asker.handle)
    if row.claimed_at is None:  # else claimed by this account already: typed again
        # Typed where others read it, a code is spent as if published (`spend`): nobody,
        # the sender included, may use it afterwards.
        claimed = session.execute(
            code_t.update().where(code_t.c.id == row.id, code_t.c.claimed_at.is_(None))
            .values(claimed_platform=PUBLISHED if in_group else platform,
                    claimed_external_id=str(external_id), claimed_at=now))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # another message was first
            raise NotAllowed(Reason.code_used)
    if in_group:
        raise NotAllowed(Reason.code_in_group)
    if asker is None:  # the asker's account went (merged, deleted) meanwhile
        raise NotAllowed(Reason.code_expired, platform=row.platform)
    return Redeemed(row.id, asker, row.platform, joining)


def _person_of(session: Session, platform: str, external_id: str) -> Person | None:
    return session.scalars(
        sa.select(Person).join(identity_t, identity_t.c.person_id == Person.id)
        .where(identity_t.c.platform == platform,
               identity_t.c.external_id == str(external_id))).first()


def claimed(session: Session, code_id: int, platform: str, external_id: str) -> LinkCode:
    """The code `code_id`, as claimed by this platform account (a merge asked about, then
    answered); raises NotAllowed(`code_expired`) when it is gone (replaced, or its asker
    deleted) or another account claimed it. How long the claim may wait for the answer is
    the question's business (bot/conversation/linking.MERGE_TTL, five minutes)."""
    row = session.get(LinkCode, code_id)
    if (row is None or row.claimed_platform != str(platform)
            or row.claimed_external_id != str(external_id)):
        raise NotAllowed(Reason.code_expired, platform=row.platform if row else "")
    return row


def release(session: Session, code_id: int, platform: str, external_id: str) -> None:
    """Give back a code this platform account claimed and did not use (the merge it asked
    about was cancelled, set aside or left to expire): it works again, from its private
    chat, until its own ten minutes are over."""
    session.execute(code_t.update().where(
        code_t.c.id == code_id, code_t.c.claimed_platform == str(platform),
        code_t.c.claimed_external_id == str(external_id))
        .values(claimed_platform=None, claimed_external_id=None, claimed_at=None))


def attach(session: Session, person: Person, platform: Platform | str, external_id: str,
           chat_id: str | None = None) -> Identity:
    """Add the platform account `external_id` to `person`, as one more way to reach them.

    `chat_id` is its private chat, when the account wrote from it. Raises
    NotAllowed(`code_yours`) when that account is someone's already: joining two
    accounts is a merge (storage/merge.py), never a side effect of this;
    NotAllowed(`identity_suspended`) for one whose account was deleted while suspended.
    """
    ensure_identity_free(session, str(platform), external_id)
    if _person_of(session, str(platform), external_id) is not None:
        raise NotAllowed(Reason.code_yours, platform=str(platform))
    identity = Identity(person_id=row_id(person), platform=Platform(platform),
                        external_id=str(external_id), chat_id=chat_id)
    session.add(identity)
    session.flush()
    return identity


@dataclass(frozen=True, slots=True)
class Linked:
    """One platform a person is linked on, as they may be told it: never the accounts' ids.

    `accounts`: how many of theirs are on it; `last_seen_at` (UTC): when they last wrote
    from it; `reachable`: whether Plaza may write to it unprompted; `digest`: whether the
    digest goes there first.
    """

    platform: str
    accounts: int
    last_seen_at: datetime
    reachable: bool
    digest: bool


def linked(session: Session, person: Person) -> list[Linked]:
    """The platforms `person` is linked on, the one used last first."""
    found = session.execute(
        sa.select(identity_t.c.platform, sa.func.count(),
                  sa.func.max(identity_t.c.last_seen_at),
                  sa.func.min(sa.case((identity_t.c.unreachable.is_(True), 1), else_=0)))
        .where(identity_t.c.person_id == row_id(person))
        .group_by(identity_t.c.platform)
        .order_by(sa.func.max(identity_t.c.last_seen_at).desc())).all()
    return [Linked(platform, count, seen, not gone, platform == person.digest_platform)
            for platform, count, seen, gone in found]


def unlinkable(session: Session, person: Person, platform: Platform | str,
               by: tuple[str, str] | None = None) -> list[sa.Row]:
    """The identities `unlink` would detach (id, platform, external_id), read only;
    raises what `unlink` raises, so that asking "unlink Discord?" is never followed by
    "you can't"."""
    ensure_active(person)  # a suspended account's identities stay with it (unlink's doc)
    me, platform = row_id(person), str(platform)
    rows = session.execute(sa.select(identity_t.c.id, identity_t.c.platform,
                                     identity_t.c.external_id)
                           .where(identity_t.c.person_id == me)).all()
    there = [row for row in rows if row.platform == platform]
    if not there:
        raise NotFound(Reason.not_linked, platform=platform)
    if len(there) == len(rows):
        raise NotAllowed(Reason.last_identity, platform=platform)
    asking = next((row.id for row in rows if by and (row.platform, row.external_id) == by), None)
    if asking is not None and by is not None and by[0] != platform and any(
            row.id < asking for row in there):
        raise NotAllowed(Reason.unlink_older, platform=platform)
    return list(there)


def unlink(session: Session, person: Person, platform: Platform | str,
           by: tuple[str, str] | None = None) -> int:
    """Detach every account of `person` on `platform`; how many went. What their chats
    there remembered goes with them (storage.chat_state.forget_identity); a message from
    one of them afterwards is a newcomer's.

    `by` is the account asking (platform, external id), when one does: it may unlink its
    own platform, and accounts linked after it, never one linked before it. So someone
    who got hold of a code (a leak, a trick) and joined an account cannot lock its owner
    out, while the owner can always remove them.

    Raises NotFound(`not_linked`, platform) when none is linked there;
    NotAllowed(`last_identity`, platform) when they are the only ones left (an account
    nobody can reach is deleted, not unlinked); NotAllowed(`unlink_older`, platform)
    for an account linked before `by`; NotAllowed(`suspended`) for a suspended account:
    an identity unlinked would be free to open a new account, out of the suspension
    (storage.suspension).
    """
    me, platform = row_id(person), str(platform)
    there = unlinkable(session, person, platform, by)
    for row in there:
        forget_identity(session, platform, row.external_id)
    session.execute(identity_t.delete().where(identity_t.c.person_id == me,
                                              identity_t.c.platform == platform))
    if person.digest_platform == platform:
        person.digest_platform = None
        session.add(person)
    session.flush()
    return len(there)


def set_digest_platform(session: Session, person: Person,
                        platform: Platform | str | None) -> Person:
    """Send `person`'s digest to `platform` first (None: the platform used last).

    Raises NotFound(`not_linked`, platform) when no account of theirs is on it.
    """
    if platform is not None:
        has = session.execute(sa.select(identity_t.c.id).where(
            identity_t.c.person_id == row_id(person),
            identity_t.c.platform == str(platform)).limit(1)).first()
        if has is None:
            raise NotFound(Reason.not_linked, platform=str(platform))
    person.digest_platform = None if platform is None else Platform(platform)
    session.add(person)
    session.flush()
    return person
