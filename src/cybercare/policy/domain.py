"""The affiliation and its status timeline (Art. 3, 7.1, 9): pure values and primitives.

The timeline is a tuple of half-open status periods `[start, end)`, contiguous from the start
(activation) date, the last one open-ended. Nothing follows a `withdrawn` or `terminated`
period. Before the start date the affiliation has no status (`status_on` returns None).
The lifecycle decisions built on these primitives live in `policy.lifecycle`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from cybercare.kernel.clauses import Art, Reason
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.periods import InsuranceYear, anniversary, insurance_year
from cybercare.product.model import ProductVersion

ART_1_4 = Art("1.4")
ART_3_2 = Art("3.2")
ART_9_2 = Art("9.2")
ART_9_6 = Art("9.6")


class AffiliationStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # Art. 9.6: non-payment
    WITHDRAWN = "withdrawn"  # Art. 9.3
    TERMINATED = "terminated"  # Art. 9.4, 9.5, 9.6


ENDED = frozenset({AffiliationStatus.WITHDRAWN, AffiliationStatus.TERMINATED})


class TerminationBy(StrEnum):
    AFFILIATE = "affiliate"  # Art. 9.4
    INSURER = "insurer"  # Art. 9.5, 9.6
    DISTRIBUTOR = "distributor"  # Art. 9.5, 9.6


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    """The affiliation had `status` on every day of `[start, end)`; `article` says why."""

    status: AffiliationStatus
    start: date
    end: date | None = None
    article: Art | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class PendingTermination:
    """A termination notified on `notice_on` that takes effect on `effective_date`."""

    notice_on: date
    effective_date: date
    by: TerminationBy
    article: Art


@dataclass(frozen=True, slots=True)
class PreventionDeclaration:
    """Art. 7.1: the affiliate's answer, at subscription, for one prevention obligation."""

    obligation: str
    respected: bool


@dataclass(frozen=True, slots=True)
class Affiliation:
    """Snapshot of one affiliation. `term_end` is the (exclusive) end of the insurance year the
    contract has been renewed into (Art. 9.2): the next anniversary still to be renewed."""

    affiliation_id: str
    product_key: tuple[str, str]
    subscribed_on: date
    start_date: date
    periods: tuple[StatusPeriod, ...]
    term_end: date
    declarations: tuple[PreventionDeclaration, ...] = ()
    pending_termination: PendingTermination | None = None

    @property
    def current(self) -> StatusPeriod:
        return self.periods[-1]

    @property
    def ended(self) -> bool:
        return self.current.status in ENDED


class AffiliationChangeKind(StrEnum):
    SUBSCRIBED = "subscribed"
    WITHDRAWN = "withdrawn"
    TERMINATION_NOTIFIED = "termination_notified"
    TERMINATED = "terminated"
    SUSPENDED = "suspended"
    SUSPENSION_LIFTED = "suspension_lifted"
    RENEWED = "renewed"


@dataclass(frozen=True, slots=True)
class AffiliationChange:
    """One fact for the audit trail and the distributor feed."""

    kind: AffiliationChangeKind
    effective_date: date
    article: Art
    by: TerminationBy | None = None


@dataclass(frozen=True, slots=True)
class AffiliationUpdate:
    affiliation: Affiliation
    changes: tuple[AffiliationChange, ...]


def refused(code: str, article: Art | str, **params: object) -> Conflict:
    """A refusal of the lifecycle: the edge renders the text from code, article and params."""
    details = ", ".join(f"{key}={value}" for key, value in params.items())
    message = f"policy.{code} ({article}) {details}".rstrip()
    return Conflict(message, code=f"policy.{code}", clause=str(article), params=params)


# --- subscription (Art. 1.4, 3.2, 7.1) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubscriptionCheck:
    """A subscription that may go ahead: the declarations to record and the reasons."""

    declarations: tuple[PreventionDeclaration, ...]
    reasons: tuple[Reason, ...]


def check_subscription(
    product: ProductVersion,
    subscribed_on: date,
    start_date: date,
    prevention_declarations: Mapping[str, bool],
) -> SubscriptionCheck:
    """Art. 1.4: the version takes new business on the subscription date; Art. 3.2: cover starts
    on the activation date, not before the subscription; Art. 7.1: every prevention obligation
    is answered. A "no" is recorded (Art. 7.2 weighs it in claims), never refused here."""
    if not product.open_to_new_business_on(subscribed_on):
        raise refused(
            "closed_to_new_business",
            ART_1_4,
            product=f"{product.code} {product.version}",
            subscribed_on=subscribed_on,
            sales_closed_from=product.sales_closed_from,
        )
    if start_date < subscribed_on:
        raise refused("start_before_subscription", ART_3_2, start=start_date, on=subscribed_on)
    obligations = product.obligations
    codes = tuple(item.code for item in obligations.items)
    if missing := [code for code in codes if code not in prevention_declarations]:
        raise InvalidInput(
            "prevention_declarations", f"unanswered: {missing}", clause=str(obligations.article)
        )
    if unknown := sorted(set(prevention_declarations) - set(codes)):
        raise InvalidInput("prevention_declarations", f"not obligations of this product: {unknown}")
    declarations = tuple(PreventionDeclaration(c, prevention_declarations[c]) for c in codes)
    reasons = [
        Reason("policy.open_to_new_business", ART_1_4, {"subscribed_on": subscribed_on}),
        Reason("policy.cover_starts", ART_3_2, {"start_date": start_date}),
        Reason("policy.prevention_declared", obligations.article, {"obligations": codes}),
    ]
    if not_respected := tuple(d.obligation for d in declarations if not d.respected):
        reasons.append(
            Reason(
                "policy.prevention_not_respected_recorded",
                obligations.review_article,
                {"obligations": not_respected},
            )
        )
    return SubscriptionCheck(declarations, tuple(reasons))


