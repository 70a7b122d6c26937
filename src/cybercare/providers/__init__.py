"""Appointed providers: registry, orders on a case, invoices and payouts (issue 19)."""
