"""The export archive: one zip with `data.json` (machine-readable, `export_version`, described
by `schema.json`, GDPR art. 20), the readable PDF in the person's language (art. 15; Art. 11.4),
the evidence files as they were received and the letters.

The zip's entries carry the export's time, never the clock of the machine that writes it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from typing import Any

from cybercare.documents.layout import Block, Document, Paragraph, render_pdf
from cybercare.kernel.clock import BRUSSELS
from cybercare.privacy import export_content  # noqa: F401 - registers the sections
from cybercare.privacy.export_sections import SECTIONS, ExportContext, SectionPart
from cybercare.privacy.export_texts import t

EXPORT_VERSION = "1.1"  # 1.1: the sections "reads" and "consents"
SCHEMA_FILE = "export_schema.json"


def schema_text() -> str:
    return (files("cybercare.privacy") / SCHEMA_FILE).read_text(encoding="utf-8")


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Archive:
    content: bytes
    sha256: str
    entries: tuple[str, ...]


def build_archive(
    context: ExportContext, *, request_id: str, received_at: datetime, made_at: datetime
) -> Archive:
    parts: dict[str, SectionPart] = {s.name: s.build(context) for s in SECTIONS}
    language = context.scope.language
    document_json = {
        "export_version": EXPORT_VERSION,
        "schema": "schema.json",
        "request": {"request_id": request_id, "kind": "access", "received_at": received_at},
        "generated_at": made_at,
        "person_id": context.scope.person_id,
        "language": language,
        "sections": {name: part.data for name, part in parts.items()},
    }
    stamp = made_at.astimezone(BRUSSELS).timetuple()[:6]
    buffer = io.BytesIO()
    entries: list[str] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def put(path: str, content: bytes) -> None:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
            entries.append(path)

        put(
            "data.json",
            json.dumps(document_json, default=_json_default, ensure_ascii=False, indent=1).encode(),
        )
        put("schema.json", schema_text().encode())
        put(f"personal-data-{language}.pdf", render_pdf(_document(context, parts, made_at)))
        for part in parts.values():
            if part.files is not None:
                for item in part.files():
                    put(item.path, item.content)
    content = buffer.getvalue()
    return Archive(content, hashlib.sha256(content).hexdigest(), tuple(entries))


def _document(context: ExportContext, parts: dict[str, SectionPart], made_at: datetime) -> Document:
    language = context.scope.language
    products = context.catalog.all()
    insurer = products[0].insurer.name_in(language) if products else ""
    blocks: list[Block] = [
        Paragraph(t("intro", language, version=EXPORT_VERSION)),
        Paragraph(t("scope", language), small=True),
    ]
    if context.scope.handed_over:
        blocks.append(Paragraph(t("handed_over", language), small=True))
    for part in parts.values():
        blocks.extend(part.blocks)
    return Document(
        language=language,
        created_on=made_at.astimezone(BRUSSELS).date(),
        kicker=t("kicker", language),
        title=t("title", language),
        references=(context.scope.person_id,),
        blocks=tuple(blocks),
        footer=t("footer", language, insurer=insurer),
        author=insurer,
    )


def read_data_json(archive: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        loaded: dict[str, Any] = json.loads(zipped.read("data.json"))
    return loaded
