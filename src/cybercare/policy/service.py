"""Use cases of policy administration: one command, one transaction (opened by the edge).

Each use case loads snapshots, lets the pure domain decide, saves, and writes the audit event,
the distributor's feed event (and its webhook) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.household import domain as household_domain
from cybercare.household.domain import Address, Household, HouseholdChange, Person, Relationship
from cybercare.kernel.clauses import Reason
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.keyring import SecretKeys
from cybercare.partners.feed import publish_events
from cybercare.policy import domain, lifecycle, repository, terms_token
from cybercare.policy.domain import Affiliation, AffiliationChange, TerminationBy
from cybercare.policy.repository import AffiliationRecord, Loaded
from cybercare.policy.views import AffiliationView, affiliation_view
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion


@dataclass(frozen=True, slots=True)
class Actor:
    """Who runs the command: for the audit trail, and the distributor scope if any."""

    name: str
    distributor: str | None = None


@dataclass(frozen=True, slots=True)
class NewPerson:
    given_name: str
    family_name: str
    birth_date: date
    language: str
    email: str | None = None
    phone: str | None = None
    national_register_number: str | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    customer_ref: str
    terms_token: str
    start_date: date
    affiliate: NewPerson
    members: tuple[tuple[NewPerson, Relationship], ...]
    address: Address
    prevention_declarations: Mapping[str, bool]


def _person(person: NewPerson, person_id: str | None = None) -> Person:
    return Person(
        person_id or new_id("per"),
        person.given_name,
        person.family_name,
        person.birth_date,
        person.language,
        person.email,
        person.phone,
        person.national_register_number,
    )


def _check_birth_dates(people: Iterable[tuple[str, NewPerson]], today: date) -> None:
    from cybercare.household.validation import birth_date, national_register_number

    errors: list[tuple[str, str]] = []
    for field, person in people:
        try:
            birth_date(person.birth_date, today, f"{field}.birth_date")
        except InvalidInput as error:
            errors.append((error.field, error.reason))
        if person.national_register_number:
            try:
                national_register_number(
                    person.national_register_number,
                    person.birth_date,
                    f"{field}.national_register_number",
                )
            except InvalidInput as error:
                errors.append((error.field, error.reason))
    if errors:
        raise InvalidInput.of(errors)


# --- events ----------------------------------------------------------------------------------


Emitted = tuple[str, str | None, dict[str, Any]]  # event type, clause, data


def _emit(
    uow: UnitOfWork,
    actor: Actor,
    record: AffiliationRecord,
    clock: Clock,
    events: Sequence[Emitted],
) -> None:
    """Audit each event, then publish them together on the distributor's feed (one sequence
    update, one insert), in the caller's unit of work."""
    now = clock.now()
    audited, published = audited_events(actor, record, now, events)
    trail.record_many(uow, audited)
    # Numbered on the distributor's feed as the transaction's last step: the sequence row
    # lock every subscription of that distributor needs is then held the shortest time.
    uow.just_before_commit(
        lambda: publish_events(uow, distributor=record.distributor, events=published, at=now)
    )


Published = tuple[str, str | None, dict[str, Any]]  # event type, affiliation id, payload


def audited_events(
    actor: Actor, record: AffiliationRecord, at: datetime, events: Sequence[Emitted]
) -> tuple[list[trail.AuditRecord], list[Published]]:
    """The audit records and the feed events of `events` about one affiliation: the same payload
    in both (also for a batch of imported households, cybercare.book)."""
    published: list[Published] = []
    audited: list[trail.AuditRecord] = []
    for event_type, clause, data in events:
        payload = {
            "affiliation_id": record.affiliation_id,
            "customer_ref": record.customer_ref,
            **data,
        }
        audited.append(
            trail.AuditRecord(
                at, actor.name, event_type, "affiliation", record.affiliation_id, clause, payload
            )
        )
        published.append((event_type, record.affiliation_id, payload))
    return audited, published


def _affiliation_events(changes: Iterable[AffiliationChange]) -> list[Emitted]:
    events: list[Emitted] = []
    for change in changes:
        data: dict[str, Any] = {
            "effective_date": change.effective_date.isoformat(),
            "article": str(change.article),
        }
        if change.by is not None:
            data["by"] = change.by.value
        events.append((f"affiliation.{change.kind.value}", str(change.article), data))
    return events


