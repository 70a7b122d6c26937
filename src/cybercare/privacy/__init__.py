"""Privacy (GDPR): the retention schedule, pseudonymisation of what has expired, erasure
requests (issue 17)."""
