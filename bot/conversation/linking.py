"""Linking identities in conversation: a code asked for on one platform, typed on another.

    Telegram, @alice:  "link my discord"
    Plaza:             "Your code: 7KQ-4MX-P2Z. On Discord, send me: link 7KQ-4MX-P2Z ..."
    Discord:           "link 7KQ-4MX-P2Z"
    Plaza:             "Linked: this Discord account is now @alice, ..."

The account that joins is always the sender of the code, whoever asked for it
(storage/linking.py binds the code to the asker). When the sender already has an
account of their own with anything in it, nothing is merged before they say which
handle to keep: the question (`Merging`) waits in this chat's memory for five
minutes, answered by its buttons or by a handle typed; anything else drops it. An
account with nothing in it yet (one just opened by saying hello) joins at once,
and its handle is freed.

A live code is a secret: it is said only in a private chat, kept out of the chat's
memory (`redact`), and never read by a language model (the offline rules are sure
of any message carrying one: bot/understanding/linking.py).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bot.conversation.memory import Merging
from bot.messages import Button, ButtonVerb, Incoming, Reply, button_data
from bot.outcomes import Outcome
from bot.phrases import platform_names, say
from bot.replies import refusal
from bot.understanding.smalltalk import yes_or_no
from storage import network
from storage.errors import StorageError
from storage.linking import CODE_TTL, code_windows, fold_code_text
from storage.models import Block, Follow, Interest, Like, Mute, Person, Platform, Post
from storage.tables import row_id, table

MERGE_TTL = timedelta(minutes=5)
_SHOWN_CODE = re.compile(r"\b[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}\b")
_KEEP = re.compile(r"(?:keep|garde|garder|gardez|je garde|choose|choisis|pick|prends|"
                   r"take|use|utilise)\s+", re.I)


def redact(text: str) -> str:
    """`text` with every link code as shown ("7KQ-4MX-P2Z") masked, for the chat's memory."""
    return _SHOWN_CODE.sub("•••-•••-•••", text)


def redact_typed(text: str) -> str:
    """A message that carries a link code, as the chat's memory keeps it: folded
    (storage.linking.fold_code_text), every stretch that reads as a code masked."""
    folded, masked = fold_code_text(text), list[tuple[int, int]]()
    for start, end, _ in code_windows(text):
        if masked and start <= masked[-1][1]:
            masked[-1] = (masked[-1][0], max(end, masked[-1][1]))
        else:
            masked.append((start, end))
    for start, end in reversed(masked):
        folded = f"{folded[:start]}•••-•••-•••{folded[end:]}"
    return folded