def _household_events(changes: Iterable[HouseholdChange]) -> list[Emitted]:
    events: list[Emitted] = []
    for change in changes:
        data: dict[str, Any] = {
            "effective_date": change.effective_date.isoformat(),
            "article": str(change.article),
            "person_id": change.person_id,
        }
        if change.relationship is not None:
            data["relationship"] = change.relationship.value
        if change.insured is not None:
            data["insured"] = change.insured
        if change.address is not None:
            data["postcode"] = change.address.postcode
        events.append((f"household.{change.kind.value}", str(change.article), data))
    return events


def _emit_affiliation_changes(
    uow: UnitOfWork,
    actor: Actor,
    record: AffiliationRecord,
    clock: Clock,
    changes: Iterable[AffiliationChange],
) -> None:
    _emit(uow, actor, record, clock, _affiliation_events(changes))


def _emit_household_changes(
    uow: UnitOfWork,
    actor: Actor,
    record: AffiliationRecord,
    clock: Clock,
    changes: Iterable[HouseholdChange],
) -> None:
    _emit(uow, actor, record, clock, _household_events(changes))


# --- subscription ----------------------------------------------------------------------------


def subscribe(
    uow: UnitOfWork,
    actor: Actor,
    command: Subscription,
    catalog: Catalog,
    clock: Clock,
    secret: SecretKeys,
) -> AffiliationView:
    """Art. 1.4, 2, 3.2, 7.1: a customer who saw the terms affiliates with their household."""
    assert actor.distributor is not None
    today = clock.today()
    shown = terms_token.verify(secret, command.terms_token, clock.now())
    if shown.distributor != actor.distributor:
        raise InvalidInput("terms_token", "issued to another distributor")
    product = catalog.get(shown.product_code, shown.product_version)
    if shown.documents_sha256 != product.source_sha256:
        raise InvalidInput("terms_token", "the terms shown are not this product version's")
    if actor.distributor not in product.distributors:
        raise InvalidInput(
            "terms_token", "this product is not sold by this distributor", clause="Art. 1.2"
        )
    _check_birth_dates(
        [("affiliate", command.affiliate)]
        + [(f"members.{i}", person) for i, (person, _) in enumerate(command.members)],
        today,
    )
    update = domain.subscribe(
        new_id("aff"), product, today, command.start_date, command.prevention_declarations
    )
    household = household_domain.new_household(
        _person(command.affiliate), command.address, command.start_date
    )
    household_changes: list[HouseholdChange] = []
    family = product.household.family_relationships
    for index, (person, relationship) in enumerate(command.members):
        try:
            joined = household_domain.add_member(
                household,
                _person(person),
                relationship,
                command.start_date,
                family,
                insured=relationship != Relationship.OTHER,
            )
        except InvalidInput as error:
            raise InvalidInput(
                f"members.{index}.{error.field}", error.reason, clause=error.clause
            ) from None
        household = joined.household
        household_changes.extend(joined.changes)
    record = AffiliationRecord(
        update.affiliation.affiliation_id,
        actor.distributor,
        command.customer_ref,
        new_id("hh"),
        clock.now(),
    )
    repository.add_new(
        uow,
        record,
        update.affiliation,
        household,
        terms_token_sha256=terms_token.token_digest(command.terms_token),
    )
    events = subscription_events(product, command.start_date, household, household_changes)
    _emit(uow, actor, record, clock, events)
    return affiliation_view(record, update.affiliation, household, product, today)


def subscription_events(
    product: ProductVersion,
    start_date: date,
    household: Household,
    household_changes: Iterable[HouseholdChange],
) -> list[Emitted]:
    """What a new affiliation tells the audit trail and the distributor's feed: subscribed
    (Art. 3.2), then each member who joined (Art. 9.7)."""
    family = product.household.family_relationships
    subscribed: Emitted = (
        "affiliation.subscribed",
        "Art. 3.2",
        {
            "product": {"code": product.code, "version": product.version},
            "start_date": start_date.isoformat(),
            "insured_count": len(household_domain.insured_on(household, start_date, family)),
        },
    )
    return [subscribed, *_household_events(household_changes)]


# --- reading ---------------------------------------------------------------------------------


def _product(catalog: Catalog, affiliation: Affiliation) -> ProductVersion:
    return catalog.get(*affiliation.product_key)


def get_affiliation(
    uow: UnitOfWork, actor: Actor, affiliation_id: str, catalog: Catalog, clock: Clock
) -> AffiliationView:
    loaded = repository.load(uow, affiliation_id, distributor=actor.distributor)
    return _view(loaded, catalog, clock)


