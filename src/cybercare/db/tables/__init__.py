"""All tables, imported here so Alembic and the metadata see every one."""

from cybercare.db.tables.assistance import (
    CaseNoteRow,
    CaseRow,
    ContactAttemptRow,
    NoteAccessLogRow,
    SlaEscalationRow,
    TakedownRequestRow,
    WorkstreamRow,
)
from cybercare.db.tables.audit import AuditEvent
from cybercare.db.tables.banking import (
    BankDocumentRow,
    BankLineRow,
    BankStatusLineRow,
    IbanRequestRow,
)
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
from cybercare.db.tables.book import BookImportRow
from cybercare.db.tables.callbacks import CaseCallbackRow
from cybercare.db.tables.claims import (
    ClaimDecisionRow,
    ClaimRow,
    EvidenceRow,
    RecoveryRow,
)
from cybercare.db.tables.cover import PotReservationRow, PotYearRow
from cybercare.db.tables.heartbeats import WorkerHeartbeatRow
from cybercare.db.tables.identity import ApiTokenRow, UserRoleRow, UserRow, WebSessionRow
from cybercare.db.tables.ledger import LedgerEntryRow, LedgerLineRow
from cybercare.db.tables.outbox import JobRun, OutboxMessage, WebhookEndpoint
from cybercare.db.tables.partners import (
    ApiKeyRow,
    DistributorRow,
    IdempotencyKeyRow,
    PartnerEventRow,
)
from cybercare.db.tables.payments import PaymentFileRow, PayoutAccountRow, PayoutRow
from cybercare.db.tables.policy import (
    AddressRow,
    AffiliationRow,
    HouseholdRow,
    MembershipRow,
    PersonRow,
    StatusPeriodRow,
)
from cybercare.db.tables.privacy import ConsentRow, PrivacyNoticeRow
from cybercare.db.tables.privacy_requests import DataExportArchiveRow, DataRequestRow
from cybercare.db.tables.privacy_retention import ErasureRequestRow, PseudonymisedSubjectRow
from cybercare.db.tables.product import ProductVersionRow
from cybercare.db.tables.provider_portal import ProviderReportFileRow, ProviderUserRow
from cybercare.db.tables.providers import (
    ProviderIncidentRow,
    ProviderInvoiceRow,
    ProviderOrderRow,
    ProviderPayoutRow,
    ProviderRow,
    ProviderServiceRow,
)
from cybercare.db.tables.radar import RadarIndicatorRow, RadarKnownBadRow, RadarReportRow
from cybercare.db.tables.rate_limits import RateLimitBucketRow
from cybercare.db.tables.read_log import PersonalDataReadRow
from cybercare.db.tables.recoveries import RecoveryFileRow, RecoveryPaymentRow
from cybercare.db.tables.report_drafts import ReportDraftFileRow
from cybercare.db.tables.sandbox import TestClockAffiliationRow, TestClockRow

__all__ = [
    "AddressRow",
    "AffiliationRow",
    "ApiKeyRow",
    "ApiTokenRow",
    "AuditEvent",
    "BankDocumentRow",
    "BankLineRow",
    "BankStatusLineRow",
    "Base",
    "BillingRunRow",
    "BookImportRow",
    "CaseCallbackRow",
    "CaseNoteRow",
    "CaseRow",
    "ClaimDecisionRow",
    "ClaimRow",
    "ConsentRow",
    "ContactAttemptRow",
    "DataExportArchiveRow",
    "DataRequestRow",
    "DebitBatchRow",
    "DistributorRow",
    "DunningCaseRow",
    "ErasureRequestRow",
    "EvidenceRow",
    "HouseholdRow",
    "IbanRequestRow",
    "IdempotencyKeyRow",
    "JobRun",
    "LedgerEntryRow",
    "LedgerLineRow",
    "MandateRow",
    "MembershipRow",
    "NoteAccessLogRow",
    "OutboxMessage",
    "PartnerEventRow",
    "PaymentEventRow",
    "PaymentFileRow",
    "PayoutAccountRow",
    "PayoutRow",
    "PersonRow",
    "PersonalDataReadRow",
    "PotReservationRow",
    "PotYearRow",
    "PremiumLineRow",
    "PrivacyNoticeRow",
    "ProductVersionRow",
    "ProviderIncidentRow",
    "ProviderInvoiceRow",
    "ProviderOrderRow",
    "ProviderPayoutRow",
    "ProviderReportFileRow",
    "ProviderRow",
    "ProviderServiceRow",
    "ProviderUserRow",
    "PseudonymisedSubjectRow",
    "RadarIndicatorRow",
    "RadarKnownBadRow",
    "RadarReportRow",
    "RateLimitBucketRow",
    "RecoveryFileRow",
    "RecoveryPaymentRow",
    "RecoveryRow",
    "RefundRow",
    "ReportDraftFileRow",
    "SlaEscalationRow",
    "StatusPeriodRow",
    "TakedownRequestRow",
    "TestClockAffiliationRow",
    "TestClockRow",
    "UserRoleRow",
    "UserRow",
    "WebSessionRow",
    "WebhookEndpoint",
    "WorkerHeartbeatRow",
    "WorkstreamRow",
    "metadata",
]
