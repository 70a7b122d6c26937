"""The daily and periodic jobs the worker runs, wired from the contexts that own them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cybercare.assistance.escalation import flag_breaches
from cybercare.banking.connector import BankConnector
from cybercare.banking.pull import last_pulled_sequence, platform_import, pull_documents
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.billing.mandate_service import lapse_unused_mandates
from cybercare.billing.service import refund_withdrawals
from cybercare.claims.drafts.service import purge_expired_drafts
from cybercare.claims.evidence_reminders import send_evidence_reminders
from cybercare.claims.sla import flag_claim_breaches
from cybercare.claims.subrogation_service import open_recovery_files_for_paid_claims
from cybercare.db.rate_limits import purge_expired_buckets
from cybercare.db.uow import Database
from cybercare.identity.web_sessions import purge_expired as purge_expired_web_sessions
from cybercare.kernel.bank_account import Creditor
from cybercare.kernel.clock import Clock
from cybercare.outbox.admin import purge_job
from cybercare.outbox.jobs import JobRegistry
from cybercare.partners.idempotency import purge_expired
from cybercare.policy.service import run_lifecycle_day
from cybercare.privacy.pseudonymise_service import pseudonymise_expired
from cybercare.privacy.schedule import load_schedule
from cybercare.privacy.service import purge_expired_archives
from cybercare.product.catalog import Catalog
from cybercare.providers.invoice_import import import_folder
from cybercare.radar.service import purge_expired_reports
from cybercare.sandbox.service import resume_advances


def recovery_files_job(database: Database, clock: Clock) -> str:
    """Art. 8.5: a recovery file for every ECOM or PAYF claim the bank has paid (daily)."""
    with database.uow() as uow:
        opened = open_recovery_files_for_paid_claims(uow, at=clock.now())
        uow.commit()
    return f"opened {opened} recovery files"


def rate_limits_purge_job(database: Database, clock: Clock) -> str:
    """Forget rate-limit counters whose window has ended (sign-in, API keys): hourly."""
    return f"purged {purge_expired_buckets(database, clock.now())} rate-limit counters"


def retention_job(database: Database, clock: Clock) -> str:
    """GDPR art. 5(1)(e): pseudonymise what the retention schedule says has expired (daily)."""
    counts = pseudonymise_expired(database, load_schedule(), clock)
    done = ", ".join(f"{code} {n}" for code, n in counts.items() if n)
    return f"pseudonymised {done}" if done else "nothing expired"


def export_archives_purge_job(database: Database, clock: Clock) -> str:
    """GDPR art. 5(1)(e): a data export's bytes are deleted once its download link has expired
    (the request and its dates stay, the proof that it was answered): daily."""
    with database.uow() as uow:
        purged = purge_expired_archives(uow, clock)
        uow.commit()
    return f"purged {purged} data export archives"


def radar_reports_purge_job(database: Database, clock: Clock) -> str:
    """Blank scam reports past their two years (privacy schedule `scam_reports`): daily."""
    with database.uow() as uow:
        purged = purge_expired_reports(uow, clock)
        uow.commit()
    return f"purged {purged} scam reports"


def build_job_registry(
    catalog: Catalog,
    portal_url: str = "http://127.0.0.1:8000",
    *,
    bank_url: str | None = None,
    bank_accounts: Sequence[str] = (),
    invoice_folder: str | None = None,
) -> JobRegistry:
    """`portal_url`: the address members reach the portal at (settings.public_url), for the
    links of the e-mails the jobs send. `bank_url`: the bank connector (settings.bank_url);
    when set, its documents are pulled every few minutes into `bank_accounts` (ours)."""
    registry = JobRegistry()
    _register_outside_inputs(registry, catalog, bank_url, bank_accounts, invoice_folder)

    @registry.daily("policy.lifecycle")
    def lifecycle(database: Database, clock: Clock) -> str:
        """Tacit renewals (Art. 9.2) and notified terminations taking effect (Art. 9.4, 9.5)."""
        with database.uow() as uow:
            counts = run_lifecycle_day(uow, catalog, clock)
            uow.commit()
        return f"renewed {counts['renewed']}, terminated {counts['terminated']}"

    @registry.daily("partners.idempotency_purge")
    def idempotency_purge(database: Database, clock: Clock) -> str:
        """Forget idempotency keys past their retention (kept at least 24 hours)."""
        with database.uow() as uow:
            purged = purge_expired(uow, clock.now())
            uow.commit()
        return f"purged {purged} idempotency keys"

    @registry.daily("identity.web_sessions_purge")
    def web_sessions_purge(database: Database, clock: Clock) -> str:
        """Forget web sessions past their lifetime (12 hours; 10 minutes half-finished)."""
        with database.uow() as uow:
            purged = purge_expired_web_sessions(uow, clock=clock)
            uow.commit()
        return f"purged {purged} web sessions"

    @registry.daily("billing.dunning")
    def dunning(database: Database, clock: Clock) -> str:
        """Non-payment (Art. 9.6): formal notice, suspension, termination, lifting."""
        with database.uow() as uow:
            counts = run_dunning_day(uow, catalog, clock)
            uow.commit()
        done = ", ".join(f"{step} {n}" for step, n in counts.items() if n and step != "none")
        return done or "no dunning step due"

    @registry.daily("billing.collections")
    def collections(database: Database, clock: Clock) -> str:
        """Art. 9.3 refunds; SEPA mandates unused for 36 months lapse (EPC SDD Core rulebook).
        (Direct debits are collected when the bank's statement credits them,
        banking/service.py: never because a collection date passed.)"""
        with database.uow() as uow:
            refunds = refund_withdrawals(uow, catalog, clock)
            lapsed = lapse_unused_mandates(uow, clock)
            uow.commit()
        return f"{refunds} refunds, {lapsed} mandates lapsed"

    @registry.every("assistance.sla_breaches", minutes=1)
    def sla_breaches(database: Database, clock: Clock) -> str:
        """Escalate the Art. 8.4 clocks that ran out, once each: first contact of cases and
        workstreams (the urgent one is one hour, hence every minute), decision and payment of
        claims."""
        with database.uow() as uow:
            counts = flag_breaches(uow, clock)
            claims = flag_claim_breaches(uow, clock)
            uow.commit()
        return (
            f"escalated {counts['cases']} cases, {counts['workstreams']} workstreams, "
            f"{claims['decision']} decisions, {claims['payment']} payments"
        )

    @registry.every("claims.evidence_reminders", minutes=60)
    def evidence_reminders(database: Database, clock: Clock) -> str:
        """Remind members of the documents still missing on a claim (Art. 8.3), which an
        urgent report may leave for afterwards (Art. 8.4): after 2, 7 and 14 days."""
        with database.uow() as uow:
            sent = send_evidence_reminders(uow, catalog, clock, portal_url=portal_url)
            uow.commit()
        return f"reminded {sent} claims of missing documents"

    @registry.daily("claims.report_drafts_purge")
    def report_drafts_purge(database: Database, clock: Clock) -> str:
        """Forget the files of report forms left unsent past their two hours."""
        with database.uow() as uow:
            purged = purge_expired_drafts(uow, clock)
            uow.commit()
        return f"purged {purged} draft files"

    for name, job in (
        ("claims.recovery_files", recovery_files_job),
        ("privacy.retention", retention_job),
        ("privacy.export_archives_purge", export_archives_purge_job),
        ("radar.reports_purge", radar_reports_purge_job),
    ):
        registry.register(name, job)
    registry.register("outbox.purge", purge_job())
    registry.register("rate_limits.purge", rate_limits_purge_job, every_minutes=60)
    return registry


BANK_PULL_MINUTES = 5


def register_bank_pull(registry: JobRegistry, bank_url: str, accounts: list[str]) -> None:
    @registry.every("banking.pull", minutes=BANK_PULL_MINUTES)
    def bank_pull(database: Database, clock: Clock) -> str:
        """Import the statements and status reports the bank wrote since the last pull."""
        with BankConnector(bank_url) as connector:
            report = pull_documents(
                database,
                connector,
                after=last_pulled_sequence(database),
                import_document=platform_import(accounts, actor="worker:bank"),
                now=clock.now,
            )
        return report.summary()


def build_sandbox_registry(catalog: Catalog, creditor: Creditor) -> JobRegistry:
    """The sandbox worker's jobs (`cybercare worker --sandbox`, issue 18): the test clocks'
    advances left unfinished (a server stopped mid-walk) are walked to their end. The daily
    jobs of the live world do not run there: on the sandbox, time moves by its test clocks."""
    registry = JobRegistry()

    @registry.every("sandbox.test_clocks", minutes=1)
    def test_clocks(database: Database, clock: Clock) -> str:
        """Walk the test clocks still advancing to their target time."""
        return f"walked {resume_advances(database, catalog, creditor)} test clocks"

    registry.register("outbox.purge", purge_job())
    return registry


def _register_outside_inputs(
    registry: JobRegistry,
    catalog: Catalog,
    bank_url: str | None,
    bank_accounts: Sequence[str],
    invoice_folder: str | None,
) -> None:
    """The jobs that read what outside parties send, when configured: the bank's documents,
    the providers' invoice folder."""
    if bank_url:
        register_bank_pull(registry, bank_url, list(bank_accounts))
    if invoice_folder:
        register_invoice_folder(registry, Path(invoice_folder), catalog)


def register_invoice_folder(registry: JobRegistry, folder: Path, catalog: Catalog) -> None:
    """Issue 19: providers' UBL invoices dropped in `folder/incoming` (settings
    provider_invoice_folder) are validated and matched to their orders every 5 minutes."""

    @registry.every("providers.invoice_folder", minutes=5)
    def invoice_folder(database: Database, clock: Clock) -> str:
        run = import_folder(database, folder, clock, catalog)
        return f"accepted {run.accepted} invoices, refused {run.refused}"
