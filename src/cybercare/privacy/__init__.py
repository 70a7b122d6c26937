"""Personal data (Art. 11 of the terms, GDPR): consents, privacy notices (issue 17)."""
