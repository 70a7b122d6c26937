"""One entry point for whatever the bank sends: the format is told by the content, never by the
file name (a name is only used in error messages' context by callers).

- camt.053 / camt.054 (ISO 20022 XML, namespaces .001.02 and .001.08) and CODA 2.6 -> a tuple
  of `Statement`, always a tuple (a camt file may hold several `Stmt` blocks, a CODA file several
  statements, one per account or day), in file order;
- pain.002 (.001.03 and .001.10) -> one `StatusReport`.

Anything else, or any error inside, raises `UnreadableBankFile` with line-numbered `FileError`s.
"""

from __future__ import annotations

from cybercare.banking import camt, coda, pain002
from cybercare.banking.statement import FileError, Statement, StatusReport, UnreadableBankFile
from cybercare.banking.xmlsafe import root_name
from cybercare.kernel.gc_pause import no_gc_pauses

BankFile = tuple[Statement, ...] | StatusReport


def read_bank_file(data: bytes, filename: str | None = None) -> BankFile:
    """`filename` is accepted for the callers' convenience and logging; detection ignores it."""
    del filename  # the content decides: a renamed file is still what it is
    with no_gc_pauses():  # 100,000 entries kept alive: no collection would free anything
        return _read(data)


def _read(data: bytes) -> BankFile:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        namespace, local, line = root_name(data)
        if namespace in camt.NAMESPACES:
            return camt.read_camt(data)
        if namespace in pain002.NAMESPACES:
            return pain002.read_pain002(data)
        raise UnreadableBankFile(
            [FileError(line, f"unsupported XML document {{{namespace}}}{local}")]
        )
    if head == b"0":
        return coda.read_coda(data)
    raise UnreadableBankFile(
        [FileError(1, "neither an ISO 20022 XML file nor a CODA file (first record type 0)")]
    )
