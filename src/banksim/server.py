"""The bank's HTTP interface (docs/banking.md, "The bank connector protocol")."""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from banksim.bank import DuplicateMessage, Refused, close_day, queue_incoming, receive_file
from banksim.model import Rules
from banksim.pain_in import UnreadableFile
from banksim.state import Store

XML = "application/xml"
MAX_FILE_BYTES = 20 * 1024 * 1024


class IncomingTransfer(BaseModel):
    amount: str
    date: datetime.date | None = None
    debtor_name: str
    debtor_iban: str
    account_iban: str | None = None
    communication: str | None = None  # structured: +++123/4567/89002+++
    remittance: str | None = None


async def _body(request: Request) -> bytes:
    data = await request.body()
    if len(data) > MAX_FILE_BYTES:
        raise HTTPException(413, "file too large")
    return data


def create_app(data_dir: Path) -> FastAPI:
    store = Store(Path(data_dir))
    app = FastAPI(title="banksim", docs_url=None, redoc_url=None)

    @app.post("/files", status_code=202)
    async def post_file(request: Request) -> Response:
        data = await _body(request)
        try:
            receipt, _ = receive_file(store, data)
        except UnreadableFile as exc:
            raise HTTPException(400, str(exc)) from exc
        except DuplicateMessage as exc:
            return JSONResponse(
                {"detail": str(exc), "message_id": exc.message_id, "file_id": exc.file_id}, 409
            )
        body = {"file_id": receipt.file_id, "message_id": receipt.message_id}
        return JSONResponse(body, status_code=200 if receipt.repeated else 202)

    @app.post("/instant")
    async def post_instant(request: Request) -> Response:
        data = await _body(request)
        try:
            _, report = receive_file(store, data, instant=True)
        except (UnreadableFile, Refused) as exc:
            raise HTTPException(400, str(exc)) from exc
        except DuplicateMessage as exc:
            return JSONResponse(
                {"detail": str(exc), "message_id": exc.message_id, "file_id": exc.file_id}, 409
            )
        return Response(report, media_type=XML)

    @app.get("/documents")
    def documents(after: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, object]]:
        with store.reading() as state:
            return [ref.model_dump() for ref in state.documents if ref.seq > after]

    @app.get("/documents/{name}")
    def document(name: str) -> Response:
        data = store.read_document(name)
        if data is None:
            raise HTTPException(404, "no such document")
        media = "text/plain; charset=ascii" if name.endswith(".cod") else XML
        return Response(data, media_type=media)

    @app.post("/control/close-day")
    def post_close_day(
        day: Annotated[date, Query(alias="date")], account: str | None = None
    ) -> dict[str, list[int]]:
        try:
            return {"documents": close_day(store, day, account_iban=account)}
        except Refused as exc:
            raise HTTPException(409, str(exc)) from exc

    @app.put("/control/rules")
    def put_rules(rules: Rules) -> Rules:
        with store.changing() as state:
            state.rules = Rules(
                debit_returns={
                    k.replace(" ", "").upper(): v for k, v in rules.debit_returns.items()
                },
                transfer_returns={
                    k.replace(" ", "").upper(): v for k, v in rules.transfer_returns.items()
                },
                rejects={k.replace(" ", "").upper(): v for k, v in rules.rejects.items()},
            )
            return state.rules

    @app.get("/control/rules")
    def get_rules() -> Rules:
        with store.reading() as state:
            return state.rules

    @app.post("/control/incoming", status_code=201)
    def post_incoming(transfer: IncomingTransfer) -> dict[str, str]:
        try:
            amount = Decimal(transfer.amount)
        except InvalidOperation as exc:
            raise HTTPException(400, "amount: a decimal such as 12.34") from exc
        if amount != amount.quantize(Decimal("0.01")):
            raise HTTPException(400, "amount: two decimals at most")
        try:
            incoming = queue_incoming(
                store,
                amount_cents=int(amount * 100),
                value_date=transfer.date,
                debtor_name=transfer.debtor_name,
                debtor_iban=transfer.debtor_iban,
                account_iban=transfer.account_iban,
                structured_reference=transfer.communication,
                remittance=transfer.remittance,
            )
        except Refused as exc:
            raise HTTPException(400, str(exc)) from exc
        return {"incoming_id": incoming.incoming_id, "value_date": incoming.value_date}

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
