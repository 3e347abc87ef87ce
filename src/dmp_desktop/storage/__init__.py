"""The creation journal and the 1 € ledger (SQLite or PostgreSQL via SQLAlchemy + Alembic, with a local spool)."""

from dmp_desktop.storage.ledger import Ledger, open_ledger

__all__ = ["Ledger", "open_ledger"]
