"""The pure rules of appointed providers: what each kind of provider sees (Art. 11), the order's
moves, the obligation of means (Art. 4.6), the registry's checks and the service levels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cybercare.kernel.errors import InvalidInput
from cybercare.providers.domain import (
    CaseMaterial,
    IncidentKind,
    Order,
    OrderMoveRefused,
    OrderStatus,
    ProviderKind,
    SameVerifier,
    order_brief,
    quote_cover,
)
from tests.providers.builders import SERVICES, VATS

AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
MATERIAL = CaseMaterial(
    case_ref="case_1",
    language="fr",
    member_first_name="Marc",
    guarantee="EREP",
    narrative="the story of the case",
    urls=("https://a.example/1", "https://b.example/2"),
    device="laptop",
    counsellor_summary="shared by the counsellor",
)


@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        (ProviderKind.TAKEDOWN, {"first_name", "url"}),
        (ProviderKind.DATA_RECOVERY, {"first_name", "device", "what_happened"}),
        (ProviderKind.LAWYER, {"first_name", "facts", "url"}),
        (ProviderKind.PSYCHOLOGIST, {"first_name", "counsellor_summary"}),
    ],
)
def test_art_11_each_provider_sees_only_what_its_work_needs(
    kind: ProviderKind, keys: set[str]
) -> None:
    brief = order_brief(kind, MATERIAL, "svc")
    assert {k for k, _ in brief.items} == keys
    if kind in (ProviderKind.TAKEDOWN, ProviderKind.PSYCHOLOGIST):
        assert "the story of the case" not in str(brief.as_dict())


def _order(**changes: object) -> Order:
    values: dict[str, object] = {
        "order_id": "ord_1",
        "case_id": "case_1",
        "workstream_id": "ws_1",
        "provider_id": "prv_1",
        "guarantee": "DATA",
        "service_code": "recovery_disk",
        "status": OrderStatus.APPOINTED,
        "appointed_by": "user:x",
        "appointed_at": AT,
    }
    values.update(changes)
    return Order(**values)  # type: ignore[arg-type]


def test_art_4_6_not_possible_still_costs_what_was_agreed_and_never_more() -> None:
    order = _order().quote(64_000, AT)
    order = order.accept(quote_cover(64_000, 50_000), AT)
    assert order.covered_cents == 50_000
    order = order.report(done=False, at=AT, note="disk unreadable")
    with pytest.raises(InvalidInput):
        order.invoice(64_001, AT)
    invoiced = order.invoice(64_000, AT)
    assert (invoiced.insurer_pays_cents, invoiced.member_pays_cents) == (50_000, 14_000)
    assert invoiced.outcome == "not_possible"


def test_an_order_moves_only_forward() -> None:
    with pytest.raises(OrderMoveRefused):
        _order().report(done=True, at=AT, note="")
    with pytest.raises(OrderMoveRefused):
        _order().quote(100, AT).accept(quote_cover(100, None), AT).decline(AT, "no")


def test_bank_details_are_verified_by_another_person_and_vat_numbers_are_checked() -> None:
    from cybercare.providers.domain import Provider

    provider = Provider(
        "prv_1", ProviderKind.LAWYER, "Avocats SRL", VATS[ProviderKind.LAWYER], "a@b.be",
        frozenset({"fr"}), frozenset({"WAL"}), (SERVICES[ProviderKind.LAWYER],), 24, 30,
        date(2026, 1, 1), None,
    )  # fmt: skip
    entered = provider.enter_bank_details("BE71096123456769", "Avocats SRL", "user:a")
    with pytest.raises(SameVerifier):
        entered.verify_bank_details("user:a")
    assert entered.verify_bank_details("user:b").bank_verified
    with pytest.raises(InvalidInput) as refused:
        Provider(
            "prv_2", ProviderKind.LAWYER, "", "BE0417497107", "nope", frozenset({"xx"}),
            frozenset(), (), 0, 1, date(2026, 1, 1), date(2025, 1, 1),
        )  # fmt: skip
    fields = {f for f, _ in refused.value.errors}
    assert fields == {
        "name", "vat_number", "email", "languages", "regions", "services", "service_levels",
        "contract_end",
    }  # fmt: skip


def test_art_6_6_service_levels_missed_are_listed() -> None:
    from cybercare.providers.domain import Provider, late_incidents

    provider = Provider(
        "prv_1", ProviderKind.DATA_RECOVERY, "Lab", VATS[ProviderKind.DATA_RECOVERY], "a@b.be",
        frozenset({"nl"}), frozenset({"BE"}), (SERVICES[ProviderKind.DATA_RECOVERY],), 48, 10,
        date(2026, 1, 1), None,
    )  # fmt: skip
    assert late_incidents(_order(), provider, AT + timedelta(hours=49)) == [IncidentKind.LATE_QUOTE]
    accepted = _order().quote(100, AT).accept(quote_cover(100, None), AT)
    assert late_incidents(accepted, provider, AT + timedelta(days=11)) == [IncidentKind.LATE_WORK]