def find_by_customer(
    uow: UnitOfWork, actor: Actor, customer_ref: str, catalog: Catalog, clock: Clock
) -> list[AffiliationView]:
    assert actor.distributor is not None
    return [
        get_affiliation(uow, actor, affiliation_id, catalog, clock)
        for affiliation_id in repository.ids_for_customer(uow, actor.distributor, customer_ref)
    ]


def _view(
    loaded: Loaded, catalog: Catalog, clock: Clock, reasons: tuple[Reason, ...] = ()
) -> AffiliationView:
    return affiliation_view(
        loaded.record,
        loaded.affiliation,
        loaded.household,
        _product(catalog, loaded.affiliation),
        clock.today(),
        reasons,
    )


# --- household changes (Art. 9.7) ------------------------------------------------------------


def _household_command(
    uow: UnitOfWork, actor: Actor, affiliation_id: str, catalog: Catalog, clock: Clock, change: Any
) -> AffiliationView:
    loaded = repository.load(uow, affiliation_id, distributor=actor.distributor, for_update=True)
    domain.check_in_force(loaded.affiliation, household_domain.ART_9_7)
    product = _product(catalog, loaded.affiliation)
    update = change(loaded.household, product)
    repository.save_household(uow, loaded.record.household_id, update.household)
    _emit_household_changes(uow, actor, loaded.record, clock, update.changes)
    return affiliation_view(
        loaded.record, loaded.affiliation, update.household, product, clock.today()
    )


def add_member(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    person: NewPerson,
    relationship: Relationship,
    joined_on: date,
    catalog: Catalog,
    clock: Clock,
) -> AffiliationView:
    _check_birth_dates([("person", person)], clock.today())
    return _household_command(
        uow,
        actor,
        affiliation_id,
        catalog,
        clock,
        lambda household, product: household_domain.add_member(
            household,
            _person(person),
            relationship,
            joined_on,
            product.household.family_relationships,
            insured=relationship != Relationship.OTHER,
        ),
    )


def member_leaves(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    person_id: str,
    left_on: date,
    catalog: Catalog,
    clock: Clock,
) -> AffiliationView:
    return _household_command(
        uow,
        actor,
        affiliation_id,
        catalog,
        clock,
        lambda household, _product: household_domain.member_leaves(household, person_id, left_on),
    )


def move_household(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    address: Address,
    moved_on: date,
    moving: tuple[str, ...] | None,
    catalog: Catalog,
    clock: Clock,
) -> AffiliationView:
    def change(household: Household, product: ProductVersion) -> Any:
        everyone = moving
        if everyone is None:
            everyone = tuple(
                m.person_id for m in household_domain.memberships_on(household, moved_on)
            )
        return household_domain.move_household(
            household, address, moved_on, everyone, product.household.residence_countries
        )

    return _household_command(uow, actor, affiliation_id, catalog, clock, change)


def affiliate_dies(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    died_on: date,
    new_affiliate_id: str,
    relationships: Mapping[str, Relationship],
    catalog: Catalog,
    clock: Clock,
) -> AffiliationView:
    return _household_command(
        uow,
        actor,
        affiliation_id,
        catalog,
        clock,
        lambda household, product: household_domain.affiliate_dies(
            household,
            died_on,
            new_affiliate_id,
            relationships,
            product.household.family_relationships,
        ),
    )


# --- withdrawal and termination (Art. 9.3 - 9.5) ---------------------------------------------


def preview_withdrawal(
    uow: UnitOfWork, actor: Actor, affiliation_id: str, notified_on: date, catalog: Catalog
) -> lifecycle.WithdrawalPreview:
    loaded = repository.load(uow, affiliation_id, distributor=actor.distributor)
    return _withdrawal_preview(uow, loaded, notified_on, catalog)


def _not_in_the_future(field: str, day: date, clock: Clock) -> None:
    """A notice is confirmed once given: it may be dated back to when it was received, never
    ahead (a preview may still explore a future date)."""
    if day > clock.today():
        raise InvalidInput(field, f"{day} is in the future; a notice is dated when it is given")


def _withdrawal_preview(
    uow: UnitOfWork, loaded: Loaded, notified_on: date, catalog: Catalog
) -> lifecycle.WithdrawalPreview:
    """The refund is of the premiums billed so far (the billing run's lines): before the first
    run, nothing was charged and nothing is refunded."""
    return lifecycle.preview_withdrawal(
        loaded.affiliation,
        _product(catalog, loaded.affiliation),
        notified_on,
        repository.premiums_charged(uow, loaded.affiliation.affiliation_id),
    )


