"""The affiliation lifecycle (Art. 3, 9): `domain` holds the affiliation, its status timeline and
the subscription check; `lifecycle` the withdrawal, termination, non-renewal and renewal rules."""
