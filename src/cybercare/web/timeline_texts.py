"""The member's words for where a claim stands and for its dated steps (`claims.progress`):
one text per stage, shown alike on the case page, the list of cases and the portal home.
Messages in the catalogue `timeline.po` (those shared with other pages where they already are).
"""

from __future__ import annotations

from cybercare.web.i18n import N_

CLAIM_STAGES: dict[str, str] = {
    "incomplete": N_("Waiting for evidence from you"),
    "in_review": N_("A claims handler is reviewing it"),
    "declined": N_("Decided: not accepted"),
    "decided": N_("Decided: nothing to pay"),
    "payment_due": N_("Decided: payment on its way"),
    "payment_returned": N_("Payment returned by the bank"),
    "paid": N_("Paid"),
    "withdrawn": N_("Withdrawn at your request"),
}
