"""The words of the member portal for the platform's codes: relationships, statuses, the steps of a
case, decisions and their reasons, premiums and payments. Each text is a msgid (catalogue
`portal.po`; the reasons `reasons.po`), translated when the page renders it; a code without a
text falls back to a neutral sentence, so that a new code never shows as a raw identifier.
"""

from __future__ import annotations

from cybercare.documents import reasons
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
    "withdrawn": N_("Withdrawn at your request"),
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
    "instructed": N_("Instant transfer sent"),
    "paid": N_("Transferred"),
    "returned": N_("Returned by the bank"),
    "replaced": N_("Paid again to your other account"),
}

# The reasons of a decision: one sentence per reason code of the coverage engine, shared with the
# decision letters (`cybercare.documents.reasons`); the article is always shown beside the text.
REASONS = reasons.REASONS
UNKNOWN_REASON = reasons.UNKNOWN_REASON

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
