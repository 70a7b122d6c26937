"""Art. 6 (exclusions), Art. 7.2 (prevention obligations), Art. 8.2-8.3 (declaration, evidence)."""

from __future__ import annotations

from datetime import date, timedelta

from cybercare.cover.domain import Outcome
from cybercare.cover.domain.decision import Decision
from cybercare.product.model import ProductVersion
from tests.cover.builders import (
    DAY,
    EXCLUSIONS,
    OBLIGATIONS,
    circumstances,
    codes,
    decide_claim,
)


def _excluded(product: ProductVersion, article: str, guarantee: str = "ECOM") -> Decision:
    code = EXCLUSIONS[article]
    return decide_claim(
        product, guarantee=guarantee, facts=circumstances(exclusions=frozenset({code}))
    )


def _assert_excluded(decision: Decision, article: str) -> None:
    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["exclusion.applies"]
    assert str(decision.reasons[0].article) == f"Art. {article}"
    assert decision.reasons[0].params["exclusion"] == EXCLUSIONS[article]
    assert (decision.payable_cents, decision.consumption) == (0, None)


def test_art_6_1_unlawful_activity_of_the_insured_is_excluded(product: ProductVersion) -> None:
    _assert_excluded(_excluded(product, "6.1", guarantee="EREP"), "6.1")


def test_art_6_2_incident_caused_by_a_housemate_is_excluded(product: ProductVersion) -> None:
    _assert_excluded(_excluded(product, "6.2", guarantee="PAYF"), "6.2")


def test_art_6_3_data_published_by_an_authority_is_excluded(product: ProductVersion) -> None:
    _assert_excluded(_excluded(product, "6.3", guarantee="IDT"), "6.3")


def test_art_6_4_war_or_terrorism_is_excluded(product: ProductVersion) -> None:
    _assert_excluded(_excluded(product, "6.4", guarantee="DATA"), "6.4")


def test_art_2_5_and_6_5_professional_activity_is_excluded(product: ProductVersion) -> None:
    _assert_excluded(_excluded(product, "6.5"), "6.5")


def test_art_6_every_exclusion_that_applies_to_the_guarantee_is_checked(
    product: ProductVersion,
) -> None:
    decision = decide_claim(product, guarantee="EREP")

    checked = [c.params["exclusion"] for c in decision.trace if c.rule.startswith("exclusion.")]
    assert checked == [
        e.code for e in product.exclusions if e.guarantees is None or "EREP" in e.guarantees
    ]
    assert all(
        c.code == "exclusion.not_declared"
        for c in decision.trace
        if c.rule.startswith("exclusion.")
    )


def test_art_7_2_breach_of_obligation_goes_to_handler_not_declined(
    product: ProductVersion,
) -> None:
    breached = frozenset({"pays_on_secure_pages"})

    decision = decide_claim(
        product,
        facts=circumstances(
            obligations_respected=OBLIGATIONS - breached, obligations_breached=breached
        ),
    )

    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert codes(decision) == ["obligation.breached"]
    assert str(decision.reasons[0].article) == "Art. 7.2"
    assert decision.reasons[0].params["breached"] == ("pays_on_secure_pages",)
    assert decision.payable_cents == 0  # the handler decides, may reduce in proportion
    assert decision.proposal is not None
    assert decision.proposal.amount_cents == 10_000


