"""Art. 11.4 and 10.1: every reason the coverage engine can give reads as a sentence in Dutch,
French, German and English, in the decision letter and on the portal; never as a raw code
("Art. 4.5: ecom.seller_not_professional")."""

from __future__ import annotations

import ast
from datetime import date
from functools import cache

import pytest
from jinja2 import Template

from cybercare.claims.letters import LetterView, letter_lines, render_letter
from cybercare.claims.views import ReasonView
from cybercare.documents.reasons import REASONS, UNKNOWN_REASON, reason_text
from cybercare.product.catalog import reference_product
from cybercare.product.model import LANGUAGES
from cybercare.web import portal_texts
from cybercare.web.report_views import REASONS as REPORT_REASONS
from cybercare.web.report_views import reason_text as report_reason_text
from cybercare.web.templating import make_environment
from tests.documents.builders import drawn_text
from tests.documents.reason_codes import (
    UnreadableCode,
    codes_in,
    engine_reason_codes,
    every_reason_code,
)

CODES = sorted(every_reason_code())
ARTICLE = "Art. 4.5"


def _letter(language: str, codes: list[str]) -> LetterView:
    return LetterView(
        claim_id="clm_7H3K9Q",
        language=language,
        decided_on=date(2026, 11, 27),
        product=reference_product(),
        guarantee="ECOM",
        outcome="declined",
        claimed_cents=120_000,
        payable_cents=0,
        reasons=tuple(ReasonView(code, ARTICLE, {}) for code in codes),
        pot_left_cents=None,
        cases_left=None,
        iban=None,
    )


@cache
def _reasons_macro(language: str) -> Template:
    return make_environment(language).from_string(
        '{% import "portal/_macros.html" as m with context %}{{ m.reasons(items) }}'
    )


def _portal_reasons(language: str, codes: list[str]) -> str:
    """The portal's `reasons` macro, as the case page renders a decision's reasons."""
    items = [ReasonView(code, ARTICLE, {}) for code in codes]
    return _reasons_macro(language).render(texts=portal_texts, items=items)


def test_the_engine_s_codes_are_read_from_its_source() -> None:
    codes = engine_reason_codes()
    assert len(codes) > 60
    # a decline, a partial settlement, a review, an incomplete file, a pass, a notice, and the
    # codes chosen from a table (`_NOT_IN_FORCE`) or by a condition (`... if reported else ...`)
    assert {
        "ecom.seller_not_professional",
        "pot.partial_settlement",
        "obligation.breached",
        "evidence.missing",
        "pot.within_limit",
        "complaints.path",
        "insured.legal_representative",
        "cover.suspended",
        "cover.withdrawn",
        "settlement.service_cases_reported",
        "settlement.service_unlimited",
    } <= codes


def test_a_code_the_reader_cannot_work_out_stops_the_tests() -> None:
    engine = ast.parse("def check(out, art):\n    out.decline('rule', next_code(), art, {})\n")
    with pytest.raises(UnreadableCode, match="next_code"):
        codes_in(engine, "new_rule.py")


def test_every_reason_code_of_the_engine_has_a_sentence() -> None:
    """A new code in the engine fails here until it has a sentence (and the catalogue check,
    tests/web/test_i18n.py, until the sentence is translated)."""
    assert [code for code in CODES if code not in REASONS] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_reads_as_a_translated_sentence(language: str) -> None:
    for code in CODES:
        sentence = reason_text(code, language)
        assert sentence != code
        assert sentence != reason_text("an.unknown_code", language)  # not the fallback
        if language != "en":
            assert sentence != REASONS[code], f"{code} is not translated into {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decision_letter_gives_every_reason_in_words(language: str) -> None:
    lines = letter_lines(_letter(language, CODES))
    for code in CODES:
        assert f"{ARTICLE}: {reason_text(code, language)}" in lines
    raw = [code for code in CODES if any(code in line for line in lines)]
    assert raw == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_letter_pdf_draws_no_raw_code(language: str) -> None:
    drawn = " ".join(drawn_text(render_letter(_letter(language, CODES))))
    assert [code for code in CODES if code in drawn] == []
    assert reason_text("ecom.seller_not_professional", language).split()[0] in drawn


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portal_shows_every_reason_in_words(language: str) -> None:
    html = _portal_reasons(language, CODES)
    for code in CODES:
        assert reason_text(code, language) in html, code
    assert html.count("<li>") == len(CODES)
    assert reason_text("an.unknown_code", language) not in html
    assert [code for code in CODES if code in html] == []


def test_a_code_unknown_to_this_version_still_reads_as_a_sentence() -> None:
    """A decision stored by another engine version: the neutral sentence, never the code."""
    lines = letter_lines(_letter("fr", ["engine.rule_of_tomorrow"]))
    assert f"{ARTICLE}: {reason_text('engine.rule_of_tomorrow', 'fr')}" in lines
    assert reason_text("engine.rule_of_tomorrow", "en") == UNKNOWN_REASON
    assert not any("engine.rule_of_tomorrow" in line for line in lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_s_result_page_gives_every_reason_in_words(language: str) -> None:
    """The page that follows a report words the reasons it has figures for itself; every other
    reason reads as the sentence of the letter and the portal, never as a code."""
    product = reference_product()
    worded_here = [code for code in CODES if code in REPORT_REASONS]  # with their figures
    assert worded_here
    for code in (c for c in CODES if c not in REPORT_REASONS):
        shown = report_reason_text(ReasonView(code, ARTICLE, {}), product, language)
        assert shown == reason_text(code, language), code
        assert code not in shown, code
