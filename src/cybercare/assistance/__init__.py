"""Assistance: cases, workstreams per team, notes, takedowns and SLA clocks (Art. 4, 8.4, 11)."""
