"""The words of reaching the member in the back office (Art. 8.4): what came of a try, as the
agent chooses it and as the case's list of tries shows it."""

from __future__ import annotations

from cybercare.web.i18n import N_

# What the agent chooses: kind, outcome and channel in one answer.
RESULTS: dict[str, tuple[str, str, str]] = {
    "call:reached": ("call", "reached", "phone"),
    "call:voicemail": ("call", "voicemail", "phone"),
    "call:no_answer": ("call", "no_answer", "phone"),
    "message:email": ("message", "sent", "email"),
    "message:sms": ("message", "sent", "sms"),
    "message:portal": ("message", "sent", "portal"),
}
RESULT_LABELS: dict[str, str] = {
    "call:reached": N_("Call: reached, we talked"),
    "call:voicemail": N_("Call: voicemail, message left"),
    "call:no_answer": N_("Call: no answer"),
    "message:email": N_("Message sent by e-mail"),
    "message:sms": N_("Message sent by SMS"),
    "message:portal": N_("Message sent in the portal"),
}
# The case's history names the contacts logged (the other steps: `TIMELINE_EVENTS`).
CONTACT_EVENTS: dict[str, str] = {"case.contact_logged": N_("Contact with the member logged")}


def result_of(kind: str, outcome: str, channel: str) -> str:
    """The key of `RESULT_LABELS` of a logged try."""
    return f"{kind}:{outcome if kind == 'call' else channel}"
