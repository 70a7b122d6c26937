"""Indicators out of what a member forwards, with kept libraries (issue 20):

- registrable domains of URLs and host names: `tldextract` with its bundled Public Suffix List
  snapshot, never fetched at run time (`suffix_list_urls=()`, no cache directory);
- IBANs: `schwifty` (checksum and country format);
- phone numbers: `phonenumbers`, Belgium the default region, stored as E.164;
- senders of e-mails: the standard library's `email` parser (`policy.default`), From,
  Reply-To, Return-Path and Sender, and the URLs, IBANs and numbers of the text part.

Values are normalised so that the same indicator from two households is the same row value:
domains in lower-case IDNA (punycode) form, IBANs compact upper case, phones E.164.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from functools import cache
from urllib.parse import urlsplit

import phonenumbers
import tldextract
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from cybercare.kernel.errors import InvalidInput
from cybercare.radar.domain import Indicator, IndicatorKind, ReportKind
from cybercare.radar.lookalike import lookalike_of

DEFAULT_REGION = "BE"
MAX_EML_BYTES = 2_000_000

SOCIAL_HOSTS = frozenset(
    {
        "facebook.com",
        "instagram.com",
        "tiktok.com",
        "x.com",
        "twitter.com",
        "linkedin.com",
        "snapchat.com",
        "youtube.com",
        "t.me",
    }
)

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'()]+")
_HOST = re.compile(
    r"(?i)(?<![@\w.-])((?:[\w-]{1,63}\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59}))(?=[/:\s,;!?)]|$|\.(?:\s|$))"
)
_EMAIL = re.compile(r"(?i)\b[\w.+-]+@(?:[\w-]+\.)+[\w-]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")


@cache
def _extractor() -> tldextract.TLDExtract:
    """The bundled suffix list only: no URL to fetch, no cache directory written (issue 20)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def idna(host: str) -> str:
    """`host` in lower-case IDNA (punycode) form; labels that do not encode stay as typed."""
    labels = []
    for label in host.strip().strip(".").lower().split("."):
        try:
            labels.append(label.encode("idna").decode("ascii") if label else label)
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


def registrable_domain(text: str) -> str | None:
    """The registrable domain ("bpost-fee.info") of a URL or host name, in IDNA form; None
    when it has no known public suffix."""
    raw = text.strip()
    if "://" not in raw:
        raw = "http://" + raw
    try:
        host = urlsplit(raw).hostname or ""
    except ValueError:
        return None
    parts = _extractor()(idna(host))
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()


def normal_iban(text: str) -> str | None:
    try:
        return IBAN(text.replace(" ", "").upper()).compact
    except (SchwiftyException, ValueError):
        return None


def normal_phone(text: str, region: str = DEFAULT_REGION) -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normal_email(text: str) -> str | None:
    address = text.strip().strip("<>").lower()
    if not _EMAIL.fullmatch(address):
        return None
    local, _, host = address.rpartition("@")
    return f"{local}@{idna(host)}"


def _domain_indicator(shown: str) -> Indicator | None:
    value = registrable_domain(shown)
    if value is None:
        return None
    return Indicator(IndicatorKind.DOMAIN, value, shown[:300], lookalike_of(value))


def _profile_indicator(url: str) -> Indicator | None:
    raw = url if "://" in url else "https://" + url
    parts = urlsplit(raw)
    domain = registrable_domain(raw)
    if domain not in SOCIAL_HOSTS:
        return None
    path = parts.path.strip("/").lower().split("/")[0]
    if not path:
        return None
    return Indicator(IndicatorKind.PROFILE, f"{domain}/{path}", url[:300])


