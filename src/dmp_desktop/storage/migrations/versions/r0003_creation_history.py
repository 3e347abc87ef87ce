"""The history of creations: the patient's names and card birth date, a folded search key, an index on `at`.

Entries written before this revision keep empty strings (the journal did not know the patient then)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("patient_last_name", 128),
    ("patient_first_name", 128),
    ("patient_birth_name", 128),
    ("patient_birth_date", 8),  # YYYYMMDD as on the card: lunar dates (00, 30 Feb…) are kept
    ("patient_sex", 1),
    ("patient_search", 400),  # the names folded (upper case, no accents) for the history's filter
)


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table copy on SQLite, no rewrite on PostgreSQL ≥ 11.
    for name, length in _COLUMNS:
        op.add_column("creations", sa.Column(name, sa.String(length), nullable=False, server_default=""))
    op.create_index("ix_creations_at", "creations", ["at"])  # the history, newest first


def downgrade() -> None:
    op.drop_index("ix_creations_at", table_name="creations")
    with op.batch_alter_table("creations", recreate="never") as batch:
        for name, _length in reversed(_COLUMNS):
            batch.drop_column(name)
