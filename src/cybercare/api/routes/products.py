"""The published product terms: public, read-only."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cybercare.api.access import public
from cybercare.api.deps import ContainerDep, LanguageDep
from cybercare.api.schemas.products import ProductSummaryRead, ProductVersionRead, detail, summary

router = APIRouter(tags=["products"], dependencies=[Depends(public)])


@router.get(
    "/products",
    response_model=list[ProductSummaryRead],
    operation_id="listProducts",
    summary="List the product versions",
)
def list_products(container: ContainerDep) -> list[ProductSummaryRead]:
    """Every product version this installation serves, open or closed to new business."""
    today = container.clock.today()
    return [summary(product, today) for product in container.catalog.all()]


@router.get(
    "/products/{code}/versions/{version}",
    response_model=ProductVersionRead,
    operation_id="getProductVersion",
    summary="Read a product version's terms",
)
def get_product_version(
    code: str, version: str, container: ContainerDep, lang: LanguageDep
) -> ProductVersionRead:
    """Guarantees, pots, timers and premium of one version, labelled in `lang`."""
    product = container.catalog.get(code, version)  # NotFound -> 404 problem
    return detail(product, lang, container.clock.today())
