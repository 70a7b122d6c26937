"""What the radar tells a member in their language (Art. 11.4): the instant answer of a known
scam, and the e-mails of an answer and of a confirmation. Catalogue messages (`radar20.po`),
translated with `gettext(language, msgid)`; placeholders filled with `str.format` after."""

from __future__ import annotations

from cybercare.documents.translations import N_

KNOWN_SCAM = N_(
    "A known scam, already reported by other Cyber Care households. Do not pay, click or call "
    "back. If you already paid or gave codes, block your card with Card Stop (078 170 170) and "
    "call your bank now."
)
ANSWERED_SUBJECT = N_("Cyber Care answered your question: is this a scam?")
ANSWERED_BODY = N_(
    "Our technical team looked at what you forwarded: {verdict}.\n\n{advice}\n\n"
    "See the answer in your portal: {link}"
)
CONFIRMED_SUBJECT = N_("What you reported is confirmed as a scam")
CONFIRMED_BODY = N_(
    "Thank you for your report. Cyber Care confirmed that {shown} is used by scammers; other "
    "households reported it too. Do not pay or reply. If you paid, call your bank now and open "
    "an incident in your portal: {link}"
)
VERDICTS = {
    "scam": N_("a scam"),
    "suspicious": N_("suspicious"),
    "legitimate": N_("legitimate"),
    "unknown": N_("we cannot tell"),
}
