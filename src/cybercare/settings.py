"""Configuration from the environment (prefix ``CYBERCARE_``), read only when asked for."""

from __future__ import annotations

import ipaddress
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from cybercare.kernel.bank_account import (
    BankAccount,
    Creditor,
    InvalidBankAccount,
    checked_creditor_id,
)
from cybercare.kernel.keyring import KeyRing

DEFAULT_SQLITE_URL = "sqlite:///var/cybercare.db"
DEFAULT_SANDBOX_SQLITE_URL = "sqlite:///var/cybercare-sandbox.db"
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev", "development"})
DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"  # noqa: S105


# The development accounts: valid numbers at real Belgian bank codes, so that files built with
# them pass a bank's checks; production refuses them (`_refuse_example_accounts`).
DEVELOPMENT_CREDITOR = ("Inter Partner Assistance SA", "BE98096012345693", "GKCCBEBB")
DEVELOPMENT_CREDITOR_ID = "BE54ZZZ0403258197"
DEVELOPMENT_PAYOUT_ACCOUNT = ("Inter Partner Assistance SA", "BE21001234567803", "GEBABEBB")
EXAMPLE_IBANS = frozenset(
    {DEVELOPMENT_CREDITOR[1], DEVELOPMENT_PAYOUT_ACCOUNT[1], "BE68539007547034", "BE71096123456769"}
)
EXAMPLE_CREDITOR_IDS = frozenset({DEVELOPMENT_CREDITOR_ID, "BE69ZZZ050D000000008"})

