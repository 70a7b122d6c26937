"""Bringing an existing book of households in (issue 18, docs/book-import.md)."""
