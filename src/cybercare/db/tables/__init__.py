"""All tables, imported here so Alembic and the metadata see every one."""

from cybercare.db.tables.audit import AuditEvent
from cybercare.db.tables.base import Base, metadata
from cybercare.db.tables.product import ProductVersionRow

__all__ = ["AuditEvent", "Base", "ProductVersionRow", "metadata"]
