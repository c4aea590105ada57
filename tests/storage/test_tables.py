"""The typed handles on SQLModel's rows and tables: an id only once a row is written, and
the Core table of a table model only."""

from __future__ import annotations

import pytest
from sqlmodel import Session, SQLModel

from storage.models import Person, Post
from storage.tables import row_id, table


class Shape(SQLModel):
    """A model with no table."""

    name: str


def test_a_written_row_has_its_id_and_a_new_one_none(session: Session) -> None:
    person = Person(handle="alice")
    with pytest.raises(ValueError, match="never flushed"):
        row_id(person)
    session.add(person)
    session.flush()
    assert row_id(person) == person.id
    assert isinstance(row_id(person), int)


def test_a_table_model_has_its_table_and_another_model_none() -> None:
    assert table(Person).name == "person"
    assert table(Post) is Post.__table__
    with pytest.raises(TypeError, match="Shape is not a table model"):
        table(Shape)
