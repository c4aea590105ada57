"""Acting on a post (like, reply, repost) while its author deletes it, on PostgreSQL: the
action finds the post, then its insert waits for the deletion's lock on the post row;
once the deletion commits, the foreign key refuses the insert. What a person should read
is "no such post", as when they come a moment later; what they read was the apology for
a crash (the IntegrityError is no refusal the conversation knows), until
storage.posts.visible_post held the post row (FOR KEY SHARE). Not from issue 11:
found beside its account-deletion races, which follow, block and mute now avoid by
holding the row they point at (storage.graph)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.errors import NotFound
from tests.storage.race_support import as_, holding, people, start, until_waiting


@pytest.mark.parametrize("verb", ["like", "reply", "repost"])
def test_acting_on_a_post_whose_deletion_commits_meanwhile_is_not_found(
        pg: sa.Engine, verb: str) -> None:
    people(pg, "annie", "bobby")
    with Session(pg) as session:
        post = network.post(session, network.person_by_handle(session, "bobby"), "soon gone")
        session.commit()
    with holding(pg) as deleting:
        network.delete_post(deleting, network.person_by_handle(deleting, "bobby"), post.id)
        acting = start(pg, as_("annie", verb, *([post.id, "an answer"] if verb == "reply"
                                                 else [post.id])))
        until_waiting(pg, acting)
    assert isinstance(acting.join().error, NotFound), acting.error
