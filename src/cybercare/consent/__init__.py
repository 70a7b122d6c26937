"""Consents to the processing of health data (GDPR art. 7, 9(2)(a); Art. 11.2) and the privacy
notices shown to each person (GDPR art. 13), issue 17.

A context of its own, below assistance: the psychological workstream asks it whether it may
start; the rest of `privacy/` (exports, retention, the read log) reads every context from above."""
