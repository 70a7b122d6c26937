"""The published problem types: one page anchor per error `code` (docs/problems.md).

Every problem+json answer with a `code` has `type` = `PROBLEM_TYPES + code`
(`cybercare.api.problems`). The page is made from the code itself, so that a new error cannot
ship without its type being published: the codes are read from the source (a domain error's
`code = "…"`, a `code="…"` given where one is raised, the lifecycle's `refused("…")` and the
household's `_refused("…")`), with the HTTP status of the error's class and the first line of its
docstring. `tests/api/test_contract.py` fails when docs/problems.md is not what this module
writes; regenerate it with

    PYTHONPATH=src .venv/bin/python -m cybercare.api.problem_types > docs/problems.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cybercare.api.problems import HTTP_CODES, PROBLEM_TYPES

SOURCE = Path(__file__).parents[1]  # the cybercare package
_CLASS = re.compile(r"^class (\w+)\(([\w.]+)\):\n((?:[ \t]+.*\n|\n)*)", re.M)
_CLASS_CODE = re.compile(r'^    code = "([a-z_.]+)"', re.M)
_DOC = re.compile(r'^\s*"""(.*?)"""', re.S)
_CALL_CODE = re.compile(r'\bcode="([a-z_.]+)"')  # not service_code="…"
_REFUSED = {
    "policy": re.compile(r'\brefused\(\s*"([a-z_]+)"'),
    "household": re.compile(r'\b_refused\(\s*"([a-z_]+)"'),
}
_RAISED = re.compile(r"\b([A-Z]\w+)\(")
_MESSAGE = re.compile(r'\s*f?"([^"{}]{8,})"')
_BASE_STATUS = {
    "NotFound": 404,
    "BadRequest": 400,
    "Unauthenticated": 401,
    "Forbidden": 403,
    "RoleRequired": 403,
    "Conflict": 409,
    "InvalidInput": 422,
    "DomainError": 422,
}
# Written by the API itself, not by a domain error.
EDGE_CODES: dict[str, tuple[int, str]] = {
    "invalid_input": (422, "A field or parameter is invalid: `errors` names each one"),
    "rate_limited": (429, "The API key's quota is used up: retry after `Retry-After` seconds"),
    "database_unavailable": (503, "The database cannot be reached: retry after `Retry-After`"),
    "http_error": (400, "Another refusal of the HTTP layer"),
    **{code: (status, f"HTTP {status} from the HTTP layer") for status, code in HTTP_CODES.items()},
}


# What a partner is told about the codes of the distributor API (the others speak for themselves).
PARTNER_MEANINGS = {
    "affiliation.not_found": "No such affiliation for this distributor: unknown, or another "
    "distributor's (Art. 11.1)",
    "unauthenticated": "No API key (or personal token), or an unknown or revoked one",
    "idempotency.key_missing": "A POST without an `Idempotency-Key` header: nothing ran",
    "idempotency.key_too_long": "An `Idempotency-Key` over 255 characters: nothing ran",
    "idempotency.key_reused": "This `Idempotency-Key` was used with another body or path",
    "idempotency.in_progress": "A request with this `Idempotency-Key` is still running: retry",
    "policy.closed_to_new_business": "The product version is closed to new business (Art. 1.4)",
    "product.unknown": "No such product code",
    "certificate.unavailable": "The affiliation has no insured household on that day yet",
    "billing.mandate_not_found": "No mandate with this reference on this affiliation",
    "billing.mandate_in_force": "The affiliation already has a mandate in force",
    "reports.other_distributor": "A distributor reads its own commission statement only",
    "sandbox.test_key_required": "Test clocks live in the sandbox: use a test-mode API key "
    "(`cck_test_…`)",
    "test_clock.not_found": "No such test clock for this distributor (or in `Cybercare-Test-Clock`"
    "): unknown, or another distributor's",
    "test_clock.advancing": "The test clock is still advancing: poll it until `ready`, then retry",
    "test_clock.already_attached": "The affiliation is already on a test clock",
    "radar.refused": "The scam radar refuses this request",
    "radar.report_not_found": "No such scam radar report",
    "not_found": "Nothing at this address, or no such object for this distributor (e.g. a webhook "
    "endpoint)",
}


def _spoken(code: str) -> str:
    return code.replace("_", " ").replace(".", ": ").capitalize()


@dataclass(frozen=True, slots=True)
class ProblemType:
    code: str
    status: int | None
    meaning: str

    @property
    def uri(self) -> str:
        return PROBLEM_TYPES + self.code


def _status_of(name: str, bases: dict[str, str]) -> int | None:
    seen = set()
    while name not in _BASE_STATUS and name in bases and name not in seen:
        seen.add(name)
        name = bases[name].split(".")[-1]
    return _BASE_STATUS.get(name)


@cache
def catalogue() -> list[ProblemType]:
    sources = sorted(SOURCE.rglob("*.py"))
    texts = {path: path.read_text("utf-8") for path in sources}
    bases: dict[str, str] = {}
    for text in texts.values():
        for match in re.finditer(r"^class (\w+)\(([\w.]+)", text, re.M):
            bases.setdefault(match.group(1), match.group(2))
    found: dict[str, ProblemType] = {
        code: ProblemType(code, status, meaning) for code, (status, meaning) in EDGE_CODES.items()
    }

    def add(code: str, status: int | None, meaning: str) -> None:
        known = found.get(code)
        if known is None or (known.status is None and status is not None):
            found[code] = ProblemType(code, status, meaning or (known.meaning if known else ""))

    for text in texts.values():
        for match in _CLASS.finditer(text):
            name, base, block = match.groups()
            coded = _CLASS_CODE.search(block)
            if coded is None:
                continue
            code = coded.group(1)
            documented = _DOC.match(block)
            doc = documented.group(1) if documented else ""
            meaning = " ".join((doc or "").split()).split(". ")[0].rstrip(".")
            meaning = meaning if len(meaning) > 12 else ""
            add(code, _status_of(name, bases) or _status_of(base.split(".")[-1], bases), meaning)
        for match in _CALL_CODE.finditer(text):
            before = text[max(0, match.start() - 400) : match.start()]
            raised = [m for m in _RAISED.finditer(before) if _status_of(m.group(1), bases)]
            status = _status_of(raised[-1].group(1), bases) if raised else None
            said = _MESSAGE.match(before, raised[-1].end()) if raised else None
            add(match.group(1), status, said.group(1) if said else "")
        for prefix, pattern in _REFUSED.items():
            for match in pattern.finditer(text):
                add(f"{prefix}.{match.group(1)}", 409, "Refused by the terms: `clause` cites it")
    return sorted(found.values(), key=lambda each: each.code)


def render() -> str:
    lines = [
        "# Problem types",
        "",
        "Every error of the API is `application/problem+json` (RFC 9457) with a stable `code`;",
        f"its `type` is this page's anchor for the code: `{PROBLEM_TYPES}<code>`. A refusal of",
        "the product terms also cites its article in `clause`; a validation error lists each",
        "field at fault in `errors` (a JSON pointer into the body, or a parameter). Written by",
        "`python -m cybercare.api.problem_types` from the source: do not edit by hand.",
        "",
        "| Code | Status | Meaning |",
        "|---|---|---|",
    ]
    for each in catalogue():
        status = str(each.status) if each.status else "see the operation"
        anchor = f'<a id="{each.code}"></a>`{each.code}`'
        meaning = PARTNER_MEANINGS.get(each.code) or each.meaning or _spoken(each.code)
        lines.append(f"| {anchor} | {status} | {meaning.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render())
