"""The published product terms: public, read-only."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cybercare.api.access import public
from cybercare.api.deps import ContainerDep, LanguageDep
from cybercare.api.schemas.products import ProductSummaryRead, ProductVersionRead, detail, summary
from cybercare.kernel.errors import NotFound

router = APIRouter(tags=["products"], dependencies=[Depends(public)])


@router.get("/products", response_model=list[ProductSummaryRead])
def list_products(container: ContainerDep) -> list[ProductSummaryRead]:
    """Every product version this installation serves, open or closed to new business."""
    today = container.clock.today()
    return [summary(product, today) for product in container.catalog.all()]


@router.get("/products/{code}/versions/{version}", response_model=ProductVersionRead)
def get_product_version(
    code: str, version: str, container: ContainerDep, lang: LanguageDep
) -> ProductVersionRead:
    """Guarantees, pots, timers and premium of one version, labelled in `lang`."""
    try:
        product = container.catalog.get(code, version)
    except KeyError:
        raise NotFound(
            f"no product {code!r} version {version!r}", code="product.not_found",
            params={"code": code, "version": version},
        ) from None
    return detail(product, lang, container.clock.today())
