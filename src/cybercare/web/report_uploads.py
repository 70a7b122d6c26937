"""The report's documents (Art. 8.3), read from the form into the `EvidenceUpload`s the claims
service keeps: each present, within the size limit, of a type the platform keeps; a file too
large, empty or of another type is a field error, in the member's language. Used by the report
(routes/report.py) and by the evidence task that adds them afterwards (routes/report_evidence.py).
"""

from __future__ import annotations

from pathlib import PurePath

from starlette.datastructures import FormData, UploadFile

from cybercare.claims.domain import CONTENT_TYPES, MAX_EVIDENCE_BYTES, check_evidence_upload
from cybercare.claims.submit import EvidenceUpload
from cybercare.kernel.errors import InvalidInput
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.report_spec import EXTENSIONS, MAX_FILES, ReportSpec

CHUNK_BYTES = 1024 * 1024


def media_type(content_type: str | None, filename: str | None) -> str:
    """The declared type, or the one the extension names when the browser did not know."""
    declared = (content_type or "").split(";", maxsplit=1)[0].strip().lower()
    if declared in CONTENT_TYPES:
        return declared
    return EXTENSIONS.get(PurePath(filename or "").suffix.lower(), declared)


async def read_capped(upload: UploadFile, limit: int = MAX_EVIDENCE_BYTES) -> bytes | None:
    """The file's bytes, read in chunks; None as soon as it is larger than `limit`."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = await upload.read(CHUNK_BYTES)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)


def chosen_files(form: FormData, name: str) -> list[UploadFile]:
    """The files of a file field; an empty field sends one part without a name."""
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]


async def read_evidence(
    spec: ReportSpec,
    kind: str | None,
    form: FormData,
    language: str,
    *,
    required: bool = True,
    kept: tuple[EvidenceUpload, ...] = (),
) -> tuple[tuple[EvidenceUpload, ...], FormErrors]:
    """Each Art. 8.3 document of the guarantee (and kind): present, within the size limit, of a
    type the platform keeps and whose content matches it. An urgent report (Art. 8.4) is sent
    without them (`required=False`): help never waits for a document; the claim stays
    incomplete and the missing documents are asked for afterwards (claims/evidence_task.py).
    `kept`: the files of an earlier try kept in the report's draft; a document among them is
    not missing, and they count in the number of files."""
    errors = FormErrors()
    uploads: list[EvidenceUpload] = []
    wanted = spec.evidence(kind)
    allowed = tuple(e.code for e in wanted)
    chosen = sum(len(chosen_files(form, f"evidence.{e.code}")) for e in wanted)
    if chosen + len(kept) > MAX_FILES:
        errors.add(
            f"evidence.{wanted[0].code}",
            N_("Send at most %(count)s files in all."),
            count=MAX_FILES,
        )
        return (), errors
    for evidence in wanted:
        name = f"evidence.{evidence.code}"
        files = chosen_files(form, name)
        if not files and required and all(k.evidence_type != evidence.code for k in kept):
            errors.add(
                name,
                N_("Add this document (Art. 8.3): %(item)s."),
                item=evidence.label.in_(language),
            )
        for upload in files:
            filename = PurePath(upload.filename or "evidence").name[:255]
            content = await read_capped(upload)
            if content is None:
                errors.add(
                    name,
                    N_("The file %(name)s is larger than %(size)s MB."),
                    name=filename,
                    size=MAX_EVIDENCE_BYTES // (1024 * 1024),
                )
                continue
            media = media_type(upload.content_type, upload.filename)
            try:
                check_evidence_upload(
                    evidence_type=evidence.code,
                    allowed_types=allowed,
                    content_type=media,
                    content=content,
                )
            except InvalidInput:
                message = (
                    N_("The file %(name)s is empty.")
                    if not content
                    else N_("The file %(name)s is not a PDF, JPEG, PNG, HEIC, text or e-mail file.")
                )
                errors.add(name, message, name=filename)
                continue
            uploads.append(EvidenceUpload(evidence.code, filename, media, content))
    return tuple(uploads), errors
