"""The sections every export has: identity, household memberships, contracts, cases with their
messages, claims with their decisions and reasons, evidence files, letters, and for the
affiliate the billing. Registered in this order (the order of data.json and of the PDF).

Registration points for the sections other parts of issue 17 provide are at the end.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from cybercare.documents import texts as doc
from cybercare.documents.formatting import long_date, money
from cybercare.documents.layout import Block, Fields, Heading, Paragraph, Table
from cybercare.documents.reasons import reason_text
from cybercare.kernel.clock import BRUSSELS
from cybercare.privacy import export_queries as q
from cybercare.privacy import export_rights
from cybercare.privacy.export_sections import (
    ExportContext,
    ExportFile,
    Section,
    SectionPart,
    cell,
    paragraphs,
    register_section,
)
from cybercare.privacy.export_texts import t, word


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"


def _relationship(code: str, language: str) -> str:
    return doc.label(doc.RELATIONSHIPS, code, language) if code in doc.RELATIONSHIPS else code


def _guarantee(context: ExportContext, code: str | None) -> str:
    if code is None:
        return ""
    for product in context.catalog.all():
        if code in {g.code for g in product.guarantees}:
            return product.guarantee(code).label.in_(context.scope.language)
    return code


def identity(context: ExportContext) -> SectionPart:
    lang, uow = context.scope.language, context.uow
    person = q.person(uow, context.scope.person_id) or {}
    login = q.account(uow, context.scope.person_id)
    rows = [
        (t("name", lang), f"{person.get('given_name', '')} {person.get('family_name', '')}"),
        (t("birth_date", lang), cell(person.get("birth_date"), lang)),
        (t("language", lang), str(person.get("language", ""))),
        # "-" rather than an empty cell: the reader sees that nothing is held, not a gap.
        (doc.text("email", lang) if "email" in doc.TEXTS else "E-mail", person.get("email") or "-"),
        (t("phone", lang), person.get("phone") or "-"),
        (t("account", lang), login["email"] if login else t("none", lang)),
    ]
    return SectionPart(
        {"person": person, "portal_login": login},
        (Heading(t("identity", lang)), Fields(tuple(rows))),
    )


def memberships(context: ExportContext) -> SectionPart:
    lang, uow = context.scope.language, context.uow
    held = q.memberships(uow, context.scope.person_id)
    places = q.addresses(uow, context.scope.household_ids)
    blocks: list[Block] = [Heading(t("memberships", lang))]
    blocks.append(
        Table(
            (t("relationship", lang), t("joined", lang), t("left", lang)),
            tuple(
                (
                    _relationship(m["relationship"], lang),
                    cell(m["joined_on"], lang),
                    cell(m["left_on"], lang),
                )
                for m in held
            ),
            (2, 1.5, 1.5),
            ("LEFT", "LEFT", "LEFT"),
        )
    )
    blocks.append(Heading(t("addresses", lang)))
    blocks.append(
        Table(
            (t("address", lang), t("from", lang), t("to", lang)),
            tuple(
                (
                    f"{a['street']} {a['number']}{' ' + a['box'] if a['box'] else ''}, "
                    f"{a['postcode']} {a['city']}",
                    cell(a["from_date"], lang),
                    cell(a["to_date"], lang),
                )
                for a in places
            ),
            (3, 1.2, 1.2),
            ("LEFT", "LEFT", "LEFT"),
        )
    )
    return SectionPart({"memberships": held, "addresses": places}, tuple(blocks))


def contracts(context: ExportContext) -> SectionPart:
    lang = context.scope.language
    held = q.affiliations(context.uow, context.scope.household_ids)
    rows = tuple(
        (
            a["affiliation_id"],
            f"{a['product_code']} {a['product_version']}",
            cell(a["start_date"], lang),
            doc.label(doc.STATUSES, a["status"], lang),
        )
        for a in held
    )
    table = Table(
        (t("contract", lang), t("product", lang), t("start", lang), t("status", lang)),
        rows,
        (1.4, 1.4, 1.2, 1.4),
        ("LEFT", "LEFT", "LEFT", "LEFT"),
    )
    return SectionPart(held, (Heading(t("contracts", lang)), table))


def cases(context: ExportContext) -> SectionPart:
    scope, lang, uow = context.scope, context.scope.language, context.uow
    ids = scope.case_ids
    found = q.cases(uow, ids) if ids else []
    notes = q.notes(uow, ids, psychological_of=scope.psychological_case_ids) if ids else []
    per_case: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for name, rows in (
        ("messages", notes),
        ("workstreams", q.workstreams(uow, ids) if ids else []),
        ("contacts", q.contacts(uow, ids) if ids else []),
        ("takedowns", q.takedowns(uow, ids) if ids else []),
    ):
        for row in rows:
            per_case[row["case_id"]][name].append(row)
    names = {
        p["person_id"]: p
        for p in (q.person(uow, pid) for pid in {c["person_id"] for c in found})
        if p
    }
    blocks: list[Block] = [Heading(t("cases", lang))]
    if not found:
        blocks.append(Paragraph(t("no_cases", lang)))
    data = []
    for case in found:
        extra = per_case[case["case_id"]]
        data.append(
            {**case, **{k: extra[k] for k in ("messages", "workstreams", "contacts", "takedowns")}}
        )
        who = names.get(case["person_id"], {})
        day = cell(case["opened_at"].astimezone(BRUSSELS).date(), lang)
        blocks.append(Heading(t("case_of", lang, case=case["case_id"], date=day)))
        blocks.append(
            Fields(
                (
                    (
                        t("concerns", lang),
                        f"{who.get('given_name', '')} {who.get('family_name', '')}",
                    ),
                    (t("guarantee", lang), _guarantee(context, case["guarantee"])),
                    (t("status", lang), word(case["status"], lang)),
                    (t("narrative", lang), case["narrative"]),
                )
            )
        )
        if extra["messages"]:
            blocks.append(Paragraph(t("messages", lang), small=True))
        for note in extra["messages"]:
            author = (
                t("from_you", lang)
                if note["author_person_id"] == scope.person_id
                else t("from_team", lang)
            )
            if note["compartment"] == "psychological":
                author = f"{author} - {t('psychological', lang)}"
            blocks.append(Paragraph(f"{cell(note['written_at'], lang)} - {author}", small=True))
            blocks.extend(paragraphs(note["body"]))
    return SectionPart(data, tuple(blocks))


def claims(context: ExportContext) -> SectionPart:
    lang, uow, ids = context.scope.language, context.uow, context.scope.case_ids
    found = q.claims(uow, ids) if ids else []
    claim_ids = [c["claim_id"] for c in found]
    decisions = q.decisions(uow, claim_ids) if claim_ids else []
    payouts = q.payouts(uow, claim_ids) if claim_ids else []
    by_claim: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for name, rows in (("decisions", decisions), ("payouts", payouts)):
        for row in rows:
            by_claim[row["claim_id"]][name].append(row)
    blocks: list[Block] = [Heading(t("claims", lang))]
    if not found:
        blocks.append(Paragraph(t("none", lang)))
    data = []
    for claim in found:
        extra = by_claim[claim["claim_id"]]
        data.append({**claim, "decisions": extra["decisions"], "payouts": extra["payouts"]})
        blocks.append(
            Fields(
                (
                    (t("claim", lang), f"{claim['claim_id']} ({claim['case_id']})"),
                    (t("guarantee", lang), _guarantee(context, claim["guarantee"])),
                    (t("status", lang), word(claim["status"], lang)),
                    (t("claimed", lang), money(claim["claimed_cents"], lang)),
                    (t("granted", lang), money(claim["payable_cents"], lang)),
                    (t("paid", lang), money(claim["paid_cents"], lang)),
                )
            )
        )
        for decision in extra["decisions"]:
            if decision["state"] not in ("final", "superseded"):
                continue
            reasons = "\n".join(
                f"{r['article']}: {reason_text(r['code'], lang)}" for r in decision["reasons"]
            )
            blocks.append(
                Fields(
                    (
                        (
                            t("decision", lang),
                            f"{cell(decision['decided_at'], lang)} - "
                            f"{word(decision['outcome'], lang)}",
                        ),
                        (t("reasons", lang), reasons),
                    )
                )
            )
    return SectionPart(data, tuple(blocks))


def evidence(context: ExportContext) -> SectionPart:
    lang, uow = context.scope.language, context.uow
    claim_ids = (
        [c["claim_id"] for c in q.claims(uow, context.scope.case_ids)]
        if context.scope.case_ids
        else []
    )
    found = q.evidence(uow, claim_ids) if claim_ids else []
    paths = {
        e["evidence_id"]: f"evidence/{e['claim_id']}/{e['evidence_id']}-{_safe(e['filename'])}"
        for e in found
    }
    data = [{**e, "path": paths[e["evidence_id"]]} for e in found]

    blocks: list[Block] = [Heading(t("evidence", lang))]
    if found:
        blocks.append(
            Table(
                (t("claim", lang), t("file", lang), t("received", lang)),
                tuple((e["claim_id"], e["filename"], cell(e["received_at"], lang)) for e in found),
                (1.2, 3, 1.6),
                ("LEFT", "LEFT", "LEFT"),
            )
        )
    else:
        blocks.append(Paragraph(t("none", lang)))

    def files() -> Iterator[ExportFile]:
        # One query for every file, streamed while the archive writes them.
        for evidence_id, content in q.evidence_contents(uow, list(paths)):
            yield ExportFile(paths[evidence_id], content)

    return SectionPart(data, tuple(blocks), files)


def letters(context: ExportContext) -> SectionPart:
    """Decision letters (rendered from the stored decisions, in the export's language) and, for
    the affiliate, the formal notices as they were sent (Art. 9.6)."""
    scope, lang, uow = context.scope, context.scope.language, context.uow
    decided = [
        c
        for c in (q.claims(uow, scope.case_ids) if scope.case_ids else [])
        if c["status"] == "decided"
    ]
    notices = q.formal_notices(uow, scope.affiliation_ids) if scope.is_affiliate else []
    listed: list[dict[str, Any]] = []
    for claim in decided:
        listed.append(
            {
                "kind": "decision",
                "claim_id": claim["claim_id"],
                "date": claim["decided_at"],
                "path": f"letters/decision-{claim['claim_id']}-{lang}.pdf",
            }
        )
    for notice in notices:
        listed.append(
            {
                "kind": "formal_notice",
                "notice_id": notice["notice_id"],
                "date": notice["notice_on"],
                "path": f"letters/formal-notice-{notice['notice_id']}-{notice['language']}.pdf",
            }
        )
    pdfs = {notice["notice_id"]: notice["letter_pdf"] for notice in notices}

    def files() -> Iterator[ExportFile]:
        for item in listed:
            if item["kind"] == "decision":
                pdf = context.letter_pdf(item["claim_id"])
                if pdf is not None:
                    yield ExportFile(item["path"], pdf)
            else:
                yield ExportFile(item["path"], pdfs[item["notice_id"]])

    rows = tuple((cell(item["date"], lang), item["path"]) for item in listed)
    blocks: list[Block] = [Heading(t("letters", lang))]
    blocks.append(
        Table((t("made_on", lang), t("letter", lang)), rows, (1.5, 3.5), ("LEFT", "LEFT"))
        if rows
        else Paragraph(t("none", lang))
    )
    return SectionPart(listed, tuple(blocks), files)


def billing(context: ExportContext) -> SectionPart:
    """The affiliate's premiums, payments, refunds, mandates and payout accounts (Art. 11.1,
    11.3: the billing is the affiliate's); nothing for the other members."""
    scope, lang, uow = context.scope, context.scope.language, context.uow
    if not scope.is_affiliate:
        return SectionPart(None)
    ids = scope.affiliation_ids
    charges = q.premium_lines(uow, ids)
    payments = q.payment_events(uow, ids)
    mandates = q.mandates(uow, ids)
    data = {
        "charges": charges,
        "payments": payments,
        "refunds": q.refunds(uow, ids),
        "mandates": mandates,
        "payout_accounts": q.payout_accounts(uow, scope.household_ids),
    }
    blocks: list[Block] = [Heading(t("billing", lang))]
    blocks.append(
        Table(
            # The amount last, against the right edge: next to a left-aligned column a
            # right-aligned amount touched it.
            (t("period", lang), t("status", lang), t("amount", lang)),
            tuple(
                (c["period"], word(c["status"], lang), money(c["gross_cents"], lang))
                for c in charges
            ),
            (1.5, 2, 1.5),
            ("LEFT", "LEFT", "RIGHT"),
        )
        if charges
        else Paragraph(t("none", lang))  # a header row alone reads as a table cut off
    )
    if payments:
        blocks.append(Heading(t("payments", lang)))
        blocks.append(
            Table(
                (t("made_on", lang), t("status", lang), t("amount", lang)),
                tuple(
                    (
                        long_date(p["event_date"], lang),
                        word(p["outcome"], lang),
                        money(p["amount_cents"], lang),
                    )
                    for p in payments
                ),
                (1.5, 2, 1.5),
                ("LEFT", "LEFT", "RIGHT"),
            )
        )
    blocks.append(Heading(t("mandates", lang)))
    blocks.append(
        Table(
            ("", "IBAN", t("status", lang)),
            tuple((m["reference"], m["iban"], word(m["status"], lang)) for m in mandates),
            (2, 2.2, 1.2),
            ("LEFT", "LEFT", "LEFT"),
        )
        if mandates
        else Paragraph(t("none", lang))
    )
    return SectionPart(data, tuple(blocks))


for _section in (
    Section("identity", identity),
    Section("memberships", memberships),
    Section("contracts", contracts),
    Section("cases", cases),
    Section("claims", claims),
    Section("evidence", evidence),
    Section("letters", letters),
    Section("billing", billing),
):
    register_section(_section)

# Who read the data and the consents come from the read log and the consent context.
for _section in export_rights.SECTIONS:
    register_section(_section)
