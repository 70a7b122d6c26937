"""What a certificate shows, as flat, already-resolved data that any service can fill."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.documents.texts import RELATIONSHIPS, STATUSES
from cybercare.kernel.money import split_gross
from cybercare.kernel.periods import InsuranceYear
from cybercare.product.model import LANGUAGES, ProductVersion


@dataclass(frozen=True, slots=True)
class InsuredPersonView:
    """One insured person (Art. 2): `relationship` is the code of their tie to the affiliate,
    "affiliate" for the affiliate themself."""

    name: str
    birth_date: date
    relationship: str


@dataclass(frozen=True, slots=True)
class CertificateView:
    """An affiliation certificate's data.

    `insurance_year` is the kernel's value (its `end` is exclusive; the certificate prints its
    last day). `affiliate_address` holds the printed lines of the address, e.g.
    ("Rue de la Loi 16 bte 2", "1000 Bruxelles"). The premium is the tax-inclusive monthly amount;
    its tax rate comes from the product's dated tax table (see `premium_rate_date`).
    """

    certificate_number: str
    language: str
    issue_date: date
    affiliation_id: str
    distributor_name: str
    customer_ref: str
    product: ProductVersion
    status: str
    start_date: date
    insurance_year: InsuranceYear
    affiliate_name: str
    affiliate_address: tuple[str, ...]
    insured_persons: tuple[InsuredPersonView, ...]
    premium_gross_monthly_cents: int

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported language {self.language!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown affiliation status {self.status!r}")
        if not self.insured_persons:
            raise ValueError("a certificate names at least one insured person")
        for person in self.insured_persons:
            if person.relationship not in RELATIONSHIPS:
                raise ValueError(
                    f"{person.relationship!r} is not the relationship of an insured person"
                )
        if self.premium_gross_monthly_cents < 0:
            raise ValueError("the premium must not be negative")

    @property
    def premium_rate_date(self) -> date:
        """The due date whose tax rate the certificate shows: the premium due on the issue date,
        or the first premium when cover starts later."""
        return max(self.issue_date, self.start_date)

    @property
    def premium_tax_rate_bp(self) -> int:
        return self.product.premium.tax_rate_on(self.premium_rate_date)

    @property
    def premium_split(self) -> tuple[int, int]:
        """(net, tax) in cents; they add up to the gross to the cent (Art. 9.1)."""
        return split_gross(self.premium_gross_monthly_cents, self.premium_tax_rate_bp)
