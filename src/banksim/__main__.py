"""`python -m banksim serve --port 8070 --data DIR`, and the simulator's controls from a shell:
`close-day --date D`, `incoming --amount 12.34 --debtor-iban … --communication …`, `rules FILE`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

DEFAULT_URL = "http://127.0.0.1:8070"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="banksim", description="A bank simulator (SEPA, CODA)")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the bank's HTTP interface")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8070)
    serve.add_argument("--data", type=Path, default=Path("var/bank"), help="state and documents")
    close = commands.add_parser("close-day", help="book a day: statements and CODA")
    close.add_argument("--date", required=True, help="YYYY-MM-DD")
    close.add_argument("--account", help="only this account of ours")
    incoming = commands.add_parser("incoming", help="someone transfers money to our account")
    incoming.add_argument("--amount", required=True, help="12.34")
    incoming.add_argument("--debtor-name", required=True)
    incoming.add_argument("--debtor-iban", required=True)
    incoming.add_argument("--account-iban")
    incoming.add_argument("--communication", help="+++123/4567/89002+++")
    incoming.add_argument("--remittance")
    incoming.add_argument("--date", help="YYYY-MM-DD; default: the account's next day")
    rules = commands.add_parser("rules", help="set the return and reject rules (a JSON file)")
    rules.add_argument("file", type=Path)
    for command in (close, incoming, rules):
        command.add_argument("--url", default=DEFAULT_URL, help="the running simulator")
    args = parser.parse_args(argv)

    if args.command == "serve":
        import uvicorn

        from banksim.server import create_app

        uvicorn.run(create_app(args.data), host=args.host, port=args.port, log_level="warning")
        return

    import httpx

    with httpx.Client(base_url=args.url, timeout=600) as client:
        if args.command == "close-day":
            params = {"date": args.date} | ({"account": args.account} if args.account else {})
            response = client.post("/control/close-day", params=params)
        elif args.command == "incoming":
            body = {
                "amount": args.amount,
                "debtor_name": args.debtor_name,
                "debtor_iban": args.debtor_iban,
                "account_iban": args.account_iban,
                "communication": args.communication,
                "remittance": args.remittance,
                "date": args.date,
            }
            response = client.post("/control/incoming", json=body)
        else:
            response = client.put("/control/rules", json=json.loads(args.file.read_text()))
    print(response.text)  # noqa: T201 (a command line's answer)
    if response.is_error:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
