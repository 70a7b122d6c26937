"""Adjudicate: the one place the engine's decision is acted on.

It builds the facts snapshot, locks the pot year, decides, stores the decision with the product
version and the input snapshot (so it replays to the identical result), moves the claim
(straight through to `decided`, to the handler queue, or back to the member for evidence),
holds or settles the pot and records the audit event; decided straight through, it books the
expense, creates the payout and enqueues the letter (`final_decision`). Nothing commits here:
the edge commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from cybercare.audit.trail import record
from cybercare.claims import duplicate_queries, repository, sla
from cybercare.claims.claim import Claim, ClaimDecision, EvidenceFile
from cybercare.claims.domain import Route, route_decision, route_possible_duplicate
from cybercare.claims.duplicates import (
    PURCHASE_GUARANTEES,
    DuplicateSign,
    Purchase,
    duplicate_sign,
    same_purchase,
)
from cybercare.claims.final_decision import finalize, notify_decision, write
from cybercare.cover import service as cover
from cybercare.cover.domain import Decision, IncidentFacts, PotUsage, decide, inputs_as_dict
from cybercare.cover.service import ClaimPot
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.periods import insurance_year
from cybercare.payments.service import PayoutView
from cybercare.policy import repository as policies
from cybercare.policy.repository import Loaded
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion


def product_for(uow: UnitOfWork, catalog: Catalog, affiliation_id: str) -> ProductVersion:
    """The product version the claim's affiliation is on."""
    return catalog.get(*repository.product_key(uow, affiliation_id))


@dataclass(frozen=True, slots=True)
class Facts:
    incident: IncidentFacts
    usage: PotUsage
    held: ClaimPot | None


def facts_for(
    uow: UnitOfWork,
    claim: Claim,
    product: ProductVersion,
    start: date,
    at: datetime,
    *,
    evidence: frozenset[str] | None = None,
) -> Facts:
    """The incident as the engine sees it, with the pot year locked when the guarantee has one
    (the last read before deciding: the row lock is held from here to the commit)."""
    incident = IncidentFacts(
        guarantee=claim.guarantee,
        insured_person_id=claim.person_id,
        occurrence_date=claim.occurrence_date,
        discovery_date=claim.discovery_date,
        declaration_date=claim.declaration_date,
        kind=claim.kind,
        claimed_cents=claim.claimed_cents,
        evidence=repository.evidence_codes(uow, claim.claim_id) if evidence is None else evidence,
        circumstances=claim.circumstances,
    )
    pot_code = product.guarantee(claim.guarantee).pot
    day = incident.incident_date
    if pot_code is None or day < start:
        return Facts(incident, PotUsage(), None)
    held = cover.lock_for_claim(
        uow,
        affiliation_id=claim.affiliation_id,
        year=insurance_year(start, day),
        pot=product.pot(pot_code),
        case_id=claim.case_id,
        claim_id=claim.claim_id,
        at=at,
    )
    incident = replace(
        incident,
        already_counted=held.case.case_counted,
        case_reserved=held.case.case_reserved,
        reservation_cents=held.claim.reserved_cents,
    )
    return Facts(incident, held.usage, held)


def duplicate_of(uow: UnitOfWork, claim: Claim) -> DuplicateSign | None:
    """Whether the claim may repeat another case of the household (`claims.duplicates`)."""
    purchase_of = None
    if claim.guarantee in PURCHASE_GUARANTEES and claim.claimed_cents > 0:
        new = Purchase(
            claim.claim_id,
            claim.case_id,
            claim.guarantee,
            claim.claimed_cents,
            claim.circumstances.payment_date,
        )
        purchase_of = same_purchase(new, duplicate_queries.household_purchases(uow, claim))
    return duplicate_sign(duplicate_queries.case_flag(uow, claim.case_id), purchase_of)


@dataclass(frozen=True, slots=True)
class Adjudicated:
    decision: Decision
    claim: Claim  # moved and written
    stored: ClaimDecision  # with its id
    evidence: list[EvidenceFile]  # a new claim's files, with their ids
    payout: PayoutView | None


def adjudicate(
    uow: UnitOfWork,
    claim: Claim,
    product: ProductVersion,
    *,
    actor: str,
    at: datetime,
    today: date,
    loaded: Loaded | None = None,
    new_files: list[EvidenceFile] | None = None,
) -> Adjudicated:
    """Decide a claim and act on the decision. A new claim (`new_files`: its evidence, given
    with a claim not yet written) is decided first and then written once, in its final state:
    no re-reading of what this command already holds."""
    new = new_files is not None
    loaded = loaded or policies.load(uow, claim.affiliation_id)
    policy = cover.policy_facts(loaded)
    evidence = frozenset(f.evidence_type for f in new_files) if new_files is not None else None
    facts = facts_for(uow, claim, product, policy.start_date, at, evidence=evidence)
    decision = decide(product, policy, facts.incident, facts.usage)
    duplicate = duplicate_of(uow, claim)
    routing = route_possible_duplicate(
        route_decision(decision, product.claims),
        None if duplicate is None else duplicate.other_case_id,
    )
    straight = routing.route is Route.STRAIGHT_THROUGH
    stored_decision = decision.as_dict()
    if duplicate is not None:  # shown to the member and the handler beside the engine's reasons
        article = str(product.guarantee(claim.guarantee).article)
        stored_decision["review_reasons"] = [duplicate.reason(article)]
    stored = ClaimDecision(
        claim_id=claim.claim_id,
        sequence=1 if new else repository.next_sequence(uow, claim.claim_id),
        kind="engine",
        state="final" if straight else "proposed",
        outcome=decision.outcome.value,
        payable_cents=decision.payable_cents,
        product_code=product.code,
        product_version=product.version,
        inputs=inputs_as_dict(policy, facts.incident, facts.usage),
        decision=stored_decision,
        decided_by="engine",
        note=routing.why,
        decided_at=at,
    )
    record(
        uow,
        at=at,
        actor=actor,
        action="claim.adjudicated",
        subject_type="claim",
        subject_id=claim.claim_id,
        clause=str(decision.main_reason.article) if decision.main_reason else None,
        details={
            "outcome": decision.outcome.value,
            "route": routing.route.value,
            **({} if duplicate is None else {"possible_duplicate_of": duplicate.other_case_id}),
        },
    )
    if straight:
        done = finalize(
            uow,
            claim,
            Claim.decided_straight_through,
            stored,
            facts.held,
            consumption=decision.consumption,
            product=product,
            at=at,
            today=today,
            new_files=new_files,
        )
        notify_decision(uow, done.claim, done.decision, product, at=at, household=loaded.household)
        return Adjudicated(decision, done.claim, done.decision, done.evidence, done.payout)
    to_hold = decision.proposal if decision.proposal is not None else decision.consumption
    if facts.held is not None and to_hold is not None and decision.outcome.value != "declined":
        cover.hold(uow, facts.held, to_hold, at=at)
    if routing.route is Route.INCOMPLETE:
        moved = claim.awaits_evidence(routing.why)
    else:  # Art. 8.4: the file is complete, the decision clock runs
        moved = claim.routed_to_handler(routing.why, sla.decision_due(product, at))
    files, stored = write(uow, moved, stored, new_files)
    return Adjudicated(decision, moved, stored, files, None)
