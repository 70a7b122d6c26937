"""The reasons of a coverage decision in words (Art. 2-8 of the terms): one sentence per reason
code, the same on the portal and in the decision letter, with the article always shown beside it.

Each sentence is a msgid of the catalogue (`reasons.po`), translated where it is shown. Every
code the coverage engine can record has a sentence: the tests read the engine's codes from its
source and fail on a code without one (tests/documents/test_reason_texts.py). `UNKNOWN_REASON`
only guards a decision stored by an older engine: a code is never shown raw.
"""

from __future__ import annotations

from cybercare.documents.translations import N_, gettext

REASONS: dict[str, str] = {
    "claim.below_minimum": N_("The amount is below the minimum per claim."),
    "claim.no_per_claim_limit": N_("No limit per claim applies."),
    "claim.per_claim_limit": N_("The amount is capped by the limit per claim."),
    "claim.possible_duplicate": N_(
        "This claim may repeat another case of your household: a claims handler checks that the "
        "same loss is not paid twice before deciding."
    ),
    "claim.same_purchase": N_(
        "The same purchase may already be claimed in another case of your household: a claims "
        "handler checks that it is not paid twice before deciding."
    ),
    "complaints.path": N_(
        "If you disagree, you may complain to the insurer's complaints service, then to the "
        "Insurance Ombudsman."
    ),
    "cover.active": N_("The contract was in force on the date of the incident."),
    "cover.before_start": N_("The incident happened before the cover started."),
    "cover.in_waiting_period": N_("The incident happened during the waiting period."),
    "cover.insurance_year": N_("The incident counts in the insurance year in which it happened."),
    "cover.no_status": N_("The contract was not in force on the date of the incident."),
    "cover.started": N_("The incident happened after the cover started."),
    "cover.suspended": N_("The cover was suspended on the date of the incident."),
    "cover.terminated": N_("The contract had ended on the date of the incident."),
    "cover.waiting_period_over": N_("The waiting period was over on the date of the incident."),
    "cover.withdrawn": N_("The contract was withdrawn on the date of the incident."),
    "data.cause_covered": N_("The guarantee covers this cause of data loss."),
    "data.cause_not_covered": N_("The guarantee does not cover this cause of data loss."),
    "data.cause_unanswered": N_("Tell us what caused the loss of data."),
    "declaration.in_time": N_("The incident was declared in time."),
    "declaration.late": N_("The incident was declared late."),
    "ecom.delivery_date_unanswered": N_("Tell us the delivery date the seller promised."),
    "ecom.no_written_claim": N_("The seller was not first asked in writing."),
    "ecom.non_delivery_established": N_(
        "The waiting time after the promised delivery date has passed without delivery."
    ),
    "ecom.non_delivery_too_early": N_(
        "The waiting time after the promised delivery date has not passed yet."
    ),
    "ecom.seller_not_professional": N_("The seller is not a professional seller."),
    "ecom.seller_professional": N_("The seller is a professional seller."),
    "ecom.seller_unanswered": N_("Tell us whether the seller is a professional seller."),
    "ecom.wait_not_applicable": N_("No waiting time applies to this kind of incident."),
    "ecom.written_claim_sent": N_("The seller was first asked in writing."),
    "ecom.written_claim_unanswered": N_("Tell us whether you first asked the seller in writing."),
    "evidence.complete": N_("All the evidence needed is there."),
    "evidence.missing": N_("Some evidence is still missing."),
    "exclusion.applies": N_("An exclusion of the terms applies."),
    "exclusion.not_declared": N_("No exclusion of the terms applies."),
    "handler.decision": N_("Decision of our claims handler."),
    "incident.date_discovery": N_("The incident is dated on the day it was discovered."),
    "incident.date_occurrence": N_("The incident is dated on the day it happened."),
    "insured.adult": N_("The person concerned is an adult."),
    "insured.affiliate": N_("The person concerned is the affiliate."),
    "insured.at_main_residence": N_("The person concerned lives at the main residence."),
    "insured.family_member": N_(
        "The person concerned is a member of the family living under the same roof."
    ),
    "insured.legal_representative": N_(
        "The person concerned is a minor: we handle the case with their legal representative."
    ),
    "insured.member_on_date": N_(
        "The person concerned was a member of the household on the date of the incident."
    ),
    "insured.minor": N_("The person concerned is a minor."),
    "insured.not_at_main_residence": N_("The person concerned did not live at the main residence."),
    "insured.not_family": N_("A person who lives at the address but is not family is not insured."),
    "insured.not_in_household": N_("The person concerned is not a member of the household."),
    "insured.not_member_on_date": N_(
        "The person concerned was not a member of the household on the date of the incident."
    ),
    "obligation.breached": N_(
        "A prevention obligation was not respected; the benefit is weighed against its effect."
    ),
    "obligation.respected": N_("The prevention obligations were respected."),
    "obligation.unanswered": N_("Tell us whether the prevention obligations were respected."),
    "payf.bank_not_refused": N_("Your bank has not definitively refused to refund you."),
    "payf.bank_refusal_unanswered": N_(
        "Tell us whether your bank has definitively refused to refund you."
    ),
    "payf.bank_refused": N_("Your bank has definitively refused to refund you."),
    "payf.no_reimbursement_asked": N_("No reimbursement is asked: our teams help you."),
    "pot.case_already_counted": N_("This case is already counted among the year's cases."),
    "pot.cases_available": N_("A case is still available this insurance year."),
    "pot.cases_exhausted": N_("The number of cases per insurance year is reached."),
    "pot.cases_held_by_reservations": N_(
        "Other cases of this year still hold the cases left in the yearly limit."
    ),
    "pot.exhausted": N_("The yearly limit is used up."),
    "pot.held_by_reservations": N_(
        "Other claims of this year still hold part of the yearly limit."
    ),
    "pot.no_case_limit": N_("This yearly limit sets no maximum number of cases."),
    "pot.no_money_limit": N_("This guarantee has no yearly money limit."),
    "pot.no_pot": N_("This guarantee has no yearly money limit."),
    "pot.partial_settlement": N_(
        "The amount due is larger than what is left of the yearly limit: what is left is paid."
    ),
    "pot.within_limit": N_("The amount is within what is left of the yearly limit."),
    "settlement.deductible_applied": N_("The deductible is taken off the amount."),
    "settlement.no_deductible": N_("No deductible applies."),
    "settlement.service_cases_reported": N_("The guarantee is a service: our teams help you."),
    "settlement.service_unlimited": N_("The guarantee is a service: our teams help you."),
    "territory.residence_in_scope": N_("The household lives in a covered country."),
    "territory.residence_outside": N_("The household does not live in a covered country."),
}
UNKNOWN_REASON = N_("A rule of the terms applies: see the article.")


def reason_message(code: str) -> str:
    """The msgid of the sentence for `code`."""
    return REASONS.get(code, UNKNOWN_REASON)


def reason_text(code: str, language: str) -> str:
    """The sentence for `code` in `language`."""
    return gettext(language, reason_message(code))
