"""Editing a post (storage.editing): the text changes, the number, replies, likes and
reposts stay, earlier texts are kept and exported, search, tags and mentions follow the
new text; on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.errors import InvalidInput, NotAllowed, NotFound, Reason
from storage.models import Mention, MentionKind, utcnow
from storage.threads import open_post


def test_an_edit_keeps_the_post_and_its_earlier_text(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    first = network.post(session, alice, "meet at 5pm #picnic")
    answer = network.reply(session, bob, first.id, "see you there")
    network.like(session, bob, first.id)
    network.repost(session, bob, first.id)
    later = utcnow() + timedelta(minutes=3)

    edited = network.edit_post(session, alice, first.id, "meet at 6pm #picnic", now=later)

    assert (edited.id, edited.text, edited.edited_at) == (first.id, "meet at 6pm #picnic", later)
    thread = open_post(session, bob, first.id)
    assert thread.post.text == "meet at 6pm #picnic" and thread.post.edited_at == later
    assert (thread.likes, thread.reposts, thread.replies) == (1, 1, 1)
    assert [a.id for a in thread.answers.items] == [answer.id]
    assert [(v.text, v.replaced_at) for v in thread.versions] == [("meet at 5pm #picnic", later)]
    assert thread.versions[0].written_at == first.created_at
    network.edit_post(session, alice, first.id, "meet at 7pm #picnic", now=later)
    assert [v.text for v in network.versions(session, bob, first.id)] == [
        "meet at 6pm #picnic", "meet at 5pm #picnic"]  # the latest first
    exported = next(p for p in network.export(session, alice)["posts"] if p["id"] == first.id)
    assert exported["text"] == "meet at 7pm #picnic"
    assert [v["text"] for v in exported["versions"]] == ["meet at 5pm #picnic",
                                                          "meet at 6pm #picnic"]
    assert exported["edited_at"] == later.isoformat()


def test_search_and_tags_read_the_new_text(session: Session, person) -> None:
    alice = person("alice")
    post = network.post(session, alice, "learning #haskell today, monads everywhere")
    network.edit_post(session, alice, post.id, "learning #ocaml today, functors everywhere")
    assert [p.id for p in network.search_posts(session, alice, "functors")] == [post.id]
    assert network.search_posts(session, alice, "monads") == []
    assert [p.id for p in network.search_posts(session, alice, "#ocaml")] == [post.id]
    assert network.search_posts(session, alice, "#haskell") == []


def test_mentions_follow_the_new_text_and_a_reply_keeps_its_parent(session: Session,
                                                                   person) -> None:
    alice, bob, carol, dave = person("alice"), person("bob"), person("carol"), person("dave")
    root = network.post(session, dave, "what should i cook")
    answer = network.reply(session, alice, root.id, "ask @bob, he knows")
    network.edit_post(session, alice, answer.id, "ask @carol, she knows")
    kinds = dict(session.execute(sa.select(Mention.person_id, Mention.kind)
                                 .where(Mention.post_id == answer.id)).all())
    assert kinds == {carol.id: MentionKind.mention, dave.id: MentionKind.reply}
    assert [p.id for p in network.mentions(session, carol)] == [answer.id]
    assert network.mentions(session, bob) == []


def test_only_the_author_edits_and_only_what_they_may_see(session: Session, person) -> None:
    alice, bob = person("alice"), person("bob")
    theirs = network.post(session, bob, "bob's words")
    hidden = network.post(session, bob, "friends only", visibility="followers")
    with pytest.raises(NotAllowed) as refused:
        network.edit_post(session, alice, theirs.id, "alice's words now")
    assert refused.value.reason == Reason.edit_not_yours
    with pytest.raises(NotFound):
        network.edit_post(session, alice, hidden.id, "sneaky")
    mine = network.post(session, alice, "hello")
    shared = network.repost(session, alice, theirs.id)
    with pytest.raises(NotAllowed) as refused:
        network.edit_post(session, alice, shared.id, "a repost has no text")
    assert refused.value.reason == Reason.repost_no_text
    with pytest.raises(InvalidInput) as same:
        network.edit_post(session, alice, mine.id, "  hello ")
    assert same.value.reason == Reason.unchanged
    with pytest.raises(InvalidInput) as long:
        network.edit_post(session, alice, mine.id, "x" * 1001)
    assert long.value.reason == Reason.too_long
    assert network.versions(session, alice, mine.id) == []  # nothing kept for a refusal
    network.block(session, bob, "alice")  # blocked: bob's edit history is hidden too
    with pytest.raises(NotFound):
        network.versions(session, alice, theirs.id)


def test_versions_go_with_the_post(session: Session, person) -> None:
    alice = person("alice")
    post = network.post(session, alice, "draft one")
    network.edit_post(session, alice, post.id, "draft two")
    network.delete_post(session, alice, post.id)
    left = session.execute(sa.text("SELECT count(*) FROM post_version")).scalar_one()
    assert left == 0
