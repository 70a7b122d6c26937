"""The `cybercare` command line: operators' and cron's edge.

One Typer application composed here from one module per group of commands; every command takes
its wiring (database, catalogue, clock) from `cybercare.bootstrap` through `cli.common`.
"""

from __future__ import annotations

import typer

from cybercare.cli.backup import backup, restore
from cybercare.cli.bank import bank_app
from cybercare.cli.billing import billing_app
from cybercare.cli.book_import import import_app
from cybercare.cli.db import db_app, migrate
from cybercare.cli.distributor import distributor_app
from cybercare.cli.operator import jobs_app, keys_app, outbox_app, webhooks_app
from cybercare.cli.payouts import payouts_app
from cybercare.cli.privacy import privacy_app
from cybercare.cli.product import product_app
from cybercare.cli.radar import radar_app
from cybercare.cli.recoveries import recoveries_app
from cybercare.cli.reports import reports_app
from cybercare.cli.server import run_all, serve, setup
from cybercare.cli.user import user_app
from cybercare.cli.worker import worker

app = typer.Typer(
    help="Cyber Care platform: household cyber insurance with assistance.", no_args_is_help=True
)
app.command("worker")(worker)
app.command("run")(run_all)
app.command("setup")(setup)
app.command("migrate")(migrate)
app.command("serve")(serve)
app.add_typer(db_app, name="db")
app.add_typer(product_app, name="product")
app.add_typer(distributor_app, name="distributor")
app.add_typer(billing_app, name="billing")
app.add_typer(user_app, name="user")
app.add_typer(payouts_app, name="payouts")
app.add_typer(reports_app, name="reports")
app.add_typer(recoveries_app, name="recoveries")
app.add_typer(privacy_app, name="privacy")
app.add_typer(radar_app, name="radar")
app.add_typer(bank_app, name="bank")
app.add_typer(outbox_app, name="outbox")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(keys_app, name="keys")
app.add_typer(jobs_app, name="jobs")
app.add_typer(import_app, name="import")  # import book: docs/book-import.md
app.command("backup")(backup)  # backup: docs/backup.md
app.command("restore")(restore)
