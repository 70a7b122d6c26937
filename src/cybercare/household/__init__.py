"""The household of an affiliation: members, relationships and who is insured (Art. 2, 9.7)."""