# Measured on 2 cores (bench/claims.py, bench/subscribe.py): see `Settings.request_threads`.
DEFAULT_REQUEST_THREADS = {"sqlite": 8, "postgresql": 2}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CYBERCARE_", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = DEFAULT_SQLITE_URL
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    product_dirs: list[Path] = Field(
        default_factory=list,
        description="Extra directories of product definition files, beside the packaged ones.",
    )
    sql_echo: bool = False
    smtp_host: str | None = Field(default=None, description="None: write e-mails to mailbox_dir")
    smtp_port: int = 25
    smtp_from: str = "Cyber Care <no-reply@cybercare.example>"
    mailbox_dir: Path = Path("var/mailbox")
    outbox_max_attempts: int = Field(default=15, ge=1)
    # How long a worker holds the messages it claimed: a worker that dies (kill -9, a lost
    # machine) leaves them due again after this. The worker renews it every third while the
    # delivery is in flight (issue 18: a dead worker's messages come back within seconds).
    outbox_lease_s: float = Field(default=15.0, ge=1.0)
    # Issue 18: a webhook endpoint failing without one success for this long is disabled and
    # its distributor told (a `webhook_endpoint.disabled` feed event).
    webhook_disable_after_days: float = Field(default=5.0, gt=0)
    # Requests in flight per worker process (threads), and at most this many to one endpoint.
    outbox_concurrency: int = Field(default=32, ge=1, le=256)
    webhook_endpoint_concurrency: int = Field(default=16, ge=1, le=256)
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The address members use to reach the site (links in e-mails).",
    )
    request_threads: int | None = Field(
        default=None,
        ge=1,
        le=256,
        description=(
            "Requests one server process works on at once; default: 8 on SQLite, 2 on "
            "PostgreSQL. A thread waiting for PostgreSQL gives the interpreter to another, so two "
            "keep a process busy and more only compete for the interpreter (claims/s +20 %); "
            "SQLite works inside the process and its writers queue, so more threads overlap "
            "their other work (docs/performance.md)."
        ),
    )

    def handler_threads(self, dialect: str) -> int:
        return self.request_threads or DEFAULT_REQUEST_THREADS.get(dialect, 4)

    sepa_creditor_name: str = DEVELOPMENT_CREDITOR[0]
    sepa_creditor_iban: str = DEVELOPMENT_CREDITOR[1]
    sepa_creditor_bic: str = DEVELOPMENT_CREDITOR[2]
    sepa_creditor_id: str = Field(
        default=DEVELOPMENT_CREDITOR_ID,
        description="The SEPA creditor identifier the premiums are collected under.",
    )
    payout_account_name: str = DEVELOPMENT_PAYOUT_ACCOUNT[0]
    payout_account_iban: str = Field(
        default=DEVELOPMENT_PAYOUT_ACCOUNT[1],
        description="The insurer's account claim payouts leave from (pain.001 debtor).",
    )
    payout_account_bic: str = DEVELOPMENT_PAYOUT_ACCOUNT[2]
    bank_url: str | None = Field(
        default=None,
        description=(
            "The bank connector: where files and instant transfers go and statements come from "
            "(the bank simulator in development and tests, docs/banking.md); none: files are "
            "only written to disk"
        ),
    )
    provider_invoice_folder: str | None = Field(
        default=None,
        description=(
            "Issue 19: a folder whose incoming/*.xml UBL invoices of appointed providers the "
            "worker validates and matches every 5 minutes (accepted/ and refused/ beside it)"
        ),
    )

    @property
    def creditor(self) -> Creditor:
        account = BankAccount.checked(
            self.sepa_creditor_name,
            self.sepa_creditor_iban,
            self.sepa_creditor_bic,
            field="sepa_creditor",
        )
        return Creditor(account, checked_creditor_id(self.sepa_creditor_id))

    @property
    def payout_account(self) -> BankAccount:
        return BankAccount.checked(
            self.payout_account_name,
            self.payout_account_iban,
            self.payout_account_bic,
            field="payout_account",
        )

    staff_second_factor_required: bool = Field(
        default=True,
        description="Staff must sign in with a TOTP code; only development may switch it off.",
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        # A development secret that reaches production would let anyone forge sessions and
        # webhook signatures: refuse to start rather than run insecurely.
        if self.environment is Environment.PRODUCTION:
            ring = [("CYBERCARE_SECRET_KEY", self.secret_key)] + [
                ("CYBERCARE_PREVIOUS_SECRET_KEYS", key) for key in self.previous_secret_keys
            ]
            for name, key in ring:  # every key of the ring verifies: none may be guessable
                secret = key.get_secret_value()
                if secret.lower() in PLACEHOLDER_SECRETS or secret == DEVELOPMENT_SECRET:
                    raise ValueError(f"{name} must be set to a real secret in production")
                if len(secret) < 32:
                    raise ValueError(f"{name} must be at least 32 characters")
            if not self.staff_second_factor_required:
                raise ValueError(
                    "CYBERCARE_STAFF_SECOND_FACTOR_REQUIRED cannot be false in production"
                )
        return self

    @model_validator(mode="after")
    def _check_bank_accounts(self) -> Settings:
        # A wrong account found by the bank days later costs a month's collection; found here
        # it stops the start with the setting to fix.
        try:
            creditor, payout = self.creditor, self.payout_account
        except InvalidBankAccount as exc:
            raise ValueError(f"CYBERCARE_{exc.field.upper()}: {exc.reason}") from None
        if self.environment is Environment.PRODUCTION:
            for name, iban in (
                ("SEPA_CREDITOR_IBAN", creditor.account.iban),
                ("PAYOUT_ACCOUNT_IBAN", payout.iban),
            ):
                if iban in EXAMPLE_IBANS:
                    raise ValueError(f"CYBERCARE_{name} is an example account: set the real one")
            if creditor.creditor_id in EXAMPLE_CREDITOR_IDS:
                raise ValueError(
                    "CYBERCARE_SEPA_CREDITOR_ID is an example identifier: set the real one"
                )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    # --- Deploy it (issue 16): the mail relay's login, and the database roles --------------------
    smtp_starttls: bool = Field(
        default=False,
        description="Upgrade the SMTP session with STARTTLS (the certificate is verified).",
    )
    smtp_username: str | None = Field(
        default=None, description="Log in to the SMTP relay (AUTH, after STARTTLS)."
    )
    smtp_password: SecretStr | None = None
    smtp_ca_file: Path | None = Field(
        default=None,
        description="CA certificates (PEM) trusted for the SMTP relay; default: the system's.",
    )
    migration_database_url: str | None = Field(
        default=None,
        description=(
            "The database owner role migrations run as (PostgreSQL); default: database_url. "
            "The application's role (database_url) is granted the tables after each migration."
        ),
    )
    database_admin_url: str | None = Field(
        default=None,
        description=(
            "A superuser (PostgreSQL) with which `cybercare setup` / `cybercare db roles` "
            "create the owner and application roles; unset: roles are not touched."
        ),
    )

    @model_validator(mode="after")
    def _refuse_a_password_in_clear(self) -> Settings:
        if (
            self.environment is Environment.PRODUCTION
            and self.smtp_username
            and not self.smtp_starttls
        ):
            raise ValueError(
                "CYBERCARE_SMTP_USERNAME needs CYBERCARE_SMTP_STARTTLS=true in production "
                "(the password would cross the network in clear)"
            )
        return self

    @property
    def migration_url(self) -> str:
        """Where migrations run: the owner's URL, or the application's when there is one role."""
        return self.migration_database_url or self.database_url

    # --- issue 16: observability (logs, metrics, traces; docs/operations.md) -----------------
    log_format: Literal["json", "console"] | None = Field(
        default=None,
        description="Log lines as JSON or for a person to read; default: JSON in production.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    access_log: bool = Field(
        default=True, description="One log line per HTTP request (route template, never a query)."
    )
    metrics_enabled: bool = Field(
        default=True, description="Count HTTP requests and database pool use for Prometheus."
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="GET /metrics answers only with `Authorization: Bearer <token>`; none: 404.",
    )
    metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="`cybercare serve` also serves the metrics on this port of `host`, no token.",
    )
    tracing_enabled: bool = Field(
        default=False,
        description="OpenTelemetry traces of requests and SQL statements (OTLP when installed).",
    )

    @property
    def logs_as_json(self) -> bool:
        if self.log_format is not None:
            return self.log_format == "json"
        return self.environment is Environment.PRODUCTION

    @model_validator(mode="after")
    def _keep_personal_data_out_of_logs(self) -> Settings:
        # Echoed SQL carries its bound parameters: names, e-mail addresses, national numbers.
        if self.environment is Environment.PRODUCTION and self.sql_echo:
            raise ValueError("CYBERCARE_SQL_ECHO logs personal data: it cannot be on in production")
        if self.environment is Environment.PRODUCTION and self.metrics_token is not None:
            token = self.metrics_token.get_secret_value()
            if token.lower() in PLACEHOLDER_SECRETS or len(token) < 32:
                raise ValueError(
                    "CYBERCARE_METRICS_TOKEN must be a random secret of 32+ characters"
                )
        return self

    # Health probes and shutdown (issue 16, docs/operations-health.md).
    worker_heartbeat_fresh_s: int = Field(
        default=60,
        ge=3,
        le=3600,
        description=(
            "A worker's heartbeat younger than this counts as alive for GET /health/ready; "
            "workers beat every third of it."
        ),
    )
    shutdown_grace_s: int = Field(
        default=20,
        ge=1,
        le=600,
        description=(
            "On SIGTERM the server finishes its requests in flight for at most this long; "
            "`cybercare run` then waits as long for its worker before killing it."
        ),
    )

    # --- Many processes, one truth (issue 16, docs/operations-limits.md): rate limits shared
    # through the database, the proxies whose X-Forwarded-For is believed, and the key ring.
    api_rate_limit: int = Field(
        default=600,
        ge=0,
        description=(
            "Requests one distributor API key may make per api_rate_limit_window_s (every "
            "server process counts in the database); 0 switches the limit off"
        ),
    )
    api_rate_limit_window_s: int = Field(default=60, ge=1, le=86_400)
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Reverse proxies (IP addresses or networks, comma-separated) whose X-Forwarded-For "
            "is believed; none by default: the client is the connecting peer"
        ),
    )
    previous_secret_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=(
            "Former secret keys, newest first, comma-separated: they still verify what they "
            "signed (sessions, links, tokens, webhook signatures) until "
            "previous_secret_keys_until; CYBERCARE_SECRET_KEY alone signs"
        ),
    )
    previous_secret_keys_until: datetime | None = Field(
        default=None,
        description="The end of the grace period of the previous keys (an ISO instant with "
        "its offset); none: until they are removed",
    )

    @field_validator("trusted_proxies", "previous_secret_keys", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _ip_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"CYBERCARE_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
                ) from None
        return value

    @model_validator(mode="after")
    def _check_key_ring(self) -> Settings:
        until = self.previous_secret_keys_until
        if until is not None and until.tzinfo is None:
            raise ValueError("CYBERCARE_PREVIOUS_SECRET_KEYS_UNTIL needs a time zone (e.g. Z)")
        current = self.secret_key.get_secret_value()
        if any(key.get_secret_value() == current for key in self.previous_secret_keys):
            raise ValueError("CYBERCARE_PREVIOUS_SECRET_KEYS repeats the current secret key")
        return self

    @property
    def key_ring(self) -> KeyRing:
        return KeyRing(
            self.secret_key.get_secret_value(),
            tuple(key.get_secret_value() for key in self.previous_secret_keys),
            self.previous_secret_keys_until,
        )

    # --- issue 18: the partners' sandbox (test-mode API keys, test clocks; docs/partner-sandbox.md)
    sandbox_database_url: str | None = Field(
        default=None,
        description=(
            "The sandbox's own database, which test-mode API keys (`cck_test_…`) read and write "
            "and live keys never see; default: var/cybercare-sandbox.db in development on SQLite, "
            "none elsewhere (test-mode keys are then refused). In production a separate "
            "PostgreSQL database, never the live one."
        ),
    )

    @property
    def sandbox_url(self) -> str | None:
        """Where the sandbox lives, or None when this installation runs none."""
        if self.sandbox_database_url:
            return self.sandbox_database_url
        if self.environment is Environment.DEVELOPMENT and self.database_url == DEFAULT_SQLITE_URL:
            return DEFAULT_SANDBOX_SQLITE_URL
        return None

    @model_validator(mode="after")
    def _keep_the_sandbox_apart(self) -> Settings:
        # The one promise of the sandbox: a test key never reaches live data.
        if self.sandbox_database_url and self.sandbox_database_url in {
            self.database_url,
            self.migration_url,
        }:
            raise ValueError(
                "CYBERCARE_SANDBOX_DATABASE_URL must name another database than "
                "CYBERCARE_DATABASE_URL (the sandbox never shares the live data)"
            )
        return self
