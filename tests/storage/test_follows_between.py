"""What a block would end (storage.graph.follows_between), read before one so that undoing
it puts the follows back; on both engines."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage import network
from storage.errors import NotFound


def test_each_way_is_told_apart_and_a_block_ends_both(session: Session, person) -> None:
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    network.follow(session, alice, "bob")
    network.follow(session, carol, "alice")
    assert network.follows_between(session, alice, "bob") == (True, False)
    assert network.follows_between(session, alice, "carol") == (False, True)
    assert network.follows_between(session, bob, "carol") == (False, False)
    network.follow(session, bob, "alice")
    assert network.follows_between(session, alice, "bob") == (True, True)
    network.block(session, alice, "bob")
    assert network.follows_between(session, alice, "bob") == (False, False)


def test_an_unknown_handle_is_not_found(session: Session, person) -> None:
    with pytest.raises(NotFound):
        network.follows_between(session, person("alice"), "nobody")
