"""The staff read models' queries: the search of affiliations and members (`search`), the staff
file of one affiliation (`affiliation_file`) and the dashboards' figures (`dashboards`). Each
function takes a reader, runs dialect-neutral SQLAlchemy Core and returns the frozen values of
those modules.

Calendar buckets are computed in Python (`figures`) and handed to the database as a CASE over
bound ranges, so the grouping needs no date function of either dialect and follows Brussels
days. The CASE is labelled in a subquery and grouped outside it: PostgreSQL does not see two
copies of an expression with bound parameters as the same GROUP BY expression.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, exists, false, func, literal_column, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from cybercare.cover.service import household_pots
from cybercare.db.tables import (
    AddressRow,
    AffiliationRow,
    CaseRow,
    ClaimRow,
    DistributorRow,
    DunningCaseRow,
    LedgerEntryRow,
    LedgerLineRow,
    MembershipRow,
    PersonRow,
    PotYearRow,
    PremiumLineRow,
    RefundRow,
    UserRow,
    WorkstreamRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.ledger.domain import Account
from cybercare.policy import repository as policies
from cybercare.policy.views import affiliation_view
from cybercare.product.catalog import Catalog
from cybercare.product.model import Lifecycle, Team
from cybercare.reporting.affiliation_file import (
    PREMIUM_LINES,
    AffiliationFile,
    Billing,
    CaseLine,
    Contact,
    DunningStep,
    PremiumLine,
)
from cybercare.reporting.dashboards import (
    CLAIMS_HANDLERS,
    IN_FORCE,
    LIMIT_LIST,
    MONTHS,
    PAYOUT_PAID,
    PAYOUT_RETURNED,
    WEEKS,
    CasesPerWeek,
    MonthFigures,
    PotAtLimit,
    PotsAtLimit,
    PremiumsAndClaims,
    SlaAttainment,
    TeamAttainment,
)
from cybercare.reporting.figures import Attainment, brussels_midnight, last_months, last_weeks
from cybercare.reporting.search import DEFAULT_LIMIT, PersonHit, SearchHit, SearchResult, words_of

Column = InstrumentedAttribute[str] | InstrumentedAttribute[str | None]


def _member_on(today: date) -> ColumnElement[bool]:
    return and_(
        MembershipRow.joined_on <= today,
        or_(MembershipRow.left_on.is_(None), MembershipRow.left_on > today),
    )


def _address_on(today: date) -> ColumnElement[bool]:
    return and_(
        AddressRow.from_date <= today,
        or_(AddressRow.to_date.is_(None), AddressRow.to_date > today),
    )


# --- search ----------------------------------------------------------------------------------


def _like(column: Column, word: str) -> ColumnElement[bool]:
    """`word` anywhere in `column`, case-insensitive; `%` and `_` typed by a user are literal."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _person_matches(word: str) -> ColumnElement[bool]:
    login = exists().where(UserRow.person_id == PersonRow.id, _like(UserRow.email, word))
    return or_(
        _like(PersonRow.given_name, word),
        _like(PersonRow.family_name, word),
        _like(PersonRow.email, word),
        login,
    )


def _word_matches(word: str, today: date) -> ColumnElement[bool]:
    person = exists().where(
        PersonRow.household_id == AffiliationRow.household_id, _person_matches(word)
    )
    place = exists().where(
        AddressRow.household_id == AffiliationRow.household_id,
        _address_on(today),
        or_(_like(AddressRow.postcode, word), _like(AddressRow.city, word)),
    )
    return or_(
        _like(AffiliationRow.id, word),
        _like(AffiliationRow.household_id, word),
        _like(AffiliationRow.customer_ref, word),
        person,
        place,
    )


