"""Two accounts made one (storage/merge.py), on each engine: two active accounts built
through the network's own calls, merged, and checked table by table; a real database
fault in the middle leaves both exactly as they were; refusals change nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from storage import network, usage
from storage.errors import NotAllowed, NotFound, Reason
from storage.merge import MERGED_TABLES
from storage.models import (
    ChatStateRecord,
    DigestDelivery,
    Identity,
    LinkCode,
    Mention,
    Person,
    Platform,
    Post,
    Report,
    utcnow,
)
from storage.relations import like_t
from storage.tables import table
from tests.storage.race_support import MISCOUNTED

PERSON = table(Person)
DAY1, DAY2 = date(2026, 11, 1), date(2026, 11, 2)


def person_keys() -> dict[str, list[str]]:
    """Every table with a foreign key to person.id, and the columns that hold it."""
    found: dict[str, list[str]] = {}
    for rows in SQLModel.metadata.sorted_tables:
        for column in rows.columns:
            if any(fk.column.table is PERSON for fk in column.foreign_keys):
                found.setdefault(rows.name, []).append(column.name)
    return found


def test_every_table_with_a_key_to_person_has_a_merge_step() -> None:
    """A new table keyed to person that the merge does not name would lose the absorbed
    account's rows in silence, to the cascade of its person row."""
    assert set(person_keys()) == MERGED_TABLES


@dataclass
class Scene:
    """Two active accounts, annie (kept) and bobby (absorbed, the older), among others."""

    ids: dict[str, int]
    posts: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, handle: str) -> int:
        return self.ids[handle]


