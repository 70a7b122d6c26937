"""Art. 11.1, 11.3: no error reveals the existence or the id of something the caller may not see.

For each kind of object, an unauthorised caller (a member of another household, the other adult
of the household, another distributor, staff without the role) asks for a real one and for an id
that does not exist. The answers must be the same: status, media type and body, apart from the
request's `instance` and the id the caller sent itself (echoed alike for both). And the answer
about the real object holds none of its other ids or attributes (its case, its amounts, ...).

Webhook endpoints have no route that takes their id (operators manage them from the command
line); an API key is probed as the credential it is: another distributor's revoked key answers
like a key that never existed. Both databases."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import revoke_api_key
from tests.api import builders
from tests.conftest import Backend
from tests.privacy import minimisation_scene
from tests.privacy.minimisation_scene import Scene
from tests.web.portal_world import login_as

UNKNOWN = {
    "case": "case_ZZZZZZZZZZZZ",
    "claim": "clm_ZZZZZZZZZZZZ",
    "evidence": "999999999",
    "payout": "pay_ZZZZZZZZZZZZ",
    "affiliation": "aff_ZZZZZZZZZZZZ",
    "mandate": "PROX-MANDATE-9999",
    "person": "per_ZZZZZZZZZZZZ",
}


@dataclass(frozen=True)
class Probe:
    kind: str  # the kind of object
    caller: str  # a key of Scene.tokens, or a distributor's name
    method: str
    path: str  # with {case}, {claim}, ... placeholders
    body: dict[str, Any] | None = None

    def __str__(self) -> str:
        return f"{self.kind}-{self.caller}-{self.method}-{self.path}"


MEMBERS = ("spouse", "other_household")
PROBES = [
    *(Probe("case", who, "GET", "/api/v1/cases/{case}") for who in MEMBERS),
    *(
        Probe("case", who, "POST", "/api/v1/cases/{case}/messages", {"body": "hello"})
        for who in MEMBERS
    ),
    *(Probe("claim", who, "GET", "/api/v1/claims/{claim}") for who in MEMBERS),
    *(Probe("claim", who, "POST", "/api/v1/claims/{claim}/withdrawal", {}) for who in MEMBERS),
    *(
        Probe("evidence", who, "GET", "/api/v1/claims/{claim}/evidence/{evidence}")
        for who in MEMBERS
    ),
    *(Probe("letter", who, "GET", "/api/v1/claims/{claim}/letter.pdf") for who in MEMBERS),
    Probe("payout", "technical", "POST", "/api/v1/payouts/{payout}/approval", {}),
    Probe("claim", "technical", "POST", "/api/v1/claims/{claim}/approval", {}),
    *(
        Probe("affiliation", "telenet", "GET", path)
        for path in (
            "/api/v1/affiliations/{affiliation}",
            "/api/v1/affiliations/{affiliation}/certificate.pdf",
            "/api/v1/affiliations/{affiliation}/withdrawal",
            "/api/v1/affiliations/{affiliation}/termination",
            "/api/v1/affiliations/{affiliation}/mandates",
        )
    ),
    Probe("affiliation", "telenet", "POST", "/api/v1/affiliations/{affiliation}/withdrawal", {}),
    Probe(
        "mandate",
        "telenet",
        "POST",
        "/api/v1/affiliations/{own_affiliation}/mandates/{mandate}/cancellation",
        {},
    ),
    Probe(
        "member",
        "telenet",
        "POST",
        "/api/v1/affiliations/{own_affiliation}/members/{person}/departure",
        {"left_on": "2026-12-15"},
    ),
    Probe(
        "member",
        "telenet",
        "POST",
        "/api/v1/affiliations/{own_affiliation}/call-backs",
        {
            "person_id": "{person}",
            "requested_by_person_id": "{person}",
            "phone": "+32 470 12 34 56",
            "what_is_happening": "I am being harassed right now",
            "urgency_reason": "ongoing_harassment",
        },
    ),
]


@pytest.fixture
def container(backend: Backend, db: Database, clock: FixedClock) -> Container:
    builders.seed(db, clock)
    return builders.container(db, url=backend.url, clock=clock)


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container)) as test_client:
        yield test_client


@pytest.fixture
def scene(client: TestClient, db: Database, clock: FixedClock) -> Scene:
    built = minimisation_scene.build(client, db, clock)
    minimisation_scene.open_case_and_claim(built)
    minimisation_scene.register_mandate(built)
    return built


def _ids(scene: Scene) -> dict[str, str]:
    return {
        "case": scene.case_id,
        "claim": scene.claim_id,
        "evidence": scene.evidence_id,
        "payout": scene.payout_id,
        "affiliation": scene.affiliation["id"],
        "mandate": scene.mandate_reference,
        "person": scene.person("spouse"),
    }


def _headers(scene: Scene, caller: str) -> dict[str, str]:
    if caller in ("proximus", "telenet"):
        return dict(getattr(scene, caller).headers)
    return dict(scene.tokens[caller])


def _fill(text: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        text = text.replace("{" + name + "}", value)
    return text


def _ask(scene: Scene, probe: Probe, ids: dict[str, str], key: str) -> Response:
    ids = {**ids, "own_affiliation": scene.telenet_affiliation["id"]}
    path = _fill(probe.path, ids)
    headers = {**_headers(scene, probe.caller), "Idempotency-Key": key}
    if probe.method == "GET":
        return scene.client.get(path, headers=headers)
    body = json.loads(_fill(json.dumps(probe.body), ids))
    return scene.client.post(path, json=body, headers=headers)


def _asked(probe: Probe) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", probe.path + json.dumps(probe.body)))


def _only(ids: dict[str, str], names: set[str]) -> dict[str, str]:
    return {name: value for name, value in ids.items() if name in names}


def _normalised(response: Response, ids: dict[str, str]) -> tuple[int, str, Any]:
    """The answer with the ids the caller sent (echoed alike for a real and an unknown one)
    replaced by their names, and without the request's `instance`."""
    text = response.text
    for name, value in ids.items():
        text = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", "{" + name + "}", text)
    media = response.headers.get("content-type", "")
    body: Any = text
    if "json" in media:
        body = json.loads(text)
        if isinstance(body, dict):
            body.pop("instance", None)
    return response.status_code, media, body


