"""banksim: a bank in a separate local process, speaking the bank's real formats.

It receives pain.001.001.09 and pain.008.001.02 files and SEPA Instant transfers over HTTP and
writes pain.002.001.10, camt.054.001.08, camt.053.001.08 and CODA 2.6 (docs/banking.md). It is
"the bank": it shares formats with the platform, never code (import-linter forbids both ways).
"""
