"""The staff search's trigram indexes (PostgreSQL only, migration 0034).

The staff search matches a part of a text anywhere (`ILIKE '%word%'`), which no B-tree index
serves: on PostgreSQL each searched column gets a GIN index of its trigrams (`pg_trgm`, part of
PostgreSQL's contrib, marked trusted since PostgreSQL 13 so the database owner may create it),
which answers `ILIKE` with a substring of three characters or more. SQLite has no such index;
there the search stays a scan (docs/scale.md, "The SQLite tier").

They live outside the tables' metadata because SQLite cannot hold them: the migration creates
them on PostgreSQL only and the migrations' drift check (`alembic check`) leaves these names
alone (`include_object` in migrations/env.py).
"""

from __future__ import annotations

# (index name, table, column)
TRIGRAM_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("ix_trgm_persons_given_name", "persons", "given_name"),
    ("ix_trgm_persons_family_name", "persons", "family_name"),
    ("ix_trgm_persons_email", "persons", "email"),
    ("ix_trgm_persons_phone", "persons", "phone"),
    ("ix_trgm_persons_national_register_number", "persons", "national_register_number"),
    ("ix_trgm_users_email", "users", "email"),
    ("ix_trgm_affiliations_id", "affiliations", "id"),
    ("ix_trgm_affiliations_household_id", "affiliations", "household_id"),
    ("ix_trgm_affiliations_customer_ref", "affiliations", "customer_ref"),
    ("ix_trgm_household_addresses_postcode", "household_addresses", "postcode"),
    ("ix_trgm_household_addresses_city", "household_addresses", "city"),
    ("ix_trgm_payout_accounts_iban", "payout_accounts", "iban"),
    ("ix_trgm_assistance_cases_id", "assistance_cases", "id"),
)

NAMES = frozenset(name for name, _, _ in TRIGRAM_INDEXES)


def is_postgres_only(name: str | None) -> bool:
    """True for the names the drift check must not compare (created on PostgreSQL only)."""
    return name in NAMES