def subscribe(
    affiliation_id: str,
    product: ProductVersion,
    subscribed_on: date,
    start_date: date,
    prevention_declarations: Mapping[str, bool],
) -> AffiliationUpdate:
    """A new affiliation, active from its start date for a first insurance year (Art. 3.1)."""
    check = check_subscription(product, subscribed_on, start_date, prevention_declarations)
    affiliation = Affiliation(
        affiliation_id=affiliation_id,
        product_key=product.key,
        subscribed_on=subscribed_on,
        start_date=start_date,
        periods=(StatusPeriod(AffiliationStatus.ACTIVE, start_date, None, ART_3_2),),
        term_end=anniversary(start_date, 1),
        declarations=check.declarations,
    )
    change = AffiliationChange(AffiliationChangeKind.SUBSCRIBED, start_date, ART_3_2)
    return AffiliationUpdate(affiliation, (change,))


# --- questions -------------------------------------------------------------------------------


def status_on(affiliation: Affiliation, day: date) -> AffiliationStatus | None:
    """The status on `day`; None before the start date (not yet in force)."""
    for period in affiliation.periods:
        if period.contains(day):
            return period.status
    return None


def insurance_year_of(affiliation: Affiliation, day: date) -> InsuranceYear:
    """Art. 3.1: the insurance year that contains `day` (twelve months from the start date or an
    anniversary; a 29 February start has its anniversary on 28 February in common years)."""
    if day < affiliation.start_date:
        raise InvalidInput("day", f"{day} precedes the start date {affiliation.start_date}")
    return insurance_year(affiliation.start_date, day)


# --- timeline primitives ---------------------------------------------------------------------


def suspend(affiliation: Affiliation, from_date: date, article: Art) -> AffiliationUpdate:
    """Cover is suspended from `from_date` (Art. 9.6: non-payment; billing decides when)."""
    _require(affiliation, from_date, AffiliationStatus.ACTIVE, article)
    updated = _append(affiliation, AffiliationStatus.SUSPENDED, from_date, article)
    change = AffiliationChange(AffiliationChangeKind.SUSPENDED, from_date, article)
    return AffiliationUpdate(updated, (change,))


def lift_suspension(
    affiliation: Affiliation, from_date: date, article: Art = ART_9_6
) -> AffiliationUpdate:
    """Cover is active again from `from_date` (Art. 9.6: the day after payment of arrears)."""
    _require(affiliation, from_date, AffiliationStatus.SUSPENDED, article)
    updated = _append(affiliation, AffiliationStatus.ACTIVE, from_date, article)
    change = AffiliationChange(AffiliationChangeKind.SUSPENSION_LIFTED, from_date, article)
    return AffiliationUpdate(updated, (change,))


def terminate(
    affiliation: Affiliation, from_date: date, article: Art, by: TerminationBy | None = None
) -> AffiliationUpdate:
    """The affiliation is terminated from `from_date` on; any pending termination is spent."""
    _require(affiliation, from_date, None, article)
    updated = _append(affiliation, AffiliationStatus.TERMINATED, from_date, article)
    updated = replace(updated, pending_termination=None)
    change = AffiliationChange(AffiliationChangeKind.TERMINATED, from_date, article, by)
    return AffiliationUpdate(updated, (change,))


def withdraw(affiliation: Affiliation, effective_date: date, article: Art) -> AffiliationUpdate:
    """Withdrawn from `effective_date` (from the start date when notified before it)."""
    from_date = max(effective_date, affiliation.start_date)
    _require(affiliation, from_date, None, article)
    updated = _append(affiliation, AffiliationStatus.WITHDRAWN, from_date, article)
    updated = replace(updated, pending_termination=None)
    change = AffiliationChange(
        AffiliationChangeKind.WITHDRAWN, effective_date, article, TerminationBy.AFFILIATE
    )
    return AffiliationUpdate(updated, (change,))


def check_in_force(affiliation: Affiliation, article: Art) -> None:
    """Refuse a lifecycle request on an affiliation that was withdrawn or terminated."""
    if affiliation.ended:
        current = affiliation.current
        raise refused("already_ended", article, status=str(current.status), since=current.start)


def check_product(affiliation: Affiliation, product: ProductVersion) -> None:
    if affiliation.product_key != product.key:
        raise InvalidInput("product", f"the affiliation is on {affiliation.product_key}")


def _require(
    affiliation: Affiliation, from_date: date, status: AffiliationStatus | None, article: Art
) -> None:
    """The change applies to the running period (`status`, any not ended if None), from a date
    that does not precede it: the history before it is never rewritten."""
    check_in_force(affiliation, article)
    current = affiliation.current
    if status is not None and current.status != status:
        raise refused(f"not_{status}", article, status=str(current.status), since=current.start)
    if from_date < current.start:
        raise refused("change_before_current_status", article, on=from_date, since=current.start)


def _append(
    affiliation: Affiliation, status: AffiliationStatus, from_date: date, article: Art
) -> Affiliation:
    """Close the running period on `from_date` and open `status` there. A period that would be
    empty disappears, and a new period with the status of the one before it extends that one, so
    periods stay contiguous, non-empty, and two neighbours never share a status."""
    *kept, current = affiliation.periods
    if from_date > current.start:
        kept.append(replace(current, end=from_date))
    if kept and kept[-1].status == status:
        kept[-1] = replace(kept[-1], end=None)
    else:
        kept.append(StatusPeriod(status, from_date, None, article))
    return replace(affiliation, periods=tuple(kept))
