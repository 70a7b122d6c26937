"""A realistic book on PostgreSQL, built set-based: `N` households over `--years` years of history.

    .venv/bin/python bench/world.py 200000 --years 3 [--database cybercare_scale_200k] [--keep]

What it builds, on an empty database after `alembic upgrade head`:

1. the demo world through the services (`cybercare.demo.seed`: the product, the distributor and
   its API key, every staff role, nine households with cases, claims, payouts, dunning): the
   logins the bench (`bench/scale.py`) signs in with, written to `<database>.credentials.txt`;
2. `N` more households with one `INSERT ... SELECT` per table from `generate_series` (no row
   goes through Python): households of one to six persons (minors among them, a valid national
   register number, e-mail and phone for the adults), an address, one affiliation each with
   start dates spread over the years, withdrawals (2 %), terminations (10 %), suspensions for
   unpaid premiums (3 %, with their dunning case), a member login for 30 % of the affiliates;
   a premium line per month in force with its payment, the billing run of each period and the
   ledger's premium entries; cases at about 0.15 a household a year per guarantee mix (assistance
   30 %, online purchases 25 %, payment fraud 20 %, e-reputation 10 %, identity theft 10 %, data
   5 %), a workstream each, claims on 70 % of the cases of a guarantee with a pot, decided by the
   engine (85 % accepted), the pot years they used, payouts paid by SEPA Instant, the ledger's
   decision and payment entries, the claim letter e-mails in the outbox, audit events for every
   change, and the partner event feed (subscriptions and status changes, gapless sequence).

Every row respects the schema's constraints, foreign keys and triggers (the ledger's balance
trigger runs for every entry). Pseudo-random choices come from `hashint8`, so the same `N` always
builds the same book.

Then it reports the build time against a raw `COPY` of the same rows into bare tables (same
columns, no index, no constraint: the floor of loading those bytes), and the database size per
household per year. Without `--keep` the database is dropped at the end.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

ADMIN_DSN = os.environ.get("CYBERCARE_BENCH_POSTGRES_DSN", "host=127.0.0.1 user=postgres")

GIVEN = [
    "Lukas",
    "Noah",
    "Louis",
    "Arthur",
    "Liam",
    "Jules",
    "Adam",
    "Victor",
    "Finn",
    "Mohamed",
    "Emma",
    "Olivia",
    "Louise",
    "Mila",
    "Elena",
    "Lina",
    "Nora",
    "Alice",
    "Juliette",
    "Sofie",
    "Marie",
    "Anna",
    "Tom",
    "Jan",
    "Pieter",
    "Wout",
    "Lotte",
    "Hanne",
    "Sarah",
    "Thomas",
    "Nicolas",
    "Camille",
    "Manon",
    "Chloe",
    "Lucas",
    "Hugo",
    "Ines",
    "Yasmine",
    "Karim",
    "Hans",
]
FAMILY = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "DeSmet",
    "Dubois",
    "Lambert",
    "Martin",
    "Dupont",
    "Simon",
    "Laurent",
    "Leroy",
    "Lejeune",
    "Renard",
    "Leclercq",
    "Hermans",
    "Michiels",
    "Smets",
    "Verhoeven",
    "Vermeulen",
    "Desmet",
    "Aerts",
    "Cools",
    "Dumont",
    "Schmitt",
    "Muller",
    "Weber",
    "Fontaine",
    "Gerard",
    "Pauwels",
    "Segers",
    "Bogaert",
    "Vandenberghe",
    "Coppens",
    "Lemmens",
    "Smith",
    "Cornelis",
    "Stevens",
    "Hendrickx",
    "Baert",
    "Verstraete",
    "Devos",
    "Wuyts",
    "Mathieu",
    "Denis",
]
STREETS = [
    "Rue de la Loi",
    "Kerkstraat",
    "Stationsstraat",
    "Rue Haute",
    "Dorpsstraat",
    "Avenue Louise",
    "Nieuwstraat",
    "Rue du Marche",
    "Molenstraat",
    "Hauptstrasse",
    "Kapelstraat",
    "Rue de Namur",
]
PLACES = [
    "1000 Brussels",
    "2000 Antwerpen",
    "9000 Gent",
    "4000 Liege",
    "3000 Leuven",
    "8000 Brugge",
    "5000 Namur",
    "6000 Charleroi",
    "7000 Mons",
    "2800 Mechelen",
    "3500 Hasselt",
    "4700 Eupen",
    "1200 Woluwe",
    "8500 Kortrijk",
]
# Household sizes: 30 % of one person, 25 % of two, 15 % three, 15 % four, 10 % five, 5 % six.
SIZES = [(30, "1"), (55, "2"), (70, "3"), (85, "4"), (95, "5")]
# Guarantee mix of the cases (per mille, cumulative), the team of their workstream, their pot.
GUARANTEES = (
    ("ASSIST", 300, "technical", None),
    ("ECOM", 550, "legal", "ONLINE_PURCHASE_POT"),
    ("PAYF", 750, "financial", "ONLINE_PURCHASE_POT"),
    ("EREP", 850, "legal", "EREP_POT"),
    ("IDT", 950, "legal", None),
    ("DATA", 1000, "technical", "DATA_POT"),
)
POTS = {"ONLINE_PURCHASE_POT": (500000, 3), "EREP_POT": (500000, 3), "DATA_POT": (80000, 1)}

# Tables the bulk writes, in order (the raw COPY baseline reloads exactly these rows).
TABLES = (
    "households",
    "persons",
    "memberships",
    "household_addresses",
    "affiliations",
    "affiliation_status_periods",
    "users",
    "billing_runs",
    "billing_premium_lines",
    "billing_payment_events",
    "billing_dunning_cases",
    "assistance_cases",
    "workstreams",
    "claims",
    "claim_decisions",
    "payouts",
    "payout_accounts",
    "pot_years",
    "ledger_entries",
    "ledger_lines",
    "audit_events",
    "partner_events",
    "outbox_messages",
)


def _array(values: list[str] | tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _case(expression: str, pairs: list[tuple[int, str]], default: str) -> str:
    arms = " ".join(f"WHEN {expression} < {bound} THEN {value}" for bound, value in pairs)
    return f"CASE {arms} ELSE {default} END"


def statements(n: int, years: int, staff: dict[str, str]) -> list[tuple[str, str]]:
    """(label, SQL) in order; `r(a, b)` is a pseudo-random non-negative int of (a, b)."""
    months = years * 12
    guarantee = _case(
        "r(c.g * 4 + c.k, 20) % 1000", [(b, f"'{code}'") for code, b, _, _ in GUARANTEES], "'DATA'"
    )
    team = (
        "CASE c.guarantee "
        + " ".join(f"WHEN '{code}' THEN '{t}'" for code, _, t, _ in GUARANTEES)
        + " END"
    )
    pot = (
        "CASE c.guarantee "
        + " ".join(f"WHEN '{code}' THEN '{p}'" for code, _, _, p in GUARANTEES if p)
        + " ELSE NULL END"
    )
    assignee = (
        f"CASE c.team WHEN 'technical' THEN '{staff['technical']}' WHEN 'legal' THEN "
        f"'{staff['legal']}' ELSE '{staff['financial']}' END"
    )
    pot_limit = (
        "CASE p.pot "
        + " ".join(f"WHEN '{code}' THEN {money}" for code, (money, _) in POTS.items())
        + " END"
    )
    pot_cases = (
        "CASE p.pot "
        + " ".join(f"WHEN '{code}' THEN {cases}" for code, (_, cases) in POTS.items())
        + " END"
    )
    nrn_body = "to_char(p.birth, 'YYMMDD') || lpad((1 + (c_g * 7 + p.p) % 997)::text, 3, '0')"
    out: list[tuple[str, str]] = [
        (
            "helpers",
            """
            CREATE OR REPLACE FUNCTION r(a bigint, b int) RETURNS int LANGUAGE sql IMMUTABLE
              PARALLEL SAFE AS $$ SELECT hashint8(a * 64 + b) & 2147483647 $$;
            CREATE OR REPLACE FUNCTION be_iban(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
              SELECT 'BE' || lpad((98 - (b || '111400')::numeric % 97)::text, 2, '0') || b
              FROM (SELECT a || lpad(CASE WHEN a::bigint % 97 = 0 THEN 97
                                          ELSE a::bigint % 97 END::text, 2, '0') AS b
                    FROM (SELECT lpad((n % 10000000000)::text, 10, '0') AS a) s) t $$;
            """,
        ),
        (
            "world_hh",
            f"""
            CREATE UNLOGGED TABLE world_hh AS
            SELECT g, hh, aff, size, start, back, lang, fam, fate,
              CASE fate WHEN 'withdrawn' THEN start + 14
                        WHEN 'terminated' THEN (start + make_interval(
                               months => 1 + r(g, 4) % greatest(back - 1, 1)))::date
                        WHEN 'suspended' THEN current_date - 4 END AS ended
            FROM (
              SELECT g, 'hh_U' || lpad(g::text, 11, '0') AS hh,
                'aff_U' || lpad(g::text, 11, '0') AS aff,
                {_case("r(g, 1) % 100", SIZES, "6")}
                  AS size,
                (date_trunc('month', current_date)
                  - make_interval(months => r(g, 2) % {months}))::date AS start,
                r(g, 2) % {months} AS back,
                {_case("r(g, 5) % 100", [(55, "'nl'"), (93, "'fr'"), (95, "'de'")], "'en'")}
                  AS lang,
                ({_array(FAMILY)})[1 + r(g, 6) % {len(FAMILY)}] AS fam,
                CASE WHEN r(g, 3) % 1000 < 20 AND r(g, 2) % {months} >= 1 THEN 'withdrawn'
                     WHEN r(g, 3) % 1000 < 120 AND r(g, 2) % {months} >= 2 THEN 'terminated'
                     WHEN r(g, 3) % 1000 < 150 AND r(g, 2) % {months} >= 3 THEN 'suspended'
                     ELSE 'active' END AS fate
              FROM generate_series(1, {n}) g) s;
            ALTER TABLE world_hh ADD PRIMARY KEY (g);
            """,
        ),
        (
            "households",
            "INSERT INTO households (id, created_at) "
            "SELECT hh, (start - 6 + time '14:00') AT TIME ZONE 'UTC' FROM world_hh",
        ),
        (
            "world_person",
            f"""
            CREATE UNLOGGED TABLE world_person AS
            SELECT h.g, p, h.hh, h.start, h.lang, h.fam,
              'per_U' || lpad(h.g::text, 10, '0') || p AS id,
              ({_array(GIVEN)})[1 + r(h.g * 8 + p, 7) % {len(GIVEN)}] AS given,
              CASE WHEN p <= 2 THEN date '1950-01-01' + r(h.g * 8 + p, 8) % 18000
                   ELSE current_date - 200 - r(h.g * 8 + p, 8) % 6200 END AS birth
            FROM world_hh h, generate_series(1, h.size) p
            """,
        ),
        (
            "persons",
            f"""
            INSERT INTO persons (id, household_id, given_name, family_name, birth_date, language,
              email, phone, national_register_number, died_on)
            SELECT p.id, p.hh, p.given, p.fam, p.birth, p.lang,
              CASE WHEN p.p <= 2 THEN lower(p.given || '.' || p.fam || '.' || p.g) || '@example.be'
                END,
              CASE WHEN p.p <= 2 THEN '+3247' || lpad(((p.g * 2 + p.p) % 10000000)::text, 7, '0')
                END,
              {nrn_body.replace("c_g", "p.g")} || lpad((97 - (
                CASE WHEN p.birth >= date '2000-01-01' THEN 2000000000 ELSE 0 END
                + ({nrn_body.replace("c_g", "p.g")})::bigint) % 97)::text, 2, '0'),
              NULL
            FROM world_person p
            """,
        ),
        (
            "memberships",
            "INSERT INTO memberships (household_id, person_id, relationship, joined_on, left_on) "
            "SELECT hh, id, CASE p WHEN 1 THEN 'affiliate' WHEN 2 THEN 'partner' ELSE 'child' END,"
            " start, NULL FROM world_person",
        ),
        (
            "household_addresses",
            f"""
            INSERT INTO household_addresses (household_id, street, number, box, postcode, city,
              country, from_date, to_date)
            SELECT hh, ({_array(STREETS)})[1 + r(g, 9) % {len(STREETS)}],
              (1 + r(g, 10) % 180)::text,
              NULL, split_part(place, ' ', 1), split_part(place, ' ', 2), 'BE', start, NULL
            FROM (SELECT *, ({_array(PLACES)})[1 + r(g, 11) % {len(PLACES)}] AS place
                  FROM world_hh) h
            """,
        ),
        (
            "affiliations",
            """
            INSERT INTO affiliations (id, distributor_code, customer_ref, household_id,
              product_code, product_version, subscribed_on, start_date, status, term_end,
              pending_end_notice_on, pending_end_date, pending_end_by, pending_end_article,
              prevention_declarations, terms_token_sha256, row_version, created_at)
            SELECT aff, 'proximus', 'px-' || lpad(g::text, 9, '0'), hh, v.code, v.version,
              start - 6, start, fate,
              CASE WHEN fate IN ('withdrawn', 'terminated') THEN ended
                   ELSE (start + make_interval(years => back / 12 + 1))::date END,
              NULL, NULL, NULL, NULL,
              '{"effective_antivirus": true, "pays_on_secure_pages": true,
                "balances_checked_biweekly": true, "no_suspicious_emails_opened": true,
                "credentials_kept_in_household": true}'::jsonb,
              md5(aff) || md5(hh), CASE fate WHEN 'active' THEN 1 ELSE 2 END,
              (start - 6 + time '14:00') AT TIME ZONE 'UTC'
            FROM world_hh, (SELECT code, version FROM product_versions LIMIT 1) v
            """,
        ),
        (
            "affiliation_status_periods",
            """
            INSERT INTO affiliation_status_periods (affiliation_id, status, start_date, end_date,
              article)
            SELECT aff, 'active', start, ended, 'Art. 3.2' FROM world_hh
            UNION ALL
            SELECT aff, fate, ended, NULL, CASE fate WHEN 'withdrawn' THEN 'Art. 9.3'
                   WHEN 'terminated' THEN 'Art. 9.5' ELSE 'Art. 9.6' END
            FROM world_hh WHERE fate <> 'active'
            """,
        ),
        (
            "users",
            """
            INSERT INTO users (id, email, kind, person_id, display_name, language, password_hash,
              totp_secret, active, created_at, totp_last_step)
            SELECT 'usr_U' || lpad(g::text, 11, '0'),
              lower(given || '.' || fam || '.' || g) || '@example.be', 'member', id,
              given || ' ' || fam, lang, NULL, NULL, true,
              (start - 6 + time '14:05') AT TIME ZONE 'UTC', NULL
            FROM world_person WHERE p = 1 AND r(g, 12) % 10 < 3
            """,
        ),
        (
            "billing_runs",
            f"""
            INSERT INTO billing_runs (period, scope, status, cursor, chunks_done, lines_created,
              started_at, finished_at, summary)
            SELECT to_char(m, 'YYYY-MM'), '*', 'finished', NULL, 1, 0,
              (m::date + time '06:00') AT TIME ZONE 'UTC',
              (m::date + time '06:05') AT TIME ZONE 'UTC', '[]'::jsonb
            FROM generate_series(date_trunc('month', current_date)
                   - make_interval(months => {months}), date_trunc('month', current_date),
                   interval '1 month') m
            ON CONFLICT (period, scope) DO NOTHING
            """,
        ),
        (
            "billing_premium_lines",
            """
            INSERT INTO billing_premium_lines (affiliation_id, distributor_code, period,
              covered_from, covered_to, days, month_days, gross_cents, net_cents, tax_cents,
              tax_rate_bp, channel, status, status_on, debit_batch_id, run_id)
            SELECT h.aff, 'proximus', to_char(m, 'YYYY-MM'), m::date,
              (m + interval '1 month')::date, dim, dim, 499,
              round(499 * 10000.0 / (10000 + rate))::bigint,
              499 - round(499 * 10000.0 / (10000 + rate))::bigint, rate, 'distributor',
              CASE WHEN h.fate = 'suspended' AND m >= date_trunc('month', current_date)
                          - interval '1 month' THEN 'unpaid'
                   WHEN m = date_trunc('month', current_date) THEN 'open' ELSE 'paid' END,
              CASE WHEN h.fate = 'suspended' AND m >= date_trunc('month', current_date)
                          - interval '1 month' THEN (m + interval '7 days')::date
                   WHEN m = date_trunc('month', current_date) THEN NULL
                   ELSE (m + interval '6 days')::date END,
              NULL, b.id
            FROM world_hh h
            CROSS JOIN LATERAL generate_series(h.start::timestamp,
              CASE h.fate WHEN 'terminated' THEN h.ended - interval '1 month'
                          ELSE date_trunc('month', current_date) END, interval '1 month') m
            CROSS JOIN LATERAL (SELECT extract(day from m + interval '1 month' - m)::int AS dim,
              CASE WHEN m >= '2026-07-01' THEN 960 ELSE 925 END AS rate) x
            JOIN billing_runs b ON b.period = to_char(m, 'YYYY-MM') AND b.scope = '*'
            WHERE h.fate <> 'withdrawn'
            """,
        ),
        (
            "billing_payment_events",
            """
            INSERT INTO billing_payment_events (source, external_ref, premium_line_id, outcome,
              amount_cents, event_date, reason_code, file_sha256, recorded_at)
            SELECT 'distributor', l.id || ':paid:' || l.status_on, l.id, 'paid', l.gross_cents,
              l.status_on, NULL, md5(l.period) || md5('proximus' || l.period),
              (l.status_on + time '07:00') AT TIME ZONE 'UTC'
            FROM billing_premium_lines l
            WHERE l.status = 'paid' AND l.affiliation_id LIKE 'aff\\_U%'
            """,
        ),
        (
            "billing_dunning_cases",
            """
            INSERT INTO billing_dunning_cases (affiliation_id, status, notice_on, pay_by,
              arrears_cents, suspended_from, ended_on, language, letter_pdf, created_at)
            SELECT aff, 'suspended', current_date - 20, current_date - 5, 998, ended, NULL, lang,
              convert_to(repeat('%PDF-1.4 formal notice ', 110), 'UTF8'),
              ((current_date - 20) + time '06:00') AT TIME ZONE 'UTC'
            FROM world_hh WHERE fate = 'suspended'
            UNION ALL
            SELECT aff, 'settled', d, d + 15, 499, NULL, d + 9, lang,
              convert_to(repeat('%PDF-1.4 formal notice ', 110), 'UTF8'),
              (d + time '06:00') AT TIME ZONE 'UTC'
            FROM (SELECT *, start + 40 + r(g, 13) % greatest(back * 30 - 60, 1) AS d
                  FROM world_hh WHERE fate = 'active' AND back >= 3 AND r(g, 14) % 100 < 4) s
            """,
        ),
        (
            "world_case",
            f"""
            CREATE UNLOGGED TABLE world_case AS
            SELECT c.*, {team} AS team, {pot} AS pot FROM (
              SELECT c.*, {guarantee} AS guarantee FROM (
                SELECT h.g, k, h.hh, h.aff, h.lang, h.start,
                  'per_U' || lpad(h.g::text, 10, '0') || '1' AS person,
                  'case_U' || lpad(h.g::text, 10, '0') || k AS id,
                  ((h.start + r(h.g * 4 + k, 21) % greatest(
                      coalesce(h.ended, current_date - 1) - h.start, 1)) + time '09:00'
                    + make_interval(mins => r(h.g * 4 + k, 22) % 480)) AT TIME ZONE 'UTC'
                    AS opened_at
                FROM world_hh h, generate_series(1, 3) k
                WHERE h.fate <> 'withdrawn'
                  AND r(h.g * 4 + k, 23) % 1000 < CASE k WHEN 1 THEN 240 WHEN 2 THEN 60 ELSE 20 END
                      * (h.back + 1) / 18
              ) c
            ) c;
            DELETE FROM world_case WHERE opened_at > now() - interval '2 hours';
            """,
        ),
        (
            "assistance_cases",
            f"""
            INSERT INTO assistance_cases (id, affiliation_id, household_id, person_id,
              guarantee_code, narrative, occurrence_date, discovery_date, urgent, urgency_reason,
              channel, language, status, possible_duplicate_of, opened_by, opened_at,
              first_contact_due_at, first_contact_at, triaged_at, closed_at, closure_reason,
              row_version, closure_outcome, case_pot)
            SELECT id, aff, hh, person, guarantee,
              'The member reported a ' || guarantee || ' incident by ' || CASE WHEN g % 3 = 0
                THEN 'phone' ELSE 'the portal' END || ': what happened, when it was noticed, '
                || 'what was lost and who was contacted so far (bank, seller, police).',
              (opened_at AT TIME ZONE 'UTC')::date - 5, (opened_at AT TIME ZONE 'UTC')::date - 2,
              false, NULL, CASE WHEN g % 3 = 0 THEN 'phone' ELSE 'portal' END, lang,
              CASE WHEN opened_at < now() - interval '20 days' THEN 'closed'
                   WHEN opened_at < now() - interval '1 day' THEN 'in_progress' ELSE 'open' END,
              NULL, '{staff["technical"]}', opened_at, opened_at + interval '1 day',
              CASE WHEN opened_at < now() - interval '1 day' THEN opened_at + interval '2 hours'
                END,
              opened_at,
              CASE WHEN opened_at < now() - interval '20 days'
                   THEN opened_at + make_interval(days => 2 + r(g * 4 + k, 24) % 15) END,
              CASE WHEN opened_at < now() - interval '20 days' THEN 'Service delivered.' END,
              CASE WHEN opened_at < now() - interval '20 days' THEN 4 ELSE 2 END,
              CASE WHEN opened_at < now() - interval '20 days' THEN 'service_delivered' END, pot
            FROM world_case
            """,
        ),
        (
            "workstreams",
            f"""
            INSERT INTO workstreams (id, case_id, team, status, assignee_user_id, opened_at,
              first_contact_due_at, first_contact_at, taken_at, closed_at, outcome, row_version)
            SELECT 'ws_U' || substr(c.id, 7), c.id, c.team,
              CASE WHEN a.status = 'closed' THEN 'closed'
                   WHEN a.status = 'in_progress' THEN 'in_progress' ELSE 'open' END,
              CASE WHEN a.status <> 'open' THEN {assignee} END, c.opened_at,
              c.opened_at + interval '1 day', a.first_contact_at, a.first_contact_at,
              a.closed_at, CASE WHEN a.status = 'closed' THEN 'Done.' END,
              CASE a.status WHEN 'closed' THEN 4 WHEN 'in_progress' THEN 2 ELSE 1 END
            FROM world_case c JOIN assistance_cases a ON a.id = c.id
            """,
        ),
        (
            "claims",
            """
            INSERT INTO claims (id, case_id, affiliation_id, household_id, person_id, guarantee,
              kind, claimed_cents, occurrence_date, discovery_date, declaration_date,
              circumstances, language, payee_iban, payee_name, status, outcome, queue_reason,
              payable_cents, paid_cents, recovered_cents, submitted_by, submitted_at, decided_at,
              version, decision_due_at, payment_due_at)
            SELECT 'clm_U' || substr(c.id, 7), c.id, c.aff, c.hh, c.person, c.guarantee, NULL,
              amount, a.occurrence_date, a.discovery_date, (c.opened_at AT TIME ZONE 'UTC')::date,
              '{"exclusions": [], "payment_date": null, "data_loss_cause": null,
                "written_claim_sent": true, "seller_professional": true,
                "obligations_breached": [], "obligations_respected":
                ["credentials_kept_in_household", "pays_on_secure_pages"],
                "promised_delivery_date": null, "bank_refused_definitively": true}'::jsonb,
              c.lang, be_iban(c.g), p.given_name || ' ' || p.family_name,
              CASE WHEN a.status = 'closed' THEN 'decided' ELSE 'in_review' END,
              CASE WHEN a.status <> 'closed' THEN NULL WHEN accepted THEN 'accepted'
                   ELSE 'declined' END,
              CASE WHEN a.status <> 'closed' THEN 'handler_review' END,
              CASE WHEN a.status = 'closed' AND accepted THEN amount ELSE 0 END,
              CASE WHEN a.status = 'closed' AND accepted THEN amount ELSE 0 END, 0,
              'user:usr_U' || lpad(c.g::text, 11, '0'), c.opened_at + interval '10 minutes',
              CASE WHEN a.status = 'closed' THEN c.opened_at + interval '11 minutes' END,
              CASE WHEN a.status = 'closed' THEN 2 ELSE 1 END,
              c.opened_at + interval '30 days',
              CASE WHEN a.status = 'closed' THEN c.opened_at + interval '31 days' END
            FROM (SELECT c.*, r(g * 4 + k, 25) % 100 < 85 AS accepted,
                    2000 + r(g * 4 + k, 26) % CASE pot WHEN 'DATA_POT' THEN 60000 ELSE 150000 END
                      AS amount
                  FROM world_case c WHERE c.pot IS NOT NULL AND r(g * 4 + k, 27) % 100 < 70) c
            JOIN assistance_cases a ON a.id = c.id JOIN persons p ON p.id = c.person
            """,
        ),
        (
            "claim_decisions",
            """
            INSERT INTO claim_decisions (claim_id, sequence, kind, state, outcome, payable_cents,
              product_code, product_version, inputs, decision, decided_by, approved_by, note,
              decided_at)
            SELECT c.id, 1, 'engine', 'final', c.outcome, c.payable_cents, v.code, v.version,
              t.inputs, t.decision, 'engine', NULL, 'claims.straight_through', c.decided_at
            FROM claims c, (SELECT code, version FROM product_versions LIMIT 1) v,
              (SELECT inputs, decision FROM claim_decisions WHERE kind = 'engine'
               ORDER BY id LIMIT 1) t
            WHERE c.id LIKE 'clm\\_U%' AND c.status = 'decided'
            """,
        ),
        (
            "payouts",
            """
            INSERT INTO payouts (id, claim_id, decision_id, household_id, amount_cents, iban,
              holder_name, remittance, status, payment_file_id, created_at, updated_at,
              return_reason, instant, instructed_at, bank_status, reason_code, executed_on,
              replaces_payout_id)
            SELECT 'pay_U' || substr(c.id, 6), c.id, d.id, c.household_id, c.payable_cents,
              c.payee_iban, c.payee_name, 'Cyber Care ' || c.id, 'paid', NULL, c.decided_at,
              c.decided_at + interval '1 minute', NULL, true, c.decided_at + interval '1 minute',
              'ACSC', NULL, (c.decided_at AT TIME ZONE 'UTC')::date, NULL
            FROM claims c JOIN claim_decisions d ON d.claim_id = c.id
            WHERE c.id LIKE 'clm\\_U%' AND c.outcome = 'accepted'
            """,
        ),
        (
            "payout_accounts",
            f"""
            INSERT INTO payout_accounts (household_id, iban, holder_name, approved_by,
              approved_at)
            SELECT DISTINCT ON (household_id) household_id, iban, holder_name,
              '{staff["handler"]}', created_at
            FROM payouts WHERE id LIKE 'pay\\_U%' ORDER BY household_id, created_at
            """,
        ),
        (
            "pot_years",
            f"""
            INSERT INTO pot_years (affiliation_id, year_index, year_start, year_end, pot,
              money_limit_cents, case_limit, used_cents, reserved_cents, cases_used,
              cases_reserved, recovered_cents, version, updated_at)
            SELECT p.aff, p.idx, p.ys, (p.ys + interval '1 year')::date, p.pot, {pot_limit},
              {pot_cases}, least(p.used, {pot_limit}), 0, least(p.cases, {pot_cases}), 0, 0,
              1 + p.cases, p.at
            FROM (
              SELECT c.affiliation_id AS aff, y.idx,
                (a.start_date + make_interval(years => y.idx))::date AS ys,
                w.pot, sum(c.payable_cents) AS used, count(*) AS cases, max(c.submitted_at) AS at
              FROM claims c JOIN affiliations a ON a.id = c.affiliation_id
              JOIN world_case w ON w.id = c.case_id
              CROSS JOIN LATERAL (SELECT extract(year FROM age(c.occurrence_date,
                a.start_date))::int AS idx) y
              WHERE c.id LIKE 'clm\\_U%' AND c.status = 'decided'
              GROUP BY 1, 2, 3, 4) p
            """,
        ),
        (
            "ledger_entries",
            """
            INSERT INTO ledger_entries (dedupe_key, kind, effective_date, description, posted_at,
              total_cents, line_count)
            SELECT 'claim:' || id || ':decision:1', 'claim.decision',
              (decided_at AT TIME ZONE 'UTC')::date, 'claim ' || id, decided_at, payable_cents, 2
            FROM claims WHERE id LIKE 'clm\\_U%' AND outcome = 'accepted'
            UNION ALL
            SELECT 'payout:' || id || ':paid', 'claim.payment', executed_on,
              'payout ' || id || ' of claim ' || claim_id, updated_at, amount_cents, 2
            FROM payouts WHERE id LIKE 'pay\\_U%'
            UNION ALL
            SELECT 'premium:' || period || ':proximus', 'premium_billed', (period || '-01')::date,
              'Premiums ' || period || ' billed through proximus (Art. 9.1)',
              ((period || '-01')::date + time '06:00') AT TIME ZONE 'UTC',
              sum(gross_cents) + sum(net_cents) * 1000 / 10000, 5
            FROM billing_premium_lines GROUP BY period
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
        ),
        (
            "ledger_lines",
            """
            INSERT INTO ledger_lines (entry_id, account, party, debit_cents, credit_cents)
            SELECT e.id, x.account, x.party, x.debit, x.credit
            FROM ledger_entries e
            JOIN claims c ON e.dedupe_key = 'claim:' || c.id || ':decision:1'
            CROSS JOIN LATERAL (VALUES
              ('claims_expense', c.household_id, c.payable_cents, 0::bigint),
              ('claims_payable', c.household_id, 0::bigint, c.payable_cents))
              x(account, party, debit, credit)
            WHERE c.id LIKE 'clm\\_U%'
            UNION ALL
            SELECT e.id, x.account, x.party, x.debit, x.credit
            FROM ledger_entries e
            JOIN payouts p ON e.dedupe_key = 'payout:' || p.id || ':paid'
            CROSS JOIN LATERAL (VALUES ('claims_payable', p.household_id, p.amount_cents,
              0::bigint), ('bank', 'insurer', 0::bigint, p.amount_cents))
              x(account, party, debit, credit)
            WHERE p.id LIKE 'pay\\_U%'
            UNION ALL
            SELECT e.id, x.account, x.party, x.debit, x.credit
            FROM ledger_entries e
            JOIN (SELECT period, sum(gross_cents) AS gross, sum(net_cents) AS net,
                    sum(tax_cents) AS tax, sum(net_cents) * 1000 / 10000 AS commission
                  FROM billing_premium_lines GROUP BY period) s
              ON e.dedupe_key = 'premium:' || s.period || ':proximus'
            CROSS JOIN LATERAL (VALUES
              ('premium_receivable', 'proximus', s.gross, 0::bigint),
              ('premium_income', 'insurer', 0::bigint, s.net),
              ('commission_payable', 'proximus', 0::bigint, s.commission),
              ('tax_payable', 'be_tax', 0::bigint, s.tax),
              ('commission_expense', 'proximus', s.commission, 0::bigint))
              x(account, party, debit, credit)
            WHERE NOT EXISTS (SELECT 1 FROM ledger_lines o WHERE o.entry_id = e.id)
            """,
        ),
        (
            "audit_events",
            """
            INSERT INTO audit_events (occurred_at, actor, action, subject_type, subject_id,
              clause, details)
            SELECT created_at, 'distributor:proximus', 'affiliation.subscribed', 'affiliation', id,
              'Art. 3.2', jsonb_build_object('product', jsonb_build_object('code', product_code,
                'version', product_version), 'start_date', start_date, 'customer_ref',
                customer_ref, 'affiliation_id', id)
            FROM affiliations WHERE id LIKE 'aff\\_U%'
            UNION ALL
            SELECT (h.ended + time '06:00') AT TIME ZONE 'UTC', 'system:lifecycle',
              'affiliation.' || h.fate, 'affiliation', h.aff, 'Art. 9',
              jsonb_build_object('effective_date', h.ended)
            FROM world_hh h WHERE h.fate <> 'active'
            UNION ALL
            SELECT opened_at + s.after, s.actor, s.action, 'case', id, 'Art. 8.1',
              jsonb_build_object('guarantee', guarantee_code, 'channel', channel)
            FROM assistance_cases a CROSS JOIN LATERAL (VALUES
              (interval '0', 'user:' || a.opened_by, 'case.opened'),
              (interval '0', 'user:' || a.opened_by, 'workstream.opened'),
              (interval '2 hours', 'user:' || a.opened_by, 'workstream.taken'),
              (interval '3 hours', 'user:' || a.opened_by, 'case.contact_logged')) s(after, actor,
                action)
            WHERE a.id LIKE 'case\\_U%' AND (a.status <> 'open' OR s.after = interval '0')
            UNION ALL
            SELECT closed_at, 'user:' || opened_by, s.action, 'case', id, 'Art. 8.1',
              jsonb_build_object('outcome', closure_outcome)
            FROM assistance_cases a CROSS JOIN (VALUES ('workstream.closed'), ('case.closed'))
              s(action)
            WHERE a.id LIKE 'case\\_U%' AND a.status = 'closed'
            UNION ALL
            SELECT submitted_at + s.after, s.actor, s.action, 'claim', id, 'Art. 8.1',
              jsonb_build_object('case_id', case_id, 'guarantee', guarantee, 'claimed_cents',
                claimed_cents)
            FROM claims c CROSS JOIN LATERAL (VALUES
              (interval '0', c.submitted_by, 'claim.submitted'),
              (interval '1 minute', 'engine', 'claim.adjudicated'),
              (interval '2 minutes', 'system:payouts', 'payout.executed')) s(after, actor, action)
            WHERE c.id LIKE 'clm\\_U%' AND (s.after = interval '0' OR c.status = 'decided')
              AND (s.action <> 'payout.executed' OR c.outcome = 'accepted')
            UNION ALL
            SELECT (notice_on + time '06:00') AT TIME ZONE 'UTC', 'system:dunning',
              'billing.dunning.send_notice', 'affiliation', affiliation_id, 'Art. 9.6',
              jsonb_build_object('arrears_cents', arrears_cents)
            FROM billing_dunning_cases WHERE affiliation_id LIKE 'aff\\_U%'
            """,
        ),
        (
            "partner_events",
            """
            INSERT INTO partner_events (event_id, distributor_code, seq, type, affiliation_id,
              payload, occurred_at)
            SELECT 'evt_U' || lpad(row_number() OVER (ORDER BY at, aff, type)::text, 12, '0'),
              'proximus', d.last_event_seq + row_number() OVER (ORDER BY at, aff, type), type,
              aff, payload, at
            FROM (
              SELECT (start - 6 + time '14:00') AT TIME ZONE 'UTC' AS at, aff,
                'affiliation.subscribed' AS type,
                jsonb_build_object('product', jsonb_build_object('code', 'cyber-care-be'),
                  'start_date', start, 'customer_ref', 'px-' || lpad(g::text, 9, '0'),
                  'insured_count', size, 'affiliation_id', aff) AS payload
              FROM world_hh
              UNION ALL
              SELECT (ended + time '06:00') AT TIME ZONE 'UTC', aff, 'affiliation.' || fate,
                jsonb_build_object('article', 'Art. 9', 'customer_ref',
                  'px-' || lpad(g::text, 9, '0'), 'affiliation_id', aff, 'effective_date', ended)
              FROM world_hh WHERE fate <> 'active') e,
              (SELECT last_event_seq FROM distributors WHERE code = 'proximus') d;
            UPDATE distributors SET last_event_seq = (SELECT max(seq) FROM partner_events
              WHERE distributor_code = 'proximus') WHERE code = 'proximus';
            """,
        ),
        (
            "outbox_messages",
            """
            INSERT INTO outbox_messages (kind, dedupe_key, endpoint_id, payload, status, attempts,
              next_attempt_at, locked_until, last_error, created_at, delivered_at)
            SELECT 'email', 'email:claim-letter:' || c.id || ':1', NULL,
              jsonb_build_object('to', p.email, 'html', NULL, 'subject', 'Decision on your claim',
                'text', 'Cyber Care - cyber insurance for the whole household' || chr(10)
                  || 'Decision on your claim ' || c.id || chr(10) || 'Guarantee: '
                  || c.guarantee || chr(10) || 'Outcome: ' || c.outcome || chr(10)
                  || 'Amount claimed: ' || c.claimed_cents || chr(10) || 'Amount granted: '
                  || c.payable_cents || chr(10) || repeat('Reasons and the articles of the '
                  || 'policy that apply to this decision. ', 8)),
              'delivered', 1, c.decided_at, NULL, NULL, c.decided_at,
              c.decided_at + interval '5 seconds'
            FROM claims c JOIN persons p ON p.id = c.person_id
            WHERE c.id LIKE 'clm\\_U%' AND c.status = 'decided' AND p.email IS NOT NULL
            """,
        ),
        (
            "clean-up",
            "DROP TABLE world_hh, world_person, world_case; DROP FUNCTION r(bigint, int);"
            " DROP FUNCTION be_iban(bigint); ANALYZE",
        ),
    ]
    return out


