"""Errors of the coverage engine."""

from __future__ import annotations

from cybercare.kernel.errors import DomainError


class ProductMismatchError(DomainError):
    """The product data asks for something this engine does not implement (or gives it
    parameters it cannot use): the data and the code disagree. Raised when the engine is built
    for a product version, never while deciding, so a mismatch cannot pass silently."""

    code = "product.engine_mismatch"
