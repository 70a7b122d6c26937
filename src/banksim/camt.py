"""camt.053.001.08 (the end-of-day statement, with opening and closing balances) and
camt.054.001.08 (the debit/credit notification): one account, one day, the same entries."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from banksim.entries import DayStatement, Detail, Entry, amount_text

CAMT_053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
CAMT_054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"


class _Writer:
    def __init__(self, namespace: str) -> None:
        self.ns = namespace

    def el(self, parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        node = etree.SubElement(parent, f"{{{self.ns}}}{tag}")
        if text is not None:
            node.text = text
        return node

    def amount(self, parent: etree._Element, tag: str, cents: int) -> None:
        self.el(parent, tag, amount_text(abs(cents))).set("Ccy", "EUR")

    def document(
        self, statement: DayStatement, *, message_id: str, created_at: datetime, notification: bool
    ) -> bytes:
        root = etree.Element(f"{{{self.ns}}}Document", nsmap={None: self.ns})
        body = self.el(root, "BkToCstmrDbtCdtNtfctn" if notification else "BkToCstmrStmt")
        header = self.el(body, "GrpHdr")
        self.el(header, "MsgId", message_id)
        stamp = created_at.strftime("%Y-%m-%dT%H:%M:%S")
        self.el(header, "CreDtTm", stamp)
        report = self.el(body, "Ntfctn" if notification else "Stmt")
        self.el(report, "Id", statement.identifier)
        self.el(report, "ElctrncSeqNb", str(statement.sequence))
        self.el(report, "CreDtTm", stamp)
        period = self.el(report, "FrToDt")
        self.el(period, "FrDtTm", f"{statement.day.isoformat()}T00:00:00")
        self.el(period, "ToDtTm", f"{statement.day.isoformat()}T23:59:59")
        account = self.el(report, "Acct")
        self.el(self.el(account, "Id"), "IBAN", statement.account_iban)
        self.el(account, "Ccy", "EUR")
        if statement.account_name:
            self.el(account, "Nm", statement.account_name[:70])
        if not notification:
            self.balance(report, "OPBD", statement.opening_cents, statement)
            self.balance(report, "CLBD", statement.closing_cents, statement)
            self.summary(report, statement)
        for entry in statement.entries:
            self.entry(report, entry)
        return bytes(
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        )

    def balance(self, parent: etree._Element, code: str, cents: int, st: DayStatement) -> None:
        balance = self.el(parent, "Bal")
        self.el(self.el(self.el(balance, "Tp"), "CdOrPrtry"), "Cd", code)
        self.amount(balance, "Amt", cents)
        self.el(balance, "CdtDbtInd", "CRDT" if cents >= 0 else "DBIT")
        self.el(self.el(balance, "Dt"), "Dt", st.day.isoformat())

    def summary(self, parent: etree._Element, statement: DayStatement) -> None:
        credits = [e.amount_cents for e in statement.entries if e.credit]
        debits = [e.amount_cents for e in statement.entries if not e.credit]
        summary = self.el(parent, "TxsSummry")
        for tag, amounts in (("TtlCdtNtries", credits), ("TtlDbtNtries", debits)):
            total = self.el(summary, tag)
            self.el(total, "NbOfNtries", str(len(amounts)))
            self.el(total, "Sum", amount_text(sum(amounts)))

    def entry(self, parent: etree._Element, entry: Entry) -> None:
        node = self.el(parent, "Ntry")
        self.el(node, "NtryRef", entry.reference)
        self.amount(node, "Amt", entry.amount_cents)
        self.el(node, "CdtDbtInd", "CRDT" if entry.credit else "DBIT")
        if entry.kind.iso[2] in {"UPDD", "RRTN"}:
            self.el(node, "RvslInd", "false")
        self.el(self.el(node, "Sts"), "Cd", "BOOK")
        self.el(self.el(node, "BookgDt"), "Dt", entry.booking_date.isoformat())
        self.el(self.el(node, "ValDt"), "Dt", entry.value_date.isoformat())
        self.el(node, "AcctSvcrRef", entry.reference)
        self.transaction_code(node, entry)
        details = self.el(node, "NtryDtls")
        if entry.batch:
            batch = self.el(details, "Btch")
            if entry.batch_message_id:
                self.el(batch, "MsgId", entry.batch_message_id)
            self.el(batch, "PmtInfId", entry.batch_payment_info_id)
            self.el(batch, "NbOfTxs", str(len(entry.details)))
            self.amount(batch, "TtlAmt", entry.amount_cents)
            self.el(batch, "CdtDbtInd", "CRDT" if entry.credit else "DBIT")
        for detail in entry.details:
            self.transaction(details, entry, detail)

    def transaction_code(self, parent: etree._Element, entry: Entry) -> None:
        domain_code, family_code, sub_family = entry.kind.iso
        domain = self.el(self.el(parent, "BkTxCd"), "Domn")
        self.el(domain, "Cd", domain_code)
        family = self.el(domain, "Fmly")
        self.el(family, "Cd", family_code)
        self.el(family, "SubFmlyCd", sub_family)

    def transaction(self, parent: etree._Element, entry: Entry, detail: Detail) -> None:
        tx = self.el(parent, "TxDtls")
        refs = self.el(tx, "Refs")
        if entry.batch_message_id:
            self.el(refs, "MsgId", entry.batch_message_id)
        self.el(refs, "AcctSvcrRef", entry.reference)
        if entry.batch_payment_info_id:
            self.el(refs, "PmtInfId", entry.batch_payment_info_id)
        self.el(refs, "EndToEndId", detail.end_to_end_id or "NOTPROVIDED")
        if detail.mandate_id:
            self.el(refs, "MndtId", detail.mandate_id)
        self.amount(tx, "Amt", detail.amount_cents)
        self.el(tx, "CdtDbtInd", "CRDT" if entry.credit else "DBIT")
        parties = self.el(tx, "RltdPties")
        # The counterparty pays us on a credit (collected debit, incoming transfer, a transfer
        # returned to us) and is paid by us on a debit.
        ours_paid = entry.credit
        role, account_role = ("Dbtr", "DbtrAcct") if ours_paid else ("Cdtr", "CdtrAcct")
        if detail.counterparty_name:
            self.el(self.el(self.el(parties, role), "Pty"), "Nm", detail.counterparty_name[:140])
        self.el(self.el(self.el(parties, account_role), "Id"), "IBAN", detail.counterparty_iban)
        if detail.counterparty_bic:
            agents = self.el(tx, "RltdAgts")
            agent = self.el(agents, "DbtrAgt" if ours_paid else "CdtrAgt")
            self.el(self.el(agent, "FinInstnId"), "BICFI", detail.counterparty_bic)
        if detail.remittance or detail.structured_reference:
            remittance = self.el(tx, "RmtInf")
            if detail.remittance:
                self.el(remittance, "Ustrd", detail.remittance[:140])
            if detail.structured_reference:
                reference = self.el(self.el(remittance, "Strd"), "CdtrRefInf")
                self.el(self.el(self.el(reference, "Tp"), "CdOrPrtry"), "Cd", "SCOR")
                self.el(reference, "Ref", detail.structured_reference)
        if detail.return_reason:
            self.el(self.el(self.el(tx, "RtrInf"), "Rsn"), "Cd", detail.return_reason)


def write_camt053(statement: DayStatement, *, message_id: str, created_at: datetime) -> bytes:
    return _Writer(CAMT_053).document(
        statement, message_id=message_id, created_at=created_at, notification=False
    )


def write_camt054(statement: DayStatement, *, message_id: str, created_at: datetime) -> bytes:
    return _Writer(CAMT_054).document(
        statement, message_id=message_id, created_at=created_at, notification=True
    )