def confirm_withdrawal(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    notified_on: date,
    catalog: Catalog,
    clock: Clock,
) -> tuple[lifecycle.WithdrawalPreview, AffiliationView]:
    _not_in_the_future("notified_on", notified_on, clock)
    loaded = repository.load(uow, affiliation_id, distributor=actor.distributor, for_update=True)
    preview = _withdrawal_preview(uow, loaded, notified_on, catalog)
    update = lifecycle.apply_withdrawal(loaded.affiliation, preview)
    return preview, _save_lifecycle(uow, actor, loaded, update, preview.reasons, catalog, clock)


def _save_lifecycle(
    uow: UnitOfWork,
    actor: Actor,
    loaded: Loaded,
    update: domain.AffiliationUpdate,
    reasons: tuple[Reason, ...],
    catalog: Catalog,
    clock: Clock,
) -> AffiliationView:
    """Persist a lifecycle decision with its audit and feed events; the view the caller shows."""
    repository.save_affiliation(uow, update.affiliation, today=clock.today())
    _emit_affiliation_changes(uow, actor, loaded.record, clock, update.changes)
    return affiliation_view(
        loaded.record,
        update.affiliation,
        loaded.household,
        _product(catalog, update.affiliation),
        clock.today(),
        reasons,
    )


def preview_termination(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    notice_on: date,
    by: TerminationBy,
    catalog: Catalog,
) -> lifecycle.TerminationPreview:
    loaded = repository.load(uow, affiliation_id, distributor=actor.distributor)
    return _termination_preview(loaded, by, notice_on, catalog)


def _termination_preview(
    loaded: Loaded, by: TerminationBy, notice_on: date, catalog: Catalog
) -> lifecycle.TerminationPreview:
    product = _product(catalog, loaded.affiliation)
    if by is TerminationBy.AFFILIATE:
        return lifecycle.preview_termination_by_affiliate(loaded.affiliation, product, notice_on)
    return lifecycle.preview_non_renewal(loaded.affiliation, product, notice_on, by)


def confirm_termination(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    notice_on: date,
    by: TerminationBy,
    catalog: Catalog,
    clock: Clock,
) -> tuple[lifecycle.TerminationPreview, AffiliationView]:
    _not_in_the_future("notice_on", notice_on, clock)
    loaded = repository.load(uow, affiliation_id, distributor=actor.distributor, for_update=True)
    preview = _termination_preview(loaded, by, notice_on, catalog)
    update = lifecycle.apply_termination_notice(loaded.affiliation, preview)
    return preview, _save_lifecycle(uow, actor, loaded, update, preview.reasons, catalog, clock)


# --- the daily lifecycle job (Art. 9.2, 9.4, 9.5) --------------------------------------------


def run_lifecycle_day(
    uow: UnitOfWork, catalog: Catalog, clock: Clock, *, only: Collection[str] | None = None
) -> dict[str, int]:
    """Renew what reaches its anniversary (Art. 9.2) and end what reaches a notified end date.
    Idempotent: a renewed or ended affiliation is no longer due. `only`: these affiliations
    alone (a sandbox test clock's, issue 18); None: all."""
    today = clock.today()
    actor = Actor("job:lifecycle")
    counts = {"renewed": 0, "terminated": 0}
    for affiliation_id in repository.ids_due_on(uow, today):
        if only is not None and affiliation_id not in only:
            continue
        loaded = repository.load(uow, affiliation_id, for_update=True)
        affiliation = loaded.affiliation
        product = _product(catalog, affiliation)
        pending = affiliation.pending_termination
        for renewal in lifecycle.renewals_due(affiliation, product, today):
            update = lifecycle.renew(affiliation, renewal)
            affiliation = update.affiliation
            _emit_affiliation_changes(uow, actor, loaded.record, clock, update.changes)
            counts["renewed"] += 1
        if pending is not None and pending.effective_date <= today:
            update = lifecycle.apply_termination_effective(affiliation, today)
            affiliation = update.affiliation
            _emit_affiliation_changes(uow, actor, loaded.record, clock, update.changes)
            counts["terminated"] += 1
        repository.save_affiliation(uow, affiliation, today=today)
    return counts


def publish_affiliation_changes(
    uow: Any,
    actor: Actor,
    record: AffiliationRecord,
    clock: Clock,
    changes: Iterable[AffiliationChange],
) -> None:
    """Audit and feed events for lifecycle changes decided by another context (billing's
    non-payment steps, Art. 9.6), exactly as this module's own use cases emit them."""
    _emit_affiliation_changes(uow, actor, record, clock, changes)
