"""Word and people search in their per-engine shapes (storage.search), on the edges of the
PostgreSQL walk: the newest WALKED posts are read back one by one, the rest through the
full-text index. A word only older posts hold, a word on both sides of the walk's end, a
post exactly at its end, hidden posts inside it, phrases and accents, hashtags and a query
matching nothing: the same answers on both engines, newest first, none twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import network
from storage.models import Platform
from storage.search import WALKED
from tests.conftest import POSTGRES_URL
from tests.storage.shape_support import on_both_engines, skip_post_ids

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL not set")
GAP = 1_000_000  # ids skipped between the old posts and the new ones: far past WALKED


def build(session: Session) -> dict[str, int]:
    """Posts on both sides of the walk's end; the ids that matter, by name."""
    people = {handle: network.register(session, handle, platform=Platform.console,
                                       external_id=handle)
              for handle in ("reader", "writer", "secretive")}
    writer, secretive = people["writer"], people["secretive"]
    network.follow(session, people["reader"], "writer")
    ids = {"first": network.post(session, writer, "zyzzyva lives in old posts only").id}
    ids["old cafe"] = network.post(session, writer, "un café au lait, l'été dernier").id
    ids["old both"] = network.post(session, writer, "borderline word, long ago").id
    network.post(session, secretive, "zyzzyva said privately", visibility="followers")
    ids["old tag"] = network.post(session, writer, "an old #Rareté").id
    skip_post_ids(session, ids["first"] + GAP)
    ids["at the end"] = network.post(session, writer, "borderline exactly at the edge").id
    skip_post_ids(session, ids["at the end"] + WALKED - 3)  # three posts to come
    # Inside the walk: a post the reader may not see, with every word searched.
    network.post(session, secretive, "borderline zyzzyva café l'été #rareté",
                 visibility="followers")
    ids["new both"] = network.post(session, writer, "borderline word, just now").id
    ids["new cafe"] = network.post(session, writer, "CAFÉ, L'ÉTÉ").id
    ids["top"] = ids["new cafe"]
    assert ids["top"] - WALKED == ids["at the end"]  # the walk's last id, inclusive
    session.commit()
    return ids


QUERIES = ["zyzzyva", "borderline", "borderline word", "cafe", "Café", "l'été", "l'ete",
           "ete'l", "#rareté", "#RARETE", "lives zyzzyva", "nothing matches this",
           "zyzzyva nothing"]


def _answers(session: Session, limit: int) -> dict[str, list[int]]:
    reader = network.person_by_handle(session, "reader")
    return {query: [post.id for post in network.search_posts(session, reader, query, limit)]
            for query in QUERIES}


def test_searches_cross_the_end_of_the_walk(session: Session) -> None:
    ids = build(session)
    found = _answers(session, 20)
    assert found["zyzzyva"] == [ids["first"]]  # only the index holds it
    assert found["lives zyzzyva"] == [ids["first"]]
    assert found["borderline"] == [ids["new both"], ids["at the end"], ids["old both"]]
    assert found["borderline word"] == [ids["new both"], ids["old both"]]
    assert found["cafe"] == found["Café"] == [ids["new cafe"], ids["old cafe"]]
    assert found["l'été"] == found["l'ete"] == [ids["new cafe"], ids["old cafe"]]
    assert found["ete'l"] == []  # a phrase keeps its order
    assert found["#rareté"] == found["#RARETE"] == [ids["old tag"]]
    assert found["nothing matches this"] == found["zyzzyva nothing"] == []
    # Pages shorter than what matches: the newest first, from the walk then the index.
    assert _answers(session, 1)["borderline"] == [ids["new both"]]
    assert _answers(session, 2)["borderline"] == [ids["new both"], ids["at the end"]]


def test_people_search_ranks_by_the_kept_counts_in_step_with_follows(
        session: Session) -> None:
    people = [network.register(session, f"jazzfan{i}", platform=Platform.console,
                               external_id=str(i)) for i in range(6)]
    viewer = network.register(session, "listener", platform=Platform.console, external_id="l")
    for i, person in enumerate(people):
        for other in people[:i]:
            network.follow(session, person, other.handle)  # jazzfan0 most followed
    first = [p.handle for p in network.search_people(session, viewer, "jazzfan0 jazzfan1 "
                                                                       "jazzfan2 jazzfan5")]
    assert first == ["jazzfan0", "jazzfan1", "jazzfan2", "jazzfan5"]
    for person in people[1:4]:
        network.unfollow(session, person, "jazzfan0")
    for person in people[:5]:
        network.follow(session, person, "jazzfan5")
    # In the same transaction: the counts read are those just written.
    views = network.search_people(session, viewer, "jazzfan0 jazzfan1 jazzfan2 jazzfan5")
    assert [(p.handle, p.followers) for p in views] == [
        ("jazzfan5", 5), ("jazzfan1", 4), ("jazzfan2", 3), ("jazzfan0", 2)]


@needs_postgres
def test_both_engines_answer_alike(tmp_path: Path, postgres_engine: sa.Engine) -> None:
    def answers(session: Session) -> object:
        build(session)
        return [_answers(session, limit) for limit in (1, 2, 3, 20)]

    lite, pg = on_both_engines(tmp_path, postgres_engine, answers)
    assert lite == pg
