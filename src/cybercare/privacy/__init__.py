"""Personal data (Art. 11 of the terms, GDPR, issue 17): the retention
schedule, pseudonymisation of what has expired, erasure requests, exports, the read log."""
