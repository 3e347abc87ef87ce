"""The creation journal and its audit trail of state changes."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_CREATED = sa.text("state = 'created'")


def upgrade() -> None:
    op.create_table(
        "creations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("workstation", sa.String(128), nullable=False),
        sa.Column("pharmacist_rpps", sa.String(16), nullable=False),
        sa.Column("pharmacist_name", sa.String(128), nullable=False),
        sa.Column("ins_type", sa.String(8), nullable=False),
        sa.Column("ins_value", sa.String(32), nullable=False),
        sa.Column("ins_oid", sa.String(64), nullable=False),
        sa.Column("oral_consent", sa.Boolean(), nullable=False),
        sa.Column("emergency_access", sa.Boolean(), nullable=True),
        sa.Column("channels", sa.String(32), nullable=False, server_default=""),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("detail", sa.String(255), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_channels", sa.String(32), nullable=True),
        sa.Column("account_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("receipt_printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_creations"),
        sa.CheckConstraint(
            "state IN ('pending', 'created', 'already_existed', 'refused', 'failed')",
            name="ck_creations_state_known",
        ),
    )
    # The no-double-count rule: one row in state created per INS value (partial unique index).
    op.create_index(
        "uq_creations_ins_value_created",
        "creations",
        ["ins_value"],
        unique=True,
        sqlite_where=_CREATED,
        postgresql_where=_CREATED,
    )
    op.create_index("ix_creations_state_workstation", "creations", ["state", "workstation"])
    op.create_table(
        "creation_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("creation_id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state_from", sa.String(16), nullable=True),
        sa.Column("state_to", sa.String(16), nullable=True),
        sa.Column("detail", sa.String(255), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_creation_events"),
        sa.ForeignKeyConstraint(
            ["creation_id"],
            ["creations.id"],
            name="fk_creation_events_creation_id_creations",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("op_id", name="uq_creation_events_op_id"),
    )
    op.create_index("ix_creation_events_creation_id", "creation_events", ["creation_id"])


def downgrade() -> None:
    op.drop_index("ix_creation_events_creation_id", table_name="creation_events")
    op.drop_table("creation_events")
    op.drop_index("ix_creations_state_workstation", table_name="creations")
    op.drop_index("uq_creations_ins_value_created", table_name="creations")
    op.drop_table("creations")
