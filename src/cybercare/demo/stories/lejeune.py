"""Jeanne Lejeune (Liège, French): "I need help now", an urgent call-back waiting in a queue."""

from __future__ import annotations

from cybercare.assistance.callback import CallBackRequest, request_call_back
from cybercare.db.uow import UnitOfWork
from cybercare.demo.world import Demo, Household


def lejeune(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """Twenty minutes ago Jeanne asked to be called back (Art. 8.4): someone posing as her bank
    keeps calling her and asks her to install an app. She did not know which guarantee applies,
    so the call-back waits in the agents' triage queue, its one-hour clock running."""
    request_call_back(
        uow,
        h.login("jeanne"),
        CallBackRequest(
            person_id=h.person("jeanne"),
            phone="0485 12 34 56",
            what_is_happening=(
                "Quelqu'un qui se dit de ma banque m'appelle sans arrêt et veut que j'installe "
                "une application pour « sécuriser » mon compte."
            ),
            urgency_reason="ongoing_fraud",
            guarantee_code=None,
        ),
        demo.catalog,
        demo.moments.minutes_ago(20),
    )
