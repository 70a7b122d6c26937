"""The bank's side of the money loop: statements and status reports in, matched to what we sent
or expect, booked once (docs/banking.md)."""