def test_art_7_2_obligations_are_asked_only_where_they_matter(product: ProductVersion) -> None:
    # EREP and IDT claims ask no prevention question; a declared breach there is irrelevant
    decision = decide_claim(
        product,
        guarantee="IDT",
        facts=circumstances(obligations_respected=frozenset(), obligations_breached=OBLIGATIONS),
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert not any(c.rule == "obligations" for c in decision.trace)


def test_art_7_2_unanswered_obligation_leaves_the_file_incomplete(product: ProductVersion) -> None:
    decision = decide_claim(
        product, guarantee="DATA", facts=circumstances(obligations_respected=frozenset())
    )

    assert not decision.is_complete
    assert decision.outcome is Outcome.ACCEPTED
    assert set(decision.missing_answers) == {
        "obligation." + o.code for o in product.obligations.items if "DATA" in o.guarantees
    }


def test_art_8_2_late_declaration_goes_to_handler_not_declined(product: ProductVersion) -> None:
    deadline = product.declaration.deadline_days

    late = decide_claim(product, declaration_date=DAY + timedelta(days=deadline + 1))
    on_the_last_day = decide_claim(product, declaration_date=DAY + timedelta(days=deadline))

    assert late.outcome is Outcome.NEEDS_REVIEW
    assert codes(late) == ["declaration.late"]
    assert str(late.reasons[0].article) == "Art. 8.2"
    assert late.reasons[0].params["days"] == deadline + 1
    assert on_the_last_day.outcome is Outcome.ACCEPTED


def test_art_8_2_non_delivery_deadline_runs_from_the_end_of_the_waiting_time(
    product: ProductVersion,
) -> None:
    # paid on 1 March, nothing arrives; non-delivery exists from 31 March (Art. 4.5)
    paid = date(2024, 3, 1)
    facts = circumstances(payment_date=paid)

    in_time = decide_claim(
        product,
        kind="non_delivery",
        discovery_date=paid,
        declaration_date=date(2024, 4, 30),
        facts=facts,
    )
    late = decide_claim(
        product,
        kind="non_delivery",
        discovery_date=paid,
        declaration_date=date(2024, 5, 1),
        facts=facts,
    )

    assert in_time.outcome is Outcome.ACCEPTED
    assert (late.outcome, codes(late)) == (Outcome.NEEDS_REVIEW, ["declaration.late"])
    assert late.reasons[0].params["counted_from"] == date(2024, 3, 31)


def test_art_8_2_late_and_breached_both_reach_the_handler(product: ProductVersion) -> None:
    decision = decide_claim(
        product,
        declaration_date=date(2024, 12, 1),
        facts=circumstances(
            obligations_breached=frozenset({"credentials_kept_in_household"}),
            obligations_respected=OBLIGATIONS - {"credentials_kept_in_household"},
        ),
    )

    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert codes(decision) == ["obligation.breached", "declaration.late"]


def test_art_8_3_missing_evidence_file_incomplete_not_declined(product: ProductVersion) -> None:
    decision = decide_claim(
        product, kind="non_conforming", evidence=frozenset({"order_confirmation"})
    )

    assert decision.outcome is not Outcome.DECLINED
    assert not decision.is_complete
    assert not decision.is_final
    required = [e.code for e in product.guarantee("ECOM").evidence_for("non_conforming")]
    assert list(decision.missing_evidence) == [c for c in required if c != "order_confirmation"]
    assert "photos" in decision.missing_evidence  # only asked for a non-conforming delivery
    assert codes(decision)[-1] == "evidence.missing"
    assert str(decision.reasons[-1].article) == "Art. 8.3"
    assert (decision.payable_cents, decision.consumption) == (0, None)


def test_art_8_3_decline_for_another_reason_stays_a_decline(product: ProductVersion) -> None:
    decision = decide_claim(
        product, evidence=frozenset(), facts=circumstances(seller_professional=False)
    )

    assert decision.outcome is Outcome.DECLINED
    assert decision.is_final
    assert not decision.is_complete
    assert codes(decision) == ["ecom.seller_not_professional"]


def test_art_8_3_evidence_depends_on_the_incident_kind(product: ProductVersion) -> None:
    evidence = frozenset(e.code for e in product.guarantee("ECOM").evidence_for("non_delivery"))

    decision = decide_claim(
        product,
        kind="non_delivery",
        evidence=evidence,
        discovery_date=date(2024, 3, 1),
        declaration_date=date(2024, 4, 15),
        facts=circumstances(payment_date=date(2024, 3, 1)),
    )

    assert decision.is_complete
    assert decision.outcome is Outcome.ACCEPTED
    check = next(c for c in decision.trace if c.rule == "evidence.required")
    required = check.params["required"]
    assert isinstance(required, tuple)
    assert set(required) == evidence
    assert "photos" not in evidence  # photos are asked only for a non-conforming delivery
