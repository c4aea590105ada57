"""Refusals from the network, as data a caller can turn into one clear sentence.

    StorageError
     ├── NotFound       a handle, post or identity that does not exist (or is hidden)
     ├── NotAllowed     the rules forbid it: blocked, not yours, yourself, ...
     └── InvalidInput   a value out of shape: too long, bad characters, taken, ...

Each carries a short machine `reason` (a `Reason`) plus the fields needed to
explain it; wording and language are the caller's business.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Reason(StrEnum):
    """Why the network refused, by the error that says it; a stable code, its value."""

    # NotFound: what was named and is not there (`handle` or `id` says which)
    person = "person"
    post = "post"
    report = "report"  # a report number the operator named (storage.reports)
    # NotAllowed
    blocked = "blocked"  # the actor blocked the other person
    blocked_by = "blocked_by"  # the other person blocked the actor
    yourself = "yourself"  # following, blocking... oneself (`verb`)
    not_yours = "not_yours"  # deleting someone else's post
    pin_not_yours = "pin_not_yours"  # pinning someone else's post
    edit_not_yours = "edit_not_yours"  # editing someone else's post
    repost_no_text = "repost_no_text"  # editing a repost, which has no text of its own
    not_quotable = "not_quotable"  # quoting a post that is not public
    not_public = "not_public"  # reposting a followers-only post
    already_reposted = "already_reposted"
    not_reposted = "not_reposted"  # taking back a repost one never made
    slow_down = "slow_down"  # over a flood limit (storage.flood): `rule`, `wait` in seconds
    too_many_mentions = "too_many_mentions"  # one post naming more people than the limit
    suspended = "suspended"  # the actor's account is suspended (storage.suspension)
    account_suspended = "account_suspended"  # the other person's account is (`handle`)
    report_yourself = "report_yourself"  # reporting one's own post, or oneself
    report_closed = "report_closed"  # acting on a report already acted on (`status`)
    report_no_post = "report_no_post"  # removing the post of a report about a person
    quiet_hours = "quiet_hours"  # quiet hours with one end, or two equal ends
    not_suspended = "not_suspended"  # unsuspending an account that is not suspended
    # a platform account whose Plaza account was deleted while suspended (`platform`)
    identity_suspended = "identity_suspended"
    # Linking identities (storage/linking.py, storage/merge.py)
    code_wrong = "code_wrong"  # no code of that shape was ever given
    code_expired = "code_expired"  # a code past its ten minutes (`platform` asked for it)
    code_used = "code_used"  # a code already entered once
    code_yours = "code_yours"  # entered by the account that asked for it
    code_in_group = "code_in_group"  # typed where others read it: spent, never honoured
    tries_paused = "tries_paused"  # too many wrong codes: `until`, an ISO time (UTC)
    last_identity = "last_identity"  # unlinking the one way left to reach the account
    unlink_older = "unlink_older"  # unlinking, from a newer account, one linked before it
    not_linked = "not_linked"  # no account of `platform` is linked
    merge_changed = "merge_changed"  # an account of a merge was merged or deleted meanwhile
    # InvalidInput (`field` names the value)
    empty = "empty"
    too_short = "too_short"
    too_long = "too_long"
    too_many = "too_many"
    bad_characters = "bad_characters"
    bad_shape = "bad_shape"  # a handle that new handles may not look like
    no_letter = "no_letter"  # a new handle of digits (and _ .) alone
    reserved = "reserved"  # a new handle that is one of Plaza's command words (`handle`)
    taken = "taken"  # a handle somebody has
    held = "held"  # a handle a deleted account holds (`until`)
    held_renamed = "held_renamed"  # a handle its owner changed away from lately (`until`)
    same_handle = "same_handle"  # changing one's handle to the one one has
    unchanged = "unchanged"  # an edit to the text the post has (`id`)
    unsupported = "unsupported"  # a language Plaza does not speak
    unknown = "unknown"  # a time zone nobody has heard of


class StorageError(Exception):
    """Base of every refusal; `reason` says why, such as Reason.blocked."""

    def __init__(self, reason: Reason, **detail: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.detail.items())
        return f"{type(self).__name__}({str(self.reason)!r}{', ' if fields else ''}{fields})"

    __str__ = __repr__


class NotFound(StorageError):
    """Something named does not exist, or the viewer may not know that it does."""


class NotAllowed(StorageError):
    """The request is well-formed but the network's rules refuse it."""


class InvalidInput(StorageError):
    """A value is out of shape; `field` names it."""
