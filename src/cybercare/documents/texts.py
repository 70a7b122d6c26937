"""The fixed texts of the documents (Art. 11.4), as msgids of the gettext catalogues.

Each entry is marked `D_`: a text of a document, in the catalogue file `documents.po` of each
language with the context "document". `text(key, language, **params)` translates it and fills
its `%(name)s` placeholders; the completeness check of the catalogues fails the tests on a text
without a translation (docs/i18n.md).
"""

from __future__ import annotations

from cybercare.documents.translations import D_, document_text

TEXTS: dict[str, str] = {
    # title band
    "title": D_("Affiliation certificate"),
    "certificate_number": D_("Certificate no."),
    "issued_on": D_("Issued on"),
    # Art. 1 - parties
    "parties": D_("Parties"),
    "insurer": D_("Insurer"),
    "distributor": D_("Distributor and policyholder"),
    "collective": D_(
        "Collective insurance: the affiliate joins the collective policy that %(distributor)s "
        "took out with the insurer."
    ),
    # the affiliation
    "affiliation": D_("Affiliation"),
    "affiliate": D_("Affiliate"),
    "address": D_("Address"),
    "affiliation_id": D_("Affiliation number"),
    "customer_ref": D_("Customer reference at %(distributor)s"),
    "product": D_("Product"),
    "product_version": D_("%(title)s, version %(version)s"),
    "status": D_("Status"),
    # dates (Art. 3, 9.2)
    "dates": D_("Dates and duration"),
    "start_date": D_("Start of cover"),
    "insurance_year": D_("Current insurance year"),
    "period": D_("from %(start)s to %(end)s inclusive"),
    "renewal": D_("Next tacit renewal"),
    "year_end": D_("End of contract"),
    "duration_tacit": D_(
        "The contract runs for %(duration)s and is then renewed tacitly for the same period."
    ),
    "duration_fixed": D_("The contract runs for %(duration)s and is not renewed tacitly."),
    "one_year": D_("one year"),
    "months": D_("%(n)s months"),
    # Art. 2 - insured persons
    "insured_persons": D_("Insured persons"),
    "insured_intro": D_(
        "Insured are the affiliate and the members of the affiliate's family who live under the "
        "same roof. There is no age limit."
    ),
    "name": D_("Name"),
    "birth_date": D_("Date of birth"),
    "relationship": D_("Relationship to the affiliate"),
    # Art. 4 - guarantees
    "guarantees": D_("Guarantees"),
    "article": D_("Article"),
    "guarantee": D_("Guarantee"),
    "description": D_("Description"),
    # Art. 5 - limits
    "limits": D_("Yearly limits per household"),
    "limits_intro": D_(
        "The limits apply per household and per insurance year, not per person. An accepted "
        "case counts towards the number of cases, whether it ends in a payment, in services or "
        "in both. Guarantees not listed here have no yearly limit."
    ),
    "pot": D_("Limit"),
    "amount_per_year": D_("Amount per year"),
    "cases_per_year": D_("Cases per year"),
    "unlimited": D_("unlimited"),
    # Art. 9.1 - premium
    "premium": D_("Premium"),
    "net_premium": D_("Net premium"),
    "tax": D_("Tax on insurance contracts (%(rate)s)"),
    "gross_premium": D_("Monthly premium, taxes included"),
    "premium_note": D_(
        "%(distributor)s bills the premium monthly on its own invoice. Tax rate applicable to "
        "the premium due on %(date)s."
    ),
    # Art. 10 - complaints
    "complaints": D_("Complaints"),
    "complaints_intro": D_(
        "First address a complaint to the insurer's complaints service. If you are not "
        "satisfied with the answer, you may turn to the Insurance Ombudsman. This does not "
        "affect your right to take legal action."
    ),
    "step_insurer": D_("1. The insurer's complaints service"),
    "step_ombudsman": D_("2. The Insurance Ombudsman"),
    # closing
    "closing": D_(
        "This certificate confirms the affiliation on its issue date. Cover is governed by the "
        "product terms (version %(version)s), which prevail over this certificate in case of "
        "conflict."
    ),
    "premium_component": D_("Component"),
    "per_month": D_("Per month"),
}

# Party details of the product (`Party.details`) under these keys get a translated caption.
DETAIL_CAPTIONS: dict[str, str] = {
    "address": D_("Address"),
    "phone": D_("Phone"),
    "email": D_("E-mail"),
    "website": D_("Website"),
    "enterprise_number": D_("Enterprise no."),
    "licence_code": D_("Licence code"),
}

# Relationship codes of a household member to the affiliate (Art. 2.1, 2.2).
RELATIONSHIPS: dict[str, str] = {
    "affiliate": D_("affiliate"),
    "spouse": D_("spouse"),
    "partner": D_("partner"),
    "child": D_("child"),
    "parent": D_("parent"),
    "grandparent": D_("grandparent"),
    "grandchild": D_("grandchild"),
    "sibling": D_("brother or sister"),
    "partner_child": D_("partner's child"),
    "partner_parent": D_("partner's parent"),
    "partner_grandparent": D_("partner's grandparent"),
    "partner_grandchild": D_("partner's grandchild"),
    "partner_sibling": D_("partner's brother or sister"),
}

# Statuses of an affiliation (Art. 9).
STATUSES: dict[str, str] = {
    "active": D_("active"),
    "suspended": D_("suspended for non-payment"),
    "withdrawn": D_("withdrawn"),
    "terminated": D_("terminated"),
}


def colon(language: str) -> str:
    """The separator between a caption and its value: French puts a (no-break) space before it."""
    return "\u00a0: " if language == "fr" else ": "


def text(key: str, language: str, **params: object) -> str:
    """The fixed text `key` in `language`, its placeholders filled from `params`."""
    return document_text(language, TEXTS[key], **params)


def label(table: dict[str, str], code: str, language: str) -> str:
    """The text of `code` in one of the tables above (`RELATIONSHIPS`, `STATUSES`...)."""
    return document_text(language, table[code])
