"""The words of the member portal for the platform's codes: relationships, statuses, the steps of a
case, decisions and their reasons, premiums and payments. Each text is a msgid (catalogue
`portal.po`), translated when the page renders it; a code without a text falls back to a
neutral sentence, so that a new code never shows as a raw identifier.
"""

from __future__ import annotations

from cybercare.web.i18n import N_

RELATIONSHIPS: dict[str, str] = {
    "affiliate": N_("Affiliate (policyholder)"),
    "spouse": N_("Spouse"),
    "partner": N_("Partner"),
    "child": N_("Child"),
    "parent": N_("Parent"),
    "grandparent": N_("Grandparent"),
    "grandchild": N_("Grandchild"),
    "sibling": N_("Brother or sister"),
    "partner_child": N_("Child of the partner"),
    "partner_parent": N_("Parent of the partner"),
    "partner_grandparent": N_("Grandparent of the partner"),
    "partner_grandchild": N_("Grandchild of the partner"),
    "partner_sibling": N_("Brother or sister of the partner"),
    "other": N_("Lives here, not family"),
}

TEAMS: dict[str, str] = {
    "technical": N_("Technical team"),
    "legal": N_("Legal team"),
    "financial": N_("Financial team"),
    "psychological": N_("Psychological team"),
}

CASE_STATUSES: dict[str, str] = {
    "open": N_("Received"),
    "triaged": N_("Passed on to our teams"),
    "in_progress": N_("Our teams are working on it"),
    "closed": N_("Finished"),
}

WORKSTREAM_STATUSES: dict[str, str] = {
    "open": N_("Waiting for a team member"),
    "in_progress": N_("A team member takes care of it"),
    "closed": N_("Done"),
}

CASE_STEPS: dict[str, str] = {
    "case.opened": N_("Incident reported"),
    "case.triaged": N_("Guarantee determined"),
    "case.case_limit_reached": N_(
        "The year's cases for this guarantee are all used (Art. 5.2); we still help you"
    ),
    "workstream.opened": N_("A team was assigned"),
    "workstream.taken": N_("A team member took charge"),
    "case.note_added": N_("New message"),
    "takedown.requested": N_("Request to remove the material sent"),
    "takedown.rechecked": N_("Material checked again"),
    "workstream.closed": N_("A team finished its work"),
    "case.closed": N_("The case was closed"),
}

# How a closed case ended (Art. 5.2: help given counts the case; the others give it back).
CASE_OUTCOMES: dict[str, str] = {
    "service_delivered": N_("The help was given"),
    "duplicate": N_("Followed up in another case"),
    "withdrawn": N_("Withdrawn at the household's request"),
    "not_covered": N_("Not covered by the terms"),
}

TAKEDOWN_RESULTS: dict[str, str] = {
    "still_online": N_("Still online"),
    "taken_down": N_("Removed"),
    "unreachable": N_("The address no longer answers"),
}

URGENCY_REASONS: dict[str, str] = {
    "distress": N_("Someone is in distress"),
    "ongoing_harassment": N_("The harassment is going on"),
    "ongoing_fraud": N_("The fraud is going on"),
}

CLAIM_STATUSES: dict[str, str] = {
    "incomplete": N_("Waiting for evidence from you"),
    "in_review": N_("A claims handler is reviewing it"),
    "awaiting_approval": N_("A claims handler is reviewing it"),
    "decided": N_("Decided"),
}

OUTCOMES: dict[str, str] = {
    "accepted": N_("Accepted in full"),
    "partially_accepted": N_("Accepted in part"),
    "declined": N_("Not accepted"),
}

PAYOUT_STATUSES: dict[str, str] = {
    "pending_review": N_("Your account is being checked"),
    "scheduled": N_("Transfer scheduled"),
    "in_file": N_("Transfer on its way"),
    "paid": N_("Transferred"),
    "returned": N_("Returned by the bank"),
}

