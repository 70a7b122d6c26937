"""The registry of appointed providers (issue 19): supervisors and admins maintain it, every
change audited; finance verifies bank details someone else entered (the payee check, four
eyes, as a handler approves a member's new IBAN)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.providers import repository
from cybercare.providers.domain import (
    Provider,
    ProviderKind,
    ServiceRate,
)
from cybercare.providers.service import audit_change

REGISTRY_ROLES = (Role.SUPERVISOR, Role.ADMIN)
BANK_VERIFIER_ROLES = (Role.FINANCE,)


class ProviderExists(Conflict):
    code = "provider.exists"


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProviderCreate:
    kind: ProviderKind
    name: str
    vat_number: str
    email: str
    languages: frozenset[str]
    regions: frozenset[str]
    services: tuple[ServiceRate, ...]
    quote_within_hours: int
    finish_within_days: int
    contract_start: date
    contract_end: date | None = None


def register_provider(
    uow: UnitOfWork, principal: Principal, data: ProviderCreate, clock: Clock
) -> Provider:
    require_role(principal, *REGISTRY_ROLES)
    if repository.vat_taken(uow, data.vat_number):
        raise ProviderExists(
            f"a provider with VAT number {data.vat_number} exists", params={"field": "vat_number"}
        )
    provider = Provider(new_id("prv"), **{f: getattr(data, f) for f in data.__slots__})
    now = clock.now()
    repository.add_provider(uow, provider, at=now)
    audit_change(
        uow,
        principal.actor,
        "provider.registered",
        "provider",
        provider.provider_id,
        now,
        kind=provider.kind.value,
        name=provider.name,
    )
    return provider


def change_provider(
    uow: UnitOfWork,
    principal: Principal,
    provider_id: str,
    clock: Clock,
    *,
    services: tuple[ServiceRate, ...] | None = None,
    contract_end: date | None = None,
    active: bool | None = None,
) -> Provider:
    """Rates, the contract's end or the provider's activity; the change is audited."""
    require_role(principal, *REGISTRY_ROLES)
    before = repository.provider(uow, provider_id, for_update=True)
    after = replace(
        before,
        services=before.services if services is None else services,
        contract_end=before.contract_end if contract_end is None else contract_end,
        active=before.active if active is None else active,
    )
    now = clock.now()
    repository.save_provider(uow, after, at=now)
    audit_change(
        uow,
        principal.actor,
        "provider.changed",
        "provider",
        provider_id,
        now,
        services=[s.code for s in after.services],
        active=after.active,
        contract_end=after.contract_end.isoformat() if after.contract_end else None,
    )
    return after


def enter_bank_details(
    uow: UnitOfWork, principal: Principal, provider_id: str, iban: str, holder: str, clock: Clock
) -> Provider:
    """New bank details: no payment goes to them until someone else verified them."""
    require_role(principal, *REGISTRY_ROLES, *BANK_VERIFIER_ROLES)
    compact = _checked_iban(iban)
    if not holder.strip():
        raise InvalidInput("account_holder", "the account holder's name")
    before = repository.provider(uow, provider_id, for_update=True)
    after = before.enter_bank_details(compact, holder.strip()[:140], principal.actor)
    now = clock.now()
    repository.save_provider(uow, after, at=now)
    audit_change(
        uow,
        principal.actor,
        "provider.bank_details_entered",
        "provider",
        provider_id,
        now,
        iban_last4=compact[-4:],
    )
    return after


def verify_bank_details(
    uow: UnitOfWork, principal: Principal, provider_id: str, clock: Clock
) -> Provider:
    """The payee check (as a handler approves a member's new IBAN): finance, four eyes."""
    require_role(principal, *BANK_VERIFIER_ROLES)
    before = repository.provider(uow, provider_id, for_update=True)
    after = before.verify_bank_details(principal.actor)
    now = clock.now()
    repository.save_provider(uow, after, at=now)
    audit_change(
        uow, principal.actor, "provider.bank_details_verified", "provider", provider_id, now
    )
    return after


def _checked_iban(iban: str) -> str:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return str(IBAN(iban).compact)
    except SchwiftyException as exc:
        raise InvalidInput("iban", f"{iban!r} is not a valid IBAN ({exc})") from None
