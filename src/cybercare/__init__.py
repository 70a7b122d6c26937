"""Cyber Care: the platform behind a household cyber insurance with assistance."""

__version__ = "0.1.0"
