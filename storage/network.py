"""The network's rules in one place: what the conversation calls.

Each function takes a session and the acting person (always the sender) and
either returns plain data or raises a `storage.errors` refusal.
"""

from storage.accounts import (
    arrive,
    change_handle,
    chat_unreachable,
    delete_account,
    export,
    handle_available,
    person_of,
    private_chat,
    profile,
    register,
    set_reachable,
    update_profile,
    update_settings,
)
from storage.editing import edit_post, forget_edits, versions
from storage.flood import check as check_flood
from storage.flood import claim_export
from storage.graph import (
    block,
    follow,
    followers,
    following,
    follows_between,
    mute,
    unblock,
    unfollow,
    unmute,
)
from storage.linking import (
    attach,
    claimed,
    linked,
    live_code_in,
    new_code,
    redeem,
    release,
    set_digest_platform,
    spend,
    unlink,
    unlinkable,
)
from storage.merge import merge_accounts
from storage.notifications import KINDS as NOTIFICATION_KINDS
from storage.notifications import (
    kinds_off,
    set_quiet_hours,
    subscribe,
    subscriptions,
    switch,
    unsubscribe,
)
from storage.pins import pin, pinned, unpin
from storage.posts import (
    delete_post,
    last_post_id,
    like,
    original_of,
    post,
    reply,
    repost,
    unlike,
    unrepost,
    visible_post,
    writable,
)
from storage.quotes import quote
from storage.reading import feed, mentions, posts_by
from storage.relations import person_by_handle
from storage.reports import report_person, report_post
from storage.search import search_people, search_posts
from storage.suggestions import suggestions
from storage.suspension import ensure_active, ensure_identity_free
from storage.threads import counts, open_post, with_counts
from storage.trending import trending

__all__ = [
    "arrive",
    "attach",
    "block",
    "check_flood",
    "claim_export",
    "change_handle",
    "chat_unreachable",
    "claimed",
    "ensure_active",
    "ensure_identity_free",
    "counts",
    "delete_account",
    "delete_post",
    "edit_post",
    "export",
    "feed",
    "follow",
    "forget_edits",
    "followers",
    "following",
    "follows_between",
    "handle_available",
    "last_post_id",
    "like",
    "linked",
    "live_code_in",
    "mentions",
    "merge_accounts",
    "mute",
    "kinds_off",
    "NOTIFICATION_KINDS",
    "set_quiet_hours",
    "subscribe",
    "subscriptions",
    "switch",
    "unsubscribe",
    "new_code",
    "open_post",
    "original_of",
    "visible_post",
    "writable",
    "person_by_handle",
    "person_of",
    "pin",
    "pinned",
    "post",
    "posts_by",
    "private_chat",
    "profile",
    "quote",
    "redeem",
    "release",
    "report_person",
    "report_post",
    "register",
    "reply",
    "repost",
    "search_people",
    "search_posts",
    "set_digest_platform",
    "set_reachable",
    "spend",
    "suggestions",
    "trending",
    "unblock",
    "unfollow",
    "unlike",
    "unlink",
    "unlinkable",
    "unmute",
    "unpin",
    "with_counts",
    "unrepost",
    "update_profile",
    "update_settings",
    "versions",
]
