"""Token use per person and day: what a language model costs, kept as plain counts.

Storage knows nothing of models beyond a name and four numbers; prices and
the report live in bot/understanding/usage.py. Recording is one upsert, so two processes
answering the same person on the same day add up instead of colliding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from storage.models import ModelUsage, Person
from storage.tables import table

usage_t = table(ModelUsage)
COUNTS = ("calls", "prompt_tokens", "cached_tokens", "completion_tokens")


@dataclass(frozen=True, slots=True)
class Tokens:
    """One call's use, or a sum of them."""

    calls: int = 0
    prompt: int = 0
    cached: int = 0
    completion: int = 0

    def __add__(self, other: Tokens) -> Tokens:
        return Tokens(self.calls + other.calls, self.prompt + other.prompt,
                      self.cached + other.cached, self.completion + other.completion)


def record(session: Session, handle: str, day: date, model: str, used: Tokens) -> bool:
    """Add `used` to the person's count for `day` and `model`; False if they are gone."""
    person_id = session.exec(select(Person.id).where(Person.handle == handle)).first()
    if person_id is None:
        return False
    values = {"person_id": person_id, "day": day, "model": model[:100], "calls": used.calls,
              "prompt_tokens": used.prompt, "cached_tokens": used.cached,
              "completion_tokens": used.completion}
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(usage_t)
    statement = insert.values(values).on_conflict_do_update(
        index_elements=["person_id", "day", "model"],
        set_={name: usage_t.c[name] + insert.excluded[name] for name in COUNTS},
    )
    session.execute(statement)
    return True


def totals(session: Session, since: date | None = None) -> list[tuple[date, str, int, Tokens]]:
    """(day, model, people, tokens) per day and model, oldest first."""
    query = (
        sa.select(usage_t.c.day, usage_t.c.model, sa.func.count(usage_t.c.person_id),
                  *(sa.func.sum(usage_t.c[name]) for name in COUNTS))
        .group_by(usage_t.c.day, usage_t.c.model)
        .order_by(usage_t.c.day, usage_t.c.model)
    )
    if since is not None:
        query = query.where(usage_t.c.day >= since)
    return [(day, model, people, Tokens(*(int(n) for n in counts)))
            for day, model, people, *counts in session.execute(query)]
