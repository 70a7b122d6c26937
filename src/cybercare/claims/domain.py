"""Claims, pure rules: evidence uploads (Art. 8.3), where a coverage decision goes (straight
through or to a handler), the handler's authority and the four-eyes rule. No I/O.

The system never declines by itself: an engine decline and a `needs_review` go to a handler
with the engine's trace. Straight through means: the file is complete, the engine accepts
(fully, or partially on the pot's figures of Art. 5.3), and the amount claimed is within the
product's auto-pay ceiling. A handler's decision paying more than the handler authority limit
waits for a second, different person (four eyes).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cybercare.cover.domain import Decision, Outcome
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput
from cybercare.product.model import ClaimsHandling, Guarantee

ART_8_3 = Art("8.3")

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024  # 10 MiB per file
MAX_EVIDENCE_FILES = 10  # per submission (API upload or portal report)
CONTENT_TYPES: dict[str, tuple[bytes, ...]] = {
    # content type -> accepted leading bytes ("" accepts any: text is checked as UTF-8)
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/heic": (),  # ISO BMFF: checked on its "ftyp" box below
    "text/plain": (b"",),
    "message/rfc822": (b"",),
}
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")


class ClaimStatus(StrEnum):
    INCOMPLETE = "incomplete"  # evidence or answers missing (Art. 8.3); the member completes
    IN_REVIEW = "in_review"  # in the handler queue with the engine's trace
    AWAITING_APPROVAL = "awaiting_approval"  # a handler decided above the authority limit
    DECIDED = "decided"  # a final decision (possibly reopened later)
    WITHDRAWN = "withdrawn"  # the member (or an agent for them) withdrew it before a decision


class Route(StrEnum):
    STRAIGHT_THROUGH = "straight_through"
    INCOMPLETE = "incomplete"
    HANDLER = "handler"


class HandlerOutcome(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    DECLINED = "declined"


class FourEyesViolation(Forbidden):
    code = "claims.four_eyes_same_person"


class ClaimNotDecidable(Conflict):
    code = "claims.not_in_review"


@dataclass(frozen=True, slots=True)
class Routing:
    route: Route
    why: str  # a stable code: why the claim went that way


def route_decision(decision: Decision, handling: ClaimsHandling) -> Routing:
    """Where the engine's decision takes the claim."""
    if decision.outcome is Outcome.DECLINED:
        return Routing(Route.HANDLER, "engine.proposes_decline")  # never declined automatically
    if decision.outcome is Outcome.NEEDS_REVIEW:
        return Routing(Route.HANDLER, "engine.needs_review")
    if not decision.is_complete:
        return Routing(Route.INCOMPLETE, "file.incomplete")
    if decision.claimed_cents > handling.auto_pay_ceiling_cents:
        return Routing(Route.HANDLER, "claims.above_auto_pay_ceiling")
    return Routing(Route.STRAIGHT_THROUGH, "claims.straight_through")


def route_possible_duplicate(routing: Routing, duplicate_of: str | None) -> Routing:
    """A possible duplicate never settles straight through: a claim that may repeat another
    case of the household goes to a handler, who checks it is not the same loss paid twice.
    A file still incomplete stays with the member (checked again once complete); a file going
    to a handler for another reason keeps that reason."""
    if duplicate_of is not None and routing.route is Route.STRAIGHT_THROUGH:
        return Routing(Route.HANDLER, "claims.possible_duplicate")
    return routing


def needs_second_approval(payable_cents: int, handling: ClaimsHandling) -> bool:
    return payable_cents > handling.handler_authority_limit_cents


def check_second_approver(first: str, second: str) -> None:
    if first == second:
        raise FourEyesViolation(
            "the second approval must come from another person than the first handler",
            params={"handler": first},
        )


def check_handler_amount(outcome: HandlerOutcome, payable_cents: int, claimed_cents: int) -> None:
    if payable_cents < 0 or payable_cents > claimed_cents:
        raise InvalidInput("payable", "must be between 0 and the amount claimed")
    if outcome is HandlerOutcome.DECLINED and payable_cents:
        raise InvalidInput("payable", "a decline pays nothing")
    if outcome is HandlerOutcome.ACCEPTED and payable_cents != claimed_cents:
        raise InvalidInput("outcome", "an acceptance below the amount claimed is partial")
    if outcome is HandlerOutcome.PARTIALLY_ACCEPTED and not 0 < payable_cents < claimed_cents:
        raise InvalidInput("payable", "a partial acceptance pays less than the amount claimed")


def evidence_codes(guarantee: Guarantee, kind: str | None) -> tuple[str, ...]:
    """The evidence types a claim of this guarantee (and kind) may carry (Art. 8.3)."""
    return tuple(e.code for e in guarantee.evidence_for(kind))


def check_evidence_upload(
    *,
    evidence_type: str,
    allowed_types: tuple[str, ...],
    content_type: str,
    content: bytes,
    max_bytes: int = MAX_EVIDENCE_BYTES,
) -> str:
    """Refuse an upload of another type than Art. 8.3 lists for the claim, an empty or too
    large file, or a content type the platform does not keep; returns the content type."""
    errors: list[tuple[str, str]] = []
    if evidence_type not in allowed_types:
        errors.append(("evidence_type", f"one of {list(allowed_types)} (Art. 8.3)"))
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    if media not in CONTENT_TYPES:
        errors.append(("file", f"content type {media!r} is not one of {sorted(CONTENT_TYPES)}"))
    elif not _looks_like(media, content):
        errors.append(("file", f"the content is not a {media} file"))
    if not content:
        errors.append(("file", "the file is empty"))
    elif len(content) > max_bytes:
        errors.append(("file", f"the file is larger than {max_bytes} bytes"))
    if errors:
        raise InvalidInput.of(errors)
    return media


def _looks_like(media: str, content: bytes) -> bool:
    if media == "image/heic":
        return content[4:8] == b"ftyp" and content[8:12] in _HEIC_BRANDS
    if media in ("text/plain", "message/rfc822"):
        try:
            content[:4096].decode("utf-8")
        except UnicodeDecodeError as error:
            return error.start > 4090  # a multi-byte character cut at the window's end
        return True
    return any(content.startswith(magic) for magic in CONTENT_TYPES[media])