def _dsn(database: str) -> str:
    return f"{ADMIN_DSN} dbname={database}"


def _sqlalchemy_url(database: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"


def seed_demo(database: str, credentials: Path) -> None:
    """The demo world through the services (product, distributor, staff and member logins)."""
    os.environ["CYBERCARE_DATABASE_URL"] = _sqlalchemy_url(database)
    os.environ.setdefault("CYBERCARE_ENVIRONMENT", "development")
    from cybercare.cli.common import settings, wired
    from cybercare.db import migrate
    from cybercare.demo import seed

    migrate.upgrade(_sqlalchemy_url(database))
    seed(wired(settings()), credentials)


def staff_ids(connection: psycopg.Connection) -> dict[str, str]:
    rows = connection.execute(
        "SELECT split_part(email, '@', 1), id FROM users WHERE kind = 'staff'"
    ).fetchall()
    return dict(rows)


def raw_copy_seconds(connection: psycopg.Connection) -> tuple[float, int]:
    """The floor: the same rows of every table the bulk wrote, COPY'd into bare tables."""
    total = 0.0
    rows = 0
    for table in TABLES:
        buffer = io.BytesIO()
        with connection.cursor().copy(f"COPY {table} TO STDOUT") as copy:
            for chunk in copy:
                buffer.write(chunk)
        connection.execute(f"CREATE UNLOGGED TABLE raw_{table} (LIKE {table})")
        connection.execute(f"ALTER TABLE raw_{table} SET LOGGED")
        connection.commit()
        data = buffer.getvalue()
        started = time.perf_counter()
        with connection.cursor().copy(f"COPY raw_{table} FROM STDIN") as copy:
            for offset in range(0, len(data), 1 << 20):
                copy.write(data[offset : offset + (1 << 20)])
        connection.commit()
        total += time.perf_counter() - started
        rows += connection.execute(f"SELECT count(*) FROM raw_{table}").fetchone()[0]  # type: ignore[index]
        connection.execute(f"DROP TABLE raw_{table}")
        connection.commit()
    return total, rows


def build(n: int, years: int, database: str, credentials: Path) -> dict[str, float]:
    with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
    started = time.perf_counter()
    seed_demo(database, credentials)
    demo_s = time.perf_counter() - started
    timings: dict[str, float] = {"demo (services)": demo_s}
    with psycopg.connect(_dsn(database)) as connection:
        connection.execute("SET synchronous_commit = off")
        connection.execute("SET work_mem = '256MB'")
        connection.execute("SET maintenance_work_mem = '512MB'")
        staff = staff_ids(connection)
        bulk_started = time.perf_counter()
        for label, sql in statements(n, years, staff):
            step = time.perf_counter()
            connection.execute(sql)  # type: ignore[arg-type]
            if label != "ledger_entries":  # its lines follow in the same transaction (trigger)
                connection.commit()
            timings[label] = time.perf_counter() - step
            print(f"  {label:<28} {timings[label]:8.1f} s", flush=True)
        timings["bulk"] = time.perf_counter() - bulk_started
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in TABLES
        }
        size = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # type: ignore[index]
        print("rows: " + ", ".join(f"{t} {c:,}" for t, c in counts.items()))
        raw_s, raw_rows = raw_copy_seconds(connection)
    timings["raw_copy"] = raw_s
    timings["rows"] = float(raw_rows)
    timings["size_bytes"] = float(size)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--database", default=None, help="default: cybercare_scale_<n>")
    parser.add_argument("--keep", action="store_true", help="keep the database (bench/scale.py)")
    args = parser.parse_args()
    database = args.database or f"cybercare_scale_{args.n}"
    credentials = Path(f"/tmp/{database}.credentials.txt")
    load = os.getloadavg()
    print(
        f"building {args.n:,} households over {args.years} years into {database}; "
        f"load average {load[0]:.1f}"
    )
    timings = build(args.n, args.years, database, credentials)
    bulk, raw = timings["bulk"], timings["raw_copy"]
    per = timings["size_bytes"] / (args.n + 9) / args.years
    print(
        f"N={args.n:,} years={args.years}: bulk {bulk:.1f} s for {int(timings['rows']):,} rows "
        f"= {bulk / raw:.2f}x a raw COPY of the same rows ({raw:.1f} s); demo through the "
        f"services {timings['demo (services)']:.1f} s; database "
        f"{timings['size_bytes'] / 2**20:,.0f}"
        f" MB = {per / 1024:.1f} kB per household per year; load average "
        f"{os.getloadavg()[0]:.1f}; credentials in {credentials}"
    )
    if not args.keep:
        with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