def _code(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build(session: Session) -> Scene:
    """The two accounts and their neighbours, as people's own actions make them (the
    digest keys, link codes and a chat state, which no network call writes, as rows)."""
    ids: dict[str, int] = {}
    people: dict[str, Person] = {}
    # bobby first: his account is the older, and its creation date is the one kept.
    for handle, platform in (("bobby", Platform.discord), ("annie", Platform.telegram),
                             *((h, Platform.console) for h in
                               ("carol", "dave", "erin", "fred", "gina", "harry", "ivan"))):
        people[handle] = network.register(session, handle, platform=platform,
                                          external_id=f"{handle}-id")
        ids[handle] = people[handle].id or 0
    scene = Scene(ids)
    annie, bobby = people["annie"], people["bobby"]
    session.add(Identity(person_id=bobby.id, platform=Platform.console, external_id="bobby-id"))
    network.update_profile(session, annie, name="Annie A", interests=["jazz", "chess"])
    network.update_profile(session, bobby, name="Bob B", bio="grows tomatoes",
                           interests=["chess", "gardening"])
    network.update_settings(session, annie, language="fr", timezone="Europe/Paris")
    network.update_settings(session, bobby, timezone="Asia/Tokyo", digest_time=time(7, 0))

    def act(handle: str, verb: str, *args: object) -> object:
        return getattr(network, verb)(session, people[handle], *args)

    def post(name: str, handle: str, verb: str, *args: object) -> None:
        scene.posts[name] = act(handle, verb, *args).id  # type: ignore[attr-defined]

    post("a1", "annie", "post", "annie on jazz #jazz")
    post("b1", "bobby", "post", "bobby on gardening @carol")
    post("b2", "bobby", "post", "bobby for followers", "followers")
    post("c1", "carol", "post", "carol's first")
    post("d1", "dave", "post", "dave's first")
    post("carol_on_b1", "carol", "reply", scene.posts["b1"], "nice garden")
    post("annie_on_b1", "annie", "reply", scene.posts["b1"], "annie answers bobby")
    post("bobby_on_c1", "bobby", "reply", scene.posts["c1"], "bobby answers carol")
    post("dave_on_b1", "dave", "reply", scene.posts["b1"], "@annie look at this")
    post("b3", "bobby", "post", "@annie hello other me")
    post("bobby_rep_c1", "bobby", "repost", scene.posts["c1"])
    post("annie_rep_c1", "annie", "repost", scene.posts["c1"])
    post("bobby_rep_d1", "bobby", "repost", scene.posts["d1"])
    post("dave_on_rep", "dave", "reply", scene.posts["bobby_rep_c1"], "on bobby's repost")
    # Likes: the earlier of two is kept, on a post and on the repost both made.
    # A like by a repost's number now goes to its original (storage.posts.original_of);
    # likes written on reposts before that are still in databases, and merge keeps them.
    def like_the_repost(handle: str, repost: int) -> None:
        session.execute(sa.insert(like_t).values(person_id=people[handle].id, post_id=repost,
                                                 created_at=utcnow()))
        session.flush()

    like_the_repost("erin", scene.posts["bobby_rep_c1"])
    like_the_repost("erin", scene.posts["annie_rep_c1"])
    like_the_repost("fred", scene.posts["bobby_rep_c1"])
    act("bobby", "like", scene.posts["c1"])
    act("annie", "like", scene.posts["c1"])
    act("bobby", "like", scene.posts["a1"])
    act("bobby", "like", scene.posts["d1"])
    # Follows, blocks, mutes; of two alike, the absorbed's is the earlier.
    for handle, verb, other in [
        ("bobby", "follow", "carol"), ("annie", "follow", "carol"), ("bobby", "follow", "dave"),
        ("annie", "follow", "bobby"), ("bobby", "follow", "annie"),
        ("carol", "follow", "bobby"), ("carol", "follow", "annie"), ("erin", "follow", "bobby"),
        ("fred", "follow", "annie"), ("annie", "follow", "gina"), ("gina", "follow", "annie"),
        ("bobby", "follow", "harry"), ("dave", "follow", "annie"),
        ("bobby", "block", "gina"), ("bobby", "block", "ivan"), ("annie", "block", "ivan"),
        ("harry", "block", "annie"),
        ("bobby", "mute", "annie"), ("bobby", "mute", "erin"), ("annie", "mute", "erin"),
        ("carol", "mute", "bobby"), ("dave", "mute", "bobby"), ("dave", "mute", "annie"),
        ("carol", "subscribe", "bobby"), ("dave", "subscribe", "bobby"),
        ("dave", "subscribe", "annie"), ("annie", "subscribe", "bobby"),
    ]:
        act(handle, verb, other)
    for handle, day, used in [("annie", DAY1, usage.Tokens(1, 10, 0, 5)),
                              ("bobby", DAY1, usage.Tokens(2, 20, 4, 6)),
                              ("bobby", DAY2, usage.Tokens(1, 1, 1, 1))]:
        usage.record(session, handle, day, "some-model", used)
    now = utcnow()
    for handle, day, status, platform in [
        ("annie", DAY1, "sent", "telegram"), ("bobby", DAY1, "sent", "discord"),
        ("bobby", DAY2, "empty", "discord"),
        ("annie", DAY1 + timedelta(days=2), "pending", None),
        ("bobby", DAY1 + timedelta(days=2), "sent", "discord"),
        ("annie", DAY1 + timedelta(days=3), "sent", "telegram"),
        ("bobby", DAY1 + timedelta(days=3), "pending", None),
    ]:
        session.add(DigestDelivery(person_id=ids[handle], local_date=day, status=status,
                                   token=handle, lease_until=now + timedelta(minutes=5),
                                   platform=platform, updated_at=now))
    annie.last_digest_at, bobby.last_digest_at = now - timedelta(days=2), now - timedelta(days=1)
    annie.digest_due_at, bobby.digest_due_at = now + timedelta(hours=3), now + timedelta(hours=1)
    for handle, n in (("annie", 1), ("bobby", 2)):
        for i in range(n):
            session.add(LinkCode(person_id=ids[handle], digest=_code(f"{handle}{i}"),
                                 platform="telegram", expires_at=now + timedelta(minutes=10)))
    # Reports: carol's about bobby and bobby's about carol move; annie's about bobby would
    # be about herself.
    for reporter, about, post_name in [("carol", "bobby", "b1"), ("bobby", "carol", None),
                                       ("annie", "bobby", None)]:
        session.add(Report(reporter_id=ids[reporter], person_id=ids[about],
                           post_id=scene.posts[post_name] if post_name else None,
                           reason="spam"))
    session.add(ChatStateRecord(platform="discord", chat_id="dm-bobby", external_id="bobby-id",
                                data="{}", version=1, updated_at=now))
    session.add_all([annie, bobby])
    session.flush()
    return scene


def counts(session: Session) -> dict[str, int]:
    return {rows.name: session.execute(sa.select(sa.func.count()).select_from(rows)).scalar_one()
            for rows in SQLModel.metadata.sorted_tables}


def person_row(session: Session, person_id: int) -> sa.Row:
    return session.execute(sa.select(PERSON).where(PERSON.c.id == person_id)).one()


MOVED = {"post": 5, "post_like": 2, "mention": 2, "block": 1, "mute": 1, "follow": 3,
         "interest": 1, "model_usage": 1, "digest_delivery": 1, "identity": 2, "link_code": 0,
         "pin": 0, "held_handle": 0, "report": 2, "subscription": 1,
         # to bobby: carol's reply, dave's reply to his repost, erin's follow; by bobby:
         # the mention of carol, his reply to and repost of c1, his repost and like of d1,
         # his follows of carol, dave and harry
         "notification": 11, "steering_rule": 0}
DROPPED = {
    "post": 1,  # bobby's repost of c1, which annie reposted too
    "post_like": 2,  # both liked c1; erin liked both reposts of c1
    "mention": 3,  # annie's reply to b1 and b3 addressed the other self; d2 addressed both
    "block": 1,  # both blocked ivan
    "mute": 3,  # bobby muted annie; both muted erin; dave muted both
    # between the two (2); followed carol both (1); carol followed both (1); across the
    # blocks annie now has: gina both ways, harry (3)
    "follow": 7,
    "interest": 1,  # chess
    "model_usage": 1,  # DAY1, summed
    "digest_delivery": 3,  # the dates annie has a key for
    "identity": 0,
    "link_code": 2,
    "pin": 0,
    "held_handle": 0,
    "report": 1,  # annie's report about bobby
    "subscription": 2,  # annie's about bobby; dave's about both
    # between the two: annie's reply to b1, b3, bobby's like of a1, their follows of each
    # other (5); of one event both had: dave's reply naming annie, carol's follows (2)
    "notification": 7,
    "steering_rule": 0,  # tests/storage/test_steering.py merges rules
}


def times(session: Session, name: str) -> dict[tuple[int, int], datetime]:
    """When each row of an edge table (follow, post_like...) was made, by its key."""
    rows = table_named(name)
    left, right = rows.primary_key.columns
    return {(a, b): at for a, b, at in session.execute(
        sa.select(left, right, rows.c.created_at))}


def table_named(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def edges(session: Session, name: str, person_id: int) -> set[tuple[str, str]]:
    """The (handle, handle) pairs of an edge table that involve `person_id`."""
    rows = table_named(name)
    left, right = rows.primary_key.columns
    a, b = PERSON.alias("a"), PERSON.alias("b")
    return set(tuple(row) for row in session.execute(
        sa.select(a.c.handle, b.c.handle).select_from(rows)
        .join(a, a.c.id == left).join(b, b.c.id == right)
        .where(sa.or_(left == person_id, right == person_id))).all())


def test_two_active_accounts_merge_table_by_table(session: Session) -> None:
    scene = build(session)
    annie_id, bobby_id, p = scene["annie"], scene["bobby"], scene.posts
    before = counts(session)
    annie_before, bobby_before = person_row(session, annie_id), person_row(session, bobby_id)
    follows_before, likes_before = times(session, "follow"), times(session, "post_like")

    merged = network.merge_accounts(session, annie_id, bobby_id)
    session.commit()

    assert (merged.handle, merged.freed) == ("annie", "bobby")
    assert merged.moved == MOVED
    assert merged.dropped == DROPPED
    after = counts(session)
    for name, rows in before.items():
        expected = rows - DROPPED.get(name, 0) - (1 if name == "person" else 0)
        assert after[name] == expected, name
    for name, columns in person_keys().items():  # nothing of bobby's anywhere
        rows = table_named(name)
        for column in columns:
            left = session.execute(sa.select(sa.func.count()).select_from(rows)
                                   .where(rows.c[column] == bobby_id)).scalar_one()
            assert left == 0, (name, column)
    # No edge of a person with themselves, nor a follow across a block; counts are the rows.
    for name in ("follow", "block", "mute"):
        rows = table_named(name)
        left, right = rows.primary_key.columns
        assert session.execute(sa.select(sa.func.count()).select_from(rows)
                               .where(left == right)).scalar_one() == 0
    assert session.execute(sa.text(
        "SELECT count(*) FROM follow f JOIN block b ON (b.blocker_id = f.follower_id AND"
        " b.blocked_id = f.followee_id) OR (b.blocker_id = f.followee_id AND"
        " b.blocked_id = f.follower_id)")).scalar_one() == 0
    assert session.execute(sa.text(MISCOUNTED)).scalar_one() == 0

    # The person row: annie's handle and settings, the older date, bobby's bio for hers.
    annie = person_row(session, annie_id)
    assert annie.created_at == bobby_before.created_at < annie_before.created_at
    assert (annie.handle, annie.display_name, annie.bio) == ("annie", "Annie A", "grows tomatoes")
    assert (annie.language, annie.timezone, annie.digest_time) == ("fr", "Europe/Paris",
                                                                   time(8, 0))
    assert annie.digest_due_at == annie_before.digest_due_at
    assert annie.last_digest_at == bobby_before.last_digest_at > annie_before.last_digest_at
    assert session.get(Person, bobby_id) is None
    me = session.get(Person, annie_id)
    assert me is not None
    assert (me.follower_count, me.following_count, me.bio) == (4, 2, "grows tomatoes")

    # Each table's rows, as they should now be.
    assert edges(session, "follow", annie_id) == {
        ("annie", "carol"), ("annie", "dave"), ("carol", "annie"), ("erin", "annie"),
        ("fred", "annie"), ("dave", "annie")}
    follows = times(session, "follow")
    assert follows[annie_id, scene["carol"]] == follows_before[bobby_id, scene["carol"]]
    assert follows[scene["carol"], annie_id] == follows_before[scene["carol"], bobby_id]
    assert edges(session, "block", annie_id) == {("annie", "gina"), ("annie", "ivan"),
                                                 ("harry", "annie")}
    assert edges(session, "mute", annie_id) == {("annie", "erin"), ("carol", "annie"),
                                                ("dave", "annie")}
    likes = times(session, "post_like")
    assert set(likes) == {(annie_id, p["c1"]), (annie_id, p["a1"]), (annie_id, p["d1"]),
                          (scene["erin"], p["annie_rep_c1"]),
                          (scene["fred"], p["annie_rep_c1"])}
    assert likes[annie_id, p["c1"]] == likes_before[bobby_id, p["c1"]]
    assert (likes[scene["erin"], p["annie_rep_c1"]]
            == likes_before[scene["erin"], p["bobby_rep_c1"]])
    assert session.get(Post, p["bobby_rep_c1"]) is None
    answer = session.get(Post, p["dave_on_rep"])
    assert answer is not None
    assert (answer.reply_to_id, answer.root_id) == (p["annie_rep_c1"], p["annie_rep_c1"])
    assert set(session.exec(select(Mention.person_id, Mention.post_id, Mention.kind))) == {
        (scene["carol"], p["b1"], "mention"),
        (scene["carol"], p["bobby_on_c1"], "reply"),
        (annie_id, p["carol_on_b1"], "reply"),
        (annie_id, p["dave_on_b1"], "reply"),  # her 'mention' took bobby's 'reply'
        (annie_id, p["dave_on_rep"], "reply")}
    assert network.export(session, me)["profile"]["interests"] == ["chess", "gardening", "jazz"]
    assert [(day, people, tokens) for day, _, people, tokens in usage.totals(session)] == [
        (DAY1, 1, usage.Tokens(3, 30, 4, 11)), (DAY2, 1, usage.Tokens(1, 1, 1, 1))]
    assert set(session.exec(select(DigestDelivery.person_id, DigestDelivery.local_date,
                                   DigestDelivery.status, DigestDelivery.platform))) == {
        (annie_id, DAY1, "sent", "telegram"), (annie_id, DAY2, "empty", "discord"),
        (annie_id, DAY1 + timedelta(days=2), "sent", "discord"),  # bobby's was done
        (annie_id, DAY1 + timedelta(days=3), "sent", "telegram")}
    assert set(session.exec(select(Identity.platform, Identity.external_id)
                            .where(Identity.person_id == annie_id))) == {
        ("telegram", "annie-id"), ("discord", "bobby-id"), ("console", "bobby-id")}
    assert list(session.exec(select(LinkCode.person_id))) == [annie_id]
    assert after["chat_state"] == before["chat_state"] == 1

    # What people read.
    erin, carol = (session.get_one(Person, scene[h]) for h in ("erin", "carol"))
    assert {(v.id, v.author) for v in network.feed(session, erin, limit=50).items} >= {
        (p["b1"], "annie"), (p["b2"], "annie"), (p["a1"], "annie")}
    assert [(v.id, v.author) for v in network.search_posts(session, carol, "gardening")] == [
        (p["b1"], "annie")]
    assert {v.id for v in network.mentions(session, me)} == {
        p["carol_on_b1"], p["dave_on_b1"], p["dave_on_rep"]}
    assert [v.handle for v in network.search_people(session, carol, "gardening")] == ["annie"]
    seen = network.profile(session, carol, me)
    assert (seen.followers, seen.following, seen.posts) == (4, 2, 8)
    # bobby's handle is free at once.
    assert network.handle_available(session, "bobby")
    network.register(session, "bobby", platform=Platform.console, external_id="someone-new")
    session.commit()


def snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    return {rows.name: sorted((tuple(row) for row in session.execute(sa.select(rows))), key=repr)
            for rows in SQLModel.metadata.sorted_tables}


FAULT = "merge fault injected by the test"


def add_fault(session: Session, name: str, event: str) -> None:
    """A trigger that fails every `event` (UPDATE, DELETE) on table `name`, as a full disk
    or a killed connection would fail a statement half way through the merge."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text(f"CREATE TRIGGER merge_fault BEFORE {event} ON {name} "
                                f"BEGIN SELECT RAISE(ABORT, '{FAULT}'); END"))
    else:
        session.execute(sa.text("CREATE FUNCTION merge_fault() RETURNS trigger LANGUAGE plpgsql"
                                f" AS $$ BEGIN RAISE EXCEPTION '{FAULT}'; END $$"))
        session.execute(sa.text(f"CREATE TRIGGER merge_fault BEFORE {event} ON {name} "
                                "FOR EACH ROW EXECUTE FUNCTION merge_fault()"))
    session.commit()


def drop_fault(session: Session, name: str) -> None:
    session.rollback()
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("DROP TRIGGER merge_fault"))
    else:
        session.execute(sa.text(f"DROP TRIGGER merge_fault ON {name}"))
        session.execute(sa.text("DROP FUNCTION merge_fault()"))
    session.commit()


@pytest.mark.parametrize(("name", "event"), [
    ("follow", "UPDATE"),  # half way: posts, likes, mentions, blocks and mutes moved
    ("identity", "UPDATE"),  # near the end
    ("person", "DELETE"),  # the very last statement
])
def test_a_fault_in_the_middle_leaves_both_accounts_as_they_were(
        session: Session, name: str, event: str) -> None:
    scene = build(session)
    session.commit()
    before = snapshot(session)
    session.rollback()
    add_fault(session, name, event)
    try:
        with pytest.raises(sa.exc.DBAPIError, match=FAULT):
            network.merge_accounts(session, scene["annie"], scene["bobby"])
        session.rollback()
        assert snapshot(session) == before
    finally:
        drop_fault(session, name)
    # The same merge, once the fault is gone, goes through: it was the fault that stopped it.
    merged = network.merge_accounts(session, scene["annie"], scene["bobby"])
    session.commit()
    assert merged.dropped == DROPPED
    assert snapshot(session) != before


def test_merging_into_oneself_or_with_nobody_is_refused_and_changes_nothing(
        session: Session) -> None:
    scene = build(session)
    session.commit()
    before = snapshot(session)
    with pytest.raises(NotAllowed) as refused:
        network.merge_accounts(session, scene["annie"], scene["annie"])
    assert (refused.value.reason, refused.value.detail) == (Reason.yourself, {"verb": "merge"})
    nobody = max(scene.ids.values()) + 100
    for keep, absorb in ((nobody, scene["bobby"]), (scene["annie"], nobody)):
        with pytest.raises(NotFound) as missing:
            network.merge_accounts(session, keep, absorb)
        assert (missing.value.reason, missing.value.detail) == (Reason.person, {"id": nobody})
    session.commit()
    assert snapshot(session) == before
    # Once merged away, a person is not there to merge again.
    network.merge_accounts(session, scene["annie"], scene["bobby"])
    with pytest.raises(NotFound) as gone:
        network.merge_accounts(session, scene["carol"], scene["bobby"])
    assert (gone.value.reason, gone.value.detail) == (Reason.person, {"id": scene["bobby"]})


@pytest.mark.parametrize("verb", ["follow", "block", "mute"])
@pytest.mark.parametrize("who", ["keep", "absorb"])
def test_an_edge_between_the_two_is_dropped(session: Session, person, verb: str,
                                            who: str) -> None:
    annie, bobby = person("annie"), person("bobby")
    actor, other = (annie, "bobby") if who == "keep" else (bobby, "annie")
    getattr(network, verb)(session, actor, other)
    merged = network.merge_accounts(session, annie.id, bobby.id)
    assert merged.dropped[verb] == 1 and merged.moved[verb] == 0
    rows = table_named(verb)
    assert session.execute(sa.select(sa.func.count()).select_from(rows)).scalar_one() == 0
    assert session.execute(sa.text(MISCOUNTED)).scalar_one() == 0


def test_the_session_forgets_the_absorbed_and_reads_the_survivor_again(
        session: Session, person) -> None:
    """The caller's objects: the absorbed's person and identities no longer stand for rows
    (detached), the survivor's person shows the merged values, counts included."""
    annie, bobby, carol = person("annie"), person("bobby"), person("carol")
    network.follow(session, carol, "bobby")
    bobby.display_name = "Bob B"  # changed and not flushed: the merge sees it
    session.add(bobby)
    bobby_identity = session.exec(select(Identity).where(Identity.person_id == bobby.id)).one()
    assert annie.follower_count == 0
    network.merge_accounts(session, annie.id, bobby.id)
    assert bobby not in session and bobby_identity not in session
    assert annie in session
    assert (annie.follower_count, annie.display_name) == (1, "Bob B")
    session.commit()
    assert [i.external_id for i in session.exec(select(Identity).where(
        Identity.person_id == annie.id).order_by(Identity.id))] == ["annie", "bobby"]


def test_an_absorbed_repost_of_the_survivors_own_post_stays_one_repost(
        session: Session, person) -> None:
    """Reposts of one post by both, whoever wrote it: one is kept, the survivor's."""
    annie, bobby = person("annie"), person("bobby")
    first = network.post(session, annie, "mine")
    kept = network.repost(session, annie, first.id)
    gone = network.repost(session, bobby, first.id)
    merged = network.merge_accounts(session, annie.id, bobby.id)
    assert (merged.moved["post"], merged.dropped["post"]) == (0, 1)
    assert session.get(Post, gone.id) is None and session.get(Post, kept.id) is not None
    assert network.posts_by(session, annie, annie).items[0].repost_of.id == first.id


def test_the_timestamps_are_utc_and_each_digest_date_keeps_one_key(
        session: Session, person) -> None:
    """Made here with a time of its own: the key of a date only the absorbed had moves;
    where the survivor's was pending and the absorbed's done, it takes the outcome at `now`."""
    annie, bobby = person("annie"), person("bobby")
    then = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    for who, status in ((annie, "pending"), (bobby, "sent")):
        session.add(DigestDelivery(person_id=who.id, local_date=DAY1, status=status,
                                   token=who.handle, lease_until=then, platform=None,
                                   updated_at=then))
    session.flush()
    later = then + timedelta(minutes=3)
    network.merge_accounts(session, annie.id, bobby.id, now=later)
    key = session.exec(select(DigestDelivery)).one()
    assert (key.person_id, key.status, key.token, key.updated_at) == (
        annie.id, "sent", "annie", later)


def test_a_pin_and_an_old_handle_follow_the_merge(session: Session, person) -> None:
    """The survivor keeps its pin (the absorbed's moves only if it had none); a handle the
    absorbed changed away from lately finds the survivor."""
    annie, bobby = person("annie"), person("bobby")
    mine = network.post(session, bobby, "pinned by bobby")
    network.pin(session, bobby, mine.id)
    network.change_handle(session, bobby, "bobby_two")
    keep, absorb = annie.id, bobby.id
    merged = network.merge_accounts(session, keep, absorb)
    assert (merged.moved["pin"], merged.moved["held_handle"]) == (1, 1)
    kept = session.get(Person, keep)
    assert kept is not None
    shown = network.profile(session, kept, kept).pinned
    assert shown is not None and shown.id == mine.id
    assert network.person_by_handle(session, "bobby").id == keep
