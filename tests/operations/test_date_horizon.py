"""Dates beyond the horizon of kernel/horizon.py (1900-01-01 to 2100-12-31) are refused at the
edge with 422 naming the field, on both databases: a start date in year 9999 answered 500 (its
first anniversary does not exist) and a quote for 9999 was priced. Inside the band, the domain's
own rules decide as before."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, get_args

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.http.access import api_routes
from cybercare.kernel.horizon import EARLIEST_DATE, LATEST_DATE, OUTSIDE_HORIZON
from cybercare.settings import Environment, Settings
from cybercare.web.report_forms import parse_day
from tests.api import builders
from tests.api.builders import Distributor
from tests.web.conftest import post_form
from tests.web.portal_world import login, peeters

BEYOND = ("9999-12-31", "2101-01-01", "1899-12-31", "0001-01-01")


def _refused_fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert all(OUTSIDE_HORIZON in error["detail"] for error in errors), errors
    return [error.get("pointer") or error["parameter"] for error in errors]


@pytest.mark.parametrize("start", BEYOND)
def test_a_start_date_beyond_the_horizon_is_refused_and_nothing_is_written(
    api: TestClient, db: Database, proximus: Distributor, start: str
) -> None:
    body = builders.subscription(terms_token=builders.quote(api, by=proximus))
    body["start_date"] = start
    before = builders.row_counts(db)
    response = builders.post(api, "/api/v1/affiliations", body, by=proximus)
    assert _refused_fields(response) == ["#/start_date"]
    assert builders.row_counts(db) == before


def test_a_quote_for_year_9999_is_refused(api: TestClient, proximus: Distributor) -> None:
    response = builders.post(
        api, "/api/v1/quotes", {"language": "fr", "start_date": "9999-12-31"}, by=proximus
    )
    assert _refused_fields(response) == ["#/start_date"]


def test_the_horizon_itself_is_accepted_at_the_edge(api: TestClient, proximus: Distributor) -> None:
    """The last day passes the edge (the quote is priced); the first is a valid birth date."""
    quoted = builders.post(
        api,
        "/api/v1/quotes",
        {"language": "fr", "start_date": LATEST_DATE.isoformat()},
        by=proximus,
    )
    assert quoted.status_code == 200, quoted.text
    created = builders.subscribe(
        api, by=proximus, affiliate=builders.person(birth_date=EARLIEST_DATE.isoformat())
    )
    assert created["status"] == "active"


def test_every_date_field_of_a_household_change_is_bounded(
    api: TestClient, proximus: Distributor
) -> None:
    affiliation = builders.subscribe(api, by=proximus)["id"]
    base = f"/api/v1/affiliations/{affiliation}"
    new_member = {**builders.child(birth_date="0001-01-01"), "joined_on": "9999-12-31"}
    response = builders.post(api, f"{base}/members", new_member, by=proximus)
    assert _refused_fields(response) == ["#/birth_date", "#/joined_on"]
    move = {"address": builders.address(), "moved_on": "9999-12-31"}
    response = builders.post(api, f"{base}/address", move, by=proximus)
    assert _refused_fields(response) == ["#/moved_on"]


def test_a_date_in_the_query_is_bounded_and_named(api: TestClient, proximus: Distributor) -> None:
    affiliation = builders.subscribe(api, by=proximus)["id"]
    response = api.get(
        f"/api/v1/affiliations/{affiliation}/withdrawal",
        params={"notified_on": "9999-12-31"},
        headers=proximus.headers,
    )
    assert _refused_fields(response) == ["notified_on"]


def test_a_date_beyond_the_horizon_in_a_payment_results_file_is_a_line_error(
    api: TestClient, proximus: Distributor
) -> None:
    content = "charge_id,outcome,amount,date\n1,paid,4.99,9999-12-31\n"
    response = builders.post(
        api, "/api/v1/billing/payment-results", {"content": content}, by=proximus
    )
    assert response.status_code == 200, response.text
    assert response.json()["errors"] == [
        {"line": 2, "message": f"date: '9999-12-31' {OUTSIDE_HORIZON}"}
    ]


# --- every date the API reads is bounded: a guard for the fields of tomorrow ------------------


def _mentions(annotation: Any, kind: type) -> bool:
    return annotation is kind or any(_mentions(arg, kind) for arg in get_args(annotation))


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models(arg)]


def _date_fields(name: str, field: FieldInfo, seen: set[type]) -> list[tuple[str, FieldInfo]]:
    found = [(name, field)] if _mentions(field.annotation, date) else []
    for model in _models(field.annotation):
        if model not in seen:
            seen.add(model)
            for inner, info in model.model_fields.items():
                found.extend(_date_fields(f"{model.__name__}.{inner}", info, seen))
    return found


def _accepts(field: FieldInfo, value: str) -> bool:
    annotated = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    adapter: TypeAdapter[Any] = TypeAdapter(annotated)
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def test_every_date_the_api_reads_is_within_the_horizon() -> None:
    app = create_app(Settings(environment=Environment.TEST, database_url="sqlite://"))
    unbounded: list[str] = []
    seen: set[type] = set()
    for route, _ in api_routes(app.routes):
        dependants = [route.dependant]
        while dependants:
            dependant = dependants.pop()
            dependants.extend(dependant.dependencies)
            params = (
                *dependant.path_params,
                *dependant.query_params,
                *dependant.header_params,
                *dependant.body_params,
            )
            for param in params:
                for name, field in _date_fields(param.name, param.field_info, seen):
                    if _accepts(field, "9999-12-31"):
                        unbounded.append(f"{route.path} {name}")
    assert not unbounded, "use cybercare.api.schemas.days.InputDate: " + ", ".join(unbounded)


# --- pages -------------------------------------------------------------------------------------


def test_a_page_date_beyond_the_horizon_is_a_form_error(
    pages: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(pages, container, world, "affiliate")
    child = {
        "given_name": "Eli",
        "family_name": "Peeters",
        "birth_date": "0001-01-01",
        "relationship": "child",
        "joined_on": "9999-12-31",
        "language": "nl",
        "email": "",
    }
    answer = post_form(pages, "/portal/members", "/portal/members", child)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert 'id="f-birth_date"' in html and 'id="f-joined_on"' in html
    assert html.count("Enter a valid date") >= 2


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("31/12/9999", None),
        ("9999-12-31", None),
        ("31/12/1899", None),
        ("01/01/1900", EARLIEST_DATE),
        ("2100-12-31", LATEST_DATE),
    ],
)
def test_the_report_form_reads_only_days_within_the_horizon(typed: str, day: date | None) -> None:
    assert parse_day(typed) == day
