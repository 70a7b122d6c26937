"""The portal's "my personal data" page (SQLite and PostgreSQL): ask, "being prepared" while the
worker builds the copy (the page polls with htmx), then the download link; and the refusals of
Art. 11.3."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from tests.privacy.helpers import run_the_worker
from tests.web.conftest import csrf_of
from tests.web.portal_world import login, peeters


def _ask(client: TestClient) -> str:
    page = client.get("/portal/my-data")
    assert page.status_code == 200
    answer = client.post(
        "/portal/my-data", data={"csrf_token": csrf_of(page.text)}, follow_redirects=True
    )
    assert answer.status_code == 200
    return answer.text


def _link(html: str) -> str:
    return html.split('href="/portal/my-data/')[1].split('"', maxsplit=1)[0]


def test_the_page_says_being_prepared_and_polls_until_the_worker_built_the_copy(
    portal_client: TestClient, container: Container, tmp_path: Path
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "partner")
    asked = _ask(portal_client)
    assert "Being prepared." in asked
    assert 'hx-trigger="every 3s"' in asked
    assert 'href="/portal/my-data/' not in asked
    polled = portal_client.get("/portal/my-data", headers={"HX-Request": "true"})
    assert '<section id="my-data-requests"' in polled.text
    assert "<html" not in polled.text  # htmx gets the section alone
    run_the_worker(container, tmp_path)
    ready = portal_client.get("/portal/my-data", headers={"HX-Request": "true"})
    assert "hx-trigger" not in ready.text  # nothing left to wait for: the polling stops
    archive = portal_client.get(f"/portal/my-data/{_link(ready.text)}")
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/zip"
    assert "data.json" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()


def test_art_11_3_a_member_of_another_household_cannot_download(
    portal_client: TestClient, container: Container, tmp_path: Path
) -> None:
    world = peeters(container)
    other = peeters(container, suffix="_b", with_staff=False)
    login(portal_client, container, world, "partner")
    _ask(portal_client)
    run_the_worker(container, tmp_path)
    link = _link(portal_client.get("/portal/my-data").text)
    portal_client.cookies.clear()
    login(portal_client, container, other, "affiliate")
    refused = portal_client.get(f"/portal/my-data/{link}")
    assert refused.status_code == 404
    assert "data.json" not in refused.text
