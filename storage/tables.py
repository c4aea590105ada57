"""Typed handles on SQLModel's tables and rows, where its declarations say less than Plaza
relies on.

A table model's `id` is declared `int | None`: None only until the row is first
flushed. Every row the network's rules are handed was read from the database or
flushed already, so `row_id` gives its id as an int, and refuses a row never
written, which would be a bug, rather than let None reach a query. A model's Core
table, which SQLModel's metaclass sets as `__table__` without declaring it, comes
from `table`.
"""

from __future__ import annotations

from typing import Protocol

import sqlalchemy as sa
from sqlmodel import SQLModel


class Numbered(Protocol):
    """A row with a generated id: Person, Post, Identity."""

    @property
    def id(self) -> int | None: ...


def row_id(row: Numbered) -> int:
    """The id of `row`, a row read from the database or flushed to it.

    Raises ValueError for a row that was never flushed (its id is not known yet).
    """
    if row.id is None:
        raise ValueError(f"this {type(row).__name__} has no id yet: it was never flushed")
    return row.id


def table(model: type[SQLModel]) -> sa.Table:
    """The Core table behind the table model `model` (`Post` -> the `post` table).

    Raises TypeError for a model declared without `table=True`, which has none.
    """
    found = getattr(model, "__table__", None)
    if not isinstance(found, sa.Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return found
