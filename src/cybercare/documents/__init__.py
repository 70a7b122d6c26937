"""Documents sent to members: the affiliation certificate (PDF), in the member's language; and
the platform's one translation system (`translations`), which every letter, e-mail and page uses."""

from cybercare.documents.certificate import (
    certificate_document,
    certificate_lines,
    render_certificate,
)
from cybercare.documents.view import CertificateView, InsuredPersonView

__all__ = [
    "CertificateView",
    "InsuredPersonView",
    "certificate_document",
    "certificate_lines",
    "render_certificate",
]