def _attributes(scene: Scene, probe: Probe) -> set[str]:
    """What the real object would give away beyond the id the caller sent."""
    asked = _asked(probe)
    ids = _ids(scene)
    facts = scene.case_facts() | {
        scene.affiliation["id"],
        scene.affiliation["customer_ref"],
        *(m["person_id"] for m in scene.affiliation["members"]),
        "ECOM",
    }
    return facts - {ids[name] for name in asked if name in ids}


@pytest.mark.parametrize("probe", PROBES, ids=str)
def test_art_11_an_object_out_of_sight_answers_as_one_that_does_not_exist(
    scene: Scene, probe: Probe
) -> None:
    real = _ids(scene)
    hidden = _ask(scene, probe, real, "probe-real")
    unknown = _ask(scene, probe, UNKNOWN, "probe-unknown")
    assert hidden.status_code in (401, 403, 404, 409, 422), hidden.text
    asked = _asked(probe)
    assert _normalised(hidden, _only(real, asked)) == _normalised(unknown, _only(UNKNOWN, asked))
    leaked = {fact for fact in _attributes(scene, probe) if fact in hidden.text}
    assert not leaked, f"{probe}: {hidden.text}"


def test_art_11_1_another_distributors_revoked_key_answers_as_an_unknown_key(
    scene: Scene, db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        revoke_api_key(uow, key_id=scene.telenet.key_id, clock=clock, actor="test")
        uow.commit()
    revoked = scene.client.get("/api/v1/events", headers=scene.telenet.headers)
    forged = scene.telenet.token[:-6] + "AAAAAA"
    unknown = scene.client.get("/api/v1/events", headers={"Authorization": f"Bearer {forged}"})
    assert revoked.status_code == unknown.status_code == 401
    real = {"key": scene.telenet.token}
    assert _normalised(revoked, real) == _normalised(unknown, {"key": forged})
    assert scene.telenet.key_id not in revoked.text and "telenet" not in revoked.text


PORTAL_PAGES = (
    "/portal/cases/{case}",
    "/portal/documents/letters/{claim}.pdf",
    "/portal/claims/{claim}/evidence/{evidence}",
    "/portal/payouts/{payout}/account",
)
_PER_REQUEST = re.compile(r'(nonce|name="csrf_token" value|hx-headers)=("[^"]*"|\'[^\']*\')')


@pytest.mark.parametrize("who", MEMBERS)
def test_art_11_3_a_portal_page_out_of_sight_is_the_page_of_one_that_does_not_exist(
    scene: Scene, container: Container, who: str
) -> None:
    """The same probes through the member portal (HTML pages, signed in with a password): the
    page of another household's (or the other adult's) object is the page of an unknown one."""
    real = _ids(scene)
    with TestClient(create_app(container=container), base_url="https://testserver") as browser:
        login_as(browser, container, scene.members[who])
        for template in PORTAL_PAGES:
            paths = (_fill(template, real), _fill(template, UNKNOWN))
            hidden, unknown = (browser.get(path, follow_redirects=False) for path in paths)
            assert hidden.status_code == unknown.status_code == 404, template
            # A page names no id but in the link back to itself (the language switch): that
            # echo of the address asked aside, and the per-request tokens, the pages are equal.
            pages = [
                _PER_REQUEST.sub(r'\1="-"', answer.text.replace(path, "{path}"))
                for answer, path in zip((hidden, unknown), paths, strict=True)
            ]
            assert pages[0] == pages[1], template
            assert not {f for f in _attributes(scene, Probe("", who, "GET", "")) if f in pages[0]}
