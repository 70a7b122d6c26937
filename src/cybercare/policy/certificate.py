"""Use case: the affiliation certificate of an affiliation, as a PDF in a chosen language."""

from __future__ import annotations

from cybercare.db.uow import UnitOfWork
from cybercare.documents import CertificateView, InsuredPersonView, render_certificate
from cybercare.household.domain import address_on, affiliate_on, insured_on
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict
from cybercare.kernel.periods import insurance_year
from cybercare.partners.distributor_queries import distributor_name
from cybercare.policy import repository
from cybercare.policy.domain import status_on
from cybercare.policy.service import Actor
from cybercare.product.catalog import Catalog


def certificate_pdf(
    uow: UnitOfWork,
    actor: Actor,
    affiliation_id: str,
    language: str,
    catalog: Catalog,
    clock: Clock,
) -> bytes:
    loaded = repository.load(uow, affiliation_id, distributor=actor.distributor)
    affiliation, household = loaded.affiliation, loaded.household
    product = catalog.get(*affiliation.product_key)
    today = clock.today()
    on = max(today, affiliation.start_date)
    status = status_on(affiliation, on)
    affiliate = affiliate_on(household, on)
    address = address_on(household, on)
    if status is None or affiliate is None or address is None:
        raise Conflict(
            "this affiliation has no insured household on this date",
            code="certificate.unavailable",
            params={"on": on.isoformat()},
        )
    relationships = {
        m.person_id: m.relationship.value
        for m in household.memberships
        if m.joined_on <= on and (m.left_on is None or on < m.left_on)
    }
    distributor = loaded.record.distributor
    shown_name = distributor_name(uow, distributor) or distributor
    box = f" bte {address.box}" if address.box else ""
    view = CertificateView(
        certificate_number=f"CC-{affiliation.affiliation_id.removeprefix('aff_')}",
        language=language,
        issue_date=today,
        affiliation_id=affiliation.affiliation_id,
        distributor_name=shown_name,
        customer_ref=loaded.record.customer_ref,
        product=product,
        status=status.value,
        start_date=affiliation.start_date,
        insurance_year=insurance_year(affiliation.start_date, on),
        affiliate_name=f"{affiliate.given_name} {affiliate.family_name}",
        affiliate_address=(
            f"{address.street} {address.number}{box}",
            f"{address.postcode} {address.city}",
        ),
        insured_persons=tuple(
            InsuredPersonView(
                f"{p.given_name} {p.family_name}", p.birth_date, relationships[p.person_id]
            )
            for p in insured_on(household, on, product.household.family_relationships)
        ),
        premium_gross_monthly_cents=product.premium.gross_monthly_cents,
    )
    return render_certificate(view)
