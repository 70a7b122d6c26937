"""Money is an integer number of euro cents everywhere inside the platform.

`Decimal` appears only here, when text from the outside world is parsed or when an amount is
formatted for it. The one rounding rule of the platform (half away from zero) lives here too.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from cybercare.kernel.errors import InvalidInput

CENTS_PER_EURO = 100
BASIS_POINTS = 10_000  # rates are integer basis points: 9.25 % == 925


def divide_rounded(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero: the platform's single rounding rule."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def parse_amount(text: str, *, field: str = "amount") -> int:
    """Parse a decimal string such as "5000.00" or "12.5" into cents; refuse anything else."""
    if not isinstance(text, str):
        raise InvalidInput(field, 'must be a decimal string such as "12.34"')
    stripped = text.strip()
    try:
        value = Decimal(stripped)
    except InvalidOperation:
        raise InvalidInput(field, f"{text!r} is not a decimal amount") from None
    if not value.is_finite():
        raise InvalidInput(field, f"{text!r} is not a finite amount")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidInput(field, f"{text!r} has more than two decimals")
    return int(value * CENTS_PER_EURO)


def format_amount(cents: int) -> str:
    """Cents as the canonical decimal string of the API: 500000 -> "5000.00"."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), CENTS_PER_EURO)
    return f"{sign}{euros}.{rest:02d}"


def parse_rate(text: str, *, field: str = "rate") -> int:
    """Parse a percentage such as "9.25" into basis points (925)."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise InvalidInput(field, f"{text!r} is not a percentage") from None
    basis_points = value * 100
    if not value.is_finite() or basis_points != basis_points.to_integral_value():
        raise InvalidInput(field, f"{text!r} must have at most two decimals")
    if not 0 <= basis_points < BASIS_POINTS:
        raise InvalidInput(field, f"{text!r} must be between 0 and 100")
    return int(basis_points)


def format_rate(basis_points: int) -> str:
    whole, rest = divmod(basis_points, 100)
    return f"{whole}.{rest:02d}"


def split_gross(gross_cents: int, tax_rate_bp: int) -> tuple[int, int]:
    """Split a tax-inclusive amount into (net, tax) that add up to the gross to the cent.

    The net is rounded once; the tax is what remains, so net + tax == gross always holds.
    """
    net = divide_rounded(gross_cents * BASIS_POINTS, BASIS_POINTS + tax_rate_bp)
    return net, gross_cents - net


def prorate(amount_cents: int, part: int, whole: int) -> int:
    """`amount * part / whole`, rounded by the platform's rule (pro rata by day)."""
    return divide_rounded(amount_cents * part, whole)
