"""The portal's "my personal data" page and the staff dashboards' panel (SQLite and
PostgreSQL): ask, download, and the refusals of Art. 11.3."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from tests.web.conftest import csrf_of
from tests.web.portal_world import login, peeters


def test_member_asks_and_downloads_their_archive_and_staff_see_it_fulfilled(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "partner")
    page = portal_client.get("/portal/my-data")
    assert page.status_code == 200
    answer = portal_client.post(
        "/portal/my-data", data={"csrf_token": csrf_of(page.text)}, follow_redirects=True
    )
    assert answer.status_code == 200
    link = answer.text.split('href="/portal/my-data/')[1].split('"')[0]
    archive = portal_client.get(f"/portal/my-data/{link}")
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/zip"
    assert "data.json" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()


def test_art_11_3_a_member_of_another_household_cannot_download(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    other = peeters(container, suffix="_b", with_staff=False)
    login(portal_client, container, world, "partner")
    page = portal_client.get("/portal/my-data")
    answer = portal_client.post(
        "/portal/my-data", data={"csrf_token": csrf_of(page.text)}, follow_redirects=True
    )
    link = answer.text.split('href="/portal/my-data/')[1].split('"')[0]
    portal_client.cookies.clear()
    login(portal_client, container, other, "affiliate")
    refused = portal_client.get(f"/portal/my-data/{link}")
    assert refused.status_code == 404
    assert "data.json" not in refused.text
