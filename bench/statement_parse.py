"""Benchmark of reading a large bank statement (parsing only, no database).

    .venv/bin/python bench/statement_parse.py [N] [--repeat R]

Builds in memory a camt.053.001.02 and a CODA 2.6 file of N entries (default 100,000): one
incoming transfer in three with a structured communication, the others direct-debit returns with
a reason, a mandate and an end-to-end id, all with `TxDtls` / records 2.2 and 2.3, as a busy
collection account would get. Then, best of R runs:

- the floor: lxml parsing the same bytes with the same hardened settings and nothing else
  (`etree.fromstring`), and for CODA splitting the text into lines;
- `read_bank_file` on the same bytes: parse, map every entry to the model, check balances and
  (CODA) the trailer.

Target: the whole import of a 100,000-line statement under 10 s, so the parse well under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.banking.coda_build

from tests.banking import coda_build as coda

from cybercare.banking.readers import read_bank_file
from cybercare.banking.xmlsafe import HARDENED

IBAN = "BE68539007547034"
DAY = date(2026, 12, 7)

_CREDIT = """      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-07</Dt></BookgDt>
        <ValDt><Dt>2026-12-07</Dt></ValDt>
        <AcctSvcrRef>BENCH-{n:07d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <Dbtr><Nm>Member {n}</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>BE71096123456769</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf><Strd><CdtrRefInf><Ref>{ogm}</Ref></CdtrRefInf></Strd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"""

_RETURN = """      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-07</Dt></BookgDt>
        <ValDt><Dt>2026-12-07</Dt></ValDt>
        <AcctSvcrRef>BENCH-{n:07d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>PREM-2026-12-{n:07d}</EndToEndId><MndtId>CC-MANDATE-{n:07d}</MndtId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <Dbtr><Nm>Member {n}</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>BE62510007547061</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"""


def _ogm(n: int) -> str:
    body = n % 10**10
    check = body % 97 or 97
    digits = f"{body:010d}{check:02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def _amount(n: int) -> int:
    return 1000 + (n * 37) % 20000


def camt053(entries: int) -> bytes:
    parts: list[str] = []
    moved = 0
    for n in range(entries):
        cents = _amount(n)
        credit = n % 3 == 0
        moved += cents if credit else -cents
        template = _CREDIT if credit else _RETURN
        parts.append(template.format(n=n, amount=f"{cents // 100}.{cents % 100:02d}", ogm=_ogm(n)))
    opening = 10**9
    closing = opening + moved
    head = f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-12-07T18:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>BENCH-STMT</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>2026-12-07T18:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening // 100}.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-07</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">{closing // 100}.{closing % 100:02d}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-07</Dt></Dt></Bal>
"""
    tail = "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n"
    return (head + "".join(parts) + tail).encode()


def coda_file(entries: int) -> bytes:
    lines = [coda.header(DAY), coda.old_balance(IBAN, 10**9, DAY, 1)]
    debit = credit = 0
    for n in range(entries):
        cents, seq = _amount(n), n + 1
        if n % 3 == 0:
            credit += cents
            lines.append(
                coda.movement(
                    seq, 0, cents=cents, debit=False, code="00150000", day=DAY,
                    communication="101" + _ogm(n).strip("+").replace("/", ""),
                    structured=True, reference=f"BENCH-{n:07d}", next_code="1",
                )
            )  # fmt: skip
            lines.append(coda.movement_part3(seq, 0, iban="BE71096123456769", name=f"Member {n}"))
        else:
            debit += cents
            lines += [
                coda.movement(
                    seq, 0, cents=cents, debit=True, code="00503000", day=DAY,
                    communication="Premium December", reference=f"BENCH-{n:07d}", next_code="1",
                ),
                coda.movement_part2(
                    seq, 0, end_to_end=f"PREM-2026-12-{n:07d}", r_type="2", reason="AM04",
                    next_code="1",
                ),
                coda.movement_part3(seq, 0, iban="BE62510007547061", name=f"Member {n}"),
            ]  # fmt: skip
    lines.append(coda.new_balance(IBAN, 10**9 + credit - debit, DAY, 1))
    counted = len(lines) - 1
    lines.append(coda.trailer(counted, debit, credit))
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def best(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """The best wall time and the best CPU time of the process over `runs` runs (CPU time is
    what to compare on a machine shared with other work)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def _report(label: str, entries: int, wall: float, cpu: float, floor: float) -> None:
    print(
        f"  {label:<20} {wall:6.2f} s wall {cpu:6.2f} s CPU"
        f" {entries / cpu:10,.0f} entries/s (CPU)  x{cpu / floor:.1f} the floor"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("entries", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.entries

    xml = camt053(n)
    hardened = etree.XMLParser(**HARDENED)
    floor_wall, floor = best(args.repeat, lambda: etree.fromstring(xml, hardened))
    wall, cpu = best(args.repeat, lambda: read_bank_file(xml))
    result = read_bank_file(xml)
    assert isinstance(result, tuple)
    assert len(result[0].entries) == n
    print(f"camt.053: {n:,} entries, {len(xml) / 1e6:.1f} MB")
    print(f"  lxml parse only      {floor_wall:6.2f} s wall {floor:6.2f} s CPU")
    _report("read_bank_file", n, wall, cpu, floor)

    text = coda_file(n)
    floor_wall, floor = best(args.repeat, lambda: text.decode("latin-1").split("\r\n"))
    wall, cpu = best(args.repeat, lambda: read_bank_file(text))
    result = read_bank_file(text)
    assert isinstance(result, tuple)
    assert len(result[0].entries) == n
    records = text.count(b"\n")
    print(f"CODA:     {n:,} entries, {len(text) / 1e6:.1f} MB, {records:,} records")
    print(f"  split into lines     {floor_wall:6.2f} s wall {floor:6.2f} s CPU")
    _report("read_bank_file", n, wall, cpu, floor)


if __name__ == "__main__":
    main()
