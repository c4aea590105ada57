"""Follower and following counts kept on `person`, in step with `follow` by triggers.

People search ranks by followers and profiles show both counts; counting the
follow rows on every read cost a correlated count per matching person (issue
11: 133-289 ms a people search on PostgreSQL). The counts are kept by the
database itself, in the transaction that adds or removes a follow, whatever
removes it: an unfollow, a block, or an account deletion cascading to its follows.

On PostgreSQL the trigger locks the two person rows in id order before updating
them, so two people following each other at the same moment queue instead of
deadlocking. Whatever else adds or removes follows must have locked those rows in
id order before it touches a follow row: follow, unfollow and block take the pair
first (storage.relations.hold_pair), an account deletion everyone its follows join
it to (storage.accounts.delete_account). A bulk load sets the triggers aside and
calls `recount` once.
"""

from __future__ import annotations

from sqlalchemy import Connection

SQLITE_COUNTER_TRIGGERS = {
    "follow_count_insert": """CREATE TRIGGER follow_count_insert AFTER INSERT ON follow BEGIN
        UPDATE person SET follower_count = follower_count + 1 WHERE id = new.followee_id;
        UPDATE person SET following_count = following_count + 1 WHERE id = new.follower_id;
        END""",
    "follow_count_delete": """CREATE TRIGGER follow_count_delete AFTER DELETE ON follow BEGIN
        UPDATE person SET follower_count = follower_count - 1 WHERE id = old.followee_id;
        UPDATE person SET following_count = following_count - 1 WHERE id = old.follower_id;
        END""",
    "follow_count_update": """CREATE TRIGGER follow_count_update
        AFTER UPDATE OF follower_id, followee_id ON follow BEGIN
        UPDATE person SET follower_count = follower_count - 1 WHERE id = old.followee_id;
        UPDATE person SET following_count = following_count - 1 WHERE id = old.follower_id;
        UPDATE person SET follower_count = follower_count + 1 WHERE id = new.followee_id;
        UPDATE person SET following_count = following_count + 1 WHERE id = new.follower_id;
        END""",
}

_PG_FUNCTION = """CREATE FUNCTION plaza_follow_counts() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        -- Both rows locked in id order first: no deadlock between A->B and B->A.
        IF TG_OP <> 'DELETE' THEN
            PERFORM 1 FROM person WHERE id IN (NEW.follower_id, NEW.followee_id)
                ORDER BY id FOR NO KEY UPDATE;
            UPDATE person SET follower_count = follower_count + 1 WHERE id = NEW.followee_id;
            UPDATE person SET following_count = following_count + 1 WHERE id = NEW.follower_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            PERFORM 1 FROM person WHERE id IN (OLD.follower_id, OLD.followee_id)
                ORDER BY id FOR NO KEY UPDATE;
            UPDATE person SET follower_count = follower_count - 1 WHERE id = OLD.followee_id;
            UPDATE person SET following_count = following_count - 1 WHERE id = OLD.follower_id;
        END IF;
        RETURN NULL;
    END $$"""
PG_COUNTER_TRIGGER = "follow_counts"
_PG_TRIGGER = f"""CREATE TRIGGER {PG_COUNTER_TRIGGER}
    AFTER INSERT OR DELETE OR UPDATE OF follower_id, followee_id ON follow
    FOR EACH ROW EXECUTE FUNCTION plaza_follow_counts()"""

RECOUNT = [
    """UPDATE person SET
        follower_count = (SELECT count(*) FROM follow WHERE followee_id = person.id),
        following_count = (SELECT count(*) FROM follow WHERE follower_id = person.id)""",
]


def create_counters(connection: Connection) -> None:
    """The triggers for `connection`'s engine (migration 0009)."""
    if connection.dialect.name == "sqlite":
        statements = list(SQLITE_COUNTER_TRIGGERS.values())
    else:
        statements = [_PG_FUNCTION, _PG_TRIGGER]
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop_counters(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        statements = [f"DROP TRIGGER {name}" for name in SQLITE_COUNTER_TRIGGERS]
    else:
        statements = [f"DROP TRIGGER {PG_COUNTER_TRIGGER} ON follow",
                      "DROP FUNCTION plaza_follow_counts()"]
    for statement in statements:
        connection.exec_driver_sql(statement)


def recount(connection: Connection) -> None:
    """Set every person's counts from the follow rows (a migration, a bulk load)."""
    for statement in RECOUNT:
        connection.exec_driver_sql(statement)
