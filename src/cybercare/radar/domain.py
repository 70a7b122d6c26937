"""Scam radar rules, pure: what a report is, when its answer is urgent, what a known-bad match
answers at once, which incident a "scam" answer offers, and who may see what (Art. 4, 8.4, 11).

Services load snapshots, ask these functions and enforce the answers. A report another member
made is `ReportNotFound`, the same as a report that does not exist (Art. 11.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Forbidden, InvalidInput, NotFound

ART_4_1 = Art("4.1")
ART_4_4 = Art("4.4")
ART_8_4 = Art("8.4")
ART_11_1 = Art("11.1")
ART_11_3 = Art("11.3")

MAX_CONTENT = 20_000  # characters of a pasted message or an e-mail's text
MAX_ADVICE = 4_000
MAX_REASON = 500


class ReportKind(StrEnum):
    """What the member forwards."""

    TEXT = "text"  # a pasted message (SMS, WhatsApp, chat)
    EMAIL = "email"  # an uploaded .eml file
    SCREENSHOT = "screenshot"  # an image; the member or agent types what it says
    LINK = "link"
    PHONE = "phone"
    IBAN = "iban"
    SHOP = "shop"  # a web shop
    PROFILE = "profile"  # a social-network profile


class AskedTo(StrEnum):
    """What the member was asked to do. The first four move money (the answer is urgent)."""

    PAY = "pay"
    TRANSFER = "transfer"
    GIVE_CARD_OR_CODES = "give_card_or_codes"
    SELL_OR_RECEIVE = "sell_or_receive"  # a "buyer" sends an IBAN or a payment link
    CLICK_LINK = "click_link"
    CALL_BACK = "call_back"
    INSTALL_APP = "install_app"
    SHARE_PERSONAL_DATA = "share_personal_data"
    NOTHING = "nothing"
    OTHER = "other"


MONEY_MOVES = frozenset(
    {AskedTo.PAY, AskedTo.TRANSFER, AskedTo.GIVE_CARD_OR_CODES, AskedTo.SELL_OR_RECEIVE}
)


class IndicatorKind(StrEnum):
    DOMAIN = "domain"  # registrable domain, lower case, IDNA (punycode) form
    IBAN = "iban"  # compact, upper case
    PHONE = "phone"  # E.164
    EMAIL = "email"  # sender address, lower case
    PROFILE = "profile"  # host/path of a social profile, lower case


class Verdict(StrEnum):
    SCAM = "scam"
    SUSPICIOUS = "suspicious"
    LEGITIMATE = "legitimate"
    UNKNOWN = "unknown"


class ReportStatus(StrEnum):
    OPEN = "open"  # waiting for a person of the technical team
    ANSWERED = "answered"


class Answerer(StrEnum):
    TEAM = "team"  # a person of the technical team
    KNOWN_BAD = "known_bad"  # at once, from the known-bad list


class ReportNotFound(NotFound):
    code = "radar.report_not_found"


class RadarRefused(Forbidden):
    code = "radar.refused"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One normalised indicator; `shown` is how the member wrote it; `lookalike_of` names the
    protected domain it imitates (data from `brands.toml`)."""

    kind: IndicatorKind
    value: str
    shown: str
    lookalike_of: str | None = None


# --- SLA (Art. 8.4) --------------------------------------------------------------------------


def is_urgent(asked_to: AskedTo, money_about_to_move: bool) -> bool:
    """Urgent (the one-hour clock of Art. 8.4) when money is about to move: the member was asked
    to pay, transfer, hand over card or codes, or trade with a "buyer", or says so."""
    return money_about_to_move or asked_to in MONEY_MOVES


@dataclass(frozen=True, slots=True)
class InstantAnswer:
    """The answer given at once when an indicator is on the known-bad list; `needs_person`
    keeps the report in the team's queue where money is at stake."""

    verdict: Verdict
    matched: tuple[Indicator, ...]
    needs_person: bool


def instant_answer(
    indicators: Iterable[Indicator], known_bad: frozenset[tuple[str, str]], *, urgent: bool
) -> InstantAnswer | None:
    matched = tuple(i for i in indicators if (i.kind.value, i.value) in known_bad)
    if not matched:
        return None
    return InstantAnswer(Verdict.SCAM, matched, needs_person=urgent)


