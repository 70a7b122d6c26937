"""The coverage engine, pure: facts in, a decision that cites the terms out.

from cybercare.cover.domain import decide
decision = decide(product, policy, incident, usage)
"""

from cybercare.cover.domain.decision import Check, Consumption, Decision, Outcome, Verdict
from cybercare.cover.domain.engine import CoverageEngine, decide, engine_for
from cybercare.cover.domain.errors import ProductMismatchError
from cybercare.cover.domain.facts import (
    AFFILIATE,
    NOT_FAMILY,
    Circumstances,
    HouseholdMember,
    IncidentFacts,
    PolicyFacts,
    PolicyStatus,
    PotBalance,
    PotUsage,
    StatusPeriod,
)
from cybercare.cover.domain.snapshot import inputs_as_dict, inputs_from_dict

__all__ = [
    "AFFILIATE",
    "NOT_FAMILY",
    "Check",
    "Circumstances",
    "Consumption",
    "CoverageEngine",
    "Decision",
    "HouseholdMember",
    "IncidentFacts",
    "Outcome",
    "PolicyFacts",
    "PolicyStatus",
    "PotBalance",
    "PotUsage",
    "ProductMismatchError",
    "StatusPeriod",
    "Verdict",
    "decide",
    "engine_for",
    "inputs_as_dict",
    "inputs_from_dict",
]