def search_affiliations(
    uow: UnitOfWork, query: str, today: date, *, limit: int = DEFAULT_LIMIT
) -> SearchResult:
    words = words_of(query)
    if not words:
        return SearchResult(query, words, (), more=False)
    rows = list(
        uow.session.execute(
            select(
                AffiliationRow.id,
                AffiliationRow.household_id,
                AffiliationRow.customer_ref,
                AffiliationRow.distributor_code,
                DistributorRow.name,
                AffiliationRow.status,
                AffiliationRow.start_date,
            )
            .join(DistributorRow, DistributorRow.code == AffiliationRow.distributor_code)
            .where(and_(*(_word_matches(word, today) for word in words)))
            .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    households = {row.household_id for row in rows}
    people = _people(uow, households, today)
    addresses = _addresses(uow, households, today)
    matched = _matched_people(uow, households, words)
    hits = []
    for row in rows:
        members = people.get(row.household_id, {})
        affiliate = next(
            (name for name, relationship in members.values() if relationship == "affiliate"), None
        )
        postcode, city = addresses.get(row.household_id, (None, None))
        hits.append(
            SearchHit(
                affiliation_id=row.id,
                household_id=row.household_id,
                customer_ref=row.customer_ref,
                distributor=row.distributor_code,
                distributor_name=row.name,
                status=row.status,
                start_date=row.start_date,
                affiliate_name=affiliate,
                postcode=postcode,
                city=city,
                members=len(members),
                matched=tuple(
                    PersonHit(
                        person_id, name, members[person_id][1] if person_id in members else None
                    )
                    for person_id, name in matched.get(row.household_id, ())
                ),
            )
        )
    return SearchResult(query, words, tuple(hits), more)


def _people(
    uow: UnitOfWork, households: Iterable[str], today: date
) -> dict[str, dict[str, tuple[str, str]]]:
    """household -> person -> (name, relationship) of today's members."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    rows = uow.session.execute(
        select(
            MembershipRow.household_id,
            PersonRow.id,
            PersonRow.given_name,
            PersonRow.family_name,
            MembershipRow.relationship,
        )
        .join(PersonRow, PersonRow.id == MembershipRow.person_id)
        .where(MembershipRow.household_id.in_(list(households)), _member_on(today))
        .order_by(MembershipRow.joined_on, MembershipRow.id)
    )
    for household, person, given, family, relationship in rows:
        found.setdefault(household, {})[person] = (f"{given} {family}", relationship)
    return found


def _addresses(
    uow: UnitOfWork, households: Iterable[str], today: date
) -> dict[str, tuple[str, str]]:
    rows = uow.session.execute(
        select(AddressRow.household_id, AddressRow.postcode, AddressRow.city)
        .where(AddressRow.household_id.in_(list(households)), _address_on(today))
        .order_by(AddressRow.from_date)
    )
    return {household: (postcode, city) for household, postcode, city in rows}


def _matched_people(
    uow: UnitOfWork, households: Iterable[str], words: tuple[str, ...]
) -> dict[str, list[tuple[str, str]]]:
    """household -> (person, name) of the people whose name or e-mail matched some word."""
    any_word = or_(false(), *(_person_matches(word) for word in words))
    found: dict[str, list[tuple[str, str]]] = {}
    rows = uow.session.execute(
        select(PersonRow.household_id, PersonRow.id, PersonRow.given_name, PersonRow.family_name)
        .where(PersonRow.household_id.in_(list(households)), any_word)
        .order_by(PersonRow.family_name, PersonRow.given_name, PersonRow.id)
    )
    for household, person, given, family in rows:
        found.setdefault(household, []).append((person, f"{given} {family}"))
    return found


# --- the staff file of one affiliation -------------------------------------------------------


def affiliation_file(
    uow: UnitOfWork, affiliation_id: str, catalog: Catalog, clock: Clock
) -> AffiliationFile:
    """Raises `AffiliationNotFound` for an unknown id."""
    loaded = policies.load(uow, affiliation_id)
    product = catalog.get(*loaded.affiliation.product_key)
    today = clock.today()
    view = affiliation_view(loaded.record, loaded.affiliation, loaded.household, product, today)
    distributor = uow.session.scalar(
        select(DistributorRow.name).where(DistributorRow.code == loaded.record.distributor)
    )
    contacts = {
        p.person_id: Contact(p.person_id, p.email, p.phone) for p in loaded.household.people
    }
    return AffiliationFile(
        view=view,
        household_id=loaded.record.household_id,
        distributor_name=distributor or loaded.record.distributor,
        contacts=contacts,
        billing=billing_of(uow, affiliation_id),
        dunning=dunning_of(uow, affiliation_id, product.lifecycle),
        pots=tuple(household_pots(uow, affiliation_id, catalog, today)),
        cases=cases_of(uow, loaded.record.household_id),
    )


def billing_of(uow: UnitOfWork, affiliation_id: str, *, shown: int = PREMIUM_LINES) -> Billing:
    line = PremiumLineRow
    totals = {
        status: (int(count), int(gross))
        for status, count, gross in uow.session.execute(
            select(line.status, func.count(), func.coalesce(func.sum(line.gross_cents), 0))
            .where(line.affiliation_id == affiliation_id)
            .group_by(line.status)
        )
    }
    rows = uow.session.execute(
        select(
            line.period,
            line.covered_from,
            line.covered_to,
            line.days,
            line.month_days,
            line.gross_cents,
            line.net_cents,
            line.tax_cents,
            line.tax_rate_bp,
            line.channel,
            line.status,
            line.status_on,
            func.coalesce(RefundRow.gross_cents, 0).label("refunded_cents"),
        )
        .outerjoin(RefundRow, RefundRow.premium_line_id == line.id)
        .where(line.affiliation_id == affiliation_id)
        .order_by(line.period.desc())
        .limit(shown)
    )
    all_refunds = uow.session.scalar(
        select(func.coalesce(func.sum(RefundRow.gross_cents), 0)).where(
            RefundRow.affiliation_id == affiliation_id
        )
    )

    def gross(status: str) -> int:
        return totals.get(status, (0, 0))[1]

    return Billing(
        lines=tuple(PremiumLine(**row._asdict()) for row in rows),
        periods=sum(count for count, _ in totals.values()),
        billed_cents=sum(total for _, total in totals.values()),
        paid_cents=gross("paid"),
        unpaid_cents=gross("unpaid"),
        open_cents=gross("open"),
        contested_cents=gross("contested"),
        refunded_cents=int(all_refunds or 0),
    )


def dunning_of(
    uow: UnitOfWork, affiliation_id: str, lifecycle: Lifecycle
) -> tuple[DunningStep, ...]:
    dunning = DunningCaseRow
    rows = uow.session.execute(
        select(
            dunning.status,
            dunning.notice_on,
            dunning.pay_by,
            dunning.arrears_cents,
            dunning.suspended_from,
            dunning.ended_on,
        )
        .where(dunning.affiliation_id == affiliation_id)
        .order_by(dunning.notice_on.desc(), dunning.id.desc())
    )
    return tuple(
        DunningStep.of(status, notice_on, pay_by, int(arrears), suspended, ended_on, lifecycle)
        for status, notice_on, pay_by, arrears, suspended, ended_on in rows
    )


def cases_of(uow: UnitOfWork, household_id: str) -> tuple[CaseLine, ...]:
    claims = (
        select(
            ClaimRow.case_id.label("case_id"),
            func.count().label("claims"),
            func.sum(ClaimRow.claimed_cents).label("claimed"),
            func.sum(ClaimRow.paid_cents).label("paid"),
        )
        .where(ClaimRow.household_id == household_id)
        .group_by(ClaimRow.case_id)
        .subquery()
    )
    rows = uow.session.execute(
        select(
            CaseRow.id,
            CaseRow.guarantee_code,
            PersonRow.given_name,
            PersonRow.family_name,
            CaseRow.opened_at,
            CaseRow.status,
            CaseRow.urgent,
            CaseRow.closed_at,
            func.coalesce(claims.c.claims, 0),
            func.coalesce(claims.c.claimed, 0),
            func.coalesce(claims.c.paid, 0),
        )
        .join(PersonRow, PersonRow.id == CaseRow.person_id)
        .outerjoin(claims, claims.c.case_id == CaseRow.id)
        .where(CaseRow.household_id == household_id)
        .order_by(CaseRow.opened_at.desc(), CaseRow.id)
    )
    return tuple(
        CaseLine(
            case_id=row[0],
            guarantee=row[1],
            person_name=f"{row[2]} {row[3]}",
            opened_at=row[4],
            status=row[5],
            urgent=bool(row[6]),
            closed_at=row[7],
            claims=int(row[8]),
            claimed_cents=int(row[9]),
            paid_cents=int(row[10]),
        )
        for row in rows
    )


# --- the dashboards --------------------------------------------------------------------------


def _bucket_of(
    column: InstrumentedAttribute[datetime] | InstrumentedAttribute[date],
    bounds: Sequence[object],
) -> ColumnElement[int]:
    """The index of the range `[bounds[i], bounds[i + 1])` holding `column` (None outside)."""
    return case(
        *(
            (and_(column >= bounds[index], column < bounds[index + 1]), literal_column(str(index)))
            for index in range(len(bounds) - 1)
        ),
        else_=None,
    )


def cases_per_guarantee_per_week(uow: UnitOfWork, today: date, weeks: int = WEEKS) -> CasesPerWeek:
    """Cases opened in each of the last `weeks` Brussels weeks, per guarantee."""
    buckets = last_weeks(today, weeks)
    bounds = [brussels_midnight(b.start) for b in buckets] + [brussels_midnight(buckets[-1].end)]
    opened = (
        select(
            _bucket_of(CaseRow.opened_at, bounds).label("week"),
            CaseRow.guarantee_code.label("guarantee"),
        )
        .where(CaseRow.opened_at >= bounds[0], CaseRow.opened_at < bounds[-1])
        .subquery()
    )
    rows = uow.session.execute(
        select(opened.c.week, opened.c.guarantee, func.count()).group_by(
            opened.c.week, opened.c.guarantee
        )
    )
    counts: dict[str | None, list[int]] = {}
    for week, guarantee, count in rows:
        counts.setdefault(guarantee, [0] * len(buckets))[int(week)] += int(count)
    return CasesPerWeek(buckets, {code: tuple(row) for code, row in counts.items()})


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def sla_attainment(
    uow: UnitOfWork, now: datetime, today: date, weeks: int = WEEKS
) -> SlaAttainment:
    """Per team, the clocks started in the last `weeks` weeks that were met or ran out, and
    how many of them were met on time."""
    since = last_weeks(today, weeks)[0].start
    start = brussels_midnight(since)
    ws = WorkstreamRow
    contacted = ws.first_contact_at.is_not(None)
    first_contact = {
        team: Attainment(int(met), int(measured))
        for team, met, measured in uow.session.execute(
            select(
                ws.team,
                _count(and_(contacted, ws.first_contact_at <= ws.first_contact_due_at)),
                _count(or_(contacted, ws.first_contact_due_at <= now)),
            )
            .where(ws.opened_at >= start)
            .group_by(ws.team)
        )
    }
    decided = ClaimRow.status == "decided"
    met, measured = uow.session.execute(
        select(
            _count(and_(decided, ClaimRow.decided_at <= ClaimRow.decision_due_at)),
            _count(or_(decided, ClaimRow.decision_due_at <= now)),
        ).where(ClaimRow.decision_due_at.is_not(None), ClaimRow.submitted_at >= start)
    ).one()
    teams = tuple(
        TeamAttainment(team.value, first_contact.get(team.value, Attainment(0, 0)), None)
        for team in Team
    )
    handlers = TeamAttainment(CLAIMS_HANDLERS, None, Attainment(int(met), int(measured)))
    return SlaAttainment(since, (*teams, handlers))


def premiums_and_claims(uow: UnitOfWork, today: date, months: int = MONTHS) -> PremiumsAndClaims:
    """Net premium income and claims paid per calendar month of the last `months`, from the
    ledger entries' effective dates."""
    buckets = last_months(today, months)
    bounds = [b.start for b in buckets] + [buckets[-1].end]
    line, entry = LedgerLineRow, LedgerEntryRow
    movements = (
        select(
            _bucket_of(entry.effective_date, bounds).label("month"),
            case(
                (
                    line.account == Account.PREMIUM_INCOME.value,
                    line.credit_cents - line.debit_cents,
                ),
                else_=0,
            ).label("premium"),
            case(
                (
                    and_(
                        line.account == Account.CLAIMS_PAYABLE.value,
                        entry.kind.in_((PAYOUT_PAID, PAYOUT_RETURNED)),
                    ),
                    line.debit_cents - line.credit_cents,
                ),
                else_=0,
            ).label("paid"),
        )
        .join(entry, entry.id == line.entry_id)
        .where(
            entry.effective_date >= bounds[0],
            entry.effective_date < bounds[-1],
            line.account.in_((Account.PREMIUM_INCOME.value, Account.CLAIMS_PAYABLE.value)),
        )
        .subquery()
    )
    sums = {
        int(month): (int(premium), int(paid))
        for month, premium, paid in uow.session.execute(
            select(
                movements.c.month, func.sum(movements.c.premium), func.sum(movements.c.paid)
            ).group_by(movements.c.month)
        )
    }
    return PremiumsAndClaims(
        tuple(
            MonthFigures(bucket, *sums.get(index, (0, 0))) for index, bucket in enumerate(buckets)
        )
    )


def households_at_pot_limit(uow: UnitOfWork, today: date, limit: int = LIMIT_LIST) -> PotsAtLimit:
    """In-force affiliations whose pot of the insurance year containing `today` has no money or
    no case left (reservations included: what is held is not available to a new decision)."""
    pot = PotYearRow
    exhausted = or_(
        and_(
            pot.money_limit_cents.is_not(None),
            pot.used_cents + pot.reserved_cents >= pot.money_limit_cents,
        ),
        and_(pot.case_limit.is_not(None), pot.cases_used + pot.cases_reserved >= pot.case_limit),
    )
    current = and_(
        pot.year_start <= today,
        pot.year_end > today,
        AffiliationRow.status.in_(IN_FORCE),
        exhausted,
    )
    counts = {
        code: int(count)
        for code, count in uow.session.execute(
            select(pot.pot, func.count())
            .join(AffiliationRow, AffiliationRow.id == pot.affiliation_id)
            .where(current)
            .group_by(pot.pot)
        )
    }
    affiliate = and_(
        MembershipRow.household_id == AffiliationRow.household_id,
        MembershipRow.relationship == "affiliate",
        MembershipRow.joined_on <= today,
        or_(MembershipRow.left_on.is_(None), MembershipRow.left_on > today),
    )
    rows = uow.session.execute(
        select(
            AffiliationRow.id,
            AffiliationRow.household_id,
            AffiliationRow.customer_ref,
            AffiliationRow.distributor_code,
            PersonRow.given_name,
            PersonRow.family_name,
            pot.pot,
            pot.year_start,
            pot.year_end,
            pot.money_limit_cents,
            pot.used_cents,
            pot.reserved_cents,
            pot.case_limit,
            pot.cases_used,
            pot.cases_reserved,
        )
        .join(AffiliationRow, AffiliationRow.id == pot.affiliation_id)
        .outerjoin(MembershipRow, affiliate)
        .outerjoin(PersonRow, PersonRow.id == MembershipRow.person_id)
        .where(current)
        .order_by(pot.pot, AffiliationRow.id)
        .limit(limit)
    )
    households = tuple(
        PotAtLimit(
            affiliation_id=row.id,
            household_id=row.household_id,
            customer_ref=row.customer_ref,
            distributor=row.distributor_code,
            affiliate_name=None
            if row.given_name is None
            else f"{row.given_name} {row.family_name}",
            pot=row.pot,
            year_start=row.year_start,
            year_end=row.year_end,
            money_limit_cents=row.money_limit_cents,
            used_cents=int(row.used_cents),
            reserved_cents=int(row.reserved_cents),
            case_limit=row.case_limit,
            cases_used=int(row.cases_used),
            cases_reserved=int(row.cases_reserved),
        )
        for row in rows
    )
    return PotsAtLimit(counts, households)
