"""Appointed providers and their orders on a case (Art. 4.2, 4.6, 5, 6.6, 11). Pure.

A provider is a specialist the insurer appoints: a data-recovery expert (Art. 4.6, an obligation
of means), a takedown / e-reputation firm, a lawyer or a psychologist (Art. 4.2: "costs of these
services are borne by the insurer within the limits of Art. 5"). Its bank details are entered by
one staff member and verified by another (the payee check, as a handler approves a member's new
IBAN): a provider is paid only to a verified account.

An order moves

    appointed -> quoted -> accepted -> work_done | not_possible -> invoiced -> paid
    appointed | quoted -> declined (the provider) | cancelled (the agent)

Accepting a quote reserves what the household's pot still covers (Art. 5.3: the part above
what is left is the member's, told before work starts). The invoice is matched to the order: what
it charges, up to the reservation, is used; the rest of the reservation is released. An
obligation of means costs what was agreed even when the work was not possible (Art. 4.6).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cybercare.kernel.clauses import Art, Reason
from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound

ART_4_2 = Art("4.2")
ART_4_6 = Art("4.6")
ART_5_3 = Art("5.3")
ART_6_6 = Art("6.6")
ART_11 = Art("11")
ART_11_2 = Art("11.2")


class ProviderKind(StrEnum):
    DATA_RECOVERY = "data_recovery"
    TAKEDOWN = "takedown"  # removal or burying of harmful material, e-reputation
    LAWYER = "lawyer"
    PSYCHOLOGIST = "psychologist"


# Which guarantee's pot each kind draws on (Art. 4.2, 4.6).
GUARANTEES_OF_KIND: dict[ProviderKind, frozenset[str]] = {
    ProviderKind.DATA_RECOVERY: frozenset({"DATA"}),
    ProviderKind.TAKEDOWN: frozenset({"EREP", "IDT"}),
    ProviderKind.LAWYER: frozenset({"EREP", "IDT", "PAYF", "ECOM"}),
    ProviderKind.PSYCHOLOGIST: frozenset({"EREP", "IDT"}),
}

LANGUAGES = frozenset({"nl", "fr", "de", "en"})
REGIONS = frozenset({"BRU", "VLG", "WAL", "BE"})  # Brussels, Flanders, Wallonia, whole country


class ProviderNotFound(NotFound):
    code = "provider.not_found"


class OrderNotFound(NotFound):
    code = "provider_order.not_found"


class OrderMoveRefused(Conflict):
    code = "provider_order.move_refused"


class ProviderUnfit(Conflict):
    code = "provider.unfit"


class SameVerifier(Forbidden):
    code = "provider.bank_details_four_eyes"


@dataclass(frozen=True, slots=True)
class ServiceRate:
    code: str  # e.g. "diagnosis", "recovery_hdd", "link_removal"
    description: str
    rate_cents: int
    unit: str = "case"  # per "case", "hour", "link"

    def __post_init__(self) -> None:
        if not self.code or len(self.code) > 32:
            raise InvalidInput("services.code", "a service code of 1 to 32 characters")
        if self.rate_cents <= 0:
            raise InvalidInput("services.rate_cents", "a rate is a positive amount in cents")
        if self.unit not in {"case", "hour", "link"}:
            raise InvalidInput("services.unit", "one of case, hour, link")


@dataclass(frozen=True, slots=True)
class Provider:
    provider_id: str
    kind: ProviderKind
    name: str
    vat_number: str  # BE0123456789, the seller's VAT identifier on its invoices (BT-31)
    email: str
    languages: frozenset[str]
    regions: frozenset[str]
    services: tuple[ServiceRate, ...]
    quote_within_hours: int  # service levels
    finish_within_days: int
    contract_start: date
    contract_end: date | None
    iban: str | None = None
    account_holder: str | None = None
    bank_entered_by: str | None = None
    bank_verified_by: str | None = None
    active: bool = True

    def __post_init__(self) -> None:
        errors: list[tuple[str, str]] = []
        if not self.name.strip():
            errors.append(("name", "the provider's name is empty"))
        if not _vat_ok(self.vat_number):
            errors.append(("vat_number", "a Belgian VAT number: BE then 10 digits"))
        if "@" not in self.email:
            errors.append(("email", "an e-mail address"))
        if not self.languages or not self.languages <= LANGUAGES:
            errors.append(("languages", "one or more of nl, fr, de, en"))
        if not self.regions or not self.regions <= REGIONS:
            errors.append(("regions", "one or more of BRU, VLG, WAL, BE"))
        if not self.services:
            errors.append(("services", "at least one service with its rate"))
        if self.quote_within_hours <= 0 or self.finish_within_days <= 0:
            errors.append(("service_levels", "hours to quote and days to finish are positive"))
        if self.contract_end is not None and self.contract_end <= self.contract_start:
            errors.append(("contract_end", "the contract ends after it starts"))
        if errors:
            raise InvalidInput.of(errors)

    @property
    def bank_verified(self) -> bool:
        return self.iban is not None and self.bank_verified_by is not None

    def under_contract(self, on: date) -> bool:
        return (
            self.active
            and self.contract_start <= on
            and (self.contract_end is None or on < self.contract_end)
        )

    def enter_bank_details(self, iban: str, holder: str, by: str) -> Provider:
        """New bank details wait for a second person's check before any payment."""
        return replace(
            self, iban=iban, account_holder=holder, bank_entered_by=by, bank_verified_by=None
        )

    def verify_bank_details(self, by: str) -> Provider:
        if self.iban is None or self.bank_entered_by is None:
            raise ProviderUnfit("no bank details to verify", clause=str(ART_11))
        if by == self.bank_entered_by:
            raise SameVerifier(
                "bank details are verified by someone other than who entered them",
                params={"entered_by": self.bank_entered_by},
            )
        return replace(self, bank_verified_by=by)

    def check_fit_for(self, guarantee: str, on: date) -> None:
        if not self.under_contract(on):
            raise ProviderUnfit(
                f"{self.name} is not under contract on {on.isoformat()}",
                params={"provider_id": self.provider_id},
            )
        if guarantee not in GUARANTEES_OF_KIND[self.kind]:
            raise ProviderUnfit(
                f"a {self.kind.value} provider does not serve the guarantee {guarantee}",
                params={"kind": self.kind.value, "guarantee": guarantee},
            )


