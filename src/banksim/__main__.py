"""`python -m banksim serve --port 8070 --data DIR`."""

from __future__ import annotations

import argparse
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="banksim", description="A bank simulator (SEPA, CODA)")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the bank's HTTP interface")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8070)
    serve.add_argument("--data", type=Path, default=Path("var/bank"), help="state and documents")
    args = parser.parse_args(argv)

    import uvicorn

    from banksim.server import create_app

    uvicorn.run(create_app(args.data), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
