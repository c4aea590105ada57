"""Time word, hashtag and people search, beside the raw-SQL baseline.

    python -m bench.search [--db PATH | --url URL] [--samples 300] [--seed S]

`--samples` random people each make three searches on a random topic of
bench.words.TOPICS (one word or several, English or French, accented or not):
posts holding its words (`storage.network.search_posts`), posts carrying it as a
hashtag, written as the generated posts write it ("#vélo", "#opensource"), and people
into it (`storage.network.search_people`), in a real SQLModel session. The statements
each call ran are replayed through the raw driver as the baseline, the two taking
turns going first (bench.replay). Printed: one table with each issue-11 target met or
NOT MET; a hashtag search is held to the word search's.

`--url` reads any database Plaza can (a PostgreSQL one is filled by
`python -m bench.generate --url`); `--db` is a SQLite file, bench/network.db unless
given. Nothing is written.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

from sqlmodel import Session

from bench.replay import Call, Job, Row, compare, headline, read_arguments, table
from bench.words import TOPICS
from storage import network
from storage.db import make_engine
from storage.models import Person

WARM_UP = 30  # people whose searches run on both sides before timing starts
ROWS = (Row("posts by words", "words"), Row("posts by hashtag", "words"),
        Row("people by topic", "people"))


def hashtag(topic: str) -> str:
    """`topic` as a generated post tags it (bench.posts): '#' and no spaces."""
    return "#" + topic.replace(" ", "")


def _posts(query: str, session: Session, viewer: Person) -> object:
    return network.search_posts(session, viewer, query)


def _people(topic: str, session: Session, viewer: Person) -> object:
    return network.search_people(session, viewer, topic)


def searches(rng: random.Random, viewer: int) -> list[tuple[str, Call]]:
    """(row label, call) of one person's three searches, each on a topic of its own."""
    words, tag, people = (rng.choice(TOPICS) for _ in range(3))
    return [("posts by words", partial(_posts, words)),
            ("posts by hashtag", partial(_posts, hashtag(tag))),
            ("people by topic", partial(_people, people))]


def run(url: str, samples: int, seed: int, out: Callable[[str], None] = print) -> bool:
    """Measure and print the table; returns whether every target is met."""
    engine = make_engine(url)
    out(headline(url, engine))
    engine_name = engine.dialect.name
    with engine.connect() as connection:
        people = sorted(connection.exec_driver_sql("SELECT id FROM person").scalars())
    engine.dispose()
    rng = random.Random(seed)
    chosen = rng.sample(people, min(len(people), samples + WARM_UP))
    warm_up, timed = chosen[:WARM_UP], chosen[WARM_UP:] or chosen
    jobs = [Job((label,), viewer, call)
            for viewer in timed for label, call in searches(rng, viewer)]
    warm = [Job(("warm",), viewer, call)
            for viewer in warm_up for _, call in searches(rng, viewer)]
    compare(url, jobs, warm, seed)
    met = table(jobs, ROWS, engine_name, out)
    out("sql: statements a call")
    return met


def main(argv: list[str] | None = None) -> None:
    run(*read_arguments("python -m bench.search", __doc__, "people who search", argv))


if __name__ == "__main__":
    main()
