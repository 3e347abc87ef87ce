"""The monthly statement's covering index (state, month, pharmacist, workstation)."""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_creations_state_month_pharmacist",
        "creations",
        ["state", "month", "pharmacist_rpps", "pharmacist_name", "workstation"],
    )


def downgrade() -> None:
    op.drop_index("ix_creations_state_month_pharmacist", table_name="creations")
