"""Privacy (Art. 11 of the terms; GDPR): data-subject requests and the export of a person's
data (access and portability, issue 17)."""
