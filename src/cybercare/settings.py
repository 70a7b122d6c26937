"""Configuration from the environment (prefix ``CYBERCARE_``), read only when asked for."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_URL = "sqlite:///var/cybercare.db"
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev", "development"})
DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"  # noqa: S105


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

    staff_second_factor_required: bool = Field(
        default=True,
        description="Staff must sign in with a TOTP code; only development may switch it off.",
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        # A development secret that reaches production would let anyone forge sessions and
        # webhook signatures: refuse to start rather than run insecurely.
        if self.environment is Environment.PRODUCTION:
            secret = self.secret_key.get_secret_value()
            if secret.lower() in PLACEHOLDER_SECRETS or secret == DEVELOPMENT_SECRET:
                raise ValueError("CYBERCARE_SECRET_KEY must be set to a real secret in production")
            if len(secret) < 32:
                raise ValueError("CYBERCARE_SECRET_KEY must be at least 32 characters")
            if not self.staff_second_factor_required:
                raise ValueError(
                    "CYBERCARE_STAFF_SECOND_FACTOR_REQUIRED cannot be false in production"
                )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