def indicators_in_text(text: str, region: str = DEFAULT_REGION) -> list[Indicator]:
    """Every domain, social profile, e-mail address, IBAN and phone number in `text`."""
    found: list[Indicator] = []
    emails = set()
    for match in _EMAIL.finditer(text):
        value = normal_email(match.group())
        if value:
            emails.add(match.group().lower())
            found.append(Indicator(IndicatorKind.EMAIL, value, match.group()))
            domain = _domain_indicator(value.rpartition("@")[2])
            if domain is not None:
                found.append(domain)
    without_emails = _EMAIL.sub(" ", text)
    for match in _URL.finditer(without_emails):
        url = match.group().rstrip(".,;:!?")
        profile = _profile_indicator(url)
        if profile is not None:
            found.append(profile)
        indicator = _domain_indicator(url)
        if indicator is not None:
            found.append(indicator)
    for match in _HOST.finditer(_URL.sub(" ", without_emails)):
        indicator = _domain_indicator(match.group(1))
        if indicator is not None:
            found.append(indicator)
    for match in _IBAN.finditer(text.upper()):
        value = normal_iban(match.group())
        if value:
            found.append(Indicator(IndicatorKind.IBAN, value, match.group()))
    for number in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID
    ):
        e164 = phonenumbers.format_number(number.number, phonenumbers.PhoneNumberFormat.E164)
        found.append(Indicator(IndicatorKind.PHONE, e164, number.raw_string))
    return unique(found)


def unique(indicators: list[Indicator]) -> list[Indicator]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for indicator in indicators:
        key = (indicator.kind.value, indicator.value)
        if key not in seen:
            seen.add(key)
            kept.append(indicator)
    return kept


@dataclass(frozen=True, slots=True)
class ParsedEmail:
    subject: str
    senders: tuple[str, ...]  # From, Reply-To, Return-Path, Sender: the addresses, as written
    text: str  # the plain text part (or the HTML part's text when there is no plain part)


def parse_eml(data: bytes) -> ParsedEmail:
    """An uploaded .eml file, read with the standard library's parser (`policy.default`)."""
    if len(data) > MAX_EML_BYTES:
        raise InvalidInput("file", "an e-mail file of at most 2 MB")
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(message, EmailMessage) or not (message["From"] or message["Subject"]):
        raise InvalidInput("file", "not an e-mail file (.eml)")
    senders: list[str] = []
    for header in ("From", "Reply-To", "Return-Path", "Sender"):
        for value in message.get_all(header, []):
            senders.extend(address for _, address in getaddresses([str(value)]) if address)
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        content = body.get_content()
        text = content if isinstance(content, str) else ""
        if body.get_content_type() == "text/html":
            text = re.sub(r"<[^>]+>", " ", text)
            text += " " + " ".join(re.findall(r'href="([^"]+)"', content))
    return ParsedEmail(str(message["Subject"] or ""), tuple(dict.fromkeys(senders)), text)


def indicators_of(
    kind: ReportKind, content: str, *, eml: bytes | None = None, region: str = DEFAULT_REGION
) -> tuple[str, list[Indicator]]:
    """The text to keep and the indicators of one report. A link, phone, IBAN, shop or profile
    is the value itself; a text, e-mail or screenshot is searched."""
    value = content.strip()
    if kind is ReportKind.EMAIL:
        if eml is None:
            raise InvalidInput("file", "upload the e-mail as an .eml file")
        parsed = parse_eml(eml)
        found: list[Indicator] = []
        for sender in parsed.senders:
            address = normal_email(sender)
            if address:
                found.append(Indicator(IndicatorKind.EMAIL, address, sender))
                domain = _domain_indicator(address.rpartition("@")[2])
                if domain is not None:
                    found.append(domain)
        text = f"Subject: {parsed.subject}\nFrom: {', '.join(parsed.senders)}\n\n{parsed.text}"
        if value:
            text = f"{value}\n\n{text}"
        return text, unique(found + indicators_in_text(text, region))
    if not value:
        raise InvalidInput("content", "paste or type what you received")
    single = _single(kind, value, region)
    if single is not None:
        return value, [single]
    if kind in {
        ReportKind.LINK,
        ReportKind.SHOP,
        ReportKind.PROFILE,
        ReportKind.PHONE,
        ReportKind.IBAN,
    }:
        raise InvalidInput("content", f"not a {kind.value} we can read")
    return value, indicators_in_text(value, region)


def _single(kind: ReportKind, value: str, region: str) -> Indicator | None:
    if kind is ReportKind.IBAN:
        iban = normal_iban(value)
        return Indicator(IndicatorKind.IBAN, iban, value) if iban else None
    if kind is ReportKind.PHONE:
        phone = normal_phone(value, region)
        return Indicator(IndicatorKind.PHONE, phone, value) if phone else None
    if kind is ReportKind.PROFILE:
        return _profile_indicator(value) or _domain_indicator(value)
    if kind in {ReportKind.LINK, ReportKind.SHOP}:
        return _domain_indicator(value)
    return None
