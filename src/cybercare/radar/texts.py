"""What the radar tells a member in their language (Art. 11.4): the instant answer of a known
scam, and the e-mails of an answer and of a confirmation. Pure data."""

from __future__ import annotations

KNOWN_SCAM = {
    "en": "A known scam, already reported by other Cyber Care households. Do not pay, click or "
    "call back. If you already paid or gave codes, block your card with Card Stop (078 170 170) "
    "and call your bank now.",
    "fr": "Une arnaque connue, déjà signalée par d'autres ménages Cyber Care. Ne payez pas, ne "
    "cliquez pas, ne rappelez pas. Si vous avez déjà payé ou donné des codes, faites bloquer "
    "votre carte via Card Stop (078 170 170) et appelez votre banque tout de suite.",
    "nl": "Een gekende oplichting, al gemeld door andere Cyber Care-gezinnen. Betaal niet, klik "
    "niet en bel niet terug. Hebt u al betaald of codes gegeven, laat uw kaart blokkeren via "
    "Card Stop (078 170 170) en bel meteen uw bank.",
    "de": "Ein bekannter Betrug, bereits von anderen Cyber-Care-Haushalten gemeldet. Nicht "
    "zahlen, nicht klicken, nicht zurückrufen. Wenn Sie schon gezahlt oder Codes gegeben haben, "
    "lassen Sie Ihre Karte über Card Stop (078 170 170) sperren und rufen Sie sofort Ihre Bank an.",
}

ANSWERED_SUBJECT = {
    "en": "Cyber Care answered your question: is this a scam?",
    "fr": "Cyber Care a répondu : est-ce une arnaque ?",
    "nl": "Cyber Care heeft geantwoord: is dit oplichting?",
    "de": "Cyber Care hat geantwortet: Ist das Betrug?",
}

VERDICT = {
    "en": {
        "scam": "a scam",
        "suspicious": "suspicious",
        "legitimate": "legitimate",
        "unknown": "we cannot tell",
    },
    "fr": {
        "scam": "une arnaque",
        "suspicious": "suspect",
        "legitimate": "légitime",
        "unknown": "impossible à dire",
    },
    "nl": {
        "scam": "oplichting",
        "suspicious": "verdacht",
        "legitimate": "betrouwbaar",
        "unknown": "niet te zeggen",
    },
    "de": {
        "scam": "Betrug",
        "suspicious": "verdächtig",
        "legitimate": "seriös",
        "unknown": "nicht zu sagen",
    },
}

ANSWERED_BODY = {
    "en": "Our technical team looked at what you forwarded: {verdict}.\n\n{advice}\n\n"
    "See the answer in your portal: {link}",
    "fr": "Notre équipe technique a examiné ce que vous nous avez transmis : {verdict}.\n\n"
    "{advice}\n\nVoir la réponse dans votre espace : {link}",
    "nl": "Ons technisch team bekeek wat u doorstuurde: {verdict}.\n\n{advice}\n\n"
    "Bekijk het antwoord in uw portaal: {link}",
    "de": "Unser technisches Team hat geprüft, was Sie weitergeleitet haben: {verdict}.\n\n"
    "{advice}\n\nDie Antwort in Ihrem Portal: {link}",
}

CONFIRMED_SUBJECT = {
    "en": "What you reported is confirmed as a scam",
    "fr": "Ce que vous avez signalé est confirmé comme arnaque",
    "nl": "Wat u meldde, is bevestigd als oplichting",
    "de": "Was Sie gemeldet haben, ist als Betrug bestätigt",
}

CONFIRMED_BODY = {
    "en": "Thank you for your report. Cyber Care confirmed that {shown} is used by scammers; other "
    "households reported it too. Do not pay or reply. If you paid, call your bank now and open "
    "an incident in your portal: {link}",
    "fr": "Merci pour votre signalement. Cyber Care confirme que {shown} est utilisé par des "
    "escrocs ; d'autres ménages l'ont signalé aussi. Ne payez pas, ne répondez pas. Si vous avez "
    "payé, appelez votre banque tout de suite et déclarez un incident dans votre espace : {link}",
    "nl": "Bedankt voor uw melding. Cyber Care bevestigt dat {shown} door oplichters gebruikt "
    "wordt; ook andere gezinnen meldden het. Betaal niet en antwoord niet. Hebt u betaald, bel "
    "meteen uw bank en meld een incident in uw portaal: {link}",
    "de": "Danke für Ihre Meldung. Cyber Care bestätigt, dass {shown} von Betrügern benutzt wird; "
    "auch andere Haushalte haben es gemeldet. Nicht zahlen, nicht antworten. Wenn Sie gezahlt "
    "haben, rufen Sie sofort Ihre Bank an und melden Sie einen Schadenfall in Ihrem Portal: {link}",
}


def text(table: dict[str, str], language: str) -> str:
    return table.get(language, table["en"])
