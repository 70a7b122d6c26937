"""The claim file: conditions (Art. 4), exclusions (Art. 6), evidence (Art. 8.3), prevention
obligations (Art. 7.2) and the declaration deadline (Art. 8.2).

A breach of an obligation and a late declaration never decline a claim by themselves: they send
the file to a handler. Missing evidence or answers leave the file incomplete, not declined.
"""

from __future__ import annotations

from cybercare.cover.domain.compiled import GuaranteeRules, ProductRules
from cybercare.cover.domain.decision import Param
from cybercare.cover.domain.facts import IncidentFacts
from cybercare.cover.domain.findings import Findings


def check_conditions(guarantee: GuaranteeRules, incident: IncidentFacts, out: Findings) -> None:
    """Art. 4: every condition the product sets on the guarantee."""
    for bound in guarantee.conditions:
        bound.check(bound.condition, incident, out)


def check_exclusions(guarantee: GuaranteeRules, incident: IncidentFacts, out: Findings) -> None:
    """Art. 6: an exclusion applies when the circumstance of the same code was declared."""
    declared = incident.circumstances.exclusions
    for exclusion in guarantee.exclusions:
        rule = "exclusion." + exclusion.code
        if exclusion.code in declared:
            out.decline(rule, "exclusion.applies", exclusion.article, {"exclusion": exclusion.code})
        else:
            out.passed(
                rule, "exclusion.not_declared", exclusion.article, {"exclusion": exclusion.code}
            )


def check_evidence(
    rules: ProductRules, guarantee: GuaranteeRules, incident: IncidentFacts, out: Findings
) -> None:
    """Art. 8.3: the evidence the guarantee (and incident kind) requires is present."""
    article = rules.product.evidence_article
    required = guarantee.evidence_by_kind[incident.kind]
    missing = tuple(code for code in required if code not in incident.evidence)
    if missing:
        out.evidence_missing("evidence.required", article, missing)
    else:
        out.passed("evidence.required", "evidence.complete", article, {"required": required})


def check_obligations(
    rules: ProductRules, guarantee: GuaranteeRules, incident: IncidentFacts, out: Findings
) -> None:
    """Art. 7.2: obligations asked again in this guarantee's claims; a breach goes to a handler,
    who may reduce the benefit in proportion to the prejudice; an unanswered one is asked."""
    if not guarantee.obligations:
        return
    article = rules.product.obligations.review_article
    facts = incident.circumstances
    asked = guarantee.obligations
    breached = tuple(code for code in asked if code in facts.obligations_breached)
    unanswered = tuple(
        code
        for code in asked
        if code not in facts.obligations_breached and code not in facts.obligations_respected
    )
    if breached:
        out.to_review("obligations", "obligation.breached", article, {"breached": breached})
    if unanswered:
        out.unanswered(
            "obligations",
            "obligation.unanswered",
            article,
            tuple("obligation." + code for code in unanswered),
        )
    if not breached and not unanswered:
        out.passed("obligations", "obligation.respected", article, {"respected": asked})


def check_declaration(rules: ProductRules, incident: IncidentFacts, out: Findings) -> None:
    """Art. 8.2: declared within the deadline after discovery; late goes to a handler. An
    incident that could not be declared yet when discovered (ECOM non-delivery before the end of
    its waiting time, Art. 4.5) counts from the day it became declarable."""
    declaration = rules.product.declaration
    since = incident.discovery_date
    if out.declarable_from is not None and out.declarable_from > since:
        since = out.declarable_from
    days = (incident.declaration_date - since).days
    params: dict[str, Param] = {
        "discovered": incident.discovery_date,
        "counted_from": since,
        "declared": incident.declaration_date,
        "days": days,
        "deadline_days": declaration.deadline_days,
    }
    if days > declaration.deadline_days:
        out.to_review("declaration.deadline", "declaration.late", declaration.article, params)
    else:
        out.passed("declaration.deadline", "declaration.in_time", declaration.article, params)
