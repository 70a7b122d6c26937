"""All tables, imported here so Alembic and the metadata see every one."""

from cybercare.db.tables.audit import AuditEvent
from cybercare.db.tables.base import Base, metadata
from cybercare.db.tables.billing import (
    BillingRunRow,
    DebitBatchRow,
    DunningCaseRow,
    MandateRow,
    PaymentEventRow,
    PremiumLineRow,
    RefundRow,
)
from cybercare.db.tables.ledger import LedgerEntryRow, LedgerLineRow
from cybercare.db.tables.outbox import JobRun, OutboxMessage, WebhookEndpoint
from cybercare.db.tables.partners import (
    ApiKeyRow,
    DistributorRow,
    IdempotencyKeyRow,
    PartnerEventRow,
)
from cybercare.db.tables.policy import (
    AddressRow,
    AffiliationRow,
    HouseholdRow,
    MembershipRow,
    PersonRow,
    StatusPeriodRow,
)
from cybercare.db.tables.product import ProductVersionRow

__all__ = [
    "AddressRow",
    "AffiliationRow",
    "ApiKeyRow",
    "AuditEvent",
    "Base",
    "BillingRunRow",
    "DebitBatchRow",
    "DistributorRow",
    "DunningCaseRow",
    "HouseholdRow",
    "IdempotencyKeyRow",
    "JobRun",
    "LedgerEntryRow",
    "LedgerLineRow",
    "MandateRow",
    "MembershipRow",
    "OutboxMessage",
    "PartnerEventRow",
    "PaymentEventRow",
    "PersonRow",
    "PremiumLineRow",
    "ProductVersionRow",
    "RefundRow",
    "StatusPeriodRow",
    "WebhookEndpoint",
    "metadata",
]
