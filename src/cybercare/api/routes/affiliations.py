"""The distributor's affiliation API: subscribe, read, household changes, withdrawal, termination.

Every POST is idempotent (Idempotency-Key); a distributor only ever sees its own affiliations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep, LanguageDep
from cybercare.api.idempotent import Idempotent
from cybercare.api.routes.mandates import register_paper_mandate
from cybercare.api.schemas.affiliations import (
    AddressIn,
    AffiliateSuccession,
    AffiliationCreate,
    AffiliationRead,
    HouseholdMove,
    MemberCreate,
    MemberDeparture,
    PersonIn,
    TerminationCreate,
    TerminationRead,
    WithdrawalCreate,
    WithdrawalRead,
    affiliation_read,
    termination_read,
    withdrawal_read,
)
from cybercare.api.schemas.days import InputDate
from cybercare.bootstrap import Container
from cybercare.consent import notice_service
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Address, Relationship
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.policy import service
from cybercare.policy.certificate import certificate_pdf
from cybercare.policy.domain import TerminationBy
from cybercare.policy.service import Actor, NewPerson, Subscription
from cybercare.policy.views import AffiliationView
from cybercare.sandbox.service import attach_affiliation as attach_to_test_clock

router = APIRouter(tags=["affiliations"])
Distributor = Annotated[DistributorPrincipal, Depends(distributor_system)]


def _actor(principal: DistributorPrincipal) -> Actor:
    return Actor(principal.actor, principal.code)


def _person(person: PersonIn) -> NewPerson:
    return NewPerson(
        given_name=person.given_name,
        family_name=person.family_name,
        birth_date=person.birth_date,
        language=person.language,
        email=person.email,
        phone=person.phone,
        national_register_number=person.national_register_number,
    )


def _address(address: AddressIn) -> Address:
    return Address(
        street=address.street,
        number=address.number,
        postcode=address.postcode,
        city=address.city,
        country=address.country,
        box=address.box,
    )


def _read(
    container: Container, principal: DistributorPrincipal, affiliation_id: str
) -> AffiliationRead:
    with container.database.reader() as uow:
        view = service.get_affiliation(
            uow, _actor(principal), affiliation_id, container.catalog, container.clock
        )
    return affiliation_read(view)


@router.post(
    "/affiliations",
    status_code=status.HTTP_201_CREATED,
    response_model=AffiliationRead,
    operation_id="createAffiliation",
    summary="Subscribe a household",
)
def subscribe(
    body: AffiliationCreate, principal: Distributor, idempotent: Idempotent, container: ContainerDep
) -> Response:
    """Affiliate a customer's household (Art. 2, 3.2, 7.1). Needs the quote's terms token. With
    `mandate`, the SEPA Core mandate the affiliate signed is registered with it
    (docs/mandates.md)."""
    command = Subscription(
        customer_ref=body.customer_ref,
        terms_token=body.terms_token,
        start_date=body.start_date,
        affiliate=_person(body.affiliate),
        members=tuple((_person(m), Relationship(m.relationship)) for m in body.members),
        address=_address(body.address),
        prevention_declarations=body.prevention_declarations,
    )

    secret = container.settings.key_ring

    def run(uow: UnitOfWork) -> AffiliationRead:
        view = service.subscribe(
            uow, _actor(principal), command, container.catalog, container.clock, secret
        )
        if body.privacy_notice_version is not None:  # GDPR art. 13, same transaction
            affiliate = next(m for m in view.members if m.relationship is Relationship.AFFILIATE)
            notice_service.record_presented_at_subscription(
                uow,
                person_id=affiliate.person_id,
                affiliation_id=view.affiliation_id,
                distributor=principal.code,
                version=body.privacy_notice_version,
                language=affiliate.language,
                clock=container.clock,
            )
        if body.mandate is not None:
            # Same transaction: a refused mandate leaves no affiliation behind.
            register_paper_mandate(
                uow, view.affiliation_id, body.mandate, principal.actor, container.clock
            )
        if container.test_clock is not None:  # the sandbox, on a test clock (issue 18)
            attach_to_test_clock(
                uow,
                distributor=principal.code,
                clock_id=container.test_clock,
                affiliation_id=view.affiliation_id,
                clock=container.clock,
                actor=principal.actor,
            )
        return affiliation_read(view)

    return idempotent.respond_json(
        container, 201, run, lambda created: f"/api/v1/affiliations/{created.id}"
    )


@router.get(
    "/affiliations/{affiliation_id}",
    response_model=AffiliationRead,
    operation_id="getAffiliation",
    summary="Read an affiliation",
)
def get_affiliation(
    affiliation_id: str, principal: Distributor, container: ContainerDep
) -> AffiliationRead:
    """One of this distributor's affiliations; another distributor's id answers 404."""
    return _read(container, principal, affiliation_id)


@router.get(
    "/affiliations",
    response_model=list[AffiliationRead],
    operation_id="listAffiliations",
    summary="List a customer's affiliations",
)
def find_affiliations(
    principal: Distributor,
    container: ContainerDep,
    customer_ref: Annotated[str, Query(min_length=1, max_length=64)],
) -> list[AffiliationRead]:
    """This distributor's affiliations of one customer, oldest first."""
    with container.database.reader() as uow:
        views = service.find_by_customer(
            uow, _actor(principal), customer_ref, container.catalog, container.clock
        )
    return [affiliation_read(view) for view in views]