def _vat_ok(value: str) -> bool:
    digits = value[2:]
    if not (value.startswith("BE") and len(digits) == 10 and digits.isdigit()):
        return False
    # Belgian enterprise number check: 97 - (first 8 digits mod 97) == last 2 digits
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


# --- orders ------------------------------------------------------------------------------------


class OrderStatus(StrEnum):
    APPOINTED = "appointed"
    QUOTED = "quoted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    WORK_DONE = "work_done"
    NOT_POSSIBLE = "not_possible"
    INVOICED = "invoiced"
    PAID = "paid"


MOVES: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.APPOINTED: frozenset(
        {OrderStatus.QUOTED, OrderStatus.DECLINED, OrderStatus.CANCELLED}
    ),
    OrderStatus.QUOTED: frozenset(
        {OrderStatus.QUOTED, OrderStatus.ACCEPTED, OrderStatus.DECLINED, OrderStatus.CANCELLED}
    ),
    OrderStatus.ACCEPTED: frozenset(
        {OrderStatus.WORK_DONE, OrderStatus.NOT_POSSIBLE, OrderStatus.CANCELLED}
    ),
    OrderStatus.WORK_DONE: frozenset({OrderStatus.INVOICED}),
    OrderStatus.NOT_POSSIBLE: frozenset({OrderStatus.INVOICED}),
    OrderStatus.INVOICED: frozenset({OrderStatus.PAID}),
    OrderStatus.DECLINED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.PAID: frozenset(),
}

OPEN_STATUSES = frozenset({OrderStatus.APPOINTED, OrderStatus.QUOTED, OrderStatus.ACCEPTED})


