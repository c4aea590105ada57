"""Reports outlive the reported account; a suspended account's identities stay out.

- `report.person_id` becomes nullable, ON DELETE SET NULL (it was CASCADE: an account
  that deleted itself took every report about it along, and its reporters were never
  told); `report.handle` keeps the reported account's handle as it was reported,
  filled here from the person for the reports there are. SQLite can change neither a
  key nor NOT NULL in place: the table is rebuilt (foreign keys off, migrations/env.py),
  its AUTOINCREMENT counter carried over, so that a report number is never given twice.
- `suspended_identity`: the platform accounts of an account deleted while suspended,
  which may not register or link again.

Revision ID: 0015_reports_kept
Revises: 0014_notifications
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.schema import SchemaItem

from storage.models import UTCDateTime

revision: str = "0015_reports_kept"
down_revision: str | None = "0014_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FK = "fk_report_person_id_person"
_INDEXES = [("ix_report_reporter_id", ["reporter_id"]), ("ix_report_person_id", ["person_id"]),
            ("ix_report_status_id", ["status", "id"])]
_COPIED = ("id, reporter_id, person_id, post_id, post_text, reason, status, created_at, "
           "resolved_at, told_at")


def _report_columns(kept: bool) -> list[SchemaItem]:
    """The report table's columns: after this migration (`kept`), or before it."""
    columns: list[SchemaItem] = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=kept),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("post_text", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("told_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["reporter_id"], ["person.id"],
                                name="fk_report_reporter_id_person", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=_FK,
                                ondelete="SET NULL" if kept else "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_report"),
    ]
    if kept:
        columns.append(sa.Column("handle", sa.String(30), nullable=False, server_default=""))
    return columns


def _rebuild_report(kept: bool) -> None:
    """SQLite's twelve-step table change for `report` (see 0005): a new table, the rows
    copied with their ids (and, going up, the reported handle), the old one dropped and
    the new one renamed, its indexes made again and its AUTOINCREMENT counter kept."""
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("rebuilding a table needs PRAGMA foreign_keys=OFF (migrations/env.py)")
    counter = bind.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = 'report'").scalar() or 0
    op.create_table("_report_new", *_report_columns(kept), sqlite_autoincrement=True)
    if kept:
        op.execute(f"INSERT INTO _report_new ({_COPIED}, handle) SELECT {_COPIED}, "
                   "coalesce((SELECT handle FROM person WHERE person.id = report.person_id), '')"
                   " FROM report")
    else:
        op.execute(f"INSERT INTO _report_new ({_COPIED}) SELECT {_COPIED} FROM report")
    copied, had = (bind.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar()
                   for name in ("_report_new", "report"))
    if copied != had:
        raise RuntimeError(f"rebuilding report: {copied} rows copied of {had}")
    op.drop_table("report")
    op.rename_table("_report_new", "report")
    for name, indexed in _INDEXES:
        op.create_index(name, "report", indexed)
    # The counter went with the old table; the copy's starts at the largest id present.
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'report'")
    op.execute("INSERT INTO sqlite_sequence (name, seq) SELECT 'report', "
               f"max({int(counter)}, coalesce((SELECT max(id) FROM report), 0))")
    if bind.exec_driver_sql("PRAGMA foreign_key_check(report)").first() is not None:
        raise RuntimeError("rebuilding report broke a foreign key")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_report(kept=True)
    else:
        op.add_column("report", sa.Column("handle", sa.String(30), nullable=False,
                                          server_default=""))
        op.execute("UPDATE report SET handle = person.handle FROM person "
                   "WHERE person.id = report.person_id")
        op.alter_column("report", "person_id", nullable=True)
        op.drop_constraint(_FK, "report", type_="foreignkey")
        op.create_foreign_key(_FK, "report", "person", ["person_id"], ["id"],
                              ondelete="SET NULL")
    op.create_table(
        "suspended_identity",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("suspended_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "external_id", name=op.f("pk_suspended_identity")),
    )


def downgrade() -> None:
    op.drop_table("suspended_identity")
    # Before 0015 a report needed its reported person, and knew no "gone".
    op.execute("DELETE FROM report WHERE person_id IS NULL")
    op.execute("UPDATE report SET status = 'dismissed' WHERE status = 'gone'")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_report(kept=False)
        return
    op.drop_constraint(_FK, "report", type_="foreignkey")
    op.create_foreign_key(_FK, "report", "person", ["person_id"], ["id"], ondelete="CASCADE")
    op.alter_column("report", "person_id", nullable=False)
    op.drop_column("report", "handle")