@router.get(
    "/affiliations/{affiliation_id}/certificate.pdf",
    response_class=Response,
    responses={
        200: {
            "description": "The certificate",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        409: {"description": "No certificate yet (`certificate.unavailable`)"},
    },
    operation_id="getAffiliationCertificate",
    summary="Download the affiliation certificate (PDF)",
)
def get_certificate(
    affiliation_id: str, principal: Distributor, container: ContainerDep, lang: LanguageDep
) -> Response:
    """The affiliation certificate (PDF) in the requested language."""
    with container.database.reader() as uow:
        pdf = certificate_pdf(
            uow, _actor(principal), affiliation_id, lang, container.catalog, container.clock
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="certificate-{affiliation_id}-{lang}.pdf"'
        },
    )


def _household_change(
    container: Container, idempotent: Idempotent, change: Callable[[UnitOfWork], AffiliationView]
) -> Response:
    return idempotent.respond_json(container, 200, lambda uow: affiliation_read(change(uow)))


@router.post(
    "/affiliations/{affiliation_id}/members",
    response_model=AffiliationRead,
    operation_id="addMember",
    summary="Add a member to the household",
)
def add_member(
    affiliation_id: str,
    body: MemberCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """A person joins the household (Art. 9.7); a non-family housemate is recorded, not insured
    (Art. 2.3)."""
    return _household_change(
        container,
        idempotent,
        lambda uow: service.add_member(
            uow,
            _actor(principal),
            affiliation_id,
            _person(body),
            Relationship(body.relationship),
            body.joined_on,
            container.catalog,
            container.clock,
        ),
    )


@router.post(
    "/affiliations/{affiliation_id}/members/{person_id}/departure",
    response_model=AffiliationRead,
    operation_id="recordMemberDeparture",
    summary="Record a member leaving the household",
)
def member_leaves(
    affiliation_id: str,
    person_id: str,
    body: MemberDeparture,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """A member leaves the household from `left_on` (Art. 9.7); the history is kept."""
    return _household_change(
        container,
        idempotent,
        lambda uow: service.member_leaves(
            uow,
            _actor(principal),
            affiliation_id,
            person_id,
            body.left_on,
            container.catalog,
            container.clock,
        ),
    )


@router.post(
    "/affiliations/{affiliation_id}/address",
    response_model=AffiliationRead,
    operation_id="moveHousehold",
    summary="Move the household to a new address",
)
def move_household(
    affiliation_id: str,
    body: HouseholdMove,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """The household moves (Art. 9.7); members who stay behind leave the household."""
    moving = tuple(body.moving) if body.moving is not None else None
    return _household_change(
        container,
        idempotent,
        lambda uow: service.move_household(
            uow,
            _actor(principal),
            affiliation_id,
            _address(body.address),
            body.moved_on,
            moving,
            container.catalog,
            container.clock,
        ),
    )


@router.post(
    "/affiliations/{affiliation_id}/affiliate-succession",
    response_model=AffiliationRead,
    operation_id="succeedAffiliate",
    summary="Replace a deceased affiliate",
)
def affiliate_succession(
    affiliation_id: str,
    body: AffiliateSuccession,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """The affiliate died; an adult member takes over and the contract follows the household
    (Art. 9.7)."""
    relationships = {pid: Relationship(rel) for pid, rel in body.relationships.items()}
    return _household_change(
        container,
        idempotent,
        lambda uow: service.affiliate_dies(
            uow,
            _actor(principal),
            affiliation_id,
            body.died_on,
            body.new_affiliate_id,
            relationships,
            container.catalog,
            container.clock,
        ),
    )


@router.get(
    "/affiliations/{affiliation_id}/withdrawal",
    response_model=WithdrawalRead,
    responses={409: {"description": "Withdrawal refused by the terms (`clause`: Art. 9.3)"}},
    operation_id="previewWithdrawal",
    summary="Preview a withdrawal",
)
def preview_withdrawal(
    affiliation_id: str,
    principal: Distributor,
    container: ContainerDep,
    notified_on: Annotated[InputDate | None, Query()] = None,
) -> WithdrawalRead:
    """Preview a withdrawal (Art. 9.3): deadline, effective date and pro-rata refund."""
    day = notified_on or container.clock.today()
    with container.database.reader() as uow:
        preview = service.preview_withdrawal(
            uow, _actor(principal), affiliation_id, day, container.catalog
        )
    return withdrawal_read(preview)


@router.post(
    "/affiliations/{affiliation_id}/withdrawal",
    response_model=WithdrawalRead,
    operation_id="withdrawAffiliation",
    summary="Withdraw within 14 days",
)
def confirm_withdrawal(
    affiliation_id: str,
    body: WithdrawalCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """Withdraw within 14 days of subscription (Art. 9.3): cover ends on notification."""
    day = body.notified_on or container.clock.today()

    return idempotent.respond_json(
        container,
        200,
        lambda uow: withdrawal_read(
            service.confirm_withdrawal(
                uow, _actor(principal), affiliation_id, day, container.catalog, container.clock
            )[0]
        ),
    )


@router.get(
    "/affiliations/{affiliation_id}/termination",
    response_model=TerminationRead,
    responses={409: {"description": "Termination refused by the terms (`clause` cites it)"}},
    operation_id="previewTermination",
    summary="Preview a termination",
)
def preview_termination(
    affiliation_id: str,
    principal: Distributor,
    container: ContainerDep,
    notice_on: Annotated[InputDate | None, Query()] = None,
    by: Annotated[Literal["affiliate", "distributor"], Query()] = "affiliate",
) -> TerminationRead:
    """Preview a termination: by the affiliate (Art. 9.4) or non-renewal by the distributor
    (Art. 9.5), with the computed effective date."""
    with container.database.reader() as uow:
        preview = service.preview_termination(
            uow,
            _actor(principal),
            affiliation_id,
            notice_on or container.clock.today(),
            TerminationBy(by),
            container.catalog,
        )
    return termination_read(preview)


@router.post(
    "/affiliations/{affiliation_id}/termination",
    response_model=TerminationRead,
    operation_id="terminateAffiliation",
    summary="Give notice of termination or non-renewal",
)
def confirm_termination(
    affiliation_id: str,
    body: TerminationCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """Give notice of termination (Art. 9.4) or of non-renewal (Art. 9.5)."""
    day = body.notice_on or container.clock.today()

    return idempotent.respond_json(
        container,
        200,
        lambda uow: termination_read(
            service.confirm_termination(
                uow,
                _actor(principal),
                affiliation_id,
                day,
                TerminationBy(body.by),
                container.catalog,
                container.clock,
            )[0]
        ),
    )