# The reasons a member can meet in a decision (Art. 2-6 and 8 of the terms); the article is
# always shown beside the text.
REASONS: dict[str, str] = {
    "pot.within_limit": N_("The amount is within what is left of the yearly limit."),
    "pot.partial_settlement": N_(
        "The amount due is larger than what is left of the yearly limit: what is left is paid."
    ),
    "pot.exhausted": N_("The yearly limit is used up."),
    "pot.cases_exhausted": N_("The number of cases per insurance year is reached."),
    "pot.no_money_limit": N_("This guarantee has no yearly money limit."),
    "pot.no_pot": N_("This guarantee has no yearly money limit."),
    "pot.held_by_reservations": N_(
        "Other claims of this year still hold part of the yearly limit."
    ),
    "settlement.service_unlimited": N_("The guarantee is a service: our teams help you."),
    "settlement.service_cases_reported": N_("The guarantee is a service: our teams help you."),
    "claim.per_claim_limit": N_("The amount is capped by the limit per claim."),
    "claim.below_minimum": N_("The amount is below the minimum per claim."),
    "handler.decision": N_("Decision of our claims handler."),
    "exclusion.applies": N_("An exclusion of the terms applies."),
    "ecom.seller_not_professional": N_("The seller is not a professional seller."),
    "ecom.no_written_claim": N_("The seller was not first asked in writing."),
    "ecom.non_delivery_too_early": N_(
        "The waiting time after the promised delivery date has not passed yet."
    ),
    "payf.bank_not_refused": N_("Your bank has not definitively refused to refund you."),
    "data.cause_not_covered": N_("The guarantee does not cover this cause of data loss."),
    "cover.before_start": N_("The incident happened before the cover started."),
    "cover.in_waiting_period": N_("The incident happened during the waiting period."),
    "cover.suspended": N_("The cover was suspended on the date of the incident."),
    "cover.withdrawn": N_("The contract was withdrawn on the date of the incident."),
    "cover.terminated": N_("The contract had ended on the date of the incident."),
    "cover.no_status": N_("The contract was not in force on the date of the incident."),
    "territory.residence_outside": N_("The household does not live in a covered country."),
    "insured.not_in_household": N_("The person concerned is not a member of the household."),
    "insured.not_member_on_date": N_(
        "The person concerned was not a member of the household on the date of the incident."
    ),
    "insured.not_at_main_residence": N_("The person concerned did not live at the main residence."),
    "insured.not_family": N_("A person who lives at the address but is not family is not insured."),
    "obligation.breached": N_(
        "A prevention obligation was not respected; the benefit is weighed against its effect."
    ),
    "declaration.late": N_("The incident was declared late."),
    "evidence.missing": N_("Some evidence is still missing."),
}
UNKNOWN_REASON = N_("A rule of the terms applies: see the article.")

# --- premiums and payments (Art. 9.1, 9.6) ---------------------------------------------------

LINE_STATUSES: dict[str, str] = {
    "open": N_("To be paid"),
    "paid": N_("Paid"),
    "unpaid": N_("Unpaid"),
    "contested": N_("Contested"),
}

CHANNELS: dict[str, str] = {
    "distributor": N_("With your operator's invoice"),
    "direct_debit": N_("By direct debit"),
}

PAYMENT_SOURCES: dict[str, str] = {
    "distributor": N_("Reported by your operator"),
    "debit_settled": N_("Direct debit collected"),
    "debit_return": N_("Direct debit returned"),
    "transfer": N_("Bank transfer"),
}

NOTICE_STATUSES: dict[str, str] = {
    "notice_sent": N_("Formal notice sent"),
    "suspended": N_("Cover suspended"),
    "settled": N_("Paid in time"),
    "lifted": N_("Paid; the suspension was lifted"),
    "terminated": N_("Contract terminated"),
    "closed": N_("Closed: the contract ended"),
}


def text(table: dict[str, str], code: str | None, fallback: str = "") -> str:
    """The msgid for `code` in `table` (the fallback, or the code itself, when unknown)."""
    if code is None:
        return fallback
    return table.get(code, fallback or code)
