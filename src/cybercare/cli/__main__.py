"""`python -m cybercare.cli ...`, as `cybercare ...` (the worker beside `cybercare run`)."""

from cybercare.cli import app

app()