def ask_code(session: Session, person: Person, sender: Incoming, platform: str | None,
             now: datetime) -> Outcome:
    """A fresh code for `person`, said with where to type it; every earlier one stops
    working (storage.linking.new_code)."""
    language = person.language
    code, _ = network.new_code(session, person, sender.platform, now)
    others = [platform] if platform and platform != sender.platform else [
        str(p) for p in Platform if p != sender.platform]
    where = say("link.where_named", language,
                platform=platform_names(others, language, either=True))
    return Outcome("link.code", {"code": code, "where": where,
                                 "minutes": int(CODE_TTL.total_seconds() // 60)})


def join(session: Session, sender: Incoming, typed: str, language: str,
         now: datetime) -> tuple[list[Reply], Merging | None]:
    """The sender's account joined to whoever asked for the code `typed`: at once when it
    has no account or an empty one, else the question of which handle to keep (the
    `Merging` to remember). A refusal is answered, never raised: the code's claim, or
    the wrong try, must be committed with the turn. `language`: the sender's."""
    try:
        redeemed = network.redeem(session, typed, sender.platform, sender.external_id,
                                  in_group=sender.group, now=now)
    except StorageError as error:
        return [Reply(refusal(error, language))], None
    asker, joining = redeemed.asker, redeemed.joining
    if joining is None:
        chat = sender.private_chat if sender.group else sender.chat_id
        network.attach(session, asker, sender.platform, sender.external_id, chat)
        return [Reply(say("link.done", asker.language, handle=asker.handle))], None
    counts = _contents(session, row_id(joining))
    if not any(counts.values()) and not _settings_changed(joining) and _only_here(
            session, joining, sender):
        return _merge(session, sender, keep=asker, absorb=joining), None
    merging = Merging(redeemed.code_id, (asker.handle, joining.handle),
                      secrets.token_urlsafe(6), now + MERGE_TTL)
    holds = _holds(session, joining, sender, counts, language)
    return [_question(merging, asker, joining, holds, language)], merging


_WORDS = re.compile(r"@?[\w.]+")


# "the first one", "2", "le premier": the handles in the order the question gives them.
_ORDINALS = ({"1", "1st", "first", "premier", "première"},
             {"2", "2nd", "second", "seconde", "deuxième"})


def merge_answer(text: str, merging: Merging) -> str | bool | None:
    """What a message says to the merge question: the handle to keep (one of the two named
    anywhere: "keep @bob", "bob please", "yes, alice", or by its place: "the first one"),
    False for a no ("cancel"), True when it answers without choosing (a bare yes, both
    handles, a third one, "keep mine": ask again), None for anything else."""
    typed = unicodedata.normalize("NFKC", text).lower()  # as handles are kept, unfolded
    words = [word.lstrip("@").rstrip(".") for word in _WORDS.findall(typed)]
    named = [handle for handle in merging.handles if handle in words]
    named += [handle for handle, ordinal in zip(merging.handles, _ORDINALS, strict=True)
              if ordinal & set(words) and handle not in named]
    if len(named) == 1:
        return named[0]
    if yes_or_no(text) is False or set(words) & _NEVER_MIND or _NEVER_MIND_PHRASE.search(typed):
        return False
    if named or yes_or_no(text) or _KEEP.match(text.strip()) or "@" in text:
        return True
    return None


_NEVER_MIND = {"nevermind", "cancel", "annule", "annuler", "forget"}
_NEVER_MIND_PHRASE = re.compile(r"\bnever\s*mind\b|\blaisse[sz]? tomber\b|\bforget it\b")


def which_handle(merging: Merging, language: str) -> Reply:
    """The question again, shorter, after a bare "yes"."""
    first, other = merging.handles
    return Reply(say("link.merge_which", language, first=first, other=other),
                 _merge_buttons(merging, language))


def merge(session: Session, sender: Incoming, merging: Merging, keep: str, language: str,
          now: datetime) -> list[Reply]:
    """Carry out the merge the sender answered, keeping the handle `keep` (one of
    `merging.handles`), if the question is still live and both accounts are as they were
    asked about; otherwise say why and merge nothing."""
    if not merging.live(now):
        return [Reply(set_aside(session, sender, merging, "link.merge_expired", language))]
    try:
        code = network.claimed(session, merging.code_id, sender.platform, sender.external_id)
    except StorageError as error:
        return [Reply(refusal(error, language))]
    asker = session.get(Person, code.person_id)
    joining = network.person_of(session, sender.platform, sender.external_id)
    if (asker is None or joining is None
            or (asker.handle, joining.handle) != merging.handles):
        return [Reply(say("error.merge_changed", language))]
    if keep == asker.handle:
        return _merge(session, sender, keep=asker, absorb=joining)
    return _merge(session, sender, keep=joining, absorb=asker)


def _merge(session: Session, sender: Incoming, *, keep: Person, absorb: Person) -> list[Reply]:
    """One account of two, `keep`'s handle and settings kept (storage/merge.py)."""
    language = keep.language
    try:
        merged = network.merge_accounts(session, row_id(keep), row_id(absorb))
    except StorageError as error:
        return [Reply(refusal(error, language))]
    moved = merged.moved
    places = [place.platform for place in network.linked(session, keep)]
    return [Reply(say("link.merged", language, handle=merged.handle, freed=merged.freed,
                      platforms=platform_names(places, language),
                      posts=say("count.posts", language, n=moved.get("post", 0)),
                      follows=say("count.follows", language, n=moved.get("follow", 0)),
                      likes=say("count.likes", language, n=moved.get("post_like", 0))))]


def set_aside(session: Session, sender: Incoming, merging: Merging, key: str,
              language: str) -> str:
    """The merge question dropped, unanswered (`key`: cancelled, set aside or expired): the
    code the sender claimed works again until it expires (storage.linking.release); what
    to tell them."""
    network.release(session, merging.code_id, sender.platform, sender.external_id)
    return say(key, language)


def _question(merging: Merging, asker: Person, joining: Person, holds: str,
              language: str) -> Reply:
    return Reply(say("link.merge_ask", language, own=joining.handle, first=asker.handle,
                     holds=holds), _merge_buttons(merging, language))


def _holds(session: Session, person: Person, sender: Incoming, counts: dict[str, int],
           language: str) -> str:
    """What the sender's own account holds, in words: "2 posts, 1 following, its own
    settings, also on Telegram"."""
    parts = [say(key, language, n=counts[kind]) for kind, key in (
        ("posts", "count.posts"), ("follows", "count.following"),
        ("followers", "count.followers"), ("likes", "count.likes")) if counts[kind]]
    if counts["interests"]:
        parts.append(say("link.has_interests", language))
    if counts["blocks"] or counts["mutes"]:
        parts.append(say("link.has_blocks", language))
    if _settings_changed(person):
        parts.append(say("link.has_settings", language))
    elsewhere = [place.platform for place in network.linked(session, person)
                 if place.platform != sender.platform or place.accounts > 1]
    if elsewhere:
        parts.append(say("link.has_platforms", language,
                         platforms=platform_names(elsewhere, language)))
    return ", ".join(parts)


def _merge_buttons(merging: Merging, language: str) -> list[list[Button]]:
    keep = [Button(say("button.keep", language, handle=handle),
                   button_data(ButtonVerb.merge, f"{merging.token}:{handle}"))
            for handle in merging.handles]
    return [keep, [Button(say("button.no", language),
                          button_data(ButtonVerb.merge, f"{merging.token}:"))]]


# What an account holds that a merge would move: (the question's word, table, column).
_CONTENTS = [("posts", table(Post), "author_id"), ("follows", table(Follow), "follower_id"),
             ("followers", table(Follow), "followee_id"), ("likes", table(Like), "person_id"),
             ("interests", table(Interest), "person_id"), ("blocks", table(Block), "blocker_id"),
             ("mutes", table(Mute), "muter_id")]


def _contents(session: Session, person_id: int) -> dict[str, int]:
    """How many rows of each kind an account holds (counted up to 1,000 each)."""
    return {word: session.execute(
        sa.select(sa.func.count()).select_from(
            sa.select(rows.c[column]).where(rows.c[column] == person_id).limit(1000).subquery())
    ).scalar_one() for word, rows, column in _CONTENTS}


def _only_here(session: Session, person: Person, sender: Incoming) -> bool:
    """Whether the sender's account is the only way to reach `person` (no other platform
    linked to it): an empty account reached elsewhere too is asked about, not absorbed."""
    return all(place.accounts == 1 and place.platform == sender.platform
               for place in network.linked(session, person))


def _settings_changed(person: Person) -> bool:
    """Whether the person chose anything: a bio, a zone, a digest time or switch."""
    fresh = Person(handle=person.handle)
    return (bool(person.bio) or person.timezone != fresh.timezone
            or person.digest_time != fresh.digest_time
            or person.digest_enabled != fresh.digest_enabled
            or person.digest_always != fresh.digest_always)