def check_move(current: OrderStatus, target: OrderStatus) -> None:
    if target not in MOVES[current]:
        raise OrderMoveRefused(
            f"an order {current.value} cannot become {target.value}",
            params={"status": current.value, "target": target.value},
        )


@dataclass(frozen=True, slots=True)
class QuoteCover:
    """What the pot covers of a quote (Art. 5.3): the rest is the member's, said before work."""

    quote_cents: int
    covered_cents: int
    left_before_cents: int | None
    reason: Reason

    @property
    def member_share_cents(self) -> int:
        return self.quote_cents - self.covered_cents

    @property
    def partial(self) -> bool:
        return self.covered_cents < self.quote_cents


def quote_cover(quote_cents: int, left_cents: int | None) -> QuoteCover:
    """Art. 5.3: the pot covers the quote up to what is left in it (no money limit: all)."""
    if quote_cents <= 0:
        raise InvalidInput("quote_cents", "a quote is a positive amount in cents")
    if left_cents is None or quote_cents <= left_cents:
        return QuoteCover(
            quote_cents,
            quote_cents,
            left_cents,
            Reason("pot.within_limit", ART_5_3, {"quote_cents": quote_cents, "left": left_cents}),
        )
    covered = max(left_cents, 0)
    return QuoteCover(
        quote_cents,
        covered,
        left_cents,
        Reason(
            "pot.partially_used",
            ART_5_3,
            {
                "quote_cents": quote_cents,
                "left_cents": covered,
                "member_cents": quote_cents - covered,
            },
        ),
    )


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    case_id: str
    workstream_id: str
    provider_id: str
    guarantee: str
    service_code: str
    status: OrderStatus
    appointed_by: str
    appointed_at: datetime
    quote_cents: int | None = None
    quoted_at: datetime | None = None
    covered_cents: int = 0  # reserved in the pot at acceptance
    accepted_at: datetime | None = None
    finished_at: datetime | None = None
    outcome: str | None = None  # work_done, not_possible, declined, cancelled: kept once paid
    outcome_note: str | None = None
    invoiced_cents: int | None = None
    used_cents: int = 0  # what the invoice consumed of the pot
    invoiced_at: datetime | None = None
    paid_at: datetime | None = None

    def quote(self, cents: int, at: datetime) -> Order:
        check_move(self.status, OrderStatus.QUOTED)
        if cents <= 0:
            raise InvalidInput("quote_cents", "a quote is a positive amount in cents")
        return replace(self, status=OrderStatus.QUOTED, quote_cents=cents, quoted_at=at)

    def accept(self, cover: QuoteCover, at: datetime) -> Order:
        check_move(self.status, OrderStatus.ACCEPTED)
        if cover.quote_cents != self.quote_cents:
            raise OrderMoveRefused("the cover is of another quote")
        return replace(
            self, status=OrderStatus.ACCEPTED, covered_cents=cover.covered_cents, accepted_at=at
        )

    def decline(self, at: datetime, note: str) -> Order:
        check_move(self.status, OrderStatus.DECLINED)
        return replace(
            self,
            status=OrderStatus.DECLINED,
            finished_at=at,
            outcome="declined",
            outcome_note=note[:500],
        )

    def cancel(self, at: datetime, note: str) -> Order:
        check_move(self.status, OrderStatus.CANCELLED)
        return replace(
            self,
            status=OrderStatus.CANCELLED,
            finished_at=at,
            outcome="cancelled",
            outcome_note=note[:500],
        )

    def report(self, *, done: bool, at: datetime, note: str) -> Order:
        """Work done, or not possible: an obligation of means still costs what was agreed."""
        target = OrderStatus.WORK_DONE if done else OrderStatus.NOT_POSSIBLE
        check_move(self.status, target)
        return replace(
            self, status=target, finished_at=at, outcome=target.value, outcome_note=note[:500]
        )

    def invoice(self, cents: int, at: datetime) -> Order:
        check_move(self.status, OrderStatus.INVOICED)
        agreed = self.quote_cents or 0
        if cents <= 0 or cents > agreed:
            raise InvalidInput(
                "invoice.payable_amount",
                f"the invoice charges {cents} cents; the accepted quote was {agreed}",
                clause=str(ART_4_6),
            )
        used = min(cents, self.covered_cents)
        return replace(
            self, status=OrderStatus.INVOICED, invoiced_cents=cents, used_cents=used, invoiced_at=at
        )

    def pay(self, at: datetime) -> Order:
        check_move(self.status, OrderStatus.PAID)
        return replace(self, status=OrderStatus.PAID, paid_at=at)

    @property
    def insurer_pays_cents(self) -> int:
        """What the insurer pays the provider: the covered part of the invoice."""
        return self.used_cents

    @property
    def member_pays_cents(self) -> int:
        return (self.invoiced_cents or 0) - self.used_cents