# --- the incident a scam may become (Art. 4) ------------------------------------------------


def incident_guarantee(kind: ReportKind, asked_to: AskedTo, money_lost: bool) -> str:
    """The guarantee a "scam" answer pre-fills: a payment means fraudulent use of a means of
    payment (Art. 4.4, PAYF), a web shop e-commerce (Art. 4.5, ECOM), a profile harassment
    (Art. 4.2, EREP), personal data or codes handed over identity theft (Art. 4.3, IDT);
    otherwise advice of the assistance line (Art. 4.1, ASSIST). The member may change it."""
    if kind is ReportKind.SHOP:
        return "ECOM"
    if kind is ReportKind.PROFILE:
        return "EREP"
    if money_lost or asked_to in {AskedTo.PAY, AskedTo.TRANSFER, AskedTo.GIVE_CARD_OR_CODES}:
        return "PAYF"
    if asked_to is AskedTo.SHARE_PERSONAL_DATA:
        return "IDT"
    return "ASSIST"


@dataclass(frozen=True, slots=True)
class IncidentDraft:
    """What one tap on "open the incident" pre-fills: the guarantee, the dates and the
    indicators as evidence in the narrative."""

    report_id: str
    person_id: str
    guarantee_code: str
    discovery_date: date
    narrative: str


def incident_draft(
    *,
    report_id: str,
    person_id: str,
    kind: ReportKind,
    asked_to: AskedTo,
    money_lost: bool,
    reported_on: date,
    content: str,
    indicators: Iterable[Indicator],
) -> IncidentDraft:
    evidence = "; ".join(f"{i.kind.value}: {i.shown}" for i in indicators)
    narrative = (
        f"Reported to the scam radar ({report_id}), answered as a scam. "
        f"Asked to: {asked_to.value}. Indicators: {evidence or 'none'}.\n\n{content[:2000]}"
    )
    return IncidentDraft(
        report_id=report_id,
        person_id=person_id,
        guarantee_code=incident_guarantee(kind, asked_to, money_lost),
        discovery_date=reported_on,
        narrative=narrative.strip(),
    )


# --- who may do what (Art. 11) --------------------------------------------------------------

ANSWER_ROLES = (Role.TECHNICAL, Role.SUPERVISOR)
RADAR_READ_ROLES = (Role.TECHNICAL, Role.LEGAL, Role.FINANCIAL, Role.SUPERVISOR)


def may_see_report(principal: Principal, *, reporter_person_id: str) -> bool:
    """Art. 11.3: a report is the reporting member's (and staff's). Other members of the
    household, and other households, learn nothing of it."""
    if principal.is_staff:
        return principal.has_role(*RADAR_READ_ROLES)
    return principal.person_id == reporter_person_id


def require_answerer(principal: Principal, action: str) -> None:
    """The technical team answers reports and keeps the known-bad list; supervisors too."""
    if not principal.has_role(*ANSWER_ROLES):
        raise RadarRefused(
            f"only the technical team or a supervisor may {action}",
            clause=str(ART_4_1),
            params={"action": action},
        )


def require_radar_reader(principal: Principal) -> None:
    """The cluster view is for the assistance teams; finance, claims handlers and admins do
    not see reports (Art. 11.1)."""
    if not principal.has_role(*RADAR_READ_ROLES):
        raise RadarRefused("the radar is for the assistance teams", clause=str(ART_11_1), params={})


def check_answer(verdict: str, advice: str) -> tuple[Verdict, str]:
    try:
        chosen = Verdict(verdict)
    except ValueError:
        raise InvalidInput("verdict", "scam, suspicious, legitimate or unknown") from None
    text = advice.strip()
    if not text:
        raise InvalidInput("advice", "give the member advice")
    if len(text) > MAX_ADVICE:
        raise InvalidInput("advice", f"at most {MAX_ADVICE} characters")
    return chosen, text


def check_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput("reason", "say why this indicator is confirmed")
    if len(text) > MAX_REASON:
        raise InvalidInput("reason", f"at most {MAX_REASON} characters")
    return text


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """What staff see of one indicator across households."""

    kind: IndicatorKind
    value: str
    households: int
    reports: int
    first_at: datetime
    last_at: datetime
    known_bad: bool
