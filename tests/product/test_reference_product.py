"""The reference file says what the terms say: one test per family of facts, named by article."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.kernel.clauses import Art
from cybercare.kernel.money import split_gross
from cybercare.product.catalog import reference_product
from cybercare.product.model import LANGUAGES, Benefit, Label, ProductVersion, Team


@pytest.fixture(scope="module")
def product() -> ProductVersion:
    return reference_product()


def test_reference_product_is_cyber_care_be_2021_12(product: ProductVersion) -> None:
    assert product.key == ("cyber-care-be", "2021-12")
    assert product.title.en.startswith("Cyber Care")
    assert len(product.source_sha256) == 64
    assert reference_product() is product  # read once


def test_art_1_1_insurer_is_inter_partner_assistance(product: ProductVersion) -> None:
    assert product.insurer.name == "Inter Partner Assistance SA"
    assert product.insurer.details == {
        "trading_as": "AXA Partners",
        "address": "Boulevard du Régent 7, 1000 Brussels",
        "enterprise_number": "0415.591.055",
        "licence_code": "0487",
    }


def test_art_1_4_sold_by_proximus_from_december_2021_and_open(product: ProductVersion) -> None:
    assert product.distributors == ("proximus",)
    assert product.sales_open_from == date(2021, 12, 1)
    assert product.sales_closed_from is None
    assert not product.open_to_new_business_on(date(2021, 11, 30))
    assert product.open_to_new_business_on(date(2021, 12, 1))


def test_art_2_2_family_is_the_chosen_list(product: ProductVersion) -> None:
    household = product.household
    assert household.article == Art("2.1")
    assert household.non_family_article == Art("2.3")
    assert household.family_relationships == (
        "spouse",
        "partner",
        "child",
        "parent",
        "grandparent",
        "grandchild",
        "sibling",
        "partner_child",
        "partner_parent",
        "partner_grandparent",
        "partner_grandchild",
        "partner_sibling",
    )
    # The affiliate is insured as such, a non-family housemate is not insured (Art. 2.3).
    assert "affiliate" not in household.family_relationships
    assert "other" not in household.family_relationships


def test_art_3_3_insured_lives_in_belgium(product: ProductVersion) -> None:
    assert product.household.residence_countries == ("BE",)
    assert product.household.residence_article == Art("3.3")


def test_art_3_2_no_waiting_period_and_no_deductible(product: ProductVersion) -> None:
    assert product.cover_start.article == Art("3.2")
    assert product.cover_start.waiting_period_days == 0
    assert product.cover_start.deductible_cents == 0


def test_art_5_4_no_per_claim_limit_and_no_minimum(product: ProductVersion) -> None:
    assert product.cover_start.per_claim_limit_cents is None
    assert product.cover_start.minimum_claim_cents == 0


def test_art_4_six_guarantees_with_their_articles(product: ProductVersion) -> None:
    assert [(g.code, g.article) for g in product.guarantees] == [
        ("ASSIST", Art("4.1")),
        ("EREP", Art("4.2")),
        ("IDT", Art("4.3")),
        ("PAYF", Art("4.4")),
        ("ECOM", Art("4.5")),
        ("DATA", Art("4.6")),
    ]


@pytest.mark.parametrize(
    ("code", "benefit", "pot", "teams"),
    [
        ("ASSIST", Benefit.SERVICE, None, {Team.TECHNICAL, Team.LEGAL}),
        (
            "EREP",
            Benefit.REIMBURSEMENT,
            "EREP_POT",
            {Team.LEGAL, Team.PSYCHOLOGICAL, Team.TECHNICAL},
        ),
        ("IDT", Benefit.SERVICE, None, set(Team)),
        ("PAYF", Benefit.REIMBURSEMENT, "ONLINE_PURCHASE_POT", {Team.LEGAL, Team.FINANCIAL}),
        ("ECOM", Benefit.REIMBURSEMENT, "ONLINE_PURCHASE_POT", {Team.LEGAL}),
        ("DATA", Benefit.REIMBURSEMENT, "DATA_POT", {Team.TECHNICAL}),
    ],
)
def test_art_4_benefit_pot_and_teams_of_each_guarantee(
    product: ProductVersion, code: str, benefit: Benefit, pot: str | None, teams: set[Team]
) -> None:
    guarantee = product.guarantee(code)
    assert guarantee.benefit is benefit
    assert guarantee.pot == pot
    assert set(guarantee.teams) == teams


def test_art_4_3_identity_theft_has_no_money_limit_but_counts_cases(
    product: ProductVersion,
) -> None:
    idt = product.guarantee("IDT")
    assert idt.pot is None
    assert idt.counts_cases_for_reporting is True
    assert not product.guarantee("ASSIST").counts_cases_for_reporting


def test_art_4_4_payf_pays_what_the_bank_definitively_refused(product: ProductVersion) -> None:
    [condition] = product.guarantee("PAYF").conditions
    assert (condition.rule, condition.article, condition.params) == (
        "bank_refused_definitively",
        Art("4.4"),
        {},
    )


def test_art_4_5_ecom_conditions_and_kinds(product: ProductVersion) -> None:
    ecom = product.guarantee("ECOM")
    assert [(c.rule, c.article, c.params) for c in ecom.conditions] == [
        ("seller_is_professional", Art("4.5"), {}),
        ("written_claim_to_seller_first", Art("4.5"), {}),
        ("non_delivery_wait", Art("4.5"), {"days": 30}),
    ]
    assert [kind.code for kind in ecom.kinds] == ["non_delivery", "non_conforming"]


def test_art_4_6_data_lost_through_the_three_causes(product: ProductVersion) -> None:
    [condition] = product.guarantee("DATA").conditions
    assert condition.rule == "data_loss_cause"
    assert condition.article == Art("4.6")
    assert condition.params == {"causes": ("malware", "accidental_deletion", "device_damage")}


@pytest.mark.parametrize(
    ("pot", "guarantees", "money_cents", "cases"),
    [
        ("EREP_POT", ("EREP",), 500_000, 3),
        ("ONLINE_PURCHASE_POT", ("ECOM", "PAYF"), 500_000, 3),
        ("DATA_POT", ("DATA",), 80_000, 1),
    ],
)
def test_art_5_yearly_limits_per_household(
    product: ProductVersion, pot: str, guarantees: tuple[str, ...], money_cents: int, cases: int
) -> None:
    limits = product.pot(pot)
    assert limits.article == Art("5")
    assert limits.guarantees == guarantees
    assert limits.money_limit_cents == money_cents
    assert limits.case_limit == cases


def test_art_5_ecom_and_payf_share_one_pot(product: ProductVersion) -> None:
    assert product.guarantee("ECOM").pot == product.guarantee("PAYF").pot == "ONLINE_PURCHASE_POT"
    assert [p.code for p in product.pots] == ["EREP_POT", "ONLINE_PURCHASE_POT", "DATA_POT"]


def test_art_6_incident_exclusions(product: ProductVersion) -> None:
    assert [(e.code, e.article, e.guarantees) for e in product.exclusions] == [
        ("unlawful_activity", Art("6.1"), None),
        ("caused_by_housemate", Art("6.2"), None),
        ("published_by_authority", Art("6.3"), ("EREP", "IDT")),
        ("war_or_terrorism", Art("6.4"), None),
        ("professional_activity", Art("6.5"), None),
    ]  # 6.6 limits liability during interventions: not a reason to decline an incident


def test_art_7_obligations_asked_again_where_they_matter(product: ProductVersion) -> None:
    obligations = product.obligations
    assert (obligations.article, obligations.review_article) == (Art("7.1"), Art("7.2"))
    assert {o.code: o.guarantees for o in obligations.items} == {
        "credentials_kept_in_household": ("PAYF", "ECOM"),
        "pays_on_secure_pages": ("PAYF", "ECOM"),
        "effective_antivirus": ("PAYF", "DATA"),
        "no_suspicious_emails_opened": ("PAYF", "DATA"),
        "balances_checked_biweekly": ("PAYF",),
    }
    asked_in = {code for o in obligations.items for code in o.guarantees}
    assert asked_in == {"PAYF", "ECOM", "DATA"}


def test_art_8_2_declare_within_30_days(product: ProductVersion) -> None:
    assert product.declaration.article == Art("8.2")
    assert product.declaration.deadline_days == 30


@pytest.mark.parametrize(
    ("code", "evidence"),
    [
        ("ASSIST", []),
        ("EREP", ["links_or_screenshots"]),
        ("IDT", ["police_complaint", "proof_of_misuse"]),
        ("PAYF", ["bank_statement", "card_blocked_proof", "police_complaint", "bank_refusal"]),
        ("ECOM", ["order_confirmation", "proof_of_payment", "written_claim_to_seller", "photos"]),
        ("DATA", ["device_description", "loss_cause_description"]),
    ],
)
def test_art_8_3_evidence_per_guarantee(
    product: ProductVersion, code: str, evidence: list[str]
) -> None:
    assert product.evidence_article == Art("8.3")
    assert [e.code for e in product.guarantee(code).evidence] == evidence


def test_art_8_3_ecom_photos_only_for_a_non_conforming_delivery(product: ProductVersion) -> None:
    ecom = product.guarantee("ECOM")
    assert "photos" not in [e.code for e in ecom.evidence_for("non_delivery")]
    assert "photos" in [e.code for e in ecom.evidence_for("non_conforming")]


def test_art_8_4_service_levels(product: ProductVersion) -> None:
    levels = product.service_levels
    assert levels.article == Art("8.4")
    assert levels.urgent_first_contact_hours == 1
    assert levels.normal_first_contact_working_days == 1
    assert levels.decision_days_after_complete_file == 30
    assert levels.payment_days_after_decision == 30
    assert levels.urgent_reasons == ("distress", "ongoing_harassment", "ongoing_fraud")


def test_art_9_2_to_9_6_lifecycle_timers(product: ProductVersion) -> None:
    life = product.lifecycle
    assert (life.duration_months, life.tacit_renewal) == (12, True)  # 9.2
    assert (life.withdrawal_days, life.withdrawal_refund_days) == (14, 30)  # 9.3
    assert (life.termination_minimum_run_months, life.termination_notice_months) == (6, 1)  # 9.4
    assert life.insurer_notice_months_before_year_end == 3  # 9.5
    assert life.formal_notice_days == 15  # 9.6
    assert life.termination_days_after_suspension == 15  # 9.6
    assert life.suspension_lifted_days_after_payment == 1  # 9.6


def test_art_9_1_premium_and_dated_tax_table(product: ProductVersion) -> None:
    premium = product.premium
    assert premium.article == Art("9.1")
    assert premium.gross_monthly_cents == 499
    assert premium.tax_rate_on(date(2021, 12, 1)) == 925
    assert premium.tax_rate_on(date(2026, 6, 30)) == 925
    assert premium.tax_rate_on(date(2026, 7, 1)) == 960  # due date = start of the period


def test_art_9_1_net_and_tax_add_up_to_the_gross(product: ProductVersion) -> None:
    gross = product.premium.gross_monthly_cents
    assert split_gross(gross, 925) == (457, 42)
    assert split_gross(gross, 960) == (455, 44)


def test_four_eyes_thresholds_are_data(product: ProductVersion) -> None:
    assert product.claims.auto_pay_ceiling_cents == 100_000
    assert product.claims.handler_authority_limit_cents == 250_000


def test_art_10_1_complaints_path(product: ProductVersion) -> None:
    complaints = product.complaints
    assert complaints.article == Art("10.1")
    assert "Inter Partner Assistance" in complaints.insurer_service.name
    assert complaints.insurer_service.details["address"] == "Boulevard du Régent 7, 1000 Brussels"
    assert complaints.ombudsman.name == "Ombudsman des Assurances / Ombudsdienst Verzekeringen"
    assert complaints.ombudsman.details == {
        "address": "Square de Meeûs 35, 1000 Brussels",
        "phone": "+32 2 547 58 71",
        "email": "info@ombudsman-insurance.be",
    }


@pytest.mark.parametrize(
    ("language", "service", "ombudsman", "address"),
    [
        (
            "nl",
            "AXA Partners – Inter Partner Assistance, klachtendienst",
            "Ombudsman van de Verzekeringen",
            "de Meeûssquare 35, 1000 Brussel",
        ),
        (
            "fr",
            "AXA Partners – Inter Partner Assistance, service des plaintes",
            "Ombudsman des Assurances",
            "Square de Meeûs 35, 1000 Bruxelles",
        ),
        (
            "de",
            "AXA Partners – Inter Partner Assistance, Beschwerdedienst",
            "Ombudsdienst der Versicherungen",
            "Square de Meeûs 35, 1000 Brüssel",
        ),
        (
            "en",
            "AXA Partners – Inter Partner Assistance, complaints service",
            "Ombudsman des Assurances / Ombudsdienst Verzekeringen",
            "Square de Meeûs 35, 1000 Brussels",
        ),
    ],
)
def test_art_10_1_the_complaints_path_in_each_language(
    product: ProductVersion, language: str, service: str, ombudsman: str, address: str
) -> None:
    complaints = product.complaints
    assert complaints.insurer_service.name_in(language) == service
    assert complaints.ombudsman.name_in(language) == ombudsman
    assert complaints.ombudsman.details_in(language) == {
        "address": address,
        "phone": "+32 2 547 58 71",  # given once: the same in every language
        "email": "info@ombudsman-insurance.be",
    }


def test_art_1_1_the_insurer_s_address_in_each_language(product: ProductVersion) -> None:
    addresses = {
        language: product.insurer.details_in(language)["address"] for language in LANGUAGES
    }
    assert addresses == {
        "nl": "Regentlaan 7, 1000 Brussel",
        "fr": "Boulevard du Régent 7, 1000 Bruxelles",
        "de": "Boulevard du Régent 7, 1000 Brüssel",
        "en": "Boulevard du Régent 7, 1000 Brussels",
    }
    assert {product.insurer.name_in(language) for language in LANGUAGES} == {
        "Inter Partner Assistance SA"
    }


def _labels(product: ProductVersion) -> list[Label]:
    labels = [product.title]
    for g in product.guarantees:
        labels += [g.label, g.description]
        labels += [s.label for s in g.services] + [e.label for e in g.evidence]
        labels += [c.label for c in g.conditions] + [k.label for k in g.kinds]
    labels += [p.label for p in product.pots] + [e.label for e in product.exclusions]
    return labels + [o.label for o in product.obligations.items]


def test_art_11_4_every_label_is_translated(product: ProductVersion) -> None:
    for label in _labels(product):
        texts = [label.in_(language) for language in LANGUAGES]
        assert all(text.strip() for text in texts)
        # A text copied into all four languages is an untranslated placeholder.
        assert len(set(texts)) > 1, label


def test_condition_labels_render_with_their_parameters(product: ProductVersion) -> None:
    for guarantee in product.guarantees:
        for condition in guarantee.conditions:
            for language in LANGUAGES:
                text = condition.label.in_(language).format(**condition.params)
                assert "{" not in text
    wait = product.guarantee("ECOM").conditions[2]
    assert "30 jours" in wait.label.fr.format(**wait.params)
