"""Reading a bank's XML without trusting it: lxml with entities left unresolved, no network, no
DTD loaded, libxml2's size limits kept (`huge_tree` off), and any DOCTYPE refused outright (a
bank's ISO 20022 file never has one; a DOCTYPE is how entity expansion and external entity
attacks start). Errors carry the line lxml reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from io import BytesIO
from typing import Any

from lxml import etree

from cybercare.banking.statement import FileError, UnreadableBankFile

HARDENED: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}


def syntax_error(error: etree.XMLSyntaxError) -> UnreadableBankFile:
    line = error.lineno or 1
    return UnreadableBankFile([FileError(line, f"malformed XML: {error.msg}")])


def _refuse_doctype(element: etree._Element) -> None:
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.system_url:
        raise UnreadableBankFile([FileError(1, "a DOCTYPE is not allowed in a bank file")])


def root_name(data: bytes) -> tuple[str | None, str, int]:
    """The namespace and local name of the root element, and its line, reading no further than
    the root's start tag."""
    context = etree.iterparse(BytesIO(data), events=("start",), **HARDENED)
    try:
        for _event, element in context:
            _refuse_doctype(element)
            name = etree.QName(element)
            return name.namespace, name.localname, element.sourceline or 1
    except etree.XMLSyntaxError as error:
        raise syntax_error(error) from error
    raise UnreadableBankFile([FileError(1, "the file holds no XML element")])


def iter_ends(data: bytes, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Stream the end of each element named in `tags` (Clark notation); the caller clears what it
    has read, so that 100,000 entries never sit in memory as a tree."""
    context = etree.iterparse(BytesIO(data), events=("end",), tag=tags, **HARDENED)
    try:
        for _event, element in context:
            yield element
    except etree.XMLSyntaxError as error:
        raise syntax_error(error) from error


def parse_document(data: bytes) -> etree._Element:
    """A small document (a pain.002) parsed whole, with the same hardening."""
    parser = etree.XMLParser(**HARDENED)
    try:
        root: etree._Element = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise syntax_error(error) from error
    _refuse_doctype(root)
    return root


@lru_cache(maxsize=512)
def clark(namespace: str, path: str) -> str:
    """'Refs/EndToEndId' -> '{ns}Refs/{ns}EndToEndId' for `find`."""
    return "/".join(f"{{{namespace}}}{step}" for step in path.split("/"))


class Reader:
    """Finds children by a slash path in one namespace and collects line-numbered errors."""

    def __init__(self, namespace: str) -> None:
        self.ns = namespace
        self.errors: list[FileError] = []

    def find(self, element: etree._Element, path: str) -> etree._Element | None:
        return element.find(clark(self.ns, path))

    def findall(self, element: etree._Element, path: str) -> list[etree._Element]:
        return element.findall(clark(self.ns, path))

    def text(self, element: etree._Element, path: str) -> str | None:
        found = element.find(clark(self.ns, path))
        if found is None or found.text is None:
            return None
        value = found.text.strip()
        return value or None

    def required(self, element: etree._Element, path: str) -> str | None:
        """The text at `path`, or None after recording a line-numbered error."""
        value = self.text(element, path)
        if value is None:
            self.error(element, f"{etree.QName(element).localname}/{path} is missing")
        return value

    def error(self, element: etree._Element | int, message: str) -> None:
        line = element if isinstance(element, int) else (element.sourceline or 1)
        self.errors.append(FileError(line, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise UnreadableBankFile(sorted(self.errors, key=lambda error: error.line))
