"""The privacy notice at subscription (GDPR art. 13): the quote presents the version in effect,
the subscription records the version the distributor presented to the affiliate (optional, so
partners built before it keep working), and an unknown or stale version is refused."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from cybercare.consent import consent_repository
from cybercare.consent.text_files import privacy_notices
from cybercare.db.uow import Database
from tests.api import builders
from tests.api.builders import TODAY, Distributor

NOTICE = privacy_notices().current(TODAY)


def _subscribe(api: TestClient, by: Distributor, **extra: Any) -> Any:
    body = {**builders.subscription(terms_token=builders.quote(api, by=by)), **extra}
    return builders.post(api, "/api/v1/affiliations", body, by=by)


def _affiliate_id(created: dict[str, Any]) -> str:
    return next(m["person_id"] for m in created["members"] if m["relationship"] == "affiliate")


def test_gdpr_13_the_quote_presents_the_privacy_notice_in_effect(
    api: TestClient, proximus: Distributor
) -> None:
    quote = builders.post(api, "/api/v1/quotes", {"language": "de"}, by=proximus).json()
    notice = quote["privacy_notice"]
    assert notice["version"] == NOTICE.version
    assert notice["language"] == "de"
    assert notice["text"] == NOTICE.text("de")
    assert notice["sha256"] == NOTICE.sha256("de")
    assert notice["url"] == "/privacy?lang=de"


def test_gdpr_13_the_subscription_records_the_notice_presented_to_the_affiliate(
    api: TestClient, proximus: Distributor, db: Database
) -> None:
    response = _subscribe(api, proximus, privacy_notice_version=NOTICE.version)
    assert response.status_code == 201, response.text
    created = response.json()
    with db.reader() as uow:
        shown = consent_repository.notices_shown(uow, _affiliate_id(created))
    assert [(s.notice_version, s.event, s.distributor_code, s.affiliation_id) for s in shown] == [
        (NOTICE.version, "subscription", "proximus", created["id"])
    ]
    assert shown[0].text_sha256 == NOTICE.sha256(shown[0].language)


def test_gdpr_13_a_partner_that_sends_no_notice_version_still_subscribes(
    api: TestClient, proximus: Distributor, db: Database
) -> None:
    response = _subscribe(api, proximus)
    assert response.status_code == 201, response.text
    with db.reader() as uow:
        assert consent_repository.notices_shown(uow, _affiliate_id(response.json())) == []


def test_gdpr_13_an_unknown_notice_version_refuses_the_subscription(
    api: TestClient, proximus: Distributor, db: Database
) -> None:
    before = builders.row_counts(db)
    response = _subscribe(api, proximus, privacy_notice_version="1999-01")
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["pointer"] == "#/privacy_notice_version"
    assert builders.row_counts(db) == before  # nothing subscribed
