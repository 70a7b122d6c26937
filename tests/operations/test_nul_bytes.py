"""A NUL character (U+0000) anywhere in a request is refused with 422 naming where it is, before
any route reads it: PostgreSQL cannot store one (it answered 500), SQLite would have stored it.
Every kind of input is tried, on both databases; nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from cybercare.db.uow import Database
from tests.api import builders
from tests.api.builders import Distributor
from tests.web.conftest import csrf_of

NUL = "\x00"


def _errors(response: Response) -> list[dict[str, str]]:
    """The problem's errors, after checking it is a 422 problem+json about NUL characters."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid_input"
    assert all("NUL" in error["detail"] for error in problem["errors"])
    errors: list[dict[str, str]] = problem["errors"]
    return errors


def _subscription(api: TestClient, by: Distributor, **changes: Any) -> dict[str, Any]:
    return builders.subscription(terms_token=builders.quote(api, by=by), **changes)


def test_a_nul_in_a_query_parameter_is_refused_naming_it(
    api: TestClient, proximus: Distributor
) -> None:
    response = api.get(
        "/api/v1/affiliations", params={"customer_ref": f"CUST{NUL}1"}, headers=proximus.headers
    )
    assert _errors(response) == [
        {
            "parameter": "customer_ref",
            "in": "query",
            "detail": response.json()["errors"][0]["detail"],
        }
    ]


def test_a_nul_in_a_path_parameter_is_refused_naming_it(
    api: TestClient, proximus: Distributor
) -> None:
    response = api.get("/api/v1/affiliations/aff_%00X/mandates", headers=proximus.headers)
    assert [(e["parameter"], e["in"]) for e in _errors(response)] == [("affiliation_id", "path")]


def test_a_nul_in_a_json_string_is_refused_with_its_pointer_and_nothing_is_written(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    body = _subscription(
        api,
        proximus,
        customer_ref=f"CUST{NUL}",
        affiliate=builders.person(given_name=f"Ma{NUL}rie"),
        members=[builders.member(), builders.child(given_name=f"{NUL}")],
    )
    before = builders.row_counts(db)
    response = builders.post(api, "/api/v1/affiliations", body, by=proximus)
    assert [e["pointer"] for e in _errors(response)] == [
        "#/customer_ref",
        "#/affiliate/given_name",
        "#/members/1/given_name",
    ]
    assert builders.row_counts(db) == before


def test_a_nul_in_a_json_key_is_refused_naming_the_key(
    api: TestClient, proximus: Distributor
) -> None:
    declarations = {**builders.declarations(), f"effective{NUL}antivirus": True}
    body = _subscription(api, proximus, prevention_declarations=declarations)
    response = builders.post(api, "/api/v1/affiliations", body, by=proximus)
    assert [e["pointer"] for e in _errors(response)] == [
        "#/prevention_declarations/effective\\u0000antivirus"
    ]


def test_a_nul_in_a_header_is_refused_naming_the_header(
    api: TestClient, proximus: Distributor
) -> None:
    response = builders.post(
        api, "/api/v1/quotes", {"language": "fr"}, by=proximus, key=f"key{NUL}1"
    )
    assert [(e["parameter"], e["in"]) for e in _errors(response)] == [("idempotency-key", "header")]


def _multipart(filename: str, content: bytes, evidence_type: str) -> bytes:
    """Written by hand: clients (browsers, httpx) escape a NUL in a file name as `%00`, so only
    a crafted request carries a raw one."""
    return b"".join(
        (
            b"--edge\r\n",
            b'Content-Disposition: form-data; name="evidence_type"\r\n\r\n',
            evidence_type.encode(),
            b"\r\n--edge\r\n",
            b'Content-Disposition: form-data; name="file"; filename="',
            filename.encode(),
            b'"\r\nContent-Type: application/pdf\r\n\r\n',
            content,
            b"\r\n--edge--\r\n",
        )
    )


@pytest.mark.parametrize(
    ("filename", "content", "evidence_type", "at_fault"),
    [
        (f"invoice{NUL}.pdf", b"%PDF-1.4", "invoice", ["#/file"]),
        ("invoice.pdf", b"%PDF-1.4", f"in{NUL}voice", ["#/evidence_type"]),
        ("invoice.pdf", b"%PDF-1.4\x00binary", "invoice", []),
    ],
    ids=["file name", "form field", "file content"],
)
def test_a_nul_in_a_multipart_field_or_file_name_is_refused_but_a_file_may_hold_any_byte(
    api: TestClient, filename: str, content: bytes, evidence_type: str, at_fault: list[str]
) -> None:
    """Checked before the credentials: a request without a key gets the 422 for a NUL; a
    file's content is bytes (only its name is text), so it goes on to the credentials (401)."""
    response = api.post(
        "/api/v1/claims/clm_X/evidence",
        content=_multipart(filename, content, evidence_type),
        headers={"Content-Type": "multipart/form-data; boundary=edge"},
    )
    if not at_fault:
        assert response.status_code == 401, response.text
        return
    assert [e["pointer"] for e in _errors(response)] == at_fault


def test_a_nul_in_a_page_form_shows_the_error_page(pages: TestClient) -> None:
    token = csrf_of(pages.get("/login").text)
    response = pages.post(
        "/login",
        data={"email": f"an{NUL}@example.be", "password": "x", "csrf_token": token},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")


def test_a_nul_in_a_page_query_shows_the_error_page(pages: TestClient) -> None:
    response = pages.get("/login", params={"next": f"/portal{NUL}"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")


def test_an_escaped_backslash_before_u0000_is_no_nul(
    api: TestClient, proximus: Distributor
) -> None:
    """The quick scan of the JSON text for `\\u0000` is only a hint: the parsed document
    decides (here the text holds a backslash followed by "u0000", no NUL)."""
    response = builders.post(
        api,
        "/api/v1/quotes",
        None,
        by=proximus,
        raw=b'{"language": "fr", "product_code": "\\\\u0000"}',
    )
    assert response.status_code == 404, response.text  # an unknown product, not a NUL