# --- Art. 11: what the provider sees ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseMaterial:
    """Everything an agent could share about a case; the brief keeps what the kind needs."""

    case_ref: str
    language: str
    member_first_name: str
    guarantee: str
    narrative: str
    urls: tuple[str, ...] = ()
    device: str | None = None
    counsellor_summary: str | None = None  # shared by the counsellor for a psychologist only
    member_email: str | None = None


@dataclass(frozen=True, slots=True)
class Brief:
    """The order as the provider receives it: only what the work needs (Art. 11)."""

    case_ref: str
    language: str
    service_code: str
    items: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "case_ref": self.case_ref,
            "language": self.language,
            "service": self.service_code,
            "items": [list(i) for i in self.items],
        }


def order_brief(kind: ProviderKind, material: CaseMaterial, service_code: str) -> Brief:
    """Art. 11: a takedown firm sees the URLs, not the story nor any note; a data-recovery
    expert the device and what happened to it; a lawyer the facts and the URLs; a psychologist
    only what the counsellor shares (Art. 11.2), never the case notes."""
    items: list[tuple[str, str]] = [("first_name", material.member_first_name)]
    if kind is ProviderKind.TAKEDOWN:
        items += [("url", u) for u in material.urls]
    elif kind is ProviderKind.DATA_RECOVERY:
        items += [("device", material.device or ""), ("what_happened", material.narrative)]
    elif kind is ProviderKind.LAWYER:
        items += [("facts", material.narrative)]
        items += [("url", u) for u in material.urls]
    else:
        items += [("counsellor_summary", material.counsellor_summary or "")]
    return Brief(material.case_ref, material.language, service_code, tuple(items))


# --- Art. 6.6: incidents against a provider -------------------------------------------------------


class IncidentKind(StrEnum):
    LATE_QUOTE = "late_quote"
    LATE_WORK = "late_work"
    POOR_WORK = "poor_work"
    DAMAGE = "damage"
    NO_ANSWER = "no_answer"


@dataclass(frozen=True, slots=True)
class Incident:
    """Art. 6.6: the insurer is not liable to the member for a provider's delay or poor work;
    it records it against the provider, and the case goes on with another if needed."""

    order_id: str
    provider_id: str
    kind: IncidentKind
    note: str
    recorded_by: str
    recorded_at: datetime

    @property
    def clause(self) -> str:
        return str(ART_6_6)


def late_incidents(order: Order, provider: Provider, now: datetime) -> list[IncidentKind]:
    """Service levels missed so far (the dashboards and the agent see them)."""
    found: list[IncidentKind] = []
    hours = (now - order.appointed_at).total_seconds() / 3600
    if order.status is OrderStatus.APPOINTED and hours > provider.quote_within_hours:
        found.append(IncidentKind.LATE_QUOTE)
    if order.status is OrderStatus.ACCEPTED and order.accepted_at is not None:
        days = (now - order.accepted_at).total_seconds() / 86400
        if days > provider.finish_within_days:
            found.append(IncidentKind.LATE_WORK)
    return found
