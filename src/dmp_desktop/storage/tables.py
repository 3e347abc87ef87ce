"""The journal's tables (SQLAlchemy Core), the shape the Alembic migrations build; used by the repository."""

from __future__ import annotations

import sqlalchemy as sa

# Every constraint and index gets a predictable name, so migrations can alter and drop them on both engines.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

STATES = ("pending", "created", "already_existed", "refused", "failed")

_CREATED = sa.text("state = 'created'")

creations = sa.Table(
    "creations",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # UUID made by the client: spool replay is idempotent
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("month", sa.String(7), nullable=False),  # YYYY-MM in the counter's local time: the paid month
    sa.Column("workstation", sa.String(128), nullable=False),
    sa.Column("pharmacist_rpps", sa.String(16), nullable=False),
    sa.Column("pharmacist_name", sa.String(128), nullable=False),
    sa.Column("ins_type", sa.String(8), nullable=False),
    sa.Column("ins_value", sa.String(32), nullable=False),
    sa.Column("ins_oid", sa.String(64), nullable=False),
    sa.Column("oral_consent", sa.Boolean(), nullable=False),
    sa.Column("emergency_access", sa.Boolean(), nullable=True),
    sa.Column("channels", sa.String(32), nullable=False, server_default=""),  # requested: "SMS,EMAIL"
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("detail", sa.String(255), nullable=False, server_default=""),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("account_channels", sa.String(32), nullable=True),
    sa.Column("account_opened_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("receipt_printed_at", sa.DateTime(timezone=True), nullable=True),
    # The patient, for the history and the plain accusé's reprint (r0003; "" in older entries). No contact.
    sa.Column("patient_last_name", sa.String(128), nullable=False, server_default=""),
    sa.Column("patient_first_name", sa.String(128), nullable=False, server_default=""),
    sa.Column("patient_birth_name", sa.String(128), nullable=False, server_default=""),
    sa.Column("patient_birth_date", sa.String(8), nullable=False, server_default=""),  # card's YYYYMMDD
    sa.Column("patient_sex", sa.String(1), nullable=False, server_default=""),
    sa.Column("patient_search", sa.String(400), nullable=False, server_default=""),  # domain fold_search
    sa.CheckConstraint(
        "state IN ('pending', 'created', 'already_existed', 'refused', 'failed')", name="state_known"
    ),
    # At most one counted creation per patient: the 1 € is never paid twice for the same INS.
    sa.Index("uq_creations_ins_value_created", "ins_value", unique=True, sqlite_where=_CREATED),
    sa.Index("ix_creations_state_workstation", "state", "workstation"),
    # Covering index of the monthly statement: one range scan, no table access.
    sa.Index(
        "ix_creations_state_month_pharmacist",
        "state",
        "month",
        "pharmacist_rpps",
        "pharmacist_name",
        "workstation",
    ),
    sa.Index("ix_creations_at", "at"),  # the history, newest first
)

creation_events = sa.Table(
    "creation_events",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    # One event per journal operation; its client-made id makes replaying the spool idempotent.
    sa.Column("op_id", sa.String(36), nullable=False),
    sa.Column(
        "creation_id", sa.String(36), sa.ForeignKey("creations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # begin | state | account | receipt | credentials | reprint
    sa.Column("state_from", sa.String(16), nullable=True),
    sa.Column("state_to", sa.String(16), nullable=True),
    sa.Column("detail", sa.String(255), nullable=False, server_default=""),
    sa.UniqueConstraint("op_id"),
    sa.Index("ix_creation_events_creation_id", "creation_id"),
)


def add_postgresql_options() -> None:
    """Give the partial unique index its PostgreSQL WHERE (idempotent). Not written in the Index above: SQLAlchemy
    validates a postgresql_* argument by importing its PostgreSQL dialect (3 MiB), which a SQLite counter never
    needs. Called by make_engine for a PostgreSQL URL and by the Alembic env (autogenerate)."""
    index = next(ix for ix in creations.indexes if ix.name == "uq_creations_ins_value_created")
    index.dialect_options["postgresql"]["where"] = _CREATED
