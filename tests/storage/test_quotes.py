"""Quoting a post (storage.quotes): only public posts, never across a block; the quote
shows the quoted post to each reader as they may see it; on both engines."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage import network
from storage.errors import NotAllowed, NotFound, Reason
from storage.threads import open_post


def test_a_quote_shows_the_quoted_post_in_feeds_search_and_when_opened(session: Session,
                                                                       person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    network.follow(session, carol, "bob")
    original = network.post(session, alice, "tabs are better than spaces")
    made = network.quote(session, bob, original.id, "so true #tabs")
    assert made.quote_of == original.id and made.quote is not None
    assert made.quote.text == "tabs are better than spaces"
    [shown] = network.feed(session, carol).items
    assert shown.id == made.id and shown.quote is not None and shown.quote.author == "alice"
    [found] = network.search_posts(session, carol, "#tabs")
    assert found.quote is not None and found.quote.id == original.id
    assert open_post(session, carol, original.id).quotes == 1
    edited = network.edit_post(session, bob, made.id, "so very true #tabs")
    assert edited.quote is not None and edited.quote.id == original.id
    # the quoted author hears of it, as of a mention
    assert [p.id for p in network.mentions(session, alice)] == [made.id]
    # quoting a repost quotes its original
    shared = network.repost(session, carol, original.id)
    again = network.quote(session, carol, shared.id, "agreed")
    assert again.quote_of == original.id


def test_followers_only_posts_cannot_be_quoted(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    network.follow(session, bob, "alice")
    private = network.post(session, alice, "just for my followers", visibility="followers")
    for visibility in ("public", "followers"):
        with pytest.raises(NotAllowed) as refused:
            network.quote(session, bob, private.id, "look at this", visibility)
        assert refused.value.reason == Reason.not_quotable
    thread_reply = network.reply(session, bob, private.id, "a reply in her thread")
    with pytest.raises(NotAllowed):
        network.quote(session, bob, thread_reply.id, "quoting the reply")


def test_blocks_hide_quotes_both_ways(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    original = network.post(session, alice, "hot take")
    network.block(session, alice, "bob")
    with pytest.raises(NotFound):  # blocked: the post cannot even be named
        network.quote(session, bob, original.id, "lol")
    network.unblock(session, alice, "bob")
    network.follow(session, carol, "bob")
    made = network.quote(session, bob, original.id, "lol")
    network.block(session, carol, "alice")  # carol blocks the quoted author later
    [shown] = network.feed(session, carol).items
    assert shown.id == made.id and shown.quote_of == original.id and shown.quote is None
    network.unblock(session, carol, "alice")
    network.delete_post(session, alice, original.id)  # a quote outlives what it quotes
    [shown] = network.feed(session, carol).items
    assert shown.quote_of == original.id and shown.quote is None
    assert shown.text == "lol"
