"""The report form judged on the incident date (Art. 2.1, 3.4, 9.7, 11.3): Cas, An's adult son,
left the Peeters household on 1 November 2026. He no longer reads anything of the household, but
reaches the report form, declares an incident from when he was insured and follows his case. A
household whose contract ended reports an incident from its cover. Today is 27 November 2026.
"""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.kernel.clauses import Art
from cybercare.policy import repository as policies
from cybercare.policy import service as policy
from cybercare.policy.domain import terminate
from cybercare.policy.service import Actor
from tests.web.accounts import Login, member_login, sign_in_as
from tests.web.test_report import answers, details, send

CAS = "per_adult_chil"
AFFILIATION = "aff_test"


def cas_has_left(container: Container) -> Login:
    login = member_login(container, "adult_child")
    with container.database.uow() as uow:
        policy.member_leaves(
            uow,
            Actor("test"),
            AFFILIATION,
            CAS,
            date(2026, 11, 1),
            container.catalog,
            container.clock,
        )
        uow.commit()
    return login


def signed_in_cas(client: TestClient, container: Container) -> TestClient:
    sign_in_as(client, cas_has_left(container), container.clock)
    return client


def test_art_9_7_member_who_left_is_pointed_to_the_report_form_not_the_household(
    portal_client: TestClient, container: Container
) -> None:
    client = signed_in_cas(portal_client, container)
    home = client.get("/portal", params={"lang": "en"})
    assert home.status_code == 403
    assert "An Peeters" not in home.text  # Art. 11.3: nothing else of the household
    assert "you can still report an incident that happened while you were insured" in home.text
    assert 'href="/portal/report"' in home.text
    form = client.get("/portal/report/ecom", params={"lang": "en"})
    assert form.status_code == 200
    assert "Cas Peeters (you)" in form.text
    assert "Cas Peeters left the household on 1 November 2026" in form.text
    assert "Dina" not in form.text and "An Peeters" not in form.text


def test_art_2_1_member_who_left_declares_an_incident_from_when_he_was_insured(
    portal_client: TestClient, container: Container
) -> None:
    client = signed_in_cas(portal_client, container)
    sent = send(client, "ecom", answers("ecom", person_id=CAS, holder="Cas Peeters"))
    assert sent.status_code == 303, sent.text
    location = sent.headers["location"]
    assert location.startswith("/portal/report/sent/")
    result = client.get(location, params={"lang": "en"})
    assert result.status_code == 200
    assert "Claim accepted" in result.text
    assert "Yearly limit" not in result.text  # Art. 11.3: the household's limits are not his
    case_id = location.rsplit("/", 1)[-1]
    assert case_id in client.get("/portal/cases", params={"lang": "en"}).text
    assert client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).status_code == 200


def test_art_2_1_an_incident_after_leaving_is_refused_on_the_person_field(
    portal_client: TestClient, container: Container
) -> None:
    client = signed_in_cas(portal_client, container)
    data = answers(
        "unknown",
        person_id=CAS,
        occurrence_date="2026-11-10",
        discovery_date="2026-11-12",
    )
    page = details(client, "unknown", data)
    assert page.status_code == 200
    refused = send(client, "unknown", data, files=[])
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text


def test_art_3_4_a_household_whose_contract_ended_reports_an_incident_from_its_cover(
    portal_client: TestClient, container: Container
) -> None:
    sign_in_as(portal_client, member_login(container, "affiliate"), container.clock)
    with container.database.uow() as uow:
        loaded = policies.load(uow, AFFILIATION, for_update=True)
        update = terminate(loaded.affiliation, date(2026, 11, 15), Art("9.4"))
        policies.save_affiliation(uow, update.affiliation, today=container.clock.today())
        uow.commit()
    choose = portal_client.get("/portal/report", params={"lang": "en"})
    assert "Your contract ended on 15 November 2026" in choose.text
    assert "Art. 3.4" in choose.text
    sent = send(portal_client, "ecom", answers("ecom"))
    assert sent.status_code == 303, sent.text
    after = answers("unknown", occurrence_date="2026-11-20", discovery_date="2026-11-21")
    refused = send(portal_client, "unknown", after, files=[])
    assert refused.status_code == 422  # the date is what falls outside the cover
    assert 'id="f-occurrence_date"' in refused.text and 'aria-invalid="true"' in refused.text


def test_art_11_3_the_affiliate_reports_for_a_minor_who_lived_there_on_the_incident_date(
    portal_client: TestClient, container: Container
) -> None:
    sign_in_as(portal_client, member_login(container, "affiliate"), container.clock)
    with container.database.uow() as uow:
        policy.member_leaves(
            uow,
            Actor("test"),
            AFFILIATION,
            "per_minor",
            date(2026, 11, 1),
            container.catalog,
            container.clock,
        )
        uow.commit()
    form = portal_client.get("/portal/report/unknown", params={"lang": "en"})
    assert "Dina Peeters (a minor you represent)" in form.text
    assert "Dina Peeters left the household on 1 November 2026" in form.text
    data = answers("unknown", person_id="per_minor", occurrence_date="2026-10-20")
    sent = send(portal_client, "unknown", data, files=[])
    assert sent.status_code == 303, sent.text
    assert portal_client.get(sent.headers["location"]).status_code == 200
