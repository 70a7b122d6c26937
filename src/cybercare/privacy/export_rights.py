"""Two sections of the data export that other parts of issue 17 provide: who read the person's
data (the read log, GDPR art. 15(1)(c): the recipients) and the consents they gave or that were
given for them (GDPR art. 7(1): the controller proves the consent). Registered by
`export_content` after its own sections."""

from __future__ import annotations

from dataclasses import asdict

from cybercare.consent.consent_service import consents_of_person
from cybercare.documents.layout import Block, Heading, Paragraph, Table
from cybercare.documents.translations import gettext
from cybercare.privacy import read_log_texts as words
from cybercare.privacy.export_sections import ExportContext, Section, SectionPart, cell
from cybercare.privacy.export_texts import t, word
from cybercare.privacy.read_log_service import reads_of_person


def reads(context: ExportContext) -> SectionPart:
    """Every staff read of the person's own data, newest first: when, what, which function and
    why (the staff member's name is not given: docs/privacy-read-log.md says why)."""
    lang = context.scope.language
    rows = reads_of_person(context.uow, context.scope.person_id)
    data = [
        {
            "read_at": r.read_at,
            "kind": r.kind.value,
            "purpose": r.purpose.value,
            "staff_function": r.staff_function,
            "case_id": r.case_id,
        }
        for r in rows
    ]
    blocks: list[Block] = [Heading(t("reads", lang))]
    blocks.append(
        Table(
            (t("read_on", lang), t("data_read", lang), t("read_by", lang), t("read_why", lang)),
            tuple(
                (
                    cell(r.read_at, lang),
                    gettext(lang, words.READ_KINDS.get(r.kind.value, words.UNKNOWN)),
                    gettext(lang, words.STAFF_FUNCTIONS.get(r.staff_function, words.UNKNOWN)),
                    gettext(lang, words.PURPOSES.get(r.purpose.value, words.UNKNOWN)),
                )
                for r in rows
            ),
            (1.2, 2, 2, 2),
            ("LEFT", "LEFT", "LEFT", "LEFT"),
        )
        if rows
        else Paragraph(t("none", lang))
    )
    return SectionPart(data, tuple(blocks))


def consents(context: ExportContext) -> SectionPart:
    """The consents to psychological assistance given by or for the person, withdrawn ones
    included, with the exact text they agreed to (in data.json)."""
    lang = context.scope.language
    records = consents_of_person(context.uow, context.scope.person_id)
    data = [asdict(r) for r in records]
    blocks: list[Block] = [Heading(t("consents", lang))]
    blocks.append(
        Table(
            (t("consent_given", lang), t("consent_version", lang), t("consent_withdrawn", lang)),
            tuple(
                (
                    cell(r.given_at, lang),
                    f"{r.text_version} ({r.language}, {word(r.channel, lang)})",
                    cell(r.withdrawn_at, lang) or "-",
                )
                for r in records
            ),
            (1.5, 2, 1.5),
            ("LEFT", "LEFT", "LEFT"),
        )
        if records
        else Paragraph(t("none", lang))
    )
    return SectionPart(data, tuple(blocks))


SECTIONS = (Section("reads", reads), Section("consents", consents))
